import { type Html, html } from '../page/html.js';
import { layout } from '../page/layout.js';

/**
 * The form a browser gets instead of a page while it has no token (auth.ts), in the page's layout:
 * one field, posted to /sign-in, which sets the HttpOnly cookie. `next` (the page asked for) is
 * escaped like any text. Without the main navigation, whose links would only lead back here.
 */
export function signInPage(next: string, problem: string | null): Html {
  return layout({
    title: 'Sign in',
    section: null,
    nav: false,
    body: html`<section class="message card sign-in" aria-labelledby="sign-in-heading">
<h1 id="sign-in-heading">Sign in</h1>
<p>This archive needs a token. Ask whoever runs it for one.</p>
${problem ? html`<div class="notice notice-error" role="alert">${problem}</div>` : ''}
<form method="post" action="/sign-in">
<input type="hidden" name="next" value="${next}">
<div class="field">
<label for="sign-in-token">Token</label>
<input id="sign-in-token" type="password" name="token" autocomplete="current-password" required autofocus>
</div>
<button type="submit" class="button button-primary">Sign in</button>
</form>
</section>`,
  });
}
