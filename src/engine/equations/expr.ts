// The expression tree of an equation: built once per step from the trace, then rendered as
// symbolic TeX, as TeX with the recorded numbers (render.ts), and evaluated (evaluate.ts) — so what
// the panel shows is what the tree computes, and a test can check that it equals what the engine
// recorded. Leaves are recorded tensors, each naming which one (phase and timestep, as a TensorRef)
// and carrying its numbers; inner nodes are the few operations the cells need.
//
// Shapes: every value is rows × cols, row-major; a vector is a column (n × 1), a scalar 1 × 1. A
// 1 × 1 operand broadcasts in sums, element-wise products and the like, and scales in a product.

import type { TensorRef } from '../trace/trace';

/** A recorded tensor: its reference, its symbol and its numbers (row-major, rows × cols). */
export interface TensorLeaf {
  readonly op: 'tensor';
  readonly ref: TensorRef;
  /** Step index at which the value is read: the step's own, or the one before for a gradient
   *  sum "before" this step's term is added. */
  readonly at: number;
  /** For a one-hot input's column of a gradient (δW_xh[:, token]): the column of `ref` shown. */
  readonly column?: number;
  readonly sym: string;
  /** TeX of the symbolic square when it is not `sym^{2}` (tanh c_t → \tanh^{2}(c_{t})). */
  readonly squared?: string;
  readonly rows: number;
  readonly cols: number;
  readonly data: ArrayLike<number>;
  /** A scalar written before what it scales, like a constant (κ in η κ δW). */
  readonly coefficient?: boolean;
}

/** A number that is not a tensor of the trace: 1, ½, 1/n, η, clipNorm, 10⁻⁶. */
export interface ConstLeaf {
  readonly op: 'const';
  readonly value: number;
  /** Its symbolic TeX (`\eta`, `1`, `\frac{1}{4}`). */
  readonly sym: string;
  /** Its numeric TeX when not the number itself (`10^{-6}`, `\frac{1}{4}`). */
  readonly tex?: string;
  /** Written against what follows without `\cdot` (a fraction before a parenthesis). */
  readonly juxtapose?: boolean;
}

export type FnName = 'tanh' | 'sigma' | 'relu' | 'softmax' | 'log' | 'sqrt' | 'step';

export type Expr =
  | TensorLeaf
  | ConstLeaf
  /** A sum; with `maxTerms`, shown as its first terms, ⋯ and the last (all are evaluated). */
  | { readonly op: 'add'; readonly terms: readonly Expr[]; readonly maxTerms?: number }
  | { readonly op: 'sub'; readonly a: Expr; readonly b: Expr }
  /** A product: matrix × matrix/vector, or a scalar times anything. */
  | { readonly op: 'mul'; readonly factors: readonly Expr[] }
  /** An element-wise (Hadamard) product. */
  | { readonly op: 'had'; readonly factors: readonly Expr[] }
  | { readonly op: 'div'; readonly num: Expr; readonly den: Expr }
  | { readonly op: 'neg'; readonly arg: Expr }
  | { readonly op: 'fn'; readonly fn: FnName; readonly arg: Expr }
  /** Element-wise square. */
  | { readonly op: 'sq'; readonly arg: Expr }
  /** Squared L2 norm (a scalar). */
  | { readonly op: 'norm2'; readonly arg: Expr }
  /** One element of a vector, named by a label: p_t[class]. */
  | { readonly op: 'pick'; readonly arg: TensorLeaf; readonly index: number; readonly label: string }
  /** W x_t for a one-hot x_t: the column of W at x_t's token. */
  | {
      readonly op: 'select';
      readonly w: TensorLeaf;
      readonly x: TensorLeaf;
      readonly col: number;
      readonly token: string;
    }
  | { readonly op: 'transpose'; readonly arg: TensorLeaf }
  /** Element-wise minimum. */
  | { readonly op: 'min'; readonly args: readonly Expr[] }
  /** Symbolically the expression; with the numbers, its computed value. */
  | { readonly op: 'fold'; readonly arg: Expr }
  /** Symbolically `sym` (a compact form such as Σ_t ℓ_t); with the numbers, the expression. */
  | { readonly op: 'named'; readonly sym: string; readonly arg: Expr };

