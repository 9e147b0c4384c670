import { ASSETS_DIR, AssetCatalogue } from '../static-assets.js';

const catalogue = new AssetCatalogue(ASSETS_DIR);

/**
 * The URL of one of the page's assets (src/serve/assets), with the digest of its content: the
 * server lets browsers keep such a URL for a year, and a changed file gets a new one, so a new
 * release never runs an old script against a new page.
 */
export function assetUrl(name: string): string {
  return catalogue.url(name);
}
