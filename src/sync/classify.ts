/**
 * Topics and intent from keyword rules (config `topics` / `intents`): RingSense gives sentiment,
 * summary, highlights and next steps, but neither. A keyword matches as a whole word or phrase,
 * case-insensitively and ignoring accents, and also with a plural/verb suffix (`reservation`
 * matches `reservations`), so rules stay short.
 */
export interface KeywordRules {
  [name: string]: readonly string[];
}

export interface CompiledRules {
  names: string[];
  patterns: RegExp[];
}

export function compileRules(rules: KeywordRules): CompiledRules {
  const names = Object.keys(rules);
  const patterns = names.map((name) => {
    const alternatives = rules[name]!.map((keyword) => escapeRegExp(fold(keyword)).replace(/\s+/g, '\\s+'));
    return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?:s|es|ed|ing)?(?![\\p{L}\\p{N}])`, 'u');
  });
  return { names, patterns };
}

/** Every topic whose keywords occur in the text, in the order of the rules. */
export function matchTopics(text: string, rules: CompiledRules): string[] {
  const folded = fold(text);
  return rules.names.filter((_, i) => rules.patterns[i]!.test(folded));
}

/** The first intent whose keywords occur: rules are ordered from most to least specific. */
export function matchIntent(text: string, rules: CompiledRules): string | null {
  const folded = fold(text);
  const index = rules.patterns.findIndex((pattern) => pattern.test(folded));
  return index === -1 ? null : rules.names[index]!;
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
