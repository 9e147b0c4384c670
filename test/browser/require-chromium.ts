/**
 * `npm run test:browser` runs this first: without Chromium the browser tests cannot run, and one
 * line saying how to install it beats a page of launch errors.
 */
import { INSTALL_HINT, chromiumInstalled } from '../../bench/page/chromium.js';

if (!chromiumInstalled()) {
  process.stderr.write(`test:browser: ${INSTALL_HINT}\n`);
  process.exitCode = 1;
}
