// Backpropagation through time: every backward series of trace.ts, the parameter gradients,
// and ∂L/∂h_0 (∂L/∂c_0).
//
// Order of work. δh_t^out = W_hyᵀ δy_t does not depend on the recurrence, so it is one matrix
// product over all t first. Then t = T…1, the only sequential part:
//   δh_t = δh_t^out + δh_t^next            (δh_T^next = 0)
//   rnn   δa_t = δh_t ⊙ act′(a_t)          tanh′ = 1 − h_t²;  relu′ = 1 where a_t > 0, else 0 (PyTorch)
//   lstm  δc_t = δh_t ⊙ o_t ⊙ (1 − tanh²c_t) + δc_t^next
//         δa^o = δh_t ⊙ tanh c_t ⊙ o(1−o)    δa^i = δc_t ⊙ g ⊙ i(1−i)
//         δa^f = δc_t ⊙ c_{t−1} ⊙ f(1−f)     δa^g = δc_t ⊙ i ⊙ (1−g²)     δc_{t−1} = δc_t ⊙ f_t
//   gru   δa^n = δh_t ⊙ (1−z) ⊙ (1−n²)       δa^z = δh_t ⊙ (h_{t−1} − n) ⊙ z(1−z)
//         δm = δa^n ⊙ r                      δa^r = δa^n ⊙ m ⊙ r(1−r)
//   δh_{t−1} = Σ_gates W_hkᵀ δ_k  (one product with the stacked Wh)  [+ δh_t ⊙ z_t for gru]
// Last, every parameter gradient Σ_t delta_t ⊗ operand_t (GRAD_SOURCES) as one product per group
// over all timesteps, summed t = T…1 with one accumulator per element: the descending order comes
// from pointing the kernel at row T−1 with negative strides (linalg.ts). Token inputs make
// ∂L/∂W_x a scatter into the columns of the tokens seen, in the same order.
//
// Every part works on a range (of timesteps, or of the rows of a gradient) so that a run can be
// done in slices (runTask.ts); the numbers do not depend on the slicing.

import { packPanels, type Heap } from './linalg';
import type { Model } from '../model';
import { transposeInto, WIDE_ROW, type Layout } from './heapLayout';

/** The whole backward pass (after the loss, with packBackward done). */
export function backward(heap: Heap, L: Layout, model: Model): void {
  backwardOutputRows(heap, L, 0, L.T);
  backwardSteps(heap, L, model, L.T, 0);
  for (const job of gradientJobs(heap, L, model)) {
    job.prepare();
    job.rows(0, job.count);
  }
}

/** δh_t^out = W_hyᵀ δy_t for the 0-based timesteps t0 ≤ t < t1. */
export function backwardOutputRows(heap: Heap, L: Layout, t0: number, t1: number): void {
  const { H, O } = L;
  heap.gemm(L.DHOUT + t0 * H, H, L.DY + t0 * O, O, 1, L.WyB, 8, 8 * O, t1 - t0, H, O);
}

/** The recurrence backwards over the 0-based timesteps tHi − 1 down to tLo (ranges in descending
 *  order, each starting where the last one stopped). */
export function backwardSteps(heap: Heap, L: Layout, model: Model, tHi: number, tLo: number): void {
  const { M, gemm } = heap;
  const { T, H, GH } = L;
  const relu = model.activation === 'relu';
  const f = L.fwd;

  for (let t = tHi - 1; t >= tLo; t--) {
    const row = t * H;
    const dhNext = t === T - 1 ? -1 : L.DHPREV + row + H;
    const dhPrev = L.DHPREV + row;
    const dhOut = L.DHOUT + row,
      dhAt = L.DH + row;
    switch (L.cell) {
      case 'rnn': {
        const da = L.DG + row,
          h = L.HP + row + H;
        for (let j = 0; j < H; j++) {
          const dh = M[dhOut + j] + (dhNext < 0 ? 0 : M[dhNext + j]);
          M[dhAt + j] = dh;
          if (relu) M[da + j] = dh * (M[f.a + row + j] > 0 ? 1 : 0);
          else {
            const hv = M[h + j];
            M[da + j] = dh * (1 - hv * hv);
          }
        }
        gemm(dhPrev, 0, da, 0, 1, L.WhB, 8, 8 * GH, 1, H, GH);
        break;
      }
      case 'lstm': {
        const dg = L.DG + t * GH;
        const dcNext = t === T - 1 ? -1 : L.DCPREV + row + H;
        const cp = L.C + row; // c_{t−1}
        for (let j = 0; j < H; j++) {
          const k = row + j;
          const dh = M[dhOut + j] + (dhNext < 0 ? 0 : M[dhNext + j]);
          const i = M[f.i + k],
            fg = M[f.f + k],
            g = M[f.g + k],
            o = M[f.o + k],
            tc = M[f.tc + k];
          const dc = dh * o * (1 - tc * tc) + (dcNext < 0 ? 0 : M[dcNext + j]);
          M[dhAt + j] = dh;
          M[L.DC + k] = dc;
          M[dg + j] = dc * g * i * (1 - i);
          M[dg + H + j] = dc * M[cp + j] * fg * (1 - fg);
          M[dg + 2 * H + j] = dc * i * (1 - g * g);
          M[dg + 3 * H + j] = dh * tc * o * (1 - o);
          M[L.DCPREV + k] = dc * fg;
        }
        gemm(dhPrev, 0, dg, 0, 1, L.WhB, 8, 8 * GH, 1, H, GH);
        break;
      }
      case 'gru': {
        const dg = L.DG + t * GH,
          dx = L.DX + t * GH;
        const hp = L.HP + row; // h_{t−1}
        for (let j = 0; j < H; j++) {
          const k = row + j;
          const dh = M[dhOut + j] + (dhNext < 0 ? 0 : M[dhNext + j]);
          const r = M[f.r + k],
            z = M[f.z + k],
            n = M[f.n + k],
            m = M[f.hn + k];
          const dan = dh * (1 - z) * (1 - n * n);
          const daz = dh * (M[hp + j] - n) * z * (1 - z);
          const dm = dan * r;
          const dar = dan * m * r * (1 - r);
          M[dhAt + j] = dh;
          M[dg + j] = dar;
          M[dg + H + j] = daz;
          M[dg + 2 * H + j] = dm;
          M[dx + j] = dar;
          M[dx + H + j] = daz;
          M[dx + 2 * H + j] = dan;
        }
        gemm(dhPrev, 0, dg, 0, 1, L.WhB, 8, 8 * GH, 1, H, GH);
        const z = f.z + row;
        for (let j = 0; j < H; j++) M[dhPrev + j] += M[dhAt + j] * M[z + j];
        break;
      }
      default: {
        const never: never = L.cell;
        throw new Error(`unknown cell ${String(never)}`);
      }
    }
  }
}

