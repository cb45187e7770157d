// Renders an equation's expression tree (expr.ts) as KaTeX-compatible TeX: symbolically
// (`h_{1} = \tanh(a_{1})`) or with the recorded numbers (`h_{1} = \tanh(0.5) = 0.462117`), the way
// a derivation by hand writes them — a product of two scalars with `\cdot`, a negative scalar after an operator
// in parentheses, a negative term as a subtraction, matrices as matrices, elided when large.
//
// The `breakable` form is the panel's: a parenthesis around a matrix is written as a pair of
// `\mathopen{\left( \vphantom{…} \right.}` … `\mathclose{…}` atoms, as tall as what they hold, so
// that every operator of the formula stays at its top level — where KaTeX's inline math lets the
// browser wrap the line (after any +, −, ⊙, · or =) to the width of the panel.

import { evaluate } from './evaluate';
import { assertNever, type Expr, type FnName, type Statement } from './expr';
import { fmtNum, matrixTerm, type TexOptions } from './latex';

export interface RenderOptions extends TexOptions {
  /** false: the symbols; true: the recorded numbers. */
  readonly numeric: boolean;
  readonly breakable?: boolean;
}

/** A rendered subexpression: its TeX and what the operators around it need to know. */
interface R {
  readonly tex: string;
  /** Shows as one number (numeric), so products with it take `\cdot`. */
  readonly scalar: boolean;
  /** Begins with a minus sign of its own: parenthesized after an operator. */
  readonly negative: boolean;
  /** 0: a sum, 1: a product, 2: an atom. */
  readonly prec: 0 | 1 | 2;
  /** Matrix rows shown, for delimiters as tall as the content. */
  readonly rows: number;
}

const atom = (tex: string, scalar: boolean, rows = 1, negative = false): R => ({
  tex,
  scalar,
  negative,
  prec: 2,
  rows,
});
const maxRows = (rs: readonly R[]): number => rs.reduce((m, r) => Math.max(m, r.rows), 1);

export function renderExpr(e: Expr, o: RenderOptions): string {
  return render(e, o).tex;
}

function render(e: Expr, o: RenderOptions): R {
  const sub = (x: Expr): R => render(x, o);
  switch (e.op) {
    case 'tensor': {
      if (!o.numeric) return atom(e.sym, e.rows * e.cols === 1);
      const t = matrixTerm(e.rows, e.cols, (r, c) => e.data[r * e.cols + c], o);
      return atom(t.tex, t.scalar, t.rows, t.negative);
    }
    case 'const': {
      if (!o.numeric) return atom(e.sym, true);
      if (e.tex !== undefined) return atom(e.tex, true);
      return atom(fmtNum(e.value, o.digits), true, 1, e.value < 0);
    }
    case 'add':
      return sum(e.terms.map(sub), e.maxTerms);
    case 'sub': {
      const a = sub(e.a);
      const b = sub(e.b);
      const rhs = b.prec === 0 ? paren(b, o) : operand(b);
      return {
        tex: `${a.tex} - ${rhs}`,
        scalar: a.scalar && b.scalar,
        negative: false,
        prec: 0,
        rows: maxRows([a, b]),
      };
    }
    case 'mul':
      return product(e.factors, o);
    case 'had': {
      const fs = e.factors.map(sub);
      const allScalar = fs.every((f) => f.scalar);
      const op = o.numeric && allScalar ? ' \\cdot ' : ' \\odot ';
      const tex = fs.map((f) => (f.prec === 0 ? paren(f, o) : operand(f))).join(op);
      return { tex, scalar: allScalar, negative: false, prec: 1, rows: maxRows(fs) };
    }
    case 'div': {
      const n = sub(e.num);
      const d = sub(e.den);
      return atom(`\\frac{${n.tex}}{${d.tex}}`, n.scalar && d.scalar, 1);
    }
    case 'neg': {
      const a = sub(e.arg);
      const tex = `-${a.prec === 0 ? paren(a, o) : operand(a)}`;
      return { tex, scalar: a.scalar, negative: true, prec: 1, rows: a.rows };
    }
    case 'fn':
      return func(e.fn, e.arg, o);
    case 'sq': {
      if (!o.numeric && e.arg.op === 'tensor' && e.arg.squared) return atom(e.arg.squared, true);
      const a = sub(e.arg);
      return atom(`${a.negative || a.prec < 2 ? paren(a, o) : a.tex}^{2}`, a.scalar, a.rows);
    }
    case 'norm2': {
      const a = sub(e.arg);
      if (!o.numeric) return atom(`\\lVert ${a.tex} \\rVert^{2}`, true);
      return atom(`${delimit(a, '\\lVert', '\\rVert', o, true)}^{2}`, true, a.rows);
    }
    case 'pick': {
      if (!o.numeric) return atom(`${e.arg.sym}[${e.label}]`, true);
      const x = e.arg.data[e.index];
      return atom(fmtNum(x, o.digits), true, 1, x < 0);
    }
    case 'select': {
      if (!o.numeric) return { tex: `${e.w.sym} ${e.x.sym}`, scalar: false, negative: false, prec: 1, rows: 1 };
      const { w, col } = e;
      const t = matrixTerm(w.rows, 1, (r) => w.data[r * w.cols + col], o);
      return atom(`\\underbrace{${t.tex}}_{${w.sym}[:,\\,${e.token}]}`, t.scalar, t.rows);
    }
    case 'transpose': {
      const a = e.arg;
      if (!o.numeric) return atom(`${a.sym}^{\\top}`, a.rows * a.cols === 1);
      const t = matrixTerm(a.cols, a.rows, (r, c) => a.data[c * a.cols + r], o);
      return atom(t.tex, t.scalar, t.rows, t.negative);
    }
    case 'min': {
      const as = e.args.map(sub);
      return atom(`\\min\\left(${as.map((a) => a.tex).join(', ')}\\right)`, true);
    }
    case 'fold': {
      if (!o.numeric) return sub(e.arg);
      const v = evaluate(e.arg);
      const t = matrixTerm(v.rows, v.cols, (r, c) => v.data[r * v.cols + c], o);
      return atom(t.tex, t.scalar, t.rows, t.negative);
    }
    case 'named':
      return o.numeric ? sub(e.arg) : atom(e.sym, true);
    default:
      return assertNever(e);
  }
}

