import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_BACKENDS, HOSTILE, type TestArchive, buildArchive } from './archive.js';
import { launchChromium } from '../../bench/page/chromium.js';
import { type RunningServer, startServe } from '../../bench/page/serve-process.js';

/**
 * The web page of `recordings serve` in real headless Chromium, against the real server over a
 * real archive synced from the simulator (docs/cli.md, "`recordings serve`"), once on a SQLite file
 * and once on PostgreSQL. One browser serves both.
 */

const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'America/Los_Angeles' };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'en-US',
  timezoneId: 'America/Los_Angeles',
};

/** `npm run screenshot` sets this: the README's screenshots are written into the repository. */
const SCREENSHOT_FOLDER = process.env.RECORDINGS_SCREENSHOTS
  ? fileURLToPath(new URL('../../docs/images/', import.meta.url))
  : null;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const TOKEN = 'd35kd35kd35kd35kd35kd35kd35kd35k';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe.each(BROWSER_BACKENDS)('on $name', ({ backend }) => {
  let archive: TestArchive;
  let server: RunningServer;

  beforeAll(async () => {
    archive = await buildArchive(backend);
    server = await startServe(archive.env);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await archive?.close();
  });

  interface Session {
    context: BrowserContext;
    page: Page;
    /** Every URL the page requested. */
    requests: string[];
    /** Uncaught errors, console errors and dialogs (alert() from stored markup would land here). */
    problems: string[];
  }

  async function open(options: BrowserContextOptions = LAPTOP): Promise<Session> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const session: Session = { context, page, requests: [], problems: [] };
    page.on('request', (request) => session.requests.push(request.url()));
    page.on('pageerror', (error) => session.problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      session.problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      // The stream of the recording with markup has no audio anywhere: that one failure is expected.
      if (message.type() === 'error' && !message.text().includes('status of 404') && !message.text().includes('status of 503')) {
        session.problems.push(`console: ${message.text()}`);
      }
    });
    return session;
  }

  /** Nothing but the server itself: no CDN, fonts or scripts from elsewhere (the page works offline). */
  function expectOnlyOwnRequests(session: Session, base = server.url): void {
    const origin = new URL(base).origin;
    expect(session.requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
  }

  /** axe-core in the page: no serious or critical violations. */
  async function expectAccessible(page: Page, label: string): Promise<void> {
    // evaluate() runs outside the page's Content-Security-Policy, which rightly refuses any inline script.
    await page.evaluate(AXE_SOURCE);
    const violations = (await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations;
    })) as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  }

  /** The page's stylesheet applied (src/serve/assets/page.css): the message card has its border, the skip link is out of sight. */
  async function expectStyled(page: Page): Promise<void> {
    const style = await page.evaluate(() => {
      const card = document.querySelector('.card');
      const skip = document.querySelector('.skip-link');
      return {
        sheets: document.styleSheets.length,
        cardRadius: card ? getComputedStyle(card).borderTopLeftRadius : null,
        skipTop: skip ? skip.getBoundingClientRect().bottom : null,
      };
    });
    expect(style.sheets).toBe(1);
    expect(style.cardRadius).not.toBe('0px');
    expect(style.skipTop).toBeLessThanOrEqual(0);
  }

  async function noHorizontalScroll(page: Page): Promise<void> {
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  }

  /** The README's screenshots are of the SQLite run (the pages are the same on both). */
  async function screenshot(page: Page, name: string): Promise<void> {
    if (!SCREENSHOT_FOLDER || backend !== 'sqlite') return;
    mkdirSync(SCREENSHOT_FOLDER, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_FOLDER, name) });
  }

  async function playerState(page: Page): Promise<{ time: number; paused: boolean; current: string | null }> {
    return page.evaluate(() => {
      const audio = document.querySelector('audio[data-player]') as HTMLAudioElement;
      return { time: audio.currentTime, paused: audio.paused, current: document.querySelector('.segment[aria-current="true"]')?.id ?? null };
    });
  }

  describe('the search page', () => {
    it('searches, shows the total and highlighted snippets, keeps the search in the URL and offers it as CSV', async () => {
      const session = await open();
      const { page } = session;
      await page.goto(server.url);
      await expect(page.title()).resolves.toContain('Search');

      await page.getByRole('searchbox', { name: /words in transcripts/i }).fill('reservation');
      await page.keyboard.press('Enter');
      await page.waitForURL(/search_text=reservation/);
      // Empty fields stay out of the URL: the link is the search and nothing else.
      expect(new URL(page.url()).search).toBe('?search_text=reservation');

      const heading = await page.locator('#results-heading').innerText();
      const total = Number(/^([\d,]+) recordings?/.exec(heading)?.[1]?.replace(/,/g, ''));
      expect(total).toBeGreaterThan(5);
      const hits = page.locator('ol.hits > li');
      expect(await hits.count()).toBe(Math.min(total, 50));
      expect(await page.locator('ol.hits mark').first().innerText()).toMatch(/reserv/i);
      // Who called whom, when and how long, for every hit.
      const first = hits.first();
      await expect(first.locator('.hit-link').innerText()).resolves.toContain('→');
      await expect(first.locator('time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
      await expect(first.locator('.duration').innerText()).resolves.toMatch(/\d+:\d\d/);

      // The same URL in a fresh browser reproduces the search.
      const again = await open();
      await again.page.goto(page.url());
      await expect(again.page.locator('#results-heading').innerText()).resolves.toBe(heading);
      await again.context.close();

      const csvHref = await page.getByRole('link', { name: /download csv/i }).getAttribute('href');
      expect(csvHref).toBe('/api/v1/export?format=csv&search_text=reservation');
      const csv = await page.request.get(new URL(csvHref ?? '', server.url).toString());
      expect(csv.status()).toBe(200);
      const rows = (await csv.text()).trimEnd().split('\r\n');
      expect(rows[0]).toMatch(/^id,call_id,start_time,/);
      expect(rows.length - 1).toBe(total);

      await page.setViewportSize({ width: 1280, height: 960 });
      await screenshot(page, 'search.png');
      expectOnlyOwnRequests(session);
      expect(session.problems).toEqual([]);
      await session.context.close();
    });

    it('filters and pages, and says what is wrong with a bad filter', async () => {
      const session = await open();
      const { page } = session;
      await page.goto(server.url);
      await page.getByLabel('Direction').selectOption('outbound');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/direction=outbound/);
      expect(await page.locator('.badge-direction', { hasText: 'Inbound' }).count()).toBe(0);
      expect(await page.locator('.badge-direction', { hasText: 'Outbound' }).count()).toBeGreaterThan(0);

      await page.goto(server.url);
      const next = page.getByRole('link', { name: /next/i });
      await next.click();
      await page.waitForURL(/offset=50/);
      await expect(page.locator('ol.hits').getAttribute('start')).resolves.toBe('51');

      const response = await page.goto(`${server.url}?phone_number=12`);
      expect(response?.status()).toBe(400);
      await expect(page.getByRole('alert').innerText()).resolves.toMatch(/phone/i);
      await expect(page.getByLabel('Phone number').inputValue()).resolves.toBe('12');
      expect(session.problems.filter((p) => !p.includes('400'))).toEqual([]);
      await session.context.close();
    });
  });

  describe('a recording', () => {
    it('plays; a click on a line plays from there, and the highlight follows the audio', async () => {
      const session = await open();
      const { page } = session;
      await page.goto(`${server.url}?search_text=reservation`);
      await page.locator('ol.hits .hit-link').first().click();
      await page.waitForURL(/\/recordings\/[^/?]+\?q=reservation$/);

      await expect(page.locator('.segment').count()).resolves.toBeGreaterThan(3);
      expect(await page.locator('.segment mark').count()).toBeGreaterThan(0);
      await expect(page.getByRole('heading', { name: 'Insights' }).isVisible()).resolves.toBe(true);

      // A line some way in: playback jumps to its start and it is marked as the current line.
      const lines = page.locator('.segment[data-start]');
      const target = lines.nth(2);
      const start = Number(await target.getAttribute('data-start'));
      const nextStart = Number(await lines.nth(3).getAttribute('data-start'));
      await target.locator('.seg-text').click();
      await page.waitForFunction(() => {
        const audio = document.querySelector('audio[data-player]') as HTMLAudioElement;
        return !audio.paused && audio.currentTime > 0;
      });
      let state = await playerState(page);
      expect(state.time).toBeGreaterThanOrEqual(start - 0.05);
      expect(state.time).toBeLessThan(nextStart);
      expect(state.current).toBe(await target.getAttribute('id'));

      // It plays on, and the highlight moves to the next line when the audio gets there.
      const nextId = await lines.nth(3).getAttribute('id');
      await page.waitForFunction((id) => document.querySelector('.segment[aria-current="true"]')?.id === id, nextId, { timeout: 15_000 });
      state = await playerState(page);
      expect(state.time).toBeGreaterThanOrEqual(nextStart - 0.05);
      expect(await page.locator('.segment.is-current').count()).toBe(1);
      await page.mouse.move(1270, 790);
      await screenshot(page, 'recording.png');

      // The line being spoken is kept in view: a line far down the transcript scrolls into sight.
      const last = lines.last();
      const lastStart = Number(await last.getAttribute('data-start'));
      await page.evaluate((t) => {
        (document.querySelector('audio[data-player]') as HTMLAudioElement).currentTime = t;
      }, lastStart);
      await page.waitForFunction(() => {
        const current = document.querySelector('.segment[aria-current="true"]');
        const lines = document.querySelectorAll('.segment[data-start]');
        return current !== null && current === lines[lines.length - 1];
      });
      await page.waitForTimeout(800);
      const box = await last.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.y ?? -1) >= 0 && (box?.y ?? 0) + (box?.height ?? 0) <= 800).toBe(true);

      expectOnlyOwnRequests(session);
      expect(session.problems).toEqual([]);
      await session.context.close();
    });

    it('works by keyboard: skip link, "/" to search, Tab to a line and Enter to play from it', async () => {
      const session = await open();
      const { page } = session;
      await page.goto(server.url);
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
      await page.keyboard.press('Enter');
      await page.keyboard.press('/');
      await expect(page.evaluate(() => (document.activeElement as HTMLInputElement).name)).resolves.toBe('search_text');
      await page.keyboard.type('reservation');
      await page.keyboard.press('Enter');
      await page.waitForURL(/search_text=reservation/);

      // Tab from the results heading reaches the first hit's link; Enter opens it.
      await page.locator('.hit-link').first().focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/recordings\//);
      const link = page.locator('.segment[data-start] a.seg-time').nth(1);
      await link.focus();
      const start = Number(await page.locator('.segment[data-start]').nth(1).getAttribute('data-start'));
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => !(document.querySelector('audio[data-player]') as HTMLAudioElement).paused);
      const state = await playerState(page);
      expect(state.time).toBeGreaterThanOrEqual(start - 0.05);
      expect(new URL(page.url()).hash).toBe('');
      expect(session.problems).toEqual([]);
      await session.context.close();
    });

    it('shows markup in a caller name and a transcript as text and runs none of it', async () => {
      const session = await open();
      const { page } = session;
      await page.goto(`${server.url}?search_text=${HOSTILE.word}`);
      const link = page.locator('.hit-link').first();
      await expect(link.innerText()).resolves.toContain('<script>');
      await link.click();
      await page.waitForURL(new RegExp(`/recordings/${archive.hostileId}`));
      await expect(page.locator('h1').innerText()).resolves.toContain(HOSTILE.name);
      const texts = await page.locator('.seg-text').allInnerTexts();
      expect(texts[0]).toContain(`<img src=x onerror="window.__pwned = 'transcript'; alert('img')">`);
      expect(texts[1]).toContain(`<script>window.__pwned = 'segment'</script>`);
      expect(texts[2]).toContain('&amp; &lt;b&gt;');
      await expect(page.locator('.summary').innerText()).resolves.toContain('<b onmouseover=');
      // Nothing ran, and nothing of it became an element.
      await page.locator('.summary').hover();
      await expect(page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned ?? null)).resolves.toBeNull();
      expect(await page.locator('main img, main script, main b, main i').count()).toBe(0);
      expect(session.problems).toEqual([]);
      await session.context.close();
    });
  });

  describe('stats', () => {
    it('draws calls per day, sentiment, topics and transcript status, with a range and the last sync', async () => {
      const session = await open();
      const { page } = session;
      await page.goto(server.url);
      await page.getByRole('link', { name: 'Stats' }).click();
      await page.waitForURL(/\/stats$/);
      expect(await page.locator('svg.columns rect.bar').count()).toBeGreaterThan(2);
      expect(await page.locator('svg.split-bar rect').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('#topics-heading ~ ul.bars li').count()).toBeGreaterThan(2);
      expect(await page.locator('#status-heading ~ ul.bars li').count()).toBeGreaterThan(1);
      await expect(page.locator('#sync-heading ~ p.sync').innerText()).resolves.toMatch(/OK/);
      const all = Number((await page.locator('.kpi-value').first().innerText()).replace(/,/g, ''));

      await page.getByLabel('From', { exact: true }).fill('2026-11-19');
      await page.getByLabel('To', { exact: true }).fill('2026-11-19');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL(/\/stats\?from=2026-11-19&to=2026-11-19$/);
      const oneDay = Number((await page.locator('.kpi-value').first().innerText()).replace(/,/g, ''));
      expect(oneDay).toBeGreaterThan(0);
      expect(oneDay).toBeLessThan(all);
      expect(await page.locator('svg.columns rect.bar').count()).toBe(1);

      await page.getByRole('link', { name: 'All time' }).click();
      await page.waitForURL(/\/stats$/);
      expectOnlyOwnRequests(session);
      expect(session.problems).toEqual([]);
      await session.context.close();
    });
  });

  describe('on a phone', () => {
    it('fits the screen: search, a recording and stats without sideways scrolling', async () => {
      const session = await open(PHONE);
      const { page } = session;
      await page.goto(`${server.url}?search_text=reservation`);
      await noHorizontalScroll(page);
      await screenshot(page, 'phone.png');
      // The filters fold away on a small screen, and open with a tap.
      await expect(page.locator('details.filters').getAttribute('open')).resolves.toBeNull();
      await page.locator('details.filters summary').tap();
      await expect(page.getByLabel('Phone number').isVisible()).resolves.toBe(true);
      await noHorizontalScroll(page);

      await page.locator('.hit-link').first().tap();
      await page.waitForURL(/\/recordings\//);
      await noHorizontalScroll(page);
      const player = await page.locator('audio[data-player]').boundingBox();
      expect(player?.width).toBeGreaterThan(300);

      await page.goto(`${server.url}stats`);
      await noHorizontalScroll(page);
      expect(session.problems).toEqual([]);
      await session.context.close();
    });
  });

  describe('accessibility', () => {
    it('has no serious or critical axe-core violations on any page, on a laptop or a phone', async () => {
      for (const [label, options] of [
        ['laptop', LAPTOP],
        ['phone', PHONE],
      ] as const) {
        const session = await open(options);
        const { page } = session;
        await page.goto(`${server.url}?search_text=reservation`);
        await expectAccessible(page, `${label} search`);
        await page.goto(`${server.url}?search_text=nothing-matches-this-xyzzy`);
        await expectAccessible(page, `${label} no results`);
        const href = await page.goto(`${server.url}?search_text=reservation`).then(() => page.locator('.hit-link').first().getAttribute('href'));
        await page.goto(new URL(href ?? '/', server.url).toString());
        await expectAccessible(page, `${label} recording`);
        await page.goto(`${server.url}stats`);
        await expectAccessible(page, `${label} stats`);
        const missing = await page.goto(`${server.url}no/such/page`);
        expect(missing?.status()).toBe(404);
        await expectStyled(page);
        await expectAccessible(page, `${label} not found`);
        await session.context.close();
      }
    });
  });

  describe('before the first sync', () => {
    it('starts anyway, and the page says there is no archive yet', async () => {
      const empty = await startServe({ ...archive.env, RECORDINGS_DB: await archive.missing() });
      try {
        const session = await open();
        for (const path of ['', 'stats', 'recordings/123']) {
          const response = await session.page.goto(`${empty.url}${path}`);
          expect(response?.status()).toBe(503);
          await expect(session.page.locator('h1').innerText()).resolves.toBe('No archive yet');
          await expect(session.page.locator('main').innerText()).resolves.toContain('recordings sync');
        }
        await expectAccessible(session.page, 'no archive');
        await session.context.close();
      } finally {
        await empty.stop();
      }
    });
  });

  describe('signing in', () => {
    it('asks for a token with a form in the page’s layout, says when it is wrong, and goes on to the page asked for', async () => {
      const tokenFile = join(archive.dir, 'tokens');
      writeFileSync(tokenFile, `desk:${TOKEN}\n`, { mode: 0o600 });
      const guarded = await startServe(archive.env, ['--token-file', tokenFile]);
      try {
        const session = await open();
        const { page } = session;
        const response = await page.goto(`${guarded.url}?search_text=reservation`);
        expect(response?.status()).toBe(401);
        await expect(page.locator('h1').innerText()).resolves.toBe('Sign in');
        await expectStyled(page);
        await expectAccessible(page, 'sign-in');

        await page.getByLabel('Token').fill('not-the-token-0000000000');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await expect(page.getByRole('alert').innerText()).resolves.toBe('That token is not valid.');
        await expectAccessible(page, 'sign-in refused');

        await page.getByLabel('Token').fill(TOKEN);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL(/\/\?search_text=reservation$/);
        await expect(page.locator('#results-heading').innerText()).resolves.toMatch(/^[\d,]+ recordings/);
        expectOnlyOwnRequests(session, guarded.url);
        // The browser reports the two 401 answers (the form, the wrong token) as failed loads: nothing else.
        expect(session.problems.filter((p) => !p.includes('status of 401'))).toEqual([]);
        await session.context.close();
      } finally {
        await guarded.stop();
      }
    });
  });
});
