// Reading an answer typed by hand: a number, or a vector or matrix written the way people write
// them — `0.46, -0.2`, `[0.46 -0.2]`, `(0.46; −0.2)`, rows separated by `;` or new lines,
// `[[0.5, 0.1], [-0.2, 0.8]]` — into rows of float64 numbers, or one error that says where
// (line and column, 1-based, counted in UTF-16 code units as editors do) and what was expected.
// answerFit.ts then checks the rows against the shape of the value asked for.
//
// Numbers: an optional sign (+, -, the minus sign −, or a dash –), digits with at most one
// decimal point (`.5` and `5.` too), an optional exponent `e-3`/`E+2`, or `× 10^-3` / `*10^{-3}` /
// `·10⁻³`; `inf`, `∞` and `nan` for a run that overflowed. A leading `h₁ =` or `h ≈` is skipped.
// Commas and spaces separate numbers, a trailing comma is fine; nothing is evaluated (`1/2` and
// `0.5 - 0.2` are errors, so a typo is never silently read as something else).

export interface AnswerGrid {
  /** Rows of numbers as typed (a single number is one row of one). */
  readonly rows: readonly (readonly number[])[];
  /** A comma sat between two digits (`0,46`): perhaps a decimal comma. */
  readonly decimalCommaSuspect: boolean;
}

export interface AnswerSyntaxError {
  /** The whole sentence, position first: "at column 5: expected a number, found "a"". */
  readonly message: string;
  /** Offset and length (UTF-16 code units) in the typed text. */
  readonly offset: number;
  readonly length: number;
  readonly line: number;
  readonly column: number;
}

export type GridResult =
  { readonly ok: true; readonly grid: AnswerGrid } | { readonly ok: false; readonly error: AnswerSyntaxError };

type Token =
  | { readonly kind: 'num'; readonly value: number; readonly at: number; readonly end: number }
  | { readonly kind: 'comma' | 'semi' | 'newline'; readonly at: number; readonly end: number }
  | { readonly kind: 'open'; readonly ch: string; readonly at: number; readonly end: number }
  | { readonly kind: 'close'; readonly ch: string; readonly at: number; readonly end: number };

type Item = Extract<Token, { kind: 'num' | 'comma' | 'semi' | 'newline' }> | Group;
interface Group {
  readonly kind: 'group';
  readonly items: Item[];
  readonly at: number;
  readonly end: number;
}

class SyntaxFailure {
  constructor(
    readonly offset: number,
    readonly length: number,
    readonly what: string,
  ) {}
}

