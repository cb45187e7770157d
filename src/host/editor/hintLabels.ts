// What the gradient hints say and how loud they are: for every number written in `weights`, its
// gradient as a short label placed after the number, with a sign and a magnitude bucket that
// gradientHints.ts maps to a colour. Pure (no vscode) so it is unit-tested.

import type { Node } from 'jsonc-parser';
import type { Trace } from '../../engine/trace/trace';
import { weightNumbers } from './jsonLocation';
import { flatIndex } from '../commands/weightEdits';

export type HintSign = 'positive' | 'negative' | 'zero';
/** Relative to the largest |∂L/∂θ| of the model: faint < 1 %, strong ≥ 30 %, normal between. */
export type HintMagnitude = 'faint' | 'normal' | 'strong';

export interface GradientHint {
  /** Where the label goes: right after the number. */
  readonly offset: number;
  /** "∂+0.452" — three significant digits; the hover has the full value. */
  readonly label: string;
  readonly sign: HintSign;
  readonly magnitude: HintMagnitude;
  readonly gradient: number;
}

export function hintLabel(g: number): string {
  if (g === 0) return '∂ 0';
  const digits = String(Number(Math.abs(g).toPrecision(3)));
  return `∂${g > 0 ? '+' : '−'}${digits}`;
}

export function magnitudeOf(g: number, maxAbs: number): HintMagnitude {
  const r = maxAbs > 0 ? Math.abs(g) / maxAbs : 0;
  return r >= 0.3 ? 'strong' : r >= 0.01 ? 'normal' : 'faint';
}

/** One hint per number of `weights` (none for `{"init": …}` weights, which have no numbers). */
export function gradientHints(trace: Trace, root: Node | undefined): GradientHint[] {
  let maxAbs = 0;
  for (const g of Object.values(trace.grads)) for (const x of g.data) maxAbs = Math.max(maxAbs, Math.abs(x));
  const hints: GradientHint[] = [];
  for (const w of weightNumbers(root)) {
    const grad = trace.grads[w.param];
    const k = grad ? flatIndex(grad, w.index) : undefined;
    if (!grad || k === undefined) continue;
    const g = grad.data[k];
    hints.push({
      offset: w.node.offset + w.node.length,
      label: hintLabel(g),
      sign: g > 0 ? 'positive' : g < 0 ? 'negative' : 'zero',
      magnitude: magnitudeOf(g, maxAbs),
      gradient: g,
    });
  }
  return hints;
}
