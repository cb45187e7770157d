// Where every tensor of one pass lives in the heap (linalg.ts), how a model is loaded into it,
// and how the recorded series are read back out (the parameter and gradient blocks: pass.ts).
//
// The gate parameters are stored grouped, not in PARAM_NAMES order: all input weights of the
// cell one under another (Wx = [W_xi; W_xf; W_xg; W_xo] for lstm, G·H × I), then all recurrent
// weights (Wh, G·H × H), then the input-side biases (bx, G·H). The gradients use the same layout,
// so that one matrix product computes every gate's ∂L/∂W_h at once and one product per timestep
// sends every gate's delta back to h_{t−1}. G is 1 (rnn), 4 (lstm, gates i f g o) or 3 (gru,
// r z n; the gru's b_hn, which sits inside r ⊙ (…), is stored apart after bx).

import { packedSize, packPanels } from './linalg';
import { PARAM_NAMES, type CellKind, type Model } from '../model';

export const GATE_COUNT: Readonly<Record<CellKind, number>> = { rnn: 1, lstm: 4, gru: 3 };
const GATE_KEYS: Readonly<Record<CellKind, readonly string[]>> = {
  rnn: ['h'],
  lstm: ['i', 'f', 'g', 'o'],
  gru: ['r', 'z', 'n'],
};

/** Forward series that live in their own T×H region (the rest are views of shared regions). */
const OWN_FORWARD: Readonly<Record<CellKind, readonly string[]>> = {
  rnn: ['a'],
  lstm: ['a_i', 'a_f', 'a_g', 'a_o', 'i', 'f', 'g', 'o', 'tc'],
  gru: ['a_r', 'a_z', 'r', 'z', 'hn', 'a_n', 'n'],
};

export interface Layout {
  readonly cell: CellKind;
  readonly T: number;
  readonly H: number;
  readonly I: number;
  readonly O: number;
  readonly G: number;
  readonly GH: number;
  readonly tokens: boolean;
  /** Doubles the pass needs. */
  readonly size: number;
  /** Parameter block and gradient block (same relative layout, `rel`). */
  readonly P: number;
  readonly GD: number;
  readonly paramCount: number;
  readonly rel: Readonly<Record<string, number>>;
  readonly Wx: number;
  readonly Wh: number;
  readonly bx: number;
  readonly bhn: number;
  readonly Why: number;
  readonly by: number;
  /** Wxᵀ (I × GH): row-major in token mode (row `id` is W_x x_t for every gate), packed in
   *  8-column panels for vector inputs (the B of X · Wxᵀ). Forward only: in token mode the
   *  backward pass reuses the region for GWxT. */
  readonly WxT: number;
  /** The recurrent and output weights packed for the kernel (linalg.ts packPanels): WhF = Whᵀ
   *  (H × GH, forward), WhB = Wh (GH × H, backward), WyF = W_hyᵀ (H × O), WyB = W_hy (O × H).
   *  The forward and backward copies share one region (WhF = WhB, WyF = WyB): the forward copy
   *  is packed before the forward pass (packForward), the backward one over it before BPTT
   *  (packBackward). For a model whose size is its weights (H = 4096: 16.8 million numbers per
   *  matrix) that keeps the heap at three copies of W_hh rather than four. */
  readonly WhF: number;
  readonly WhB: number;
  readonly WyF: number;
  readonly WyB: number;
  /** Vector inputs X (T × I) and their projection XP = X · WxT (T × GH); -1 in token mode. */
  readonly X: number;
  readonly XP: number;
  /** HP: (T+1) × H, row 0 = h0, row t = h_t.  C: the same for lstm's cell state (else -1). */
  readonly HP: number;
  readonly C: number;
  /** Scratch of G·H doubles for the recurrent product of one timestep. */
  readonly S: number;
  /** Per-cell forward series regions (T × H each), by series name. */
  readonly fwd: Readonly<Record<string, number>>;
  readonly Y: number;
  readonly Pr: number;
  readonly DY: number;
  readonly DHOUT: number;
  readonly DH: number;
  readonly DHPREV: number;
  /** DG (T × GH): the deltas multiplied by Wh (→ δh_{t−1}, ∂L/∂Wh). DX (T × GH): the deltas of
   *  the input side (→ ∂L/∂Wx, ∂L/∂bx). The same region except for gru, where DG holds
   *  [δa_r, δa_z, δm] and DX holds [δa_r, δa_z, δa_n]. */
  readonly DG: number;
  readonly DX: number;
  readonly DC: number;
  readonly DCPREV: number;
  /** Token mode: ∂L/∂Wx accumulated transposed (I × GH), one row per token (the WxT region). */
  readonly GWxT: number;
  /** Scratch for the gradient products of wide models (-1 when every row is short, see
   *  WIDE_ROW): a delta matrix transposed (≤ max(GH, O) × T) and an operand packed in panels. */
  readonly GA: number;
  readonly GB: number;
}

/** Rows at least this many doubles long (2 KB) make the gradient products restage their operands
 *  (bptt.ts): rows 4 KB apart alias in the L1 cache. */
export const WIDE_ROW = 256;