const SIGNS = new Set(['+', '-', '\u2212', '\u2013', '\u2012', '\ufe63', '\uff0d']);
const SPACES = /[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
const TIMES = new Set(['×', 'x', 'X', '*', '·', '⋅']);
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const CLOSING: Record<string, string> = { '[': ']', '(': ')' };

/** Reads `text` into rows of numbers, or says what it cannot read and where. */
export function readAnswerGrid(text: string): GridResult {
  try {
    const tokens = tokenize(text, skipLabel(text));
    const items = group(tokens);
    const rows = interpret(items);
    if (rows.length === 0) throw new SyntaxFailure(0, text.length, 'type a number, or numbers separated by commas');
    // "0,46" or "0,46,0,12": commas between digits with no space and no brackets may be decimal commas.
    const decimalCommaSuspect = /\d,\d/.test(text) && !/,\s/.test(text) && !/[[(;]/.test(text);
    return { ok: true, grid: { rows, decimalCommaSuspect } };
  } catch (e) {
    if (!(e instanceof SyntaxFailure)) throw e;
    return { ok: false, error: syntaxError(text, e.offset, e.length, e.what) };
  }
}

/** An error at a place of the text, its message starting with the place. */
export function syntaxError(text: string, offset: number, length: number, what: string): AnswerSyntaxError {
  const { line, column } = lineColumn(text, offset);
  const multiline = /[\r\n]/.test(text.trim());
  const where = multiline ? `at line ${line}, column ${column}` : `at column ${column}`;
  return { message: `${where}: ${what}`, offset, length, line, column };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Where the answer starts: after a leading `name =` / `name ≈` label, else 0. */
function skipLabel(text: string): number {
  const m = /^[^=≈[\](),;\r\n]*[=≈]/.exec(text);
  if (!m) return 0;
  const label = m[0].slice(0, -1);
  // Only a name is skipped (δa₄, h_1, W_hh'), never a number: "0.5 = 0.4" stays an error.
  return /^\s*[^\s\d.+\-−–][^=≈]*$/.test(label) ? m[0].length : 0;
}

function tokenize(text: string, from: number): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (SPACES.test(c)) {
      i++;
    } else if (c === '\n' || c === '\r') {
      const end = c === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
      tokens.push({ kind: 'newline', at: i, end });
      i = end;
    } else if (c === ',' || c === ';') {
      tokens.push({ kind: c === ',' ? 'comma' : 'semi', at: i, end: i + 1 });
      i++;
    } else if (c === '[' || c === '(') {
      tokens.push({ kind: 'open', ch: c, at: i, end: i + 1 });
      i++;
    } else if (c === ']' || c === ')') {
      tokens.push({ kind: 'close', ch: c, at: i, end: i + 1 });
      i++;
    } else {
      const n = readNumber(text, i);
      tokens.push({ kind: 'num', value: n.value, at: i, end: n.end });
      i = n.end;
    }
  }
  return tokens;
}

function readNumber(text: string, start: number): { value: number; end: number } {
  let i = start;
  let sign = '';
  if (SIGNS.has(text[i])) {
    sign = text[i] === '+' ? '' : '-';
    i++;
    if (i < text.length && SPACES.test(text[i]))
      throw new SyntaxFailure(
        start,
        1,
        `a sign must touch its number (write ${text[start]}0.2, not ${text[start]} 0.2); expressions are not evaluated`,
      );
  }
  const word = /^(?:infinity|inf|∞|nan)/i.exec(text.slice(i));
  if (word) {
    const end = i + word[0].length;
    checkEnd(text, end);
    const value = word[0].toLowerCase() === 'nan' ? NaN : sign === '-' ? -Infinity : Infinity;
    return { value, end };
  }
  const mant = /^(\d*)(\.\d*)?/.exec(text.slice(i))!;
  const digits = (mant[1] ?? '') + (mant[2] ?? '').slice(1);
  if (digits.length === 0) {
    const found = text[i] === undefined ? 'the end' : `"${String.fromCodePoint(text.codePointAt(i)!)}"`;
    const why =
      text[i] === '/' || text[i] === '=' ? ' (type the value itself: fractions and expressions are not evaluated)' : '';
    throw new SyntaxFailure(i, text[i] === undefined ? 0 : 1, `expected a number, found ${found}${why}`);
  }
  i += mant[0].length;
  if (text[i] === '.') throw new SyntaxFailure(i, 1, 'a number has at most one decimal point');
  let exponent = 0;
  const e = readExponent(text, i);
  if (e) {
    exponent = e.value;
    i = e.end;
  }
  checkEnd(text, i);
  const value = Number(`${sign}${mant[1] || '0'}${mant[2] && mant[2].length > 1 ? mant[2] : ''}e${exponent}`);
  if (!Number.isFinite(value))
    throw new SyntaxFailure(start, i - start, 'this number is beyond the range of a 64-bit float');
  return { value, end: i };
}

/** `e-3`, `E+2`, `× 10^-3`, `*10^{-3}`, `·10⁻³` after a mantissa; null when none follows. */
function readExponent(text: string, at: number): { value: number; end: number } | null {
  if (text[at] === 'e' || text[at] === 'E') {
    const m = /^[eE]([+\-−–]?)(\d+)/.exec(text.slice(at));
    if (!m) throw new SyntaxFailure(at, 1, `expected the digits of an exponent after "${text[at]}" (as in 1e-3)`);
    return { value: (m[1] && m[1] !== '+' ? -1 : 1) * Number(m[2]), end: at + m[0].length };
  }
  let i = at;
  while (i < text.length && SPACES.test(text[i])) i++;
  if (!TIMES.has(text[i])) return null;
  const rest = text.slice(i);
  const caret = /^.\s*10\^(\{?)([+\-−–]?)(\d+)(\}?)/.exec(rest);
  if (caret && (caret[1] === '') === (caret[4] === ''))
    return { value: (caret[2] && caret[2] !== '+' ? -1 : 1) * Number(caret[3]), end: i + caret[0].length };
  const sup = /^.\s*10([⁺⁻]?)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/.exec(rest);
  if (sup) {
    const n = Number(Array.from(sup[2], (d) => SUPERSCRIPT.indexOf(d)).join(''));
    return { value: (sup[1] === '⁻' ? -1 : 1) * n, end: i + sup[0].length };
  }
  if (i === at && text[i] !== 'x' && text[i] !== 'X')
    throw new SyntaxFailure(i, 1, `expected 10^n after "${text[i]}" (as in 1.5 × 10^-3)`);
  return null;
}

function checkEnd(text: string, at: number): void {
  const c = text[at];
  if (c === undefined || SPACES.test(c) || ',;\r\n[]()'.includes(c)) return;
  const ch = String.fromCodePoint(text.codePointAt(at)!);
  const why = c === '/' || c === '*' ? ' (type the value itself: fractions and expressions are not evaluated)' : '';
  throw new SyntaxFailure(at, ch.length, `unexpected "${ch}" after a number${why}`);
}

/** Brackets into groups, checking they pair up; at most two levels (a matrix's rows). */
function group(tokens: readonly Token[]): Item[] {
  const stack: { open: Extract<Token, { kind: 'open' }>; items: Item[] }[] = [];
  let items: Item[] = [];
  for (const tok of tokens) {
    if (tok.kind === 'open') {
      if (stack.length === 2)
        throw new SyntaxFailure(tok.at, 1, 'too many brackets: a matrix needs two levels at most, [[1, 2], [3, 4]]');
      stack.push({ open: tok, items });
      items = [];
    } else if (tok.kind === 'close') {
      const top = stack.pop();
      if (!top) throw new SyntaxFailure(tok.at, 1, `"${tok.ch}" closes nothing`);
      if (CLOSING[top.open.ch] !== tok.ch)
        throw new SyntaxFailure(tok.at, 1, `"${tok.ch}" does not match the "${top.open.ch}" it closes`);
      const g: Group = { kind: 'group', items, at: top.open.at, end: tok.end };
      items = top.items;
      items.push(g);
    } else {
      items.push(tok);
    }
  }
  const open = stack.pop();
  if (open) throw new SyntaxFailure(open.open.at, 1, `"${open.open.ch}" is never closed`);
  return items;
}

function isSeparator(it: Item): boolean {
  return it.kind === 'comma' || it.kind === 'semi' || it.kind === 'newline';
}

/** Groups and separators into rows of numbers. */
function interpret(items: readonly Item[]): number[][] {
  let content = items;
  const solid = items.filter((it) => !isSeparator(it));
  // One bracket around everything: a vector, or a matrix of bracketed rows (separators outside it,
  // such as a trailing comma, are harmless).
  if (solid.length === 1 && solid[0].kind === 'group') content = solid[0].items;
  const groups = content.filter((it): it is Group => it.kind === 'group');
  if (groups.length === 0) return flatRows(content);
  const loose = content.find((it) => it.kind === 'num');
  if (loose)
    throw new SyntaxFailure(
      loose.at,
      loose.end - loose.at,
      'a number outside the bracketed rows: write every row in brackets, or none',
    );
  return groups.map((g) => {
    const inner = g.items.find((it) => it.kind === 'group' || it.kind === 'semi');
    if (inner)
      throw new SyntaxFailure(inner.at, 1, 'a bracketed row holds numbers only, separated by commas or spaces');
    const rows = flatRows(g.items);
    if (rows.length === 0) throw new SyntaxFailure(g.at, g.end - g.at, 'an empty row');
    return rows.flat();
  });
}

/** Numbers separated by commas/spaces, rows by `;` or new lines; empty rows are skipped. */
function flatRows(items: readonly Item[]): number[][] {
  const rows: number[][] = [];
  let row: number[] = [];
  let commaAfterNumber = false; // a comma may follow a number once (a trailing comma is fine)
  for (const it of items) {
    switch (it.kind) {
      case 'num':
        row.push(it.value);
        commaAfterNumber = false;
        break;
      case 'comma':
        if (row.length === 0 || commaAfterNumber)
          throw new SyntaxFailure(it.at, 1, 'expected a number before this comma (an empty entry)');
        commaAfterNumber = true;
        break;
      case 'semi':
      case 'newline':
        if (row.length > 0) rows.push(row);
        row = [];
        commaAfterNumber = false;
        break;
      case 'group':
        throw new SyntaxFailure(it.at, 1, 'unexpected bracket');
      default: {
        const never: never = it;
        throw new Error(`unexpected ${JSON.stringify(never)}`);
      }
    }
  }
  if (row.length > 0) rows.push(row);
  return rows;
}
