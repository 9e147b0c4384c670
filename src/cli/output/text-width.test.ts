import { expect, test } from 'vitest';
import { cutToWidth, displayWidth, wrapWords } from './text-width.js';

test('columns on a terminal: CJK and emoji two, combining marks none, colour codes none', () => {
  expect(displayWidth('Søren')).toBe(5);
  expect(displayWidth('王伟')).toBe(4);
  expect(displayWidth('Nguye\u0302\u0303n')).toBe(6);
  expect(displayWidth('\u001b[1m\u001b[33mgift\u001b[39m\u001b[22m')).toBe(4);
  expect(displayWidth('ok 👍')).toBe(5);
});

test('cutToWidth ends in … and never splits a wide character over the limit', () => {
  expect(cutToWidth('Christopher Montgomery', 10)).toBe('Christoph…');
  expect(cutToWidth('short', 10)).toBe('short');
  expect(cutToWidth('王伟王伟王伟', 6)).toBe('王伟…');
  expect(displayWidth(cutToWidth('王伟王伟王伟', 6))).toBeLessThanOrEqual(6);
});

test('wrapWords keeps words whole where they fit and breaks only words longer than a line', () => {
  expect(wrapWords('I need to cancel my reservation for Monday', 16)).toEqual(['I need to cancel', 'my reservation', 'for Monday']);
  expect(wrapWords('a 1234567890123 b', 5)).toEqual(['a', '12345', '67890', '123 b']);
  for (const line of wrapWords('王伟 王伟王伟王伟 x', 6)) expect(displayWidth(line)).toBeLessThanOrEqual(6);
  // A marker the caller counts as nothing does not take room.
  expect(wrapWords('\ue000ab\ue001 cd', 5, (t) => displayWidth(t.replace(/[\ue000\ue001]/g, '')))).toEqual(['\ue000ab\ue001 cd']);
});

test('a megabyte word wraps in linear time', () => {
  const started = performance.now();
  const lines = wrapWords('x'.repeat(1_000_000), 80);
  expect(lines).toHaveLength(12_500);
  expect(performance.now() - started).toBeLessThan(2_000);
});
