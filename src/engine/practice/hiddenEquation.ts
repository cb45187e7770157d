// A step's equation with the numbers substituted but its result hidden — the second rung of the
// hint ladder and the exercise sheet's question: `h_{2} = \tanh(0.2 \cdot 0.462 - 0.3 + 0) =
// \boxed{?}`. Built on the stepper's own equations (equations.ts's stepEquation), so the operands
// shown are exactly the panel's: each statement keeps its left side and its first substituted
// form, its later forms (which would give intermediate results away) are dropped, and its result
// becomes `\boxed{?}` — or a matrix of `?` of the same shape, so the learner still sees whether a
// vector or a matrix is asked. A value the step computes that reappears as an operand of a later
// statement (δh_tᵒᵘᵗ in δh_t = δh_tᵒᵘᵗ + δh_tⁿᵉˣᵗ, ‖g‖ in κ) is shown by its symbol instead.

import { stepEquation, type EquationOptions } from '../equations/equations';
import { fmtNum, tensorTex, texName } from '../equations/latex';
import { valueAt } from '../trace/stepValues';
import { seriesInfo, type Step, type TensorRef, type Trace } from '../trace/trace';

export interface HiddenEquation {
  /** The formula with symbols only (as the stepper shows it). */
  readonly symbolic: string;
  /** The formula with the numbers substituted and every result of the step hidden. */
  readonly numeric: string;
  /** The same, one line per statement (the stepper panel typesets them one under another). */
  readonly lines: readonly string[];
}

/** Results of a statement that a later statement of the same step reads: δh_t = δh_tᵒᵘᵗ + δh_tⁿᵉˣᵗ
 *  and κ = min(1, clipNorm / (‖g‖ + 10⁻⁶)). Only these are replaced, so an operand that merely
 *  equals a result (δW_xh[:, x] = 0 + δa_t at t = T) stays a number. */
const READ_LATER = new Set(['dh_out', 'gradNorm']);

export function hiddenStepEquation(trace: Trace, stepIndex: number, opts: EquationOptions = {}): HiddenEquation {
  const eq = stepEquation(trace, stepIndex, opts);
  const step = trace.steps[stepIndex];
  const substitutions = computedValues(trace, step, opts);
  const rows = statements(eq.numeric).map((s) => hideStatement(s, substitutions));
  const numeric =
    rows.length === 1 ? rows[0].replace(' &= ', ' = ') : `\\begin{aligned} ${rows.join(' \\\\ ')} \\end{aligned}`;
  return { symbolic: eq.symbolic, numeric, lines: rows.map(removeAlignment) };
}

/** The TeX of a value as the equations render it, and the symbol it is replaced by. */
interface Substitution {
  readonly tex: string;
  readonly symbol: string;
}

function computedValues(trace: Trace, step: Step, opts: EquationOptions): Substitution[] {
  const out: Substitution[] = [];
  for (const ref of step.writes) {
    if (!READ_LATER.has(ref.name)) continue;
    const v = valueAt(trace, ref, step.index);
    if (!v) continue;
    const tex = v.data.length === 1 ? fmtNum(v.data[0], opts.digits) : tensorTex(v.shape, v.data, opts).tex;
    out.push({ tex, symbol: refTex(trace, ref) });
  }
  return out;
}

/** A value's symbol in TeX: h_{2}, \delta a^{o}_{3}, \delta W_{hh}, W_{hh}', \lVert g \rVert. */
export function refTex(trace: Trace, ref: TensorRef): string {
  const { name, t } = ref;
  if (t !== undefined) {
    if (name === 'loss') return `\\ell_{${t}}`;
    const info = seriesInfo(trace.model.cell, name);
    return info ? info.tex.replace(/\{t-1\}/g, `{${t - 1}}`).replace(/\{t\}/g, `{${t}}`) : `${name}_{${t}}`;
  }
  switch (name) {
    case 'L':
      return 'L';
    case 'gradNorm':
      return '\\lVert g \\rVert';
    case 'clipFactor':
      return '\\kappa';
    case 'dh0':
      return '\\delta h_{0}';
    case 'dc0':
      return '\\delta c_{0}';
  }
  if (name.endsWith("'")) return `${texName(name.slice(0, -1))}'`;
  if (name.startsWith('d')) return `\\delta ${texName(name.slice(1))}`;
  return texName(name);
}

