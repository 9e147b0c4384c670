import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * The browser of the page benchmark and the browser tests: Debian's `chromium` package, driven by
 * playwright-core (playwright's own browser download cannot work on a machine without access to
 * its CDN). `CHROMIUM_PATH` points elsewhere when Chromium lives elsewhere.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const INSTALL_HINT = `Chromium not found at ${CHROMIUM_PATH}: install it with 'apt-get update && apt-get install -y chromium' (or set CHROMIUM_PATH)`;

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Headless Chromium as these tests need it: no sandbox (CI runs as root), nothing fetched from the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Playback starts from a click in the tests; this only spares a flaky gesture check in headless mode.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}