/** One part of the parameter gradients: `prepare` once, then `rows` over 0…count in order. */
export interface GradientJob {
  readonly count: number;
  /** Multiply-adds per row (for slicing and progress). */
  readonly rowWork: number;
  prepare(): void;
  rows(r0: number, r1: number): void;
}

/** ∂L/∂θ = Σ_{t=T…1} delta_t ⊗ operand_t for every parameter, into the gradient block — as jobs
 *  to be run one after another (they share the restaging scratch of outerSum). */
export function gradientJobs(heap: Heap, L: Layout, model: Model): GradientJob[] {
  const { M } = heap;
  const { T, H, I, O, GH } = L;
  const ids = model.inputs.kind === 'tokens' ? model.inputs.ids : null;
  const whole = (run: () => void): GradientJob => ({
    count: 1,
    rowWork: T * (GH + O),
    prepare: () => undefined,
    rows: run,
  });
  return [
    // ∂L/∂Wh (all gates) = Σ_t DG_t ⊗ h_{t−1}
    outerSum(heap, L, L.GD + L.Wh, L.DG, GH, L.HP, H),
    // ∂L/∂Wx = Σ_t DX_t ⊗ x_t: a scatter into the rows of the tokens seen, or a product
    ids
      ? whole(() => {
          M.fill(0, L.GWxT, L.GWxT + I * GH);
          for (let t = T - 1; t >= 0; t--) {
            const g = L.GWxT + ids[t] * GH,
              d = L.DX + t * GH;
            for (let r = 0; r < GH; r++) M[g + r] += M[d + r];
          }
          transposeInto(M, L.GD + L.Wx, L.GWxT, I, GH);
        })
      : outerSum(heap, L, L.GD + L.Wx, L.DX, GH, L.X, I),
    // ∂L/∂W_hy = Σ_t δy_t ⊗ h_t
    outerSum(heap, L, L.GD + L.Why, L.DY, O, L.HP + H, H),
    // Biases: Σ_t delta_t
    whole(() => {
      sumRows(M, L.GD + L.bx, L.DX, GH, GH, T);
      if (L.bhn >= 0) sumRows(M, L.GD + L.bhn, L.DG + 2 * H, GH, H, T);
      sumRows(M, L.GD + L.by, L.DY, O, O, T);
    }),
  ];
}

/** C (m × n) = Σ_{t=T…1} D_t ⊗ X_t for D (T × m) and X (T × n), both row-major, summed in
 *  descending t by pointing the kernel at the last rows with negative strides, by rows of C. When
 *  rows are long (WIDE_ROW) the operands are first restaged — D transposed, X packed in panels —
 *  so that the kernel walks memory contiguously; the sums, and so the bits, are the same either way. */
function outerSum(heap: Heap, L: Layout, c: number, d: number, m: number, x: number, n: number): GradientJob {
  const { M, gemm } = heap;
  const T = L.T,
    last = T - 1;
  if (L.GA >= 0 && Math.max(m, n) >= WIDE_ROW) {
    return {
      count: m,
      rowWork: n * T,
      prepare() {
        transposeInto(M, L.GA, d, T, m);
        packPanels(M, L.GB, x, n, 1, T, n);
      },
      rows: (r0, r1) => gemm(c + r0 * n, n, L.GA + r0 * T + last, T, -1, L.GB + last * 8, -8, 8 * T, r1 - r0, n, T),
    };
  }
  return {
    count: m,
    rowWork: n * T,
    prepare: () => undefined,
    rows: (r0, r1) => gemm(c + r0 * n, n, d + last * m + r0, 1, -m, x + last * n, -n, 8, r1 - r0, n, T),
  };
}

/** dst[j] = Σ_{t=T…1} M[src + t·stride + j], j < n, one accumulator per j starting at 0. */
function sumRows(M: Float64Array, dst: number, src: number, stride: number, n: number, T: number): void {
  M.fill(0, dst, dst + n);
  for (let t = T - 1; t >= 0; t--) {
    const s = src + t * stride;
    for (let j = 0; j < n; j++) M[dst + j] += M[s + j];
  }
}
