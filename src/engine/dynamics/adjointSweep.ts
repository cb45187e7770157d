// The batched backward sweep behind the gradient-flow and connectivity matrices: many adjoint
// rows (δh, and δc for lstm) carried back from step k to step k − 1 together.
//
// Why batched. The flow matrix needs ∂ℓ_t/∂h_k for every pair k ≤ t: for each t a backward sweep
// from t down to 0, T(T+1)/2 vector–Jacobian products in all. Done one t at a time, each product is
// a matrix–vector product (m = 1), which runs at a fraction of the kernel's speed. But every sweep
// crosses step k with the same Jacobian, so the sweeps of all t ≥ k are carried across step k
// together, as ONE matrix product (rows × GH) · (GH × H) in the engine's kernel (linalg.ts) — the
// same arithmetic, but with each row of Wh loaded once for all rows instead of once per row.
// The rows are kept sorted by their t, descending, so the rows alive at step k (those of t ≥ k)
// are always a prefix: crossing step k costs (rows alive) · GH · H multiply–adds, and the whole
// sweep Σ_k rows(k) · GH · H — T(T+1)/2 · GH · H when every step has a target (see gradientFlow.ts).
//
// The vector–Jacobian rules and the factors they use are linearization.ts's.

import { acquireHeap, packedSize, type Heap } from '../compute/linalg';
import { FACTOR_COUNT, type Linearization } from './linearization';

export interface Sweep {
  readonly M: Float64Array;
  /** Offset of the current δh rows (R × H); it alternates between two buffers as steps are crossed. */
  dh(): number;
  /** δc rows (R × H; lstm only, else -1): at step k, ∂ℓ/∂c_k with h_k held (bptt.ts's δc^next). */
  readonly dc: number;
  /** The input-side gate deltas δa_x of the last `gateDeltas` (R × GH). */
  readonly dx: number;
  /** The input projection of the last `projectInput` (R × inputCols), when the sweep has one. */
  readonly xo: number;
  /** Step k's gate deltas δa (and δa_x) of the first m rows, from their (δh, δc) at step k. */
  gateDeltas(k: number, m: number): void;
  /** δa_x · B for the first m rows into xo (B: the sweep's input matrix, GH × inputCols). */
  projectInput(m: number): void;
  /** Carries the first m rows from step k to step k − 1 (after gateDeltas(k, m)). */
  propagate(k: number, m: number): void;
  release(): void;
}

/** Doubles a sweep of R rows needs (to bound memory before opening one). */
export function sweepSize(lin: Linearization, rows: number, inputCols: number): number {
  const { T, H, GH, cell } = lin;
  const even = (n: number): number => n + (n & 1);
  let size = even(packedSize(GH, H)) + even(T * FACTOR_COUNT[cell] * H) + 2 * even(rows * H) + even(rows * GH);
  if (cell === 'lstm') size += even(rows * H);
  if (inputCols > 0) {
    size += even(packedSize(GH, inputCols)) + even(rows * inputCols);
    if (cell === 'gru') size += even(rows * GH);
  }
  return size;
}

/** Opens a sweep of up to `rows` rows over `lin`. `input` (GH × inputCols, row-major), when given,
 *  is the matrix projectInput multiplies by. */
