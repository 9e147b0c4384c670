/**
 * The syntax tree of an FTS5 query expression, read as SQLite's FTS5 reads it (the grammar of
 * `fts5parse.y`: OR binds loosest, then AND, then NOT; words side by side are an implicit AND that
 * binds tightest, between phrases only). PostgreSQL search translates this tree into a tsquery, so
 * that `--text` means the same on both backends. The text given is an expression that SQLite has
 * already accepted (fts-query.ts decides what is valid and how anything else is quoted); what FTS5
 * would reject throws here.
 */

/** The FTS5 table's columns, in order (migrations/0001_fts.sql). */
export const FTS_COLUMNS = ['transcript', 'summary', 'parties'] as const;

/** One string of a phrase: a bareword or a quoted string, dequoted, and whether `*` followed it. */
export interface PhrasePart {
  text: string;
  prefix: boolean;
}

/** `a + "b c" + d*`: the strings whose tokens, in order, form one phrase; `^` pins it to a column start. */
export interface PhraseSyntax {
  parts: PhrasePart[];
  first: boolean;
}

export type FtsSyntax =
  /** One phrase (`distance` null) or NEAR(phrases, distance), limited to `columns` (null: all). */
  | { kind: 'near'; phrases: PhraseSyntax[]; distance: number | null; columns: number[] | null }
  /** Phrases side by side. */
  | { kind: 'implicit-and'; items: FtsSyntax[] }
  | { kind: 'and' | 'or'; left: FtsSyntax; right: FtsSyntax }
  /** `left NOT right`: left without right. */
  | { kind: 'not'; left: FtsSyntax; right: FtsSyntax }
  /** `columns : ( expression )`. */
  | { kind: 'columns'; columns: number[]; child: FtsSyntax };

export class FtsSyntaxError extends Error {}

type TokenKind = 'string' | 'and' | 'or' | 'not' | '(' | ')' | '{' | '}' | ':' | ',' | '+' | '*' | '-' | '^' | 'eof';

interface Token {
  kind: TokenKind;
  /** For strings: the dequoted text. */
  text: string;
  /** A bareword (not quoted): only a bareword `NEAR` opens a NEAR group. */
  bare: boolean;
}

const FTS_DEFAULT_NEAR_DISTANCE = 10;
const PUNCTUATION: Record<string, TokenKind> = { '(': '(', ')': ')', '{': '{', '}': '}', ':': ':', ',': ',', '+': '+', '*': '*', '-': '-', '^': '^' };

export function parseFts5(expression: string): FtsSyntax {
  const parser = new Parser(tokenize(expression));
  const tree = parser.expression();
  parser.expect('eof');
  return tree;
}

/** Characters of a bareword: letters, digits, `_`, 0x1A and anything beyond ASCII (fts5_expr.c). */
function isBareword(char: string): boolean {
  const code = char.charCodeAt(0);
  return code >= 0x80 || code === 0x1a || code === 0x5f || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const end = expression.indexOf('\u0000') === -1 ? expression.length : expression.indexOf('\u0000');
  while (true) {
    while (i < end && ' \t\n\r'.includes(expression[i]!)) i += 1;
    if (i >= end) break;
    const char = expression[i]!;
    const punctuation = PUNCTUATION[char];
    if (punctuation) {
      tokens.push({ kind: punctuation, text: char, bare: false });
      i += 1;
    } else if (char === '"') {
      let text = '';
      let j = i + 1;
      while (true) {
        if (j >= end) throw new FtsSyntaxError('unterminated string');
        if (expression[j] === '"') {
          if (expression[j + 1] !== '"') break;
          j += 1;
        }
        text += expression[j];
        j += 1;
      }
      tokens.push({ kind: 'string', text, bare: false });
      i = j + 1;
    } else if (isBareword(char)) {
      let j = i;
      while (j < end && isBareword(expression[j]!)) j += 1;
      const text = expression.slice(i, j);
      const keyword = text === 'AND' ? 'and' : text === 'OR' ? 'or' : text === 'NOT' ? 'not' : 'string';
      tokens.push({ kind: keyword, text, bare: true });
      i = j;
    } else {
      throw new FtsSyntaxError(`syntax error near "${char}"`);
    }
  }
  tokens.push({ kind: 'eof', text: '', bare: false });
  return tokens;
}

