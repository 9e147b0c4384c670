import { describe, expect, it } from 'vitest';
import { indefiniteArticle } from './articles.js';

describe('indefiniteArticle', () => {
  it.each([
    ['engagement', 'an'],
    ['anniversary', 'an'],
    ['office lunch', 'an'],
    ['e-gift card', 'an'],
    ['hour', 'an'],
    ['honest mistake', 'an'],
    ['8 o’clock table', 'an'],
    ['11 top', 'an'],
    ['18th birthday', 'an'],
    ['birthday', 'a'],
    ['team celebration', 'a'],
    ['graduation', 'a'],
    ['university dinner', 'a'],
    ['European tour', 'a'],
    ['one-off', 'a'],
    ['25 dollar card', 'a'],
    ['1,000 dollar order', 'a'],
    ['110 guests', 'a'],
    ['  umbrella', 'an'],
  ])('%s → %s', (phrase, article) => {
    expect(indefiniteArticle(phrase)).toBe(article);
  });
});
