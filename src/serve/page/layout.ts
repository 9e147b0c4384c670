import { assetUrl } from './asset-urls.js';
import { type Content, type Html, html } from './html.js';

export type Section = 'search' | 'stats' | null;

export interface PageOptions {
  title: string;
  section: Section;
  body: Content;
  /** The page's JSON twin: the API request that answers with this page's data. */
  json?: string | null;
  /** False for a page shown before signing in, where the main navigation would only lead back to it. */
  nav?: boolean;
}

const ICON = html`<svg class="brand-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false"><rect x="2" y="2" width="20" height="20" rx="5" class="brand-tile"/><path d="M7 9v6M10 7v10M13 10v4M16 8v8" class="brand-wave"/></svg>`;

/**
 * The document around every page, the sign-in form and the error pages included: its own stylesheet
 * and script only (no CDN, no fonts from elsewhere: it works offline; no inline script or style, which
 * the Content-Security-Policy forbids), a skip link, and the main navigation.
 */
export function layout(options: PageOptions): Html {
  const nav = (href: string, label: string, section: Section) =>
    html`<a href="${href}"${options.section === section ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="same-origin">
<title>${options.title} · Recordings</title>
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${assetUrl('page.css')}">
<script src="${assetUrl('page.js')}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="top">
<div class="wrap top-inner">
<a class="brand" href="/">${ICON}<span>Recordings</span></a>
${options.nav === false ? '' : html`<nav class="top-nav" aria-label="Main">${nav('/', 'Search', 'search')}${nav('/stats', 'Stats', 'stats')}</nav>`}
</div>
</header>
<main id="main" class="wrap" tabindex="-1">
${options.body}
</main>
<footer class="wrap foot">${options.json ? html`<a href="${options.json}">This page as JSON</a>` : ''}</footer>
</body>
</html>
`;
}
