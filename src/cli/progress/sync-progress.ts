import type { SyncEvent } from '../../sync/events.js';
import type { TextSink, Verbosity } from '../context.js';

/** A wait the rate-limit governor announces (429 penalty, pacing, backoff after an error). */
export interface WaitNotice {
  group: string;
  ms: number;
  reason: 'pacing' | 'rate-limited' | 'backoff';
  /** Secret-free, e.g. `45 requests per 60 s`, `HTTP 429, Retry-After 60 s`, `HTTP 503`. */
  detail: string;
}

export interface SyncProgress {
  onEvent(event: SyncEvent): void;
  onWait(wait: WaitNotice): void;
  /** Clears the spinner (if any) before the summary is printed. */
  stop(): void;
}

/**
 * Renders sync progress on stderr: a spinner with live counts on a terminal, otherwise one
 * timestamped line per step, which reads well in a cron or journald log. `-q` shows nothing.
 */
export async function createSyncProgress(stderr: TextSink, verbosity: Verbosity, now: () => Date): Promise<SyncProgress> {
  if (verbosity === 'quiet') return { onEvent: () => {}, onWait: () => {}, stop: () => {} };
  // A terminal that reports no width (a pseudo-terminal nobody sized) cannot hold a spinner line.
  if (stderr.isTTY && (stderr.columns ?? 80) > 0) return createSpinnerProgress(stderr, verbosity, now);
  return createLineProgress(stderr, verbosity, now);
}

function describe(event: SyncEvent): string | null {
  switch (event.type) {
    case 'lock-taken-over':
      return `took over the lock of a sync that died (pid ${event.pid} on ${event.host})`;
    case 'window':
      return `reading the call log from ${event.from} to ${event.to}${event.longCallReread ? ' (the daily wider re-read that catches long calls)' : ''}`;
    case 'page':
      return `call log page ${event.page}: ${event.records} records; recordings seen ${event.seen}, new ${event.new}, updated ${event.updated}`;
    case 'invalid-record':
      return `skipped an invalid call-log record${event.id ? ` ${event.id}` : ''}: ${event.error}`;
    case 'transcripts-start':
      return `fetching ${event.due} due transcripts`;
    case 'transcript':
      return null;
    case 'transcripts-not-licensed':
      return `RingSense refused (403): ${event.problem}; transcripts marked not_licensed until 'sync --retry' (fix: ${event.fix})`;
    case 'ringsense-route-missing':
      return `stopped asking RingSense: ${event.problem}; transcripts left as they were`;
    case 'owner-without-insights':
      return `${event.problem} (fix: ${event.fix})`;
    case 'owner-insights-restored':
      return `RingSense has insights for ${event.owner} again: its recordings get the normal retries`;
    case 'audio-start':
      return `downloading audio of ${event.due} recordings`;
    case 'audio':
      return null;
    case 'audio-missing':
      return `RingCentral no longer has the audio of recording ${event.id}${event.notFoundSince ? ` (404 since ${event.notFoundSince})` : ''}`;
    case 'audio-not-yet-available':
      return `the audio of recording ${event.id} is not available at RingCentral yet (404); trying again after ${event.nextAttemptAt}`;
    case 'audio-refused':
      return `RingCentral refused the audio of recording ${event.id} (${event.reason}); archiving the others, trying it again after ${event.nextAttemptAt}`;
    case 'audio-failed':
      return `could not download the audio of recording ${event.id} (${event.error}); a later sync resumes it${event.nextAttemptAt ? ` after ${event.nextAttemptAt}` : ''}`;
    case 'retention':
      return `retention: deleted ${event.deleted} recordings past the configured age`;
  }
}

/** Why the wait, in words: `rate-limited (HTTP 429, Retry-After 60 s)`, `pacing (45 requests per 60 s)`. */
function waitCause(wait: WaitNotice): string {
  return wait.reason === 'backoff' ? `retrying after ${wait.detail}` : `${wait.reason} (${wait.detail})`;
}

function describeWait(wait: WaitNotice, ms = wait.ms): string {
  return `waiting ${Math.ceil(ms / 1000)} s (${wait.group}): ${waitCause(wait)}`;
}

