import { type FtsSyntax, type PhraseSyntax, parseFts5 } from './fts5-syntax.js';
import { type StringTokens, queryTokens } from './query-tokens.js';
import type { Queryable } from './queryable.js';
import { SHORT_STEMMED, WORD_MARKER } from './text-search-names.js';

/**
 * An FTS5 expression (valid, as fts-query.ts makes it) as a PostgreSQL condition on the search
 * vector, matching the recordings FTS5 would match. Words become lexemes through the database's own
 * normalising function; the boolean structure, phrases, prefixes, column filters and `^` become
 * tsquery operators; NEAR groups, which tsquery cannot express, are checked on the vector's
 * positions. User text only ever reaches PostgreSQL as a bound value (docs/design.md, "Search on PostgreSQL").
 */
export interface TextCondition {
  /**
   * tsquery text for `search_vector @@ $n::tsquery`: exactly the matches, or when `recheck` is set a
   * superset of them that the GIN index can find.
   */
  tsquery: string;
  /** With NEAR groups: the exact condition, SQL over the vector `vector` and values from `params`. */
  recheck: ((vector: string, param: (value: unknown) => string) => string) | null;
  /** The query's words as a tsquery for ts_headline, which reads the stored text as written. */
  headline: string;
  /**
   * A regular expression for where a match likely starts in stored text (a positive word's lexeme,
   * lowercase, as the beginning of a word), so ts_headline need not read a whole long transcript.
   */
  probe: string | null;
  /**
   * Whether the GIN index only narrows the matches down and each candidate's vector is read to
   * confirm it: a phrase of several words, `^`, a column filter, NEAR. Such a search reads every
   * match's vector anyway (search.ts ranks them in the same pass).
   */
  positional: boolean;
}

/** Column weights of the search vector, in FTS5 column order (text-search-sql.ts). */
const WEIGHTS = ['A', 'B', 'C'];
const ALL_WEIGHTS = WEIGHTS.join('');

interface Term {
  /** Lexemes any of which matches (text-search-sql.ts marks some words; they all mean one SQLite term). */
  alternatives: string[];
  prefix: boolean;
}

interface Phrase {
  terms: Term[];
  /** `^`: the phrase starts its column. */
  first: boolean;
}

type Node =
  | { kind: 'false' }
  | { kind: 'match'; phrases: Phrase[]; distance: number | null; weights: string }
  | { kind: 'and' | 'or'; children: Node[] }
  | { kind: 'not'; left: Node; right: Node };

const FALSE: Node = { kind: 'false' };
const SHORT_WORD = new RegExp(`^(?:${SHORT_STEMMED})$`);

/** null when the expression can match nothing (as FTS5 treats a phrase without any word). */
export async function textCondition(db: Queryable, expression: string): Promise<TextCondition | null> {
  const syntax = parseFts5(expression);
  const strings = new Set<string>();
  collectStrings(syntax, strings);
  const tokens = await queryTokens(db, [...strings]);
  const tree = simplify(resolve(syntax, tokens));
  if (tree.kind === 'false') return null;
  const headline = headlineQuery(tree, [...strings].flatMap((text) => tokens.get(text)!.written));
  const probe = probeFor(tree);
  const positional = readsPositions(tree);
  if (!containsNear(tree)) return { tsquery: renderSome(tree, 'exact'), recheck: null, headline, probe, positional };
  return { tsquery: renderSome(tree, 'superset'), recheck: (vector, param) => exactSql(tree, vector, param), headline, probe, positional };
}

function collectStrings(syntax: FtsSyntax, into: Set<string>): void {
  switch (syntax.kind) {
    case 'near':
      for (const phrase of syntax.phrases) for (const part of phrase.parts) into.add(part.text);
      return;
    case 'implicit-and':
      for (const item of syntax.items) collectStrings(item, into);
      return;
    case 'columns':
      collectStrings(syntax.child, into);
      return;
    default:
      collectStrings(syntax.left, into);
      collectStrings(syntax.right, into);
  }
}

