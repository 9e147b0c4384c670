import { UsageError } from '../errors.js';

/**
 * Splits a player command such as `mpv --no-video` or `"/Applications/My Player/play" -q` into an
 * argv array, the way a shell would for plain words and quotes only: single quotes keep everything,
 * double quotes and a backslash escape the next character. No variables, globs, pipes or `;` — the
 * result goes to spawn without a shell, so nothing in it is ever interpreted.
 */
export function splitCommandLine(text: string, optionName: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quote === "'") {
      if (char === "'") quote = null;
      else word += char;
      continue;
    }
    if (char === '\\' && i + 1 < text.length && (quote === null || /["\\$`]/.test(text[i + 1] as string))) {
      word += text[++i];
      inWord = true;
      continue;
    }
    if (quote === '"') {
      if (char === '"') quote = null;
      else word += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== null) throw new UsageError(`${optionName}: unbalanced ${quote === '"' ? 'double' : 'single'} quote in the player command`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new UsageError(`${optionName}: the player command is empty`, "e.g. --player 'mpv --no-video'");
  return words;
}