/** A term placed after an operator: a bare negative number gets parentheses. */
function operand(r: R): string {
  return r.negative ? `(${r.tex})` : r.tex;
}

/** Delimiters around a term: plain around a scalar or a symbol, as tall as a matrix otherwise —
 *  in the breakable form as two atoms sized by a phantom, so the content stays at the top level. */
function delimit(r: R, left: string, right: string, o: RenderOptions, stretchScalar = false): string {
  // A control word (\lVert) needs a space before what follows it; a parenthesis does not.
  const sp = left.startsWith('\\') ? ' ' : '';
  if (!o.numeric || (r.scalar && !stretchScalar)) return `${left}${sp}${r.tex}${sp}${right}`;
  if (!o.breakable) return `\\left${left}${sp}${r.tex}${sp}\\right${right}`;
  if (r.scalar) return `${left}${sp}${r.tex}${sp}${right}`;
  const phantom = `\\vphantom{\\begin{pmatrix} ${new Array<string>(r.rows).fill('0').join(' \\\\ ')} \\end{pmatrix}}`;
  return `\\mathopen{\\left${left}${phantom}\\right.} ${r.tex} \\mathclose{\\left.${phantom}\\right${right}}`;
}

function paren(r: R, o: RenderOptions): string {
  if (!o.numeric || r.scalar) return `(${r.tex})`;
  return delimit(r, '(', ')', o);
}

function sum(ts: readonly R[], maxTerms: number | undefined): R {
  const shown: (R | null)[] =
    maxTerms !== undefined && ts.length > maxTerms
      ? [...ts.slice(0, Math.max(1, maxTerms - 2)), null, ts[ts.length - 1]]
      : [...ts];
  let tex = '';
  shown.forEach((t, i) => {
    if (i === 0) tex = t ? t.tex : '\\cdots';
    else if (t === null) tex += ' + \\cdots';
    else if (t.negative && t.tex.startsWith('-')) tex += ` - ${t.tex.slice(1)}`;
    else tex += ` + ${t.tex}`;
  });
  const single = ts.length === 1;
  return {
    tex,
    scalar: ts.every((t) => t.scalar),
    negative: single && ts[0].negative,
    prec: single ? ts[0].prec : 0,
    rows: maxRows(ts),
  };
}

/** A product: scalars joined by `\cdot`, matrices juxtaposed; symbolically juxtaposed, with a thin
 *  space after a constant (η δW) or before a transposed operand (δy h^⊤). */