export function planLayout(model: Model): Layout {
  const { cell, steps: T, hiddenSize: H, inputSize: I, outputSize: O } = model;
  const G = GATE_COUNT[cell];
  const GH = G * H;
  const tokens = model.inputs.kind === 'tokens';
  let size = 0;
  // Regions start on even offsets (16 bytes) so the SIMD loads of a row are aligned.
  const take = (n: number): number => {
    const at = size;
    size += n + (n & 1);
    return at;
  };

  const rel: Record<string, number> = {};
  let np = 0;
  const place = (name: string, n: number): void => {
    rel[name] = np;
    np += n;
  };
  for (const k of GATE_KEYS[cell]) place(`W_x${k}`, H * I);
  for (const k of GATE_KEYS[cell]) place(`W_h${k}`, H * H);
  for (const k of GATE_KEYS[cell]) place(cell === 'rnn' ? 'b_h' : cell === 'gru' && k === 'n' ? 'b_xn' : `b_${k}`, H);
  if (cell === 'gru') place('b_hn', H);
  place('W_hy', O * H);
  place('b_y', O);
  const first = PARAM_NAMES[cell][0];

  const P = take(np);
  const GD = take(np);
  const WxT = take(tokens ? I * GH : packedSize(I, GH));
  const WhF = take(Math.max(packedSize(H, GH), packedSize(GH, H)));
  const WhB = WhF;
  const WyF = take(Math.max(packedSize(H, O), packedSize(O, H)));
  const WyB = WyF;
  const X = tokens ? -1 : take(T * I);
  const XP = tokens ? -1 : take(T * GH);
  const HP = take((T + 1) * H);
  const C = cell === 'lstm' ? take((T + 1) * H) : -1;
  const S = take(GH);
  const fwd: Record<string, number> = {};
  for (const name of OWN_FORWARD[cell]) fwd[name] = take(T * H);
  const Y = take(T * O),
    Pr = take(T * O),
    DY = take(T * O);
  const DHOUT = take(T * H),
    DH = take(T * H),
    DHPREV = take(T * H);
  const DG = take(T * GH);
  const DX = cell === 'gru' ? take(T * GH) : DG;
  const DC = cell === 'lstm' ? take(T * H) : -1;
  const DCPREV = cell === 'lstm' ? take(T * H) : -1;
  const GWxT = tokens ? WxT : -1;
  const wide = Math.max(GH, H, O, tokens ? 0 : I) >= WIDE_ROW;
  const GA = wide ? take(Math.max(GH, O) * T) : -1;
  const GB = wide ? take(packedSize(T, Math.max(H, tokens ? 0 : I))) : -1;
  return {
    cell,
    T,
    H,
    I,
    O,
    G,
    GH,
    tokens,
    size,
    P,
    GD,
    paramCount: np,
    rel,
    Wx: rel[first],
    Wh: rel[`W_h${GATE_KEYS[cell][0]}`],
    bx: rel[cell === 'rnn' ? 'b_h' : `b_${GATE_KEYS[cell][0]}`],
    bhn: cell === 'gru' ? rel.b_hn : -1,
    Why: rel.W_hy,
    by: rel.b_y,
    WxT,
    WhF,
    WhB,
    WyF,
    WyB,
    X,
    XP,
    HP,
    C,
    S,
    fwd,
    Y,
    Pr,
    DY,
    DHOUT,
    DH,
    DHPREV,
    DG,
    DX,
    DC,
    DCPREV,
    GWxT,
    GA,
    GB,
  };
}

/** dst[c·rows + r] = M[src + r·cols + c]: a rows × cols matrix transposed, in 8 × 8 blocks so
 *  that neither side strides through memory a whole row at a time. */
export function transposeInto(M: Float64Array, dst: number, src: number, rows: number, cols: number): void {
  for (let r0 = 0; r0 < rows; r0 += 8) {
    const r1 = Math.min(rows, r0 + 8);
    for (let c0 = 0; c0 < cols; c0 += 8) {
      const c1 = Math.min(cols, c0 + 8);
      for (let c = c0; c < c1; c++) {
        const d = dst + c * rows;
        for (let r = r0; r < r1; r++) M[d + r] = M[src + r * cols + c];
      }
    }
  }
}

/** Copies h0 (c0) and the vector inputs in: what stays fixed while the parameters change. */
export function loadInputs(M: Float64Array, L: Layout, model: Model): void {
  M.set(model.h0, L.HP);
  if (L.C >= 0) {
    if (model.c0) M.set(model.c0, L.C);
    else M.fill(0, L.C, L.C + L.H);
  }
  if (model.inputs.kind === 'vectors') M.set(model.inputs.data, L.X);
}

/** The forward pass's transposed and packed copies of the weights, from the parameter block. */
export function packForward(M: Float64Array, L: Layout): void {
  for (const pack of forwardPacks(M, L)) pack();
}

/** packForward one matrix at a time (a sliced run yields between them: compute/run.ts). */
export function forwardPacks(M: Float64Array, L: Layout): (() => void)[] {
  const { H, I, O, GH } = L;
  const Wx = L.P + L.Wx;
  return [
    () => (L.tokens ? transposeInto(M, L.WxT, Wx, GH, I) : packPanels(M, L.WxT, Wx, 1, I, I, GH)),
    () => packPanels(M, L.WhF, L.P + L.Wh, 1, H, H, GH),
    () => packPanels(M, L.WyF, L.P + L.Why, 1, H, H, O),
  ];
}

/** The backward pass's packed copies, over the forward ones (the forward pass must be done). */
export function packBackward(M: Float64Array, L: Layout): void {
  for (const pack of backwardPacks(M, L)) pack();
}

/** packBackward one matrix at a time. */
export function backwardPacks(M: Float64Array, L: Layout): (() => void)[] {
  const { H, O, GH } = L;
  return [() => packPanels(M, L.WhB, L.P + L.Wh, H, 1, GH, H), () => packPanels(M, L.WyB, L.P + L.Why, H, 1, O, H)];
}