/** The statements of a numeric equation: the rows of an `aligned`, each split at `, \quad`. */
function statements(numeric: string): string[] {
  const m = /^\\begin\{aligned\}\s*([\s\S]*?)\s*\\end\{aligned\}$/.exec(numeric.trim());
  const rows = m ? splitTop(m[1], ' \\\\ ') : [numeric];
  return rows.flatMap((r) => splitTop(r, ', \\quad ')).map(removeAlignment);
}

function hideStatement(statement: string, subs: readonly Substitution[]): string {
  const parts = splitTop(statement, ' = ');
  if (parts.length < 2) return statement;
  const lhs = parts[0];
  const result = parts[parts.length - 1];
  const shown = parts.length > 2 ? [substitute(parts[1], subs)] : [];
  return [`${lhs} &`, ...shown, hideNumbers(result)].join(' = ').replace(' & = ', ' &= ');
}

/** Every number of a result replaced by `?`; a lone number becomes a box. */
export function hideNumbers(tex: string): string {
  const q = tex.replace(/-?\\infty|\\text\{NaN\}|-?\d+(?:\.\d+)?(?: \\times 10\^\{-?\d+\})?/g, '?');
  return q.trim() === '?' ? '\\boxed{?}' : q;
}

function substitute(tex: string, subs: readonly Substitution[]): string {
  let out = tex;
  for (const { tex: value, symbol } of subs) {
    let at = out.indexOf(value);
    while (at >= 0) {
      const before = out[at - 1] ?? ' ';
      const after = out[at + value.length] ?? ' ';
      const bounded = !/[\d.]/.test(before) && !/[\d.]/.test(after) && !(before === '-' && !value.startsWith('-'));
      if (bounded) {
        out = out.slice(0, at) + symbol + out.slice(at + value.length);
        at = out.indexOf(value, at + symbol.length);
      } else at = out.indexOf(value, at + 1);
    }
  }
  return out;
}

/** Drops the top-level alignment mark `&` of an aligned row (`lhs &= …`, `lhs & = …`). */
function removeAlignment(row: string): string {
  const parts = splitTop(row, '&');
  return parts.length === 1 ? row : parts.join('').replace(/\s{2,}/g, ' ');
}

/** `tex` split at `sep` where it is outside every group: braces, \left…\right, \begin…\end. */
export function splitTop(tex: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < tex.length;) {
    if (tex.startsWith('\\{', i) || tex.startsWith('\\}', i) || tex.startsWith('\\\\', i)) {
      if (depth === 0 && tex.startsWith(sep, i)) {
        out.push(tex.slice(start, i));
        i += sep.length;
        start = i;
        continue;
      }
      i += 2;
    } else if (tex.startsWith('\\begin{', i) || tex.startsWith('\\end{', i)) {
      depth += tex[i + 1] === 'b' ? 1 : -1;
      i = tex.indexOf('}', i) + 1 || tex.length;
    } else if (tex.startsWith('\\left', i) && !/[a-z]/.test(tex[i + 5] ?? '')) {
      depth++;
      i += 5;
    } else if (tex.startsWith('\\right', i) && !/[a-z]/.test(tex[i + 6] ?? '')) {
      depth--;
      i += 6;
    } else if (depth === 0 && tex.startsWith(sep, i)) {
      out.push(tex.slice(start, i));
      i += sep.length;
      start = i;
    } else {
      if (tex[i] === '{') depth++;
      else if (tex[i] === '}') depth--;
      i++;
    }
  }
  out.push(tex.slice(start));
  return out;
}
