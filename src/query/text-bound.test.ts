import { expect, test } from 'vitest';
import { COMMAND_LINE, URL_PARAMETERS } from './parameter-style.js';
import { TEXT_LIMITS, checkTextBound } from './text-bound.js';

const refusal = (text: string, style = COMMAND_LINE) => {
  try {
    checkTextBound(text, style);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

test('each limit is reached and not passed: characters as code points, words with the operators, each *', () => {
  expect(refusal('🍕'.repeat(TEXT_LIMITS.characters))).toBeNull();
  expect(refusal('🍕'.repeat(TEXT_LIMITS.characters + 1))).toBe('--text is too long: 1,001 characters, at most 1,000');
  expect(refusal(Array.from({ length: 16 }, (_, i) => `w${i}`).join(' OR '))).toBeNull();
  expect(refusal(`${'refund OR '.repeat(16)}cancel`)).toBe('--text has too many words: 33, at most 32 (AND, OR, NOT and NEAR count as words)');
  expect(refusal('NEAR(e-mail 555-0100, 5) '.repeat(6))).toBe('--text has too many words: 36, at most 32 (AND, OR, NOT and NEAR count as words)');
  expect(refusal('"予約 東京 café" naïve Zoë')).toBeNull();
  expect(refusal('a* '.repeat(TEXT_LIMITS.prefixes))).toBeNull();
  expect(refusal('a* '.repeat(TEXT_LIMITS.prefixes + 1), URL_PARAMETERS)).toBe("search_text has too many prefix searches: 9 '*', at most 8");
});