/**
 * Requests in flight together run into the same wait together: the first announcement of a group
 * stands for every wait of that group that ends within a second of it.
 */
function createWaitDeduplicator(now: () => Date): (wait: WaitNotice) => boolean {
  const announcedUntil = new Map<string, number>();
  return (wait) => {
    const key = `${wait.group}\u0000${wait.reason}`;
    const until = now().getTime() + wait.ms;
    const previous = announcedUntil.get(key);
    if (previous !== undefined && until <= previous + 1000) return false;
    announcedUntil.set(key, until);
    return true;
  };
}

function createLineProgress(stderr: TextSink, verbosity: Verbosity, now: () => Date): SyncProgress {
  const line = (text: string) => stderr.write(`${now().toISOString()} sync: ${text}\n`);
  const isNewWait = createWaitDeduplicator(now);
  let lastTranscriptLine = 0;
  return {
    onEvent: (event) => {
      const text = describe(event);
      if (text) return void line(text);
      // Transcripts and downloads can be hundreds: a line every 100, and the last one.
      if (event.type === 'transcript' && (event.done - lastTranscriptLine >= 100 || event.done === event.due)) {
        lastTranscriptLine = event.done;
        line(`transcripts ${event.done}/${event.due}, ${event.counts.fetched} fetched`);
      }
      if (event.type === 'audio' && verbosity === 'verbose') line(`audio ${event.done}/${event.due}`);
    },
    onWait: (wait) => {
      if ((wait.ms >= 2000 || verbosity === 'verbose') && isNewWait(wait)) line(describeWait(wait));
    },
    stop: () => {},
  };
}

async function createSpinnerProgress(stderr: TextSink, verbosity: Verbosity, now: () => Date): Promise<SyncProgress> {
  // ora costs ~150 ms to load: only a sync on a terminal pays for it.
  const { default: ora } = await import('ora');
  // discardStdin would put the terminal in raw mode, where Ctrl-C is a byte instead of SIGINT (and
  // ora's stand-in for it never sees that byte): the sync could not be interrupted as
  // (docs/cli.md, "Output and exit codes") requires. The terminal stays as it is.
  const spinner = ora({ stream: stderr as NodeJS.WritableStream, text: 'starting sync', discardStdin: false }).start();
  let phase = 'starting sync';
  let counts = '';
  let wait: { notice: WaitNotice; until: number } | null = null;
  const render = () => {
    const left = wait ? wait.until - now().getTime() : 0;
    const suffix = wait && left >= 1000 ? ` — ${describeWait(wait.notice, left)}` : '';
    spinner.text = `${phase}${counts ? ` — ${counts}` : ''}${suffix}`;
  };
  // A long wait counts down, so a minute of pacing does not look like a hang.
  const ticker = setInterval(() => {
    if (wait) render();
  }, 1000);
  ticker.unref();
  return {
    onEvent: (event) => {
      switch (event.type) {
        case 'window':
          phase = event.longCallReread ? 'reading the call log (daily re-read for long calls)' : 'reading the call log';
          break;
        case 'page':
          counts = `page ${event.page}, ${event.seen} recordings (${event.new} new, ${event.updated} updated)`;
          break;
        case 'transcripts-start':
          phase = 'fetching transcripts';
          counts = `0/${event.due}`;
          break;
        case 'transcript':
          counts = `${event.done}/${event.due}, ${event.counts.fetched} fetched`;
          break;
        case 'audio-start':
          phase = 'downloading audio';
          counts = `0/${event.due}`;
          break;
        case 'audio':
          counts = `${event.done}/${event.due}`;
          break;
        default: {
          const text = describe(event);
          if (text && (event.type !== 'invalid-record' || verbosity === 'verbose')) spinner.info(text).start();
        }
      }
      render();
    },
    onWait: (notice) => {
      const until = now().getTime() + notice.ms;
      if (notice.ms >= 1000 && (!wait || until > wait.until)) {
        wait = { notice, until };
        render();
      }
    },
    stop: () => {
      clearInterval(ticker);
      spinner.stop();
    },
  };
}
