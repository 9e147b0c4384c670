import { fill } from './details.js';

/**
 * RingSense writes a call's summary, highlights and next steps from what was said, so the simulator's
 * must not mention what its transcript never does. Their templates mark in [brackets] the words the
 * conversation has to contain; a text is used only for a transcript that says them all. Which words
 * that is varies: each body variant of a script speaks of different things, extras are picked at
 * random, and a short call keeps little of its body.
 */
interface Grounded {
  text: string;
  /** The marked words, filled; empty for a generic text that fits any call of its kind. */
  marks: string[];
}

/**
 * The filled templates whose marked words were all said; when none was, the generic ones (no marks).
 * Templates with marks are preferred even when a generic one exists: "No follow-up needed." is only
 * for a call with nothing to follow up.
 */
export function groundedTexts(templates: readonly string[], slots: Record<string, string>, transcript: string): string[] {
  const said = comparable(transcript);
  const all = templates.map((template) => grounded(template, slots));
  const specific = all.filter((text) => text.marks.length > 0 && text.marks.every((words) => spokenIn(said, comparable(words))));
  return (specific.length > 0 ? specific : all.filter((text) => text.marks.length === 0)).map((text) => text.text);
}

function grounded(template: string, slots: Record<string, string>): Grounded {
  const filled = fill(template, slots);
  return { text: filled.replace(/[[\]]/g, ''), marks: [...filled.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1] ?? '') };
}

/**
 * Whether the words occur in the text as whole words (both already `comparable`). A plain search:
 * the simulator answers hundreds of insights requests a second, and a regular expression per
 * template made each answer twenty times slower.
 */
function spokenIn(said: string, words: string): boolean {
  for (let at = said.indexOf(words); at !== -1; at = said.indexOf(words, at + 1)) {
    if (!isWordCharacter(said[at - 1]) && !isWordCharacter(said[at + words.length])) return true;
  }
  return false;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

function isWordCharacter(char: string | undefined): boolean {
  return char !== undefined && WORD_CHARACTER.test(char);
}

/** Lower case, one kind of apostrophe. */
function comparable(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'");
}