class Parser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.at += 1;
    return token;
  }

  expect(kind: TokenKind): Token {
    const token = this.next();
    if (token.kind !== kind) throw new FtsSyntaxError(`syntax error near "${token.text}"`);
    return token;
  }

  /** expr: OR of ANDs of NOTs, all left-associative. */
  expression(): FtsSyntax {
    let left = this.andExpression();
    while (this.peek().kind === 'or') {
      this.next();
      left = { kind: 'or', left, right: this.andExpression() };
    }
    return left;
  }

  private andExpression(): FtsSyntax {
    let left = this.notExpression();
    while (this.peek().kind === 'and') {
      this.next();
      left = { kind: 'and', left, right: this.notExpression() };
    }
    return left;
  }

  private notExpression(): FtsSyntax {
    let left = this.primary();
    while (this.peek().kind === 'not') {
      this.next();
      left = { kind: 'not', left, right: this.primary() };
    }
    return left;
  }

  /** `( expr )`, `colset : ( expr )`, or phrases side by side (an implicit AND). */
  private primary(): FtsSyntax {
    if (this.peek().kind === '(') {
      this.next();
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    let columns: number[] | null = null;
    if (this.startsColumnFilter()) {
      columns = this.columnFilter();
      this.expect(':');
      if (this.peek().kind === '(') {
        this.next();
        const child = this.expression();
        this.expect(')');
        return { kind: 'columns', columns, child };
      }
    }
    const items: FtsSyntax[] = [this.nearset(columns)];
    while (this.startsNearset()) {
      let itemColumns: number[] | null = null;
      if (this.startsColumnFilter()) {
        itemColumns = this.columnFilter();
        this.expect(':');
      }
      items.push(this.nearset(itemColumns));
    }
    return items.length === 1 ? items[0]! : { kind: 'implicit-and', items };
  }

  private startsNearset(): boolean {
    const kind = this.peek().kind;
    return kind === 'string' || kind === '{' || kind === '-' || kind === '^';
  }

  private startsColumnFilter(): boolean {
    const token = this.peek();
    if (token.kind === '{') return true;
    if (token.kind === '-') return true;
    return token.kind === 'string' && this.peek(1).kind === ':';
  }

  /** `name`, `{name …}`, and either after `-` (every other column). */
  private columnFilter(): number[] {
    const invert = this.peek().kind === '-';
    if (invert) this.next();
    const columns = new Set<number>();
    if (this.peek().kind === '{') {
      this.next();
      do columns.add(this.columnIndex(this.expect('string').text));
      while (this.peek().kind === 'string');
      this.expect('}');
    } else {
      columns.add(this.columnIndex(this.expect('string').text));
    }
    const all = FTS_COLUMNS.map((_, index) => index);
    return invert ? all.filter((index) => !columns.has(index)) : all.filter((index) => columns.has(index));
  }

  private columnIndex(name: string): number {
    const index = FTS_COLUMNS.findIndex((column) => column.toLowerCase() === name.toLowerCase());
    if (index === -1) throw new FtsSyntaxError(`no such column: ${name}`);
    return index;
  }

  /** A phrase, `^` phrase, or `NEAR(phrase phrase … [, distance])`. */
  private nearset(columns: number[] | null): FtsSyntax {
    const token = this.peek();
    if (token.kind === '^') {
      this.next();
      return { kind: 'near', phrases: [{ ...this.phrase(), first: true }], distance: null, columns };
    }
    if (token.kind === 'string' && this.peek(1).kind === '(') {
      if (!token.bare || token.text !== 'NEAR') throw new FtsSyntaxError(`syntax error near "${token.text}"`);
      this.next();
      this.next();
      const phrases: PhraseSyntax[] = [this.phrase()];
      while (this.peek().kind === 'string') phrases.push(this.phrase());
      let distance = FTS_DEFAULT_NEAR_DISTANCE;
      if (this.peek().kind === ',') {
        this.next();
        distance = nearDistance(this.expect('string'));
      }
      this.expect(')');
      return { kind: 'near', phrases, distance, columns };
    }
    return { kind: 'near', phrases: [this.phrase()], distance: null, columns };
  }

  /** Strings joined by `+`, each optionally followed by `*`. */
  private phrase(): PhraseSyntax {
    const parts: PhrasePart[] = [];
    do {
      if (parts.length > 0) this.next();
      const text = this.expect('string').text;
      const prefix = this.peek().kind === '*';
      if (prefix) this.next();
      parts.push({ text, prefix });
    } while (this.peek().kind === '+');
    return { parts, first: false };
  }
}

/** Digits only, as FTS5 requires; it stops growing the number before it overflows (fts5_expr.c). */
function nearDistance(token: Token): number {
  if (!token.bare || !/^[0-9]+$/.test(token.text)) throw new FtsSyntaxError(`expected integer, got "${token.text}"`);
  let distance = 0;
  for (const digit of token.text) if (distance < 214748363) distance = distance * 10 + Number(digit);
  return distance;
}