/** The tree with words resolved to lexemes, as FTS5 builds its expression (fts5_expr.c). */
function resolve(syntax: FtsSyntax, tokens: Map<string, StringTokens>): Node {
  switch (syntax.kind) {
    case 'near': {
      // A phrase without a single word matches nothing; in a NEAR group it is left out, unless it
      // is all the group has (fts5_expr.c).
      const phrases = syntax.phrases.map((phrase) => resolvePhrase(phrase, tokens)).filter((phrase) => phrase.terms.length > 0);
      if (phrases.length === 0) return FALSE;
      const weights = syntax.columns ? syntax.columns.map((column) => WEIGHTS[column]).join('') : ALL_WEIGHTS;
      return { kind: 'match', phrases, distance: phrases.length > 1 ? syntax.distance : null, weights };
    }
    case 'implicit-and': {
      // Side by side, a phrase without words is left out (`pizza 🍕` is `pizza`); all of them: nothing.
      const children = syntax.items.map((item) => resolve(item, tokens)).filter((child) => child.kind !== 'false');
      return children.length === 0 ? FALSE : children.length === 1 ? children[0]! : { kind: 'and', children };
    }
    case 'columns':
      return restrictColumns(resolve(syntax.child, tokens), syntax.columns.map((column) => WEIGHTS[column]).join(''));
    case 'not':
      return { kind: 'not', left: resolve(syntax.left, tokens), right: resolve(syntax.right, tokens) };
    default:
      return { kind: syntax.kind, children: [resolve(syntax.left, tokens), resolve(syntax.right, tokens)] };
  }
}

/**
 * The strings' words in order. A `*` marks the phrase's last word so far as a prefix — or clears
 * it: FTS5 sets the flag from each string's own `*` even when that string adds no word.
 */
function resolvePhrase(phrase: PhraseSyntax, tokens: Map<string, StringTokens>): Phrase {
  const terms: { lexeme: string; prefix: boolean }[] = [];
  for (const part of phrase.parts) {
    for (const lexeme of tokens.get(part.text)!.lexemes) terms.push({ lexeme, prefix: false });
    if (terms.length > 0) terms[terms.length - 1]!.prefix = part.prefix;
  }
  return { terms: terms.map(({ lexeme, prefix }) => ({ alternatives: alternatives(lexeme, prefix), prefix })), first: phrase.first };
}

/**
 * Every lexeme the search vector may hold for what SQLite stores as one term. The normalising
 * function marks some words (text-search-sql.ts); SQLite's term is the lexeme without its mark, and
 * other words SQLite stems to that same term come out unmarked: `us` (kept whole, `usà`) and `uses`
 * (stemmed, `us`) are both the term `us` to SQLite.
 */
function alternatives(lexeme: string, prefix: boolean): string[] {
  const term = lexeme.replaceAll(WORD_MARKER, '');
  const found = new Set([term]);
  if (prefix) {
    // A longer stored word starting like `1e5` is marked after its leading digits.
    if (/^[0-9]+e/.test(term)) found.add(term.replace(/^([0-9]+)e/, `$1${WORD_MARKER}e`));
    return [...found];
  }
  const marked = /^[0-9]+e[0-9]/.test(term) ? term.replace(/^([0-9]+)e/, `$1${WORD_MARKER}e`) : null;
  if (marked) found.add(marked);
  if (SHORT_WORD.test(term) || [...term].length >= 65) {
    found.add(term + WORD_MARKER);
    if (marked) found.add(marked + WORD_MARKER);
  }
  return [...found];
}

