import type { Browser, Page } from 'playwright-core';
import { type Timing, summarise } from '../timing.js';

/**
 * From submitting a search in the page to its first result drawn, in Chromium. The page's first
 * hit carries `elementtiming`, so the browser itself reports when it painted it, measured from the
 * start of the navigation the form's submission began (the new page's time origin): the request,
 * the server's search, the HTML, the (cached) stylesheet and the paint. Measured from outside too
 * (Node's clock around the key press and the wait), which adds the driver's round trips.
 */
export interface SearchToResult {
  term: string;
  /** In the browser: navigation start to the first hit painted. */
  drawn: Timing;
  /** In the browser: navigation start to the page's HTML fully received (the rest is the browser's). */
  received: Timing;
  /** The same from outside, driver round trips included. */
  outside: Timing;
  /** The server's part: the search page's HTML fetched by Node (request to last byte). */
  server: Timing;
}

export async function searchToResult(browser: Browser, base: string, term: string, runs: number): Promise<SearchToResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const drawn: number[] = [];
  const received: number[] = [];
  const outside: number[] = [];
  const server: number[] = [];
  try {
    await page.goto(base);
    // One search first: the stylesheet and script are then in the cache, as for anyone past their first page.
    await submit(page, term);
    for (let run = 0; run < runs; run++) {
      await page.goto(base);
      const started = performance.now();
      const painted = await submit(page, term);
      outside.push(performance.now() - started);
      drawn.push(painted.drawn);
      received.push(painted.received);

      const fetchStarted = performance.now();
      const response = await fetch(new URL(`/?${new URLSearchParams({ search_text: term })}`, base));
      await response.arrayBuffer();
      server.push(performance.now() - fetchStarted);
    }
  } finally {
    await context.close();
  }
  return { term, drawn: summarise(drawn), received: summarise(received), outside: summarise(outside), server: summarise(server) };
}

/** Types the search, presses Enter, and returns when the browser had the HTML and painted the first hit (ms after navigation start). */
async function submit(page: Page, term: string): Promise<{ drawn: number; received: number }> {
  const box = page.locator('input[name="search_text"]');
  await box.fill(term);
  await Promise.all([page.waitForURL((url) => url.searchParams.get('search_text') === term), box.press('Enter')]);
  const drawn = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no result was drawn within 10 s')), 10_000);
        new PerformanceObserver((list) => {
          const entry = list.getEntries().find((e) => (e as PerformanceEntry & { identifier?: string }).identifier === 'first-result') as
            | (PerformanceEntry & { renderTime: number; loadTime: number })
            | undefined;
          if (!entry) return;
          clearTimeout(timer);
          resolve(entry.renderTime || entry.startTime);
        }).observe({ type: 'element', buffered: true });
      }),
  );
  const received = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd);
  return { drawn, received };
}
