import { expect, test } from 'vitest';
import { byteRange } from './byte-ranges.js';

test.each([
  [undefined, 1000, { kind: 'whole' }],
  ['bytes=0-', 1000, { kind: 'part', start: 0, end: 999 }],
  ['bytes=0-0', 1000, { kind: 'part', start: 0, end: 0 }],
  ['bytes=100-199', 1000, { kind: 'part', start: 100, end: 199 }],
  ['bytes=900-5000', 1000, { kind: 'part', start: 900, end: 999 }],
  ['bytes=-100', 1000, { kind: 'part', start: 900, end: 999 }],
  ['bytes=-5000', 1000, { kind: 'part', start: 0, end: 999 }],
  ['BYTES=10-20', 1000, { kind: 'part', start: 10, end: 20 }],
  ['bytes=1000-', 1000, { kind: 'unsatisfiable' }],
  ['bytes=5000-6000', 1000, { kind: 'unsatisfiable' }],
  ['bytes=-0', 1000, { kind: 'unsatisfiable' }],
  ['bytes=0-', 0, { kind: 'unsatisfiable' }],
  ['bytes=99999999999999999999-', 1000, { kind: 'unsatisfiable' }],
  ['bytes=20-10', 1000, { kind: 'whole' }],
  ['bytes=0-10,20-30', 1000, { kind: 'whole' }],
  ['bytes=-', 1000, { kind: 'whole' }],
  ['items=0-10', 1000, { kind: 'whole' }],
  ['bytes=a-b', 1000, { kind: 'whole' }],
])('Range %j of %i bytes', (header, size, answer) => {
  expect(byteRange(header, size)).toEqual(answer);
});
