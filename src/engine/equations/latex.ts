// Display-only TeX building blocks for the equations (equations.ts) and the worked example
// (explain.ts): numbers, vectors and matrices as KaTeX-compatible LaTeX, elided when large, and
// model strings made inert inside \text{…}. Nothing here changes an engine value: numbers are
// rounded only in the text they produce.
//
// A displayed operand is a `Term`: its TeX plus whether it is a plain scalar (so products of two
// scalars get a `\cdot`, and a negative scalar after an operator gets parentheses, as a derivation
// by hand writes `0.2\cdot(-0.2046)`).

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
export function num(x: number, o?: TexOptions): Term {
  return { tex: fmtNum(x, o?.digits), scalar: true, negative: x < 0 || x === -Infinity };
}

/** A symbolic term (never needs parentheses). */
export function sym(tex: string, scalar = false): Term {
  return { tex, scalar, negative: false };
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

/** A rows×cols matrix stored row-major in `data` (read through `at`, so a transpose needs no copy). */
function pmatrix(rows: number, cols: number, at: (r: number, c: number) => number, o?: TexOptions): string {
  const rs = shownIndices(rows, o?.maxRows ?? DEFAULT_MAX);
  const cs = shownIndices(cols, o?.maxCols ?? DEFAULT_MAX);
  const lines = rs.map((r) =>
    cs
      .map((c) => (r < 0 ? (c < 0 ? '\\ddots' : '\\vdots') : c < 0 ? '\\cdots' : fmtNum(at(r, c), o?.digits)))
      .join(' & '),
  );
  return `\\begin{pmatrix} ${lines.join(' \\\\ ')} \\end{pmatrix}`;
}

/** A vector as a column (a single number when it has one element). */
export function vec(data: ArrayLike<number>, o?: TexOptions): Term {
  if (data.length === 1) return num(data[0], o);
  return sym(pmatrix(data.length, 1, (r) => data[r], o));
}

/** A vector as a row (the transpose of a column): `h^⊤` in an outer product. */
export function rowVec(data: ArrayLike<number>, o?: TexOptions): Term {
  if (data.length === 1) return num(data[0], o);
  return sym(pmatrix(1, data.length, (_r, c) => data[c], o));
}

/** A rows×cols matrix (row-major), optionally shown transposed. */
export function mat(data: ArrayLike<number>, rows: number, cols: number, o?: TexOptions, transpose = false): Term {
  if (rows * cols === 1) return num(data[0], o);
  return transpose
    ? sym(pmatrix(cols, rows, (r, c) => data[c * cols + r], o))
    : sym(pmatrix(rows, cols, (r, c) => data[r * cols + c], o));
}

/** A tensor by its shape ([n] → column vector, [r, c] → matrix). */
export function tensorTex(shape: readonly number[], data: ArrayLike<number>, o?: TexOptions, transpose = false): Term {
  if (shape.length === 2) return mat(data, shape[0], shape[1], o, transpose);
  return vec(data, o);
}

/** A term placed after an operator: a bare negative number gets parentheses. */
function operand(t: Term): string {
  return t.negative ? `(${t.tex})` : t.tex;
}

/** A product: two scalars (or a scalar and a matrix) joined by `\cdot`, matrices juxtaposed. */
export function mul(...ts: Term[]): Term {
  let tex = '';
  ts.forEach((t, i) => {
    if (i === 0) tex = t.tex;
    else tex += ts[i - 1].scalar || t.scalar ? ` \\cdot ${operand(t)}` : ` ${t.tex}`;
  });
  // A leading negative factor needs parentheses once the product itself is an operand.
  const first = ts[0];
  if (ts.length > 1 && first.negative) tex = `(${first.tex})` + tex.slice(first.tex.length);
  return { tex, scalar: ts.every((t) => t.scalar), negative: false };
}

/** An element-wise product (`\odot`; a plain `\cdot` between scalars). */
export function had(...ts: Term[]): Term {
  const allScalar = ts.every((t) => t.scalar);
  const op = allScalar ? ' \\cdot ' : ' \\odot ';
  return {
    tex: ts.map((t, i) => (i === 0 ? (ts.length > 1 && t.negative ? `(${t.tex})` : t.tex) : operand(t))).join(op),
    scalar: allScalar,
    negative: false,
  };
}

/** A sum; a bare negative number is written as a subtraction (`0.8 - 0.3`). */
export function add(...ts: Term[]): Term {
  let tex = '';
  ts.forEach((t, i) => {
    if (i === 0) tex = t.tex;
    else if (t.negative && t.tex.startsWith('-')) tex += ` - ${t.tex.slice(1)}`;
    else tex += ` + ${t.tex}`;
  });
  return { tex, scalar: ts.every((t) => t.scalar), negative: ts.length === 1 && ts[0].negative };
}

/** A difference a − b. */
export function sub(a: Term, b: Term): Term {
  return { tex: `${a.tex} - ${operand(b)}`, scalar: a.scalar && b.scalar, negative: false };
}

/** f(…) around a term: `\tanh(…)`, `\sigma(…)`. Matrices get stretchy parentheses. */
export function fn(name: string, t: Term): Term {
  return { tex: t.scalar ? `${name}(${t.tex})` : `${name}\\left(${t.tex}\\right)`, scalar: t.scalar, negative: false };
}

/** A term in parentheses (stretchy around matrices). */
export function paren(t: Term): Term {
  return { tex: t.scalar ? `(${t.tex})` : `\\left(${t.tex}\\right)`, scalar: t.scalar, negative: false };
}

/** `a = b = c …` on one line. */
export function chain(...parts: (Term | string)[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.tex)).join(' = ');
}

/** Several equations aligned at their first `=` (KaTeX `aligned`). A single line stays plain. */
export function aligned(lines: readonly string[]): string {
  if (lines.length === 1) return lines[0];
  const rows = lines.map((l) => {
    const m = /\s(=|\\mathrel\{\+\}=)\s/.exec(l);
    return m ? `${l.slice(0, m.index)} &${l.slice(m.index)}` : `&${l}`;
  });
  return `\\begin{aligned} ${rows.join(' \\\\ ')} \\end{aligned}`;
}

/** Element-wise map of a vector for display only (e.g. 1 − h², σ′ = s(1 − s)). */
export function mapVec(data: ArrayLike<number>, f: (x: number, i: number) => number): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = f(data[i], i);
  return out;
}
