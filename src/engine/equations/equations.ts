// Every step's equation as KaTeX-compatible LaTeX, twice: symbolic (`h_{1} = \tanh(a_{1})`) and
// with the recorded numbers substituted (`h_{1} = \tanh(0.5) = 0.462117`). Produced on demand
// from the trace, never stored (trace.ts). Numbers are rounded for display only; large tensors are
// elided to a few rows and columns, so a 128×128 matrix costs a few hundred characters. Model
// strings (tokens, classes) appear only inside \text{…}, escaped (latex.ts texEscape).
//
// This file holds the dispatcher and the steps after BPTT (clip, update); the forward/loss and
// backward equations live in forwardEquations.ts and backwardEquations.ts.

import { makeContext, type EqContext } from './equationContext';
import { forwardEquation, totalLossEquation } from './forwardEquations';
import { backwardEquation } from './backwardEquations';
import { PARAM_NAMES } from '../model';
import { chain, fmtNum, mul, num, sym, tensorTex, type TexOptions } from './latex';
import type { Trace } from '../trace/trace';

export interface StepEquation {
  /** The formula with symbols only. */
  readonly symbolic: string;
  /** The same formula with the recorded numbers substituted, ending in the computed value. */
  readonly numeric: string;
}

export type EquationOptions = TexOptions;

export function stepEquation(trace: Trace, stepIndex: number, opts: EquationOptions = {}): StepEquation {
  const step = trace.steps[stepIndex];
  if (!step) throw new Error(`no step ${stepIndex} (the run has ${trace.steps.length})`);
  const c = makeContext(trace, step, opts);
  switch (step.phase) {
    case 'forward':
      return forwardEquation(c);
    case 'loss':
      return totalLossEquation(c);
    case 'backward':
      return backwardEquation(c);
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

/** ‖g‖ over every parameter gradient, and the factor they are all scaled by. */
function clipEquation(c: EqContext): StepEquation {
  const { model, trace } = c;
  const params = PARAM_NAMES[model.cell];
  // Per-parameter squared norms, for display only (the engine's ‖g‖ is the recorded gradNorm).
  const squares = params.map((p) => {
    const d = trace.grads[p].data;
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i] * d[i];
    return s;
  });
  const symNorm = `\\lVert g \\rVert = \\sqrt{${params.map((p) => `\\lVert ${c.dSym(p)} \\rVert^{2}`).join(' + ')}}`;
  const numNorm = `\\lVert g \\rVert = \\sqrt{${squares.map((s) => fmtNum(s, c.o.digits)).join(' + ')}} = ${num(trace.gradNorm, c.o).tex}`;
  const clip = model.train.clipNorm;
  if (clip === null) {
    return {
      symbolic: `${symNorm}, \\quad \\kappa = 1 \\;(\\text{no clipNorm})`,
      numeric: `${numNorm}, \\quad \\kappa = 1`,
    };
  }
  return {
    symbolic: `${symNorm}, \\quad \\kappa = \\min\\left(1, \\frac{${fmtNum(clip, 17)}}{\\lVert g \\rVert + 10^{-6}}\\right)`,
    numeric: `${numNorm}, \\quad \\kappa = \\min\\left(1, \\frac{${fmtNum(clip, c.o.digits)}}{${fmtNum(trace.gradNorm, c.o.digits)} + 10^{-6}}\\right) = ${num(trace.clipFactor, c.o).tex}`,
  };
}

/** θ' = θ − η κ δθ (κ only when clipping is on). */
function updateEquation(c: EqContext): StepEquation {
  const { model, trace, step } = c;
  const p = step.kind;
  const w = c.pSym(p);
  const eta = model.train.learningRate;
  const clipped = model.train.clipNorm !== null;
  const before = model.params[p];
  const grad = trace.grads[p];
  const after = trace.updated[p];
  const coef = clipped ? mul(num(eta, c.o), num(trace.clipFactor, c.o)) : num(eta, c.o);
  const stepTerm = mul(coef, tensorTex(grad.shape, grad.data, c.o));
  const numeric = chain(
    `${w}'`,
    sym(`${tensorTex(before.shape, before.data, c.o).tex} - ${stepTerm.tex}`, before.data.length === 1),
    tensorTex(after.shape, after.data, c.o),
  );
  return {
    symbolic: `${w}' = ${w} - \\eta${clipped ? '\\,\\kappa' : ''}\\, ${c.dSym(p)}, \\quad \\eta = ${fmtNum(eta, 17)}`,
    numeric,
  };
}