/** Limits every match below to `weights`; none left: the match can no longer match (FTS5 does the same). */
function restrictColumns(node: Node, weights: string): Node {
  switch (node.kind) {
    case 'false':
      return node;
    case 'match': {
      const kept = [...node.weights].filter((weight) => weights.includes(weight)).join('');
      return kept ? { ...node, weights: kept } : FALSE;
    }
    case 'not':
      return { kind: 'not', left: restrictColumns(node.left, weights), right: restrictColumns(node.right, weights) };
    default:
      return { kind: node.kind, children: node.children.map((child) => restrictColumns(child, weights)) };
  }
}

/** Nothing-matches propagated: `x AND nothing` is nothing, `x OR nothing` is x, `x NOT nothing` is x. */
function simplify(node: Node): Node {
  switch (node.kind) {
    case 'and': {
      const children = node.children.map(simplify);
      if (children.some((child) => child.kind === 'false')) return FALSE;
      return children.length === 1 ? children[0]! : { kind: 'and', children };
    }
    case 'or': {
      const children = node.children.map(simplify).filter((child) => child.kind !== 'false');
      return children.length === 0 ? FALSE : children.length === 1 ? children[0]! : { kind: 'or', children };
    }
    case 'not': {
      const left = simplify(node.left);
      const right = simplify(node.right);
      if (left.kind === 'false') return FALSE;
      return right.kind === 'false' ? left : { kind: 'not', left, right };
    }
    default:
      return node;
  }
}

/** Whether a match anywhere in the tree satisfies `test`. */
function anyMatch(node: Node, test: (match: Extract<Node, { kind: 'match' }>) => boolean): boolean {
  switch (node.kind) {
    case 'match':
      return test(node);
    case 'not':
      return anyMatch(node.left, test) || anyMatch(node.right, test);
    case 'and':
    case 'or':
      return node.children.some((child) => anyMatch(child, test));
    default:
      return false;
  }
}

function containsNear(node: Node): boolean {
  return anyMatch(node, (match) => match.distance !== null);
}

/** A phrase of several words, `^`, a column filter or NEAR anywhere: what the GIN index cannot decide alone. */
function readsPositions(node: Node): boolean {
  return anyMatch(node, (match) => match.distance !== null || match.weights !== ALL_WEIGHTS || match.phrases.some((phrase) => phrase.first || phrase.terms.length > 1));
}

type Mode = 'exact' | 'superset' | 'subset';

/**
 * tsquery text. `exact` for a tree without NEAR; with NEAR, `superset` matches at least the tree's
 * recordings (a NEAR group as all its phrases) and `subset` at most them (a NEAR group as nothing),
 * which is what the right side of NOT needs for the whole to stay a superset. null: nothing.
 */
function render(node: Node, mode: Mode): string | null {
  switch (node.kind) {
    case 'false':
      return null;
    case 'match':
      if (node.distance !== null && mode === 'subset') return null;
      return node.phrases.map((phrase) => renderPhrase(phrase, node.weights)).join(' & ');
    case 'and': {
      const parts = node.children.map((child) => render(child, mode));
      return parts.includes(null) ? null : joined(parts as string[], ' & ');
    }
    case 'or': {
      const parts = node.children.map((child) => render(child, mode)).filter((part) => part !== null);
      return parts.length === 0 ? null : joined(parts, ' | ');
    }
    case 'not': {
      const left = render(node.left, mode);
      const right = render(node.right, mode === 'superset' ? 'subset' : mode === 'subset' ? 'superset' : 'exact');
      if (left === null) return null;
      return right === null ? left : `(${left} & !${right})`;
    }
  }
}

/** Operands joined, each once: `refund refund refund …` is `refund`. */
function joined(parts: string[], operator: string): string {
  const unique = [...new Set(parts)];
  return unique.length === 1 ? unique[0]! : `(${unique.join(operator)})`;
}

/** A simplified tree always matches something in these modes. */
function renderSome(node: Node, mode: Mode): string {
  const text = render(node, mode);
  if (text === null) throw new Error('a simplified text query renders to nothing');
  return text;
}

