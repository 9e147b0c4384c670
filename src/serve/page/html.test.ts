import { describe, expect, it } from 'vitest';
import { markedSnippet, markWords, wordMatcher } from './highlight.js';
import { escapeHtml, html, join } from './html.js';

describe('html', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const name = `<script>alert("x")</script>' onmouseover='x`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;x">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;x</p>',
    );
  });

  it('keeps fragments it made itself, joins arrays and drops null, undefined and false', () => {
    const item = (text: string) => html`<li>${text}</li>`;
    expect(html`<ul>${['a&b', '<c>'].map(item)}${null}${undefined}${false}${0}</ul>`.value).toBe('<ul><li>a&amp;b</li><li>&lt;c&gt;</li>0</ul>');
    expect(join([html`<b>x</b>`, 'y<', ''], ', ').value).toBe('<b>x</b>, y&lt;');
  });

  it('escapes the five characters that matter and nothing else', () => {
    expect(escapeHtml(`&<>"' é \u202e`)).toBe('&amp;&lt;&gt;&quot;&#39; é \u202e');
  });
});

describe('markedSnippet', () => {
  it('marks the **matches** of the search JSON and escapes the rest', () => {
    expect(markedSnippet('…a **reservation** for <b>six</b>…').value).toBe('…a <mark>reservation</mark> for &lt;b&gt;six&lt;/b&gt;…');
  });

  it('leaves an unpaired ** as text', () => {
    expect(markedSnippet('**a** and ** b').value).toBe('<mark>a</mark> and ** b');
  });
});

describe('wordMatcher', () => {
  const marked = (query: string, text: string) => markWords(text, wordMatcher(query)).value;

  it('marks word forms of the search words, case-insensitively', () => {
    expect(marked('reservations', 'Reserve a table: my reservation is for Friday')).toBe(
      '<mark>Reserve</mark> a table: my <mark>reservation</mark> is for Friday',
    );
  });

  it('marks short words only whole, and skips FTS operators and punctuation', () => {
    expect(marked('"my sister" AND pie*', 'my sister and mystery pies')).toBe('<mark>my</mark> <mark>sister</mark> and mystery <mark>pies</mark>');
  });

  it('has nothing to mark without words', () => {
    expect(wordMatcher('** -- ""')).toBeNull();
    expect(marked('', '<i>x</i>')).toBe('&lt;i&gt;x&lt;/i&gt;');
  });

  it('escapes text around the marks', () => {
    expect(marked('img', '<img src=x onerror=alert(1)>')).toBe('&lt;<mark>img</mark> src=x onerror=alert(1)&gt;');
  });
});
