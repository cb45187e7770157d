// Display-only TeX building blocks for the equations (render.ts) and the worked example
// (explain.ts): numbers, vectors and matrices as KaTeX-compatible LaTeX, elided when large, and
// model strings made inert inside \text{…}. Nothing here changes an engine value: numbers are
// rounded only in the text they produce.
//
// A displayed operand is a `Term`: its TeX plus whether it is a plain scalar (so products of two
// scalars get a `\cdot`, and a negative scalar after an operator gets parentheses, as a derivation
// by hand writes `0.2\cdot(-0.2046)`) and how many rows it shows (for delimiters as tall as it).

export interface TexOptions {
  /** Significant digits of displayed numbers (default 6). */
  readonly digits?: number;
  /** Largest number of rows / columns shown before eliding with ⋮ / ⋯ (default 6). */
  readonly maxRows?: number;
  readonly maxCols?: number;
}

export interface Term {
  readonly tex: string;
  /** A single number (1-element vector or 1×1 matrix), shown without a matrix. */
  readonly scalar: boolean;
  /** A bare negative number: needs parentheses when it follows an operator. */
  readonly negative: boolean;
  /** Rows shown (1 for a number or a row vector; a column of 128 elided to 6 shows 6). */
  readonly rows: number;
}

const DEFAULT_DIGITS = 6;
const DEFAULT_MAX = 6;

/** Escapes a model string (a token, a class, a name) for use inside `\text{…}`. Every TeX special
 *  becomes a literal character, so a token such as `\href{javascript:…}{x}` is shown, never run.
 *  Ligature characters are braced so `--` and `''` show as typed. */
export function texEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    switch (ch) {
      case '\\':
        out += '\\textbackslash{}';
        break;
      case '{':
        out += '\\{';
        break;
      case '}':
        out += '\\}';
        break;
      case '$':
        out += '\\$';
        break;
      case '%':
        out += '\\%';
        break;
      case '&':
        out += '\\&';
        break;
      case '#':
        out += '\\#';
        break;
      case '_':
        out += '\\_';
        break;
      case '^':
        out += '\\textasciicircum{}';
        break;
      case '~':
        out += '\\textasciitilde{}';
        break;
      case '-':
      case "'":
      case '`':
        out += `{${ch}}`;
        break;
      default: {
        const code = ch.codePointAt(0) ?? 0;
        // Control characters (and the Unicode line/paragraph separators) have no glyph; KaTeX rejects some.
        out += code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0x2028 || code === 0x2029 ? ' ' : ch;
      }
    }
  }
  return out;
}

/** A model string as math: `\text{…}`, escaped. */
export function texText(s: string): string {
  return `\\text{${texEscape(s)}}`;
}

/** A parameter or other underscore name as math: `W_hh` → `W_{hh}`, `b_xn` → `b_{xn}`. */
export function texName(name: string): string {
  const u = name.indexOf('_');
  return u < 0 ? name : `${name.slice(0, u)}_{${name.slice(u + 1)}}`;
}

/** A number for display: `digits` significant digits, trailing zeros dropped, exponents as ×10ⁿ;
 *  `digits` ≥ 17 gives the exact shortest representation. */
export function fmtNum(x: number, digits: number = DEFAULT_DIGITS): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (x === Infinity) return '\\infty';
  if (x === -Infinity) return '-\\infty';
  if (x === 0) return '0';
  // 17 digits or more: the shortest text that reads back as exactly this double (0.1, not 0.10…01).
  const s = digits >= 17 ? String(x) : x.toPrecision(Math.max(1, digits));
  const e = s.indexOf('e');
  if (e < 0) return stripZeros(s);
  const mant = stripZeros(s.slice(0, e));
  const exp = Number(s.slice(e + 1));
  return `${mant} \\times 10^{${exp}}`;
}

/** The same number as plain text (for titles, tooltips and the CLI). */
export function fmtPlain(x: number, digits: number = DEFAULT_DIGITS): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const s = digits >= 17 ? String(x) : x.toPrecision(Math.max(1, digits));
  const e = s.indexOf('e');
  return e < 0 ? stripZeros(s) : `${stripZeros(s.slice(0, e))}e${s.slice(e + 1)}`;
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

/** A scalar term. */
function num(x: number, o?: TexOptions): Term {
  return { tex: fmtNum(x, o?.digits), scalar: true, negative: x < 0 || x === -Infinity, rows: 1 };
}

/** Which indices of a dimension of length n are shown, with -1 marking the elision. */
function shownIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const tail = Math.max(1, Math.floor((max - 1) / 2));
  const head = Math.max(1, max - 1 - tail);
  const out: number[] = [];
  for (let i = 0; i < head; i++) out.push(i);
  out.push(-1);
  for (let i = n - tail; i < n; i++) out.push(i);
  return out;
}

/** A rows×cols matrix read through `at` (so a transpose needs no copy); a single number when it
 *  has one element. */
export function matrixTerm(rows: number, cols: number, at: (r: number, c: number) => number, o?: TexOptions): Term {
  if (rows * cols === 1) return num(at(0, 0), o);
  const rs = shownIndices(rows, o?.maxRows ?? DEFAULT_MAX);
  const cs = shownIndices(cols, o?.maxCols ?? DEFAULT_MAX);
  const lines = rs.map((r) =>
    cs
      .map((c) => (r < 0 ? (c < 0 ? '\\ddots' : '\\vdots') : c < 0 ? '\\cdots' : fmtNum(at(r, c), o?.digits)))
      .join(' & '),
  );
  return {
    tex: `\\begin{pmatrix} ${lines.join(' \\\\ ')} \\end{pmatrix}`,
    scalar: false,
    negative: false,
    rows: rs.length,
  };
}

/** A rows×cols matrix (row-major), optionally shown transposed. */
export function mat(data: ArrayLike<number>, rows: number, cols: number, o?: TexOptions, transpose = false): Term {
  return transpose
    ? matrixTerm(cols, rows, (r, c) => data[c * cols + r], o)
    : matrixTerm(rows, cols, (r, c) => data[r * cols + c], o);
}

/** A tensor by its shape ([n] → column vector, [r, c] → matrix). */
export function tensorTex(shape: readonly number[], data: ArrayLike<number>, o?: TexOptions, transpose = false): Term {
  if (shape.length === 2) return mat(data, shape[0], shape[1], o, transpose);
  return mat(data, data.length, 1, o);
}