export function openSweep(lin: Linearization, rows: number, input: Float64Array | null, inputCols: number): Sweep {
  const { cell, H, GH } = lin;
  const F = FACTOR_COUNT[cell];
  const cols = input ? inputCols : 0;
  const heap: Heap = acquireHeap(sweepSize(lin, rows, cols));
  const { M, gemm } = heap;
  let size = 0;
  const take = (n: number): number => {
    const at = size;
    size += n + (n & 1);
    return at;
  };
  const WhB = take(packedSize(GH, H));
  const FAC = take(lin.T * F * H);
  const DH = [take(rows * H), take(rows * H)];
  const DC = cell === 'lstm' ? take(rows * H) : -1;
  const DG = take(rows * GH);
  const XB = cols > 0 ? take(packedSize(GH, cols)) : -1;
  const XO = cols > 0 ? take(rows * cols) : -1;
  const DX = cols > 0 && cell === 'gru' ? take(rows * GH) : DG;
  packInto(M, WhB, lin.Wh, GH, H);
  M.set(lin.factors, FAC);
  if (input) packInto(M, XB, input, GH, cols);
  let cur = 0;

  const sweep: Sweep = {
    M,
    dh: () => DH[cur],
    dc: DC,
    dx: DX,
    xo: XO,
    gateDeltas(k, m) {
      const fac = FAC + (k - 1) * F * H;
      const dh = DH[cur];
      for (let r = 0; r < m; r++) {
        const h = dh + r * H,
          g = DG + r * GH;
        switch (cell) {
          case 'rnn':
            for (let j = 0; j < H; j++) M[g + j] = M[h + j] * M[fac + j];
            break;
          case 'lstm': {
            const c = DC + r * H;
            for (let j = 0; j < H; j++) {
              const dcs = M[h + j] * M[fac + j] + M[c + j];
              M[c + j] = dcs;
              M[g + j] = dcs * M[fac + H + j];
              M[g + H + j] = dcs * M[fac + 2 * H + j];
              M[g + 2 * H + j] = dcs * M[fac + 3 * H + j];
              M[g + 3 * H + j] = M[h + j] * M[fac + 4 * H + j];
            }
            break;
          }
          case 'gru': {
            const x = DX + r * GH;
            for (let j = 0; j < H; j++) {
              const dan = M[h + j] * M[fac + j];
              const dar = dan * M[fac + 2 * H + j];
              const daz = M[h + j] * M[fac + H + j];
              M[g + j] = dar;
              M[g + H + j] = daz;
              M[g + 2 * H + j] = dan * M[fac + 3 * H + j];
              if (x !== g) {
                M[x + j] = dar;
                M[x + H + j] = daz;
                M[x + 2 * H + j] = dan;
              }
            }
            break;
          }
          default: {
            const never: never = cell;
            throw new Error(`unknown cell ${String(never)}`);
          }
        }
      }
    },
    projectInput(m) {
      if (cols === 0) throw new Error('this sweep has no input matrix');
      if (m > 0) gemm(XO, cols, DX, GH, 1, XB, 8, 8 * GH, m, cols, GH);
    },
    propagate(k, m) {
      const from = DH[cur],
        to = DH[1 - cur];
      if (m > 0) gemm(to, H, DG, GH, 1, WhB, 8, 8 * GH, m, H, GH);
      const fac = FAC + (k - 1) * F * H;
      if (cell === 'gru') {
        const z = fac + 4 * H;
        for (let r = 0; r < m; r++) {
          const a = to + r * H,
            b = from + r * H;
          for (let j = 0; j < H; j++) M[a + j] += M[b + j] * M[z + j];
        }
      } else if (cell === 'lstm') {
        const f = fac + 5 * H;
        for (let r = 0; r < m; r++) {
          const c = DC + r * H;
          for (let j = 0; j < H; j++) M[c + j] *= M[f + j];
        }
      }
      // rows m… (not yet alive) keep their starting value: copy it across
      const alive = m * H;
      M.copyWithin(to + alive, from + alive, from + rows * H);
      cur = 1 - cur;
    },
    release: () => heap.release(),
  };
  return sweep;
}

/** The row-major k × n matrix `src` into M at dst in the kernel's 8-column panels (linalg.ts
 *  packPanels' layout: B(s, j) at dst + (j >> 3)·8k + 8s + (j & 7), the last panel zero-padded). */
function packInto(M: Float64Array, dst: number, src: Float64Array, k: number, n: number): void {
  for (let p = 0; p * 8 < n; p++) {
    const w = Math.min(8, n - p * 8);
    for (let s = 0; s < k; s++) {
      const d = dst + p * 8 * k + 8 * s,
        row = s * n + p * 8;
      let l = 0;
      for (; l < w; l++) M[d + l] = src[row + l];
      for (; l < 8; l++) M[d + l] = 0;
    }
  }
}
