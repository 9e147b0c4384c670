import { html } from 'hono/html';

/**
 * The form a browser gets instead of a page while it has no token (auth.ts): one field, posted to
 * /sign-in, which sets the HttpOnly cookie. `next` (the page asked for) is escaped like any text.
 */
export function signInPage(next: string, problem: string | null): Promise<string> {
  return Promise.resolve(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in — recordings</title>
</head>
<body>
<main>
<h1>Sign in</h1>
<p>This archive needs a token. Ask whoever runs it for one.</p>
${problem ? html`<p role="alert">${problem}</p>` : ''}
<form method="post" action="/sign-in">
<input type="hidden" name="next" value="${next}">
<label>Token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
`).then(String);
}