/** `lhs = rhs` (or `lhs += rhs` for a gradient sum), and with the numbers
 *  `lhs = chain[0] = chain[1] = … = result`: every element of `chain` equals the last, which is
 *  the value the engine recorded. */
export interface Statement {
  readonly lhs: string;
  /** The left side with the numbers, when it differs (δW_xh[:, token] for a one-hot input). */
  readonly numericLhs?: string;
  readonly accumulate?: boolean;
  readonly rhs: Expr;
  readonly chain: readonly Expr[];
  /** A remark after the symbolic form: `η = 0.1`, or in parentheses `(no target at t = 2)`. */
  readonly note?: { readonly tex: string; readonly paren: boolean };
  /** Fewer rows/columns for this statement's matrices (a step with many parameters stays short). */
  readonly maxShown?: number;
}

export interface EquationTree {
  readonly statements: readonly Statement[];
  /** On one line, separated by commas, rather than aligned at their `=` (‖g‖², ‖g‖ and κ read as
   *  one sentence). */
  readonly inline?: boolean;
}

// ── Constructors ─────────────────────────────────────────────────────────────────────────────

export function constant(value: number, sym: string = String(value), tex?: string, juxtapose?: boolean): ConstLeaf {
  return { op: 'const', value, sym, ...(tex === undefined ? {} : { tex }), ...(juxtapose ? { juxtapose } : {}) };
}

/** 1/n written as a fraction before what it scales. */
export function reciprocal(n: number): ConstLeaf {
  const tex = `\\frac{1}{${n}}`;
  return constant(1 / n, tex, tex, true);
}

export const add = (...terms: Expr[]): Expr => (terms.length === 1 ? terms[0] : { op: 'add', terms });
export const sub = (a: Expr, b: Expr): Expr => ({ op: 'sub', a, b });
export const mul = (...factors: Expr[]): Expr => (factors.length === 1 ? factors[0] : { op: 'mul', factors });
export const had = (...factors: Expr[]): Expr => (factors.length === 1 ? factors[0] : { op: 'had', factors });
export const div = (num: Expr, den: Expr): Expr => ({ op: 'div', num, den });
export const neg = (arg: Expr): Expr => ({ op: 'neg', arg });
export const fn = (name: FnName, arg: Expr): Expr => ({ op: 'fn', fn: name, arg });
export const sq = (arg: Expr): Expr => ({ op: 'sq', arg });
export const norm2 = (arg: Expr): Expr => ({ op: 'norm2', arg });
export const transpose = (arg: TensorLeaf): Expr => ({ op: 'transpose', arg });
export const min = (...args: Expr[]): Expr => ({ op: 'min', args });
export const fold = (arg: Expr): Expr => ({ op: 'fold', arg });
export const named = (sym: string, arg: Expr): Expr => ({ op: 'named', sym, arg });
export const pick = (arg: TensorLeaf, index: number, label: string): Expr => ({ op: 'pick', arg, index, label });
export const select = (w: TensorLeaf, x: TensorLeaf, col: number, token: string): Expr => ({
  op: 'select',
  w,
  x,
  col,
  token,
});

/** 1 − x */
export const oneMinus = (x: Expr): Expr => sub(constant(1), x);
/** σ′ written through the gate's value: s ⊙ (1 − s). */
export const sigmaPrime = (s: Expr): Expr => had(s, oneMinus(s));

/** Every tensor leaf of an expression, in reading order (the operands of a step's equation). */
export function leaves(e: Expr, out: TensorLeaf[] = []): TensorLeaf[] {
  switch (e.op) {
    case 'tensor':
      out.push(e);
      break;
    case 'const':
      break;
    case 'add':
      for (const t of e.terms) leaves(t, out);
      break;
    case 'sub':
      leaves(e.a, out);
      leaves(e.b, out);
      break;
    case 'mul':
    case 'had':
      for (const f of e.factors) leaves(f, out);
      break;
    case 'div':
      leaves(e.num, out);
      leaves(e.den, out);
      break;
    case 'min':
      for (const a of e.args) leaves(a, out);
      break;
    case 'select':
      out.push(e.w, e.x);
      break;
    case 'neg':
    case 'fn':
    case 'sq':
    case 'norm2':
    case 'pick':
    case 'transpose':
    case 'fold':
    case 'named':
      leaves(e.arg, out);
      break;
    default:
      return assertNever(e);
  }
  return out;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