/**
 * A phrase as a `<->` chain. It cannot span two columns: each column's part of the vector starts
 * with the lexeme `^`, so the last word of one column and the first of the next are never adjacent.
 */
function renderPhrase(phrase: Phrase, weights: string): string {
  const flags = weights === ALL_WEIGHTS ? '' : weights;
  const terms = phrase.terms.map((term) => renderTerm(term, flags));
  if (phrase.first) terms.unshift(`'^'${flags ? `:${flags}` : ''}`);
  return terms.length === 1 ? terms[0]! : `(${terms.join(' <-> ')})`;
}

function renderTerm(term: Term, weights: string): string {
  const flags = `${term.prefix ? '*' : ''}${weights}`;
  const items = term.alternatives.map((lexeme) => `${quoteLexeme(lexeme)}${flags ? `:${flags}` : ''}`);
  return items.length === 1 ? items[0]! : `(${items.join(' | ')})`;
}

function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The exact condition as SQL: tsquery tests for everything but NEAR groups, recordings_fts_near for those. */
function exactSql(node: Node, vector: string, param: (value: unknown) => string): string {
  if (!containsNear(node)) return `${vector} @@ ${param(renderSome(node, 'exact'))}::tsquery`;
  switch (node.kind) {
    case 'match': {
      const phrases = node.phrases.map((phrase) => phrase.terms.map((term) => ({ l: term.alternatives, p: term.prefix })));
      return `recordings_fts_near(${vector}, ${param(JSON.stringify(phrases))}::jsonb, ${param(node.distance)}::bigint, ${param(node.weights)})`;
    }
    case 'not':
      return `(${exactSql(node.left, vector, param)} AND NOT ${exactSql(node.right, vector, param)})`;
    case 'and':
    case 'or':
      return `(${node.children.map((child) => exactSql(child, vector, param)).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
    default:
      return 'false';
  }
}

/**
 * The query for ts_headline, which reads the stored text as written, without normalising it or
 * knowing columns: the tree's phrases as phrases (so `"my sister"` highlights the phrase, not every
 * `my`), without weights, NOT and `^`; and the words as written where they differ from the
 * normalised ones (`Zoë`, as the stored text may have it).
 */
function headlineQuery(tree: Node, written: string[]): string {
  const lexemes = new Set<string>();
  const visit = (node: Node): string | null => {
    switch (node.kind) {
      case 'match':
        return node.phrases
          .map((phrase) => {
            const terms = phrase.terms.map((term) => {
              lexemes.add(term.alternatives[0]!);
              return `${quoteLexeme(term.alternatives[0]!)}${term.prefix ? ':*' : ''}`;
            });
            return terms.length === 1 ? terms[0]! : `(${terms.join(' <-> ')})`;
          })
          .join(' | ');
      case 'not':
        return visit(node.left);
      case 'and':
      case 'or':
        return `(${node.children.map(visit).join(' | ')})`;
      default:
        return null;
    }
  };
  const structured = visit(tree)!;
  const extra = [...new Set(written)].filter((lexeme) => !lexemes.has(lexeme)).map(quoteLexeme);
  return [structured, ...extra].join(' | ');
}

/**
 * The first positive word's lexeme as the start of a word. Porter stems are mostly a prefix of the
 * word (`cancel` of `cancelled`); a final `y` became `i` (`fridai`), so a final `i` is left out.
 */
function probeFor(tree: Node): string | null {
  let node = tree;
  while (node.kind !== 'match') {
    if (node.kind === 'false') return null;
    node = node.kind === 'not' ? node.left : node.children[0]!;
  }
  const lexeme = node.phrases[0]!.terms[0]!.alternatives[0]!;
  const stem = lexeme.length > 3 ? lexeme.replace(/i$/, '') : lexeme;
  return stem.length >= 2 ? `\\m${stem.replace(/[^\p{L}\p{N}]/gu, (char) => `\\${char}`)}` : null;
}
