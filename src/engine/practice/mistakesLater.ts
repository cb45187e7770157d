// Likely wrong answers for the steps after backpropagation: the gradient norm ‖g‖ without its
// square root or as a sum of norms, the clip factor κ without its min(1, …) or upside down, and
// the update θ′ = θ − η κ δθ that adds the step, gives the change alone, or forgets η or κ.

import { PARAM_NAMES } from '../model';
import type { Trace } from '../trace/trace';
import type { Mistake } from './mistakes';
import type { Question } from './questions';
import { minus, plus, scale } from './valueMath';

/** The clip (‖g‖ and κ) and the update θ′ = θ − η κ δθ. */
export function laterMistakes(trace: Trace, q: Question): Mistake[] {
  const m = trace.model;
  const name = q.target.name;
  const params = PARAM_NAMES[m.cell];
  if (name === 'gradNorm') {
    const squares = params.map((p) => trace.grads[p].data.reduce((a, x) => a + x * x, 0));
    return [
      {
        kind: 'wrong-function',
        message: 'forgot the square root: ‖g‖ = √(Σ ‖δθ‖²)',
        value: [squares.reduce((a, b) => a + b, 0)],
      },
      {
        kind: 'wrong-function',
        message: "added the parameters' norms: ‖g‖ is the square root of the sum of every square",
        value: [squares.reduce((a, b) => a + Math.sqrt(b), 0)],
      },
    ];
  }
  if (name === 'clipFactor') {
    const c = m.train.clipNorm;
    if (c === null) return [];
    return [
      {
        kind: 'wrong-function',
        message: 'κ = min(1, clipNorm / (‖g‖ + 10⁻⁶)) never exceeds 1',
        value: [c / (trace.gradNorm + 1e-6)],
      },
      {
        kind: 'wrong-operand',
        message: 'the ratio is upside down: κ = clipNorm / ‖g‖ (at most 1)',
        value: [trace.gradNorm / c],
      },
    ];
  }
  if (!name.endsWith("'")) return [];
  const p = name.slice(0, -1);
  const theta = m.params[p].data;
  const g = trace.grads[p].data;
  const eta = m.train.learningRate;
  const kappa = trace.clipFactor;
  const step = scale(g, eta * kappa);
  const out: Mistake[] = [
    { kind: 'sign', message: 'this adds the step: gradient descent subtracts η δθ', value: plus(theta, step) },
    {
      kind: 'missing-term',
      message: `this is the change −η δ${p} alone; the new value is ${p} − η δ${p}`,
      value: scale(step, -1),
    },
  ];
  if (eta !== 1)
    out.push({
      kind: 'missing-term',
      message: `forgot the learning rate η = ${eta}`,
      value: minus(theta, scale(g, kappa)),
    });
  if (m.train.clipNorm !== null && kappa !== 1)
    out.push({ kind: 'missing-term', message: 'forgot the clip factor κ', value: minus(theta, scale(g, eta)) });
  return out;
}
