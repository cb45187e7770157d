// Gate saturation: how often a gate sits where its derivative is nearly zero, so that gradients
// through it stop. Over every timestep and hidden unit of one run:
//   σ gates (lstm i f o, gru r z): the fraction of values below 0.05 or above 0.95 (σ′ < 0.0475);
//   tanh outputs (lstm g, gru n, and the tanh rnn's h): the fraction with |v| > 0.95 (tanh′ < 0.0975).
// A saturated gate is not always bad: an lstm forget gate above 0.95 is what lets the cell state
// carry a gradient across many steps unchanged. Both sides are counted separately for that reason.

import type { Model } from '../model';
import type { ForwardSeries } from './linearization';

export interface GateSaturation {
  /** Fraction of the T·H values that are saturated (low + high). */
  readonly fraction: number;
  /** σ: fraction below 0.05; tanh: fraction below −0.95. */
  readonly low: number;
  /** σ: fraction above 0.95; tanh: fraction above 0.95. */
  readonly high: number;
  readonly kind: 'sigmoid' | 'tanh';
}

export const SATURATION_LOW = 0.05;
export const SATURATION_HIGH = 0.95;

/** The gates measured for each cell and their nonlinearity (the relu rnn has none). */
export function saturationGates(model: Model): [string, 'sigmoid' | 'tanh'][] {
  switch (model.cell) {
    case 'rnn':
      return model.activation === 'tanh' ? [['h', 'tanh']] : [];
    case 'lstm':
      return [
        ['i', 'sigmoid'],
        ['f', 'sigmoid'],
        ['g', 'tanh'],
        ['o', 'sigmoid'],
      ];
    case 'gru':
      return [
        ['r', 'sigmoid'],
        ['z', 'sigmoid'],
        ['n', 'tanh'],
      ];
    default: {
      const never: never = model.cell;
      throw new Error(`unknown cell ${String(never)}`);
    }
  }
}

export function saturation(model: Model, s: ForwardSeries): Record<string, GateSaturation> {
  const out: Record<string, GateSaturation> = {};
  for (const [gate, kind] of saturationGates(model)) {
    const v = s[gate];
    let low = 0,
      high = 0;
    const lo = kind === 'sigmoid' ? SATURATION_LOW : -SATURATION_HIGH;
    for (let q = 0; q < v.length; q++) {
      if (v[q] < lo) low++;
      else if (v[q] > SATURATION_HIGH) high++;
    }
    const n = v.length;
    out[gate] = { fraction: (low + high) / n, low: low / n, high: high / n, kind };
  }
  return out;
}
