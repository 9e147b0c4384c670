/**
 * The weight of the search page: its HTML (a full page of 50 hits) plus the stylesheet and script
 * it links, uncompressed, as the browser receives them from `recordings serve`.
 */

export interface PageWeight {
  /** The search, as the page's query string (empty: the newest recordings). */
  search: string;
  html: number;
  css: number;
  js: number;
  total: number;
  hits: number;
}

const STYLESHEET = /<link rel="stylesheet" href="([^"]+)"/g;
const SCRIPT = /<script src="([^"]+)"/g;

export async function pageWeight(base: string, search: string): Promise<PageWeight> {
  const page = await fetchBytes(new URL(search ? `/?${search}` : '/', base));
  const text = page.toString('utf8');
  const sum = async (pattern: RegExp) => {
    let bytes = 0;
    for (const [, href] of text.matchAll(pattern)) bytes += (await fetchBytes(new URL(decodeEntities(href ?? ''), base))).length;
    return bytes;
  };
  const css = await sum(STYLESHEET);
  const js = await sum(SCRIPT);
  return { search, html: page.length, css, js, total: page.length + css + js, hits: text.match(/<li class="hit">/g)?.length ?? 0 };
}

async function fetchBytes(url: URL): Promise<Buffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}${url.search}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&');
}
