import type { ApiError } from '../errors.js';
import { type Content, type Html, html } from './html.js';
import { type Section, layout } from './layout.js';

/** A page that only says something: no archive yet, an unknown recording, the archive unavailable. */
export function renderMessagePage(title: string, message: Content, section: Section = null): Html {
  return layout({
    title,
    section,
    body: html`<section class="message card" aria-labelledby="message-heading"><h1 id="message-heading">${title}</h1>${message}</section>`,
  });
}

/** Before the first sync (docs/cli.md, "Which archive"): `serve` runs, and the page says what to do. */
export function renderNoArchivePage(path: string | null, section: Section = null): Html {
  return renderMessagePage(
    'No archive yet',
    html`<p>There is nothing to show until the first sync has created the archive${path ? html` at <code>${path}</code>` : ''}. Run</p>
<pre><code>recordings sync --since 30d</code></pre>
<p>and reload this page. Searches, recordings and stats appear as soon as the sync has stored its first calls.</p>`,
    section,
  );
}

export function renderNotFoundPage(id: string): Html {
  return renderMessagePage(
    'No such recording',
    html`<p>No recording, call or session with the id <code>${id}</code> is in the archive. It may have been pruned, or the link is wrong.</p><p><a href="/">Search the recordings</a></p>`,
  );
}

const PROBLEM_TITLES: Record<ApiError['code'], string> = {
  bad_request: 'That request cannot be answered',
  unauthorized: 'Sign in first',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  unavailable: 'The archive is unavailable',
  internal: 'Something went wrong',
};

/**
 * An error outside the page's own routes (an unknown address, an unexpected failure) as a page in
 * the same layout: what went wrong in words, and the way back. An unexpected failure says only that;
 * its cause is in the server's log.
 */
export function renderProblemPage(problem: ApiError): Html {
  return renderMessagePage(
    PROBLEM_TITLES[problem.code],
    html`<p>${capitalised(problem.message)}.</p>${problem.hint ? html`<p>${capitalised(problem.hint)}.</p>` : ''}<p><a href="/">Search the recordings</a></p>`,
  );
}

/** A message of the API's (`no such path`) as a sentence on the page. */
function capitalised(text: string): string {
  return (text.charAt(0).toUpperCase() + text.slice(1)).replace(/[.]$/, '');
}
