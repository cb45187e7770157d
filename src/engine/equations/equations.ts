// Every step's equation, built once as an expression tree (expr.ts) and rendered from it as
// KaTeX-compatible LaTeX twice — symbolic (`h_{1} = \tanh(a_{1})`) and with the recorded numbers
// substituted (`h_{1} = \tanh(0.5) = 0.462117`) — plus the panel's wrappable lines and one sentence
// on why the step happens (why.ts). Produced on demand from the trace, never stored (trace.ts).
// Numbers are rounded for display only; large tensors are elided to a few rows and columns, so a
// 128×128 matrix costs a few hundred characters. Model strings (tokens, classes) appear only
// inside \text{…}, escaped (latex.ts texEscape).
//
// This file holds the dispatcher and the steps after BPTT (clip, update); the forward/loss and
// backward trees live in forwardEquations.ts and backwardEquations.ts.

import { makeContext, type EqContext } from './equationContext';
import { forwardEquation, totalLossEquation } from './forwardEquations';
import { backwardEquation } from './backwardEquations';
import { PARAM_NAMES } from '../model';
import { add, constant, div, fn, fold, min, mul, named, norm2, sq, sub, type EquationTree, type Expr } from './expr';
import { fmtNum, type TexOptions } from './latex';
import { renderJoined, renderLines } from './render';
import { stepWhy } from './why';
import type { Trace } from '../trace/trace';

/** The panel's form of the equations: one TeX line per statement, written so that KaTeX's inline
 *  math can wrap it after any operator (render.ts, `breakable`). */
export interface WrappedEquation {
  readonly symbolic: readonly string[];
  readonly numeric: readonly string[];
  /** The numbers again with every matrix elided to its first and last columns, for a panel too
   *  narrow for a matrix; null when no matrix has more than three columns to show. */
  readonly elided: readonly string[] | null;
}

export interface StepEquation {
  /** The formula with symbols only. */
  readonly symbolic: string;
  /** The same formula with the recorded numbers substituted, ending in the computed value. */
  readonly numeric: string;
  /** One plain-text sentence: why this step happens. */
  readonly why: string;
  readonly wrapped: WrappedEquation;
}

export type EquationOptions = TexOptions;

/** Columns of a matrix kept in the panel's elided form: the first, ⋯ and the last. */
export const ELIDED_COLUMNS = 3;

/** The expression tree of a step's equation. */
export function stepEquationTree(trace: Trace, stepIndex: number, opts: EquationOptions = {}): EquationTree {
  const step = trace.steps[stepIndex];
  if (!step) throw new Error(`no step ${stepIndex} (the run has ${trace.steps.length})`);
  const c = makeContext(trace, step);
  switch (step.phase) {
    case 'forward':
      return forwardEquation(c);
    case 'loss':
      return totalLossEquation(c, opts.maxCols);
    case 'backward':
      return backwardEquation(c, Math.min(opts.maxRows ?? 6, opts.maxCols ?? 6));
    case 'clip':
      return clipEquation(c);
    case 'update':
      return updateEquation(c);
    default: {
      const never: never = step.phase;
      throw new Error(`unknown phase ${String(never)}`);
    }
  }
}

export function stepEquation(trace: Trace, stepIndex: number, opts: EquationOptions = {}): StepEquation {
  const tree = stepEquationTree(trace, stepIndex, opts);
  const s = tree.statements;
  const numeric = renderLines(s, { ...opts, numeric: true, breakable: true });
  const elided = renderLines(s, {
    ...opts,
    maxCols: Math.min(opts.maxCols ?? 6, ELIDED_COLUMNS),
    numeric: true,
    breakable: true,
  });
  return {
    symbolic: renderJoined(s, { ...opts, numeric: false }, tree.inline),
    numeric: renderJoined(s, { ...opts, numeric: true }, tree.inline),
    why: stepWhy(trace, stepIndex),
    wrapped: {
      symbolic: renderLines(s, { ...opts, numeric: false, breakable: true }),
      numeric,
      elided: elided.every((l, i) => l === numeric[i]) ? null : elided,
    },
  };
}

/** ‖g‖² summed over every parameter gradient, ‖g‖, and the factor they are all scaled by. */
function clipEquation(c: EqContext): EquationTree {
  const { model, trace } = c;
  const norm = c.scalar({ name: 'gradNorm' }, '\\lVert g \\rVert', trace.gradNorm);
  const squares = add(...PARAM_NAMES[model.cell].map((p) => fold(norm2(c.grad(p, c.step.index)))));
  const normSq = named('\\lVert g \\rVert^{2}', fold(sq(norm)));
  const root = fn('sqrt', normSq);
  const clip = model.train.clipNorm;
  const kappa = c.scalar({ name: 'clipFactor' }, '\\kappa', trace.clipFactor);
  const factor =
    clip === null
      ? { lhs: '\\kappa', rhs: constant(1), chain: [kappa], note: { tex: '\\text{no clipNorm}', paren: true } }
      : (() => {
          const rhs = min(
            constant(1),
            div(constant(clip, fmtNum(clip, 17)), add(norm, constant(1e-6, '10^{-6}', '10^{-6}'))),
          );
          return { lhs: '\\kappa', rhs, chain: [rhs, kappa] };
        })();
  return {
    statements: [
      { lhs: '\\lVert g \\rVert^{2}', rhs: squares, chain: [squares, fold(sq(norm))] },
      { lhs: '\\lVert g \\rVert', rhs: root, chain: [root, norm] },
      factor,
    ],
    inline: true,
  };
}

/** θ' = θ − η κ δθ (κ only when clipping is on). */
function updateEquation(c: EqContext): EquationTree {
  const { model, trace, step } = c;
  const p = step.kind;
  const eta = model.train.learningRate;
  const coef: Expr[] = [constant(eta, '\\eta')];
  if (model.train.clipNorm !== null)
    coef.push({ ...c.scalar({ name: 'clipFactor' }, '\\kappa', trace.clipFactor), coefficient: true });
  // At the update every timestep has been summed: the running gradient is trace.grads[p].
  const rhs = sub(c.param(p), mul(...coef, c.grad(p, step.index)));
  const after = c.param(p);
  const updated = { ...after, ref: { name: `${p}'` }, sym: `${after.sym}'`, data: trace.updated[p].data };
  return {
    statements: [
      { lhs: `${c.pSym(p)}'`, rhs, chain: [rhs, updated], note: { tex: `\\eta = ${fmtNum(eta, 17)}`, paren: false } },
    ],
  };
}