function product(factors: readonly Expr[], o: RenderOptions): R {
  const fs = factors.map((f) => render(f, o));
  let tex = '';
  fs.forEach((f, i) => {
    const t = f.prec === 0 ? paren(f, o) : f.tex;
    if (i === 0) {
      tex = fs.length > 1 && f.negative ? `(${t})` : t;
      return;
    }
    const prevExpr = factors[i - 1];
    // ½‖…‖², 1/n (…): a fraction written against a parenthesis or a norm (a bare number gets ·).
    const juxtapose =
      prevExpr.op === 'const' && prevExpr.juxtapose && (!o.numeric || f.prec === 0 || factors[i].op === 'norm2');
    if (juxtapose) tex += t;
    else if (o.numeric) tex += fs[i - 1].scalar || f.scalar ? ` \\cdot ${f.prec === 0 ? t : operand(f)}` : ` ${t}`;
    else if (coefficient(prevExpr)) tex += coefficient(factors[i]) ? `\\,${t}` : `\\, ${t}`;
    else tex += factors[i].op === 'transpose' ? `\\, ${t}` : ` ${t}`;
  });
  return {
    tex,
    scalar: fs.every((f) => f.scalar),
    negative: false,
    prec: fs.length > 1 ? 1 : fs[0].prec,
    rows: maxRows(fs),
  };
}

/** A scalar written before what it scales: η, κ. */
const coefficient = (e: Expr): boolean => e.op === 'const' || (e.op === 'tensor' && e.coefficient === true);

const FN_TEX: Record<Exclude<FnName, 'relu' | 'log' | 'sqrt' | 'step'>, string> = {
  tanh: '\\tanh',
  sigma: '\\sigma',
  softmax: '\\operatorname{softmax}',
};

function func(name: FnName, arg: Expr, o: RenderOptions): R {
  const a = render(arg, o);
  switch (name) {
    case 'tanh':
    case 'sigma':
    case 'softmax':
      return atom(`${FN_TEX[name]}${paren(a, o)}`, a.scalar, a.rows);
    case 'relu': {
      const inner: R = { ...a, tex: `0, ${a.tex}` };
      return atom(`\\max${paren(inner, o)}`, a.scalar, a.rows);
    }
    case 'log':
      return atom(!o.numeric && a.prec === 2 ? `\\log ${a.tex}` : `\\log${paren(a, o)}`, a.scalar, a.rows);
    case 'sqrt':
      return atom(`\\sqrt{${a.tex}}`, a.scalar, a.rows);
    case 'step': {
      if (!o.numeric) return atom(`\\mathbb{1}[${a.tex} > 0]`, a.scalar);
      const v = evaluate({ op: 'fn', fn: 'step', arg });
      const t = matrixTerm(v.rows, v.cols, (r, c) => v.data[r * v.cols + c], o);
      return atom(t.tex, t.scalar, t.rows);
    }
    default:
      return assertNever(name);
  }
}

// ── Statements ───────────────────────────────────────────────────────────────────────────────

function statementOptions(s: Statement, o: RenderOptions): RenderOptions {
  if (!s.maxShown || !o.numeric) return o;
  return {
    ...o,
    maxRows: Math.min(o.maxRows ?? 6, s.maxShown),
    maxCols: Math.min(o.maxCols ?? 6, s.maxShown),
  };
}

/** One statement as `lhs`, its relation and the rest (`= e1 = … = result`, or the symbolic form). */
function statementParts(s: Statement, o: RenderOptions): { lhs: string; rel: string; rest: string } {
  const so = statementOptions(s, o);
  if (o.numeric)
    return { lhs: s.numericLhs ?? s.lhs, rel: '=', rest: s.chain.map((e) => renderExpr(e, so)).join(' = ') };
  let rest = renderExpr(s.rhs, so);
  if (s.note) {
    const brk = o.breakable ? '\\allowbreak' : '';
    rest += s.note.paren ? ` ${brk}\\quad (${s.note.tex})` : `, ${brk}\\quad ${s.note.tex}`;
  }
  return { lhs: s.lhs, rel: s.accumulate ? '\\mathrel{+}=' : '=', rest };
}

/** Each statement as its own line of TeX. */
export function renderLines(statements: readonly Statement[], o: RenderOptions): string[] {
  return statements.map((s) => {
    const p = statementParts(s, o);
    return `${p.lhs} ${p.rel} ${p.rest}`;
  });
}

/** The statements as one formula: a single line, or several aligned at their relation (or, with
 *  `inline`, one after the other). */
export function renderJoined(statements: readonly Statement[], o: RenderOptions, inline = false): string {
  if (statements.length === 1) return renderLines(statements, o)[0];
  if (inline) return renderLines(statements, o).join(', \\quad ');
  const rows = statements.map((s) => {
    const p = statementParts(s, o);
    return `${p.lhs} & ${p.rel} ${p.rest}`;
  });
  return `\\begin{aligned} ${rows.join(' \\\\ ')} \\end{aligned}`;
}
