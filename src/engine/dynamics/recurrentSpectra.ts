// The spectral radius ρ(W) = max |λ| of each recurrent matrix — W_hh for the rnn, each gate's block
// (W_hi, W_hf, W_hg, W_ho; W_hr, W_hz, W_hn) for the lstm and gru — and its largest singular value
// σ_max(W) = ‖W‖₂.
//
// Why both. Backpropagating k steps through a tanh (or relu) rnn multiplies by k Jacobians
// diag(act′) · W_hhᵀ with 0 ≤ act′ ≤ 1. σ_max < 1 makes every such product shrink, whatever the
// activations: the gradient vanishes, certainly (Pascanu, Mikolov & Bengio 2013, "On the difficulty
// of training recurrent neural networks"). ρ > 1 is necessary for it to explode, and ρ is what the
// long run of powers of W_hh grows like (‖W^k‖^(1/k) → ρ). For gated cells the blocks alone decide
// less: the gates scale every path, and the lstm's cell state bypasses W_h altogether.

import { PARAM_NAMES, type Model } from '../model';
import { eigenvalues, largestMagnitude, spectralRadius } from './eigenvalues';

export interface MatrixSpectrum {
  /** ρ(W) = max |λ|; NaN when W has a non-finite entry. */
  readonly radius: number;
  /** σ_max(W) = √(largest eigenvalue of WᵀW); NaN likewise. */
  readonly norm: number;
}

/** The recurrent matrices of the cell, by name, in PARAM_NAMES order. */
export function recurrentNames(model: Model): string[] {
  return PARAM_NAMES[model.cell].filter((p) => p.startsWith('W_h') && p !== 'W_hy');
}

export function recurrentSpectra(model: Model): Record<string, MatrixSpectrum> {
  const H = model.hiddenSize;
  const out: Record<string, MatrixSpectrum> = {};
  for (const name of recurrentNames(model)) {
    const W = model.params[name].data;
    out[name] = { radius: spectralRadius(W, H), norm: spectralNorm(W, H) };
  }
  return out;
}

/** ‖W‖₂ of an n × n matrix: √(largest eigenvalue of the symmetric VᵀV) · s for V = W / s, s the
 *  largest |w_ij| (so that WᵀW cannot overflow); NaN when an entry is not finite. */
export function spectralNorm(W: ArrayLike<number>, n: number): number {
  const scale = largestMagnitude(W);
  if (!Number.isFinite(scale)) return NaN;
  if (n === 0 || scale === 0) return 0;
  const V = Array.from(W, (v) => v / scale);
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += V[r * n + i] * V[r * n + j];
      G[i * n + j] = G[j * n + i] = s;
    }
  const { re } = eigenvalues(G, n); // symmetric: every eigenvalue is real and ≥ 0 up to rounding
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, re[i]);
  return scale * Math.sqrt(top);
}
