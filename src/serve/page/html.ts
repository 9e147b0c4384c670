/**
 * A tiny HTML template: `html` escapes every interpolated value unless it is already `Html` (made
 * by `html` itself), so stored text (transcripts, names, summaries) can only ever show as text
 * (docs/cli.md, "`recordings serve`"). There is deliberately no way to mark a string as trusted
 * markup: every fragment of the page is built by this tag.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate; arrays are joined, and null, undefined and false render nothing. */
export type Content = Html | string | number | null | undefined | false | readonly Content[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function render(value: Content): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Content[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as Content) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Several fragments as one. */
export function join(parts: readonly Content[], separator: Content = ''): Html {
  const rendered = parts.map(render).filter((part) => part !== '');
  return new Html(rendered.join(render(separator)));
}
