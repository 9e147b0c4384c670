// The page's only script. The pages are complete without it (server-rendered, links and forms);
// it adds local times, the player that follows the transcript, and a few conveniences. It is
// served from /assets/ like the stylesheet: the Content-Security-Policy allows no inline script.
'use strict';

(() => {
  document.documentElement.classList.add('js');
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  // Times: the server writes UTC, not knowing the reader's zone; show them in the browser's own.
  const thisYear = new Date().getFullYear();
  const clock = { hour: '2-digit', minute: '2-digit' };
  const long = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', ...clock });
  const shortThisYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', ...clock });
  const shortOtherYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', ...clock });
  for (const time of document.querySelectorAll('time[data-local]')) {
    const when = new Date(time.getAttribute('datetime') || '');
    if (Number.isNaN(when.getTime())) continue;
    const format = time.dataset.local === 'short' ? (when.getFullYear() === thisYear ? shortThisYear : shortOtherYear) : long;
    time.title = when.toISOString().replace('.000Z', 'Z');
    time.textContent = format.format(when);
  }

  // Filters: open on a wide screen, where they fit beside the results; folded on a phone.
  if (window.matchMedia('(min-width: 48rem)').matches) {
    for (const details of document.querySelectorAll('details[data-open-wide]')) details.open = true;
  }

  // Forms leave out the fields left empty, so the URL (which a link reproduces) holds only the search.
  for (const form of document.querySelectorAll('form.search, form.range-form')) {
    form.addEventListener('submit', () => {
      for (const field of form.querySelectorAll('input[name], select[name]')) {
        if (field.value.trim() === '') field.disabled = true;
      }
    });
  }
  // Back to a page kept in the browser's cache: its fields must be usable again.
  window.addEventListener('pageshow', () => {
    for (const field of document.querySelectorAll('form [name]:disabled')) field.disabled = false;
  });

  // "/" jumps to the search box, as on most sites with one.
  const searchBox = document.querySelector('input[name="search_text"]');
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || !searchBox) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) return;
    event.preventDefault();
    searchBox.focus();
    searchBox.select();
  });

  setUpPlayer();

  /**
   * The recording's player and its transcript: selecting a line plays from its start; while the
   * audio plays, the line being spoken is marked (aria-current) and kept in view, unless the reader
   * has just scrolled away to read elsewhere.
   */
  function setUpPlayer() {
    const audio = document.querySelector('audio[data-player]');
    const list = document.querySelector('[data-transcript]');
    if (!(audio instanceof HTMLAudioElement)) return;

    const failure = document.querySelector('[data-player-error]');
    audio.addEventListener('error', () => {
      if (failure) failure.hidden = false;
    });
    if (!list) return;

    const lines = Array.from(list.querySelectorAll('li[data-start]'));
    const starts = lines.map((line) => Number(line.dataset.start));
    let current = -1;
    let readerScrolledAt = 0;
    const noteReaderScroll = () => {
      readerScrolledAt = Date.now();
    };
    window.addEventListener('wheel', noteReaderScroll, { passive: true });
    window.addEventListener('touchmove', noteReaderScroll, { passive: true });

    /** The last line that starts at or before `seconds` (-1: before the first). */
    const lineAt = (seconds) => {
      let low = 0;
      let high = starts.length - 1;
      let found = -1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        if (starts[middle] <= seconds + 0.05) {
          found = middle;
          low = middle + 1;
        } else {
          high = middle - 1;
        }
      }
      return found;
    };

    const follow = (index, force) => {
      if (index === current) return;
      const previous = lines[current];
      if (previous) {
        previous.classList.remove('is-current');
        previous.removeAttribute('aria-current');
      }
      current = index;
      const line = lines[index];
      if (!line) return;
      line.classList.add('is-current');
      line.setAttribute('aria-current', 'true');
      if (force || Date.now() - readerScrolledAt > 4000) {
        line.scrollIntoView({ block: 'nearest', behavior: reducedMotion ? 'auto' : 'smooth' });
      }
    };

    const sync = () => follow(lineAt(audio.currentTime), false);
    audio.addEventListener('timeupdate', sync);
    audio.addEventListener('seeked', sync);

    const playFrom = (line) => {
      const index = lines.indexOf(line);
      audio.currentTime = starts[index];
      follow(index, true);
      audio.play().catch(() => {
        // Playback refused (no audio yet, or the browser's autoplay rules): the error handler says why.
      });
    };

    list.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target : null;
      const line = target?.closest('li[data-start]');
      if (!line) return;
      const onTime = target.closest('a.seg-time');
      if (!onTime) {
        // Selecting words to copy them, or following another link, is not a request to play.
        const selection = window.getSelection();
        if ((selection && !selection.isCollapsed) || target.closest('a')) return;
      }
      event.preventDefault();
      playFrom(line);
    });
  }
})();
