// An independent reference for the dynamics tests: the cells written out plainly from docs/FORMAT.md
// (number arrays, no heap, no kernel), and the flow and connectivity matrices as explicit products
// of dense per-step Jacobians, each Jacobian measured by central finite differences of that plain
// cell. Nothing here shares code with src/engine/dynamics.
import type { Model } from '../../src/engine/model';

type Vec = number[];
const sig = (a: number): number => 1 / (1 + Math.exp(-a));

function matVec(W: Float64Array, rows: number, cols: number, v: Vec): Vec {
  const out: Vec = [];
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += W[i * cols + j] * v[j];
    out.push(s);
  }
  return out;
}

/** x_t as a dense vector (one-hot for tokens). */
export function inputVector(m: Model, t: number): Vec {
  const I = m.inputSize;
  if (m.inputs.kind === 'tokens') {
    const v = new Array<number>(I).fill(0);
    v[m.inputs.ids[t - 1]] = 1;
    return v;
  }
  return Array.from(m.inputs.data.subarray((t - 1) * I, t * I));
}

/** The state (h, c for lstm) after one step from `s` with input x. */
export function cellStep(m: Model, s: Vec, x: Vec): Vec {
  const H = m.hiddenSize,
    I = m.inputSize;
  const P = m.params;
  const h = s.slice(0, H);
  const pre = (k: string, b: string): Vec => {
    const a = matVec(P[`W_x${k}`].data, H, I, x);
    const r = matVec(P[`W_h${k}`].data, H, H, h);
    return a.map((v, j) => v + r[j] + P[b].data[j]);
  };
  switch (m.cell) {
    case 'rnn': {
      const a = pre('h', 'b_h');
      return a.map((v) => (m.activation === 'relu' ? Math.max(0, v) : Math.tanh(v)));
    }
    case 'lstm': {
      const c = s.slice(H);
      const i = pre('i', 'b_i').map(sig),
        f = pre('f', 'b_f').map(sig),
        g = pre('g', 'b_g').map(Math.tanh),
        o = pre('o', 'b_o').map(sig);
      const cn = c.map((cv, j) => f[j] * cv + i[j] * g[j]);
      return [...cn.map((cv, j) => o[j] * Math.tanh(cv)), ...cn];
    }
    case 'gru': {
      const r = pre('r', 'b_r').map(sig),
        z = pre('z', 'b_z').map(sig);
      const xn = matVec(P.W_xn.data, H, I, x),
        hn = matVec(P.W_hn.data, H, H, h);
      const n = xn.map((v, j) => Math.tanh(v + P.b_xn.data[j] + r[j] * (hn[j] + P.b_hn.data[j])));
      return n.map((nv, j) => (1 - z[j]) * nv + z[j] * h[j]);
    }
  }
}

export function output(m: Model, s: Vec): Vec {
  const y = matVec(m.params.W_hy.data, m.outputSize, m.hiddenSize, s.slice(0, m.hiddenSize));
  return y.map((v, o) => v + m.params.b_y.data[o]);
}

/** ℓ_t of output y (unreduced); null when step t has no target. */
export function stepLoss(m: Model, t: number, y: Vec): number | null {
  const tg = m.targets;
  if (tg.kind === 'tokens') {
    const k = tg.ids[t - 1];
    if (k < 0) return null;
    const mx = Math.max(...y);
    return mx + Math.log(y.reduce((a, v) => a + Math.exp(v - mx), 0)) - y[k];
  }
  if (tg.kind === 'vectors') {
    if (tg.mask[t - 1] !== 1) return null;
    const O = m.outputSize;
    return 0.5 * y.reduce((a, v, o) => a + (v - tg.data[(t - 1) * O + o]) ** 2, 0);
  }
  return null;
}

/** States s_0 … s_T. */
export function states(m: Model): Vec[] {
  const s: Vec[] = [[...m.h0, ...(m.cell === 'lstm' ? (m.c0 ?? new Float64Array(m.hiddenSize)) : [])]];
  for (let t = 1; t <= m.steps; t++) s.push(cellStep(m, s[t - 1], inputVector(m, t)));
  return s;
}

const EPS = 1e-6;

/** d f(v)/d v as rows(f) × len(v), central differences. */
function jacobian(f: (v: Vec) => Vec, v: Vec): number[][] {
  const cols: Vec[] = [];
  for (let j = 0; j < v.length; j++) {
    const up = v.slice(),
      dn = v.slice();
    up[j] += EPS;
    dn[j] -= EPS;
    const a = f(up),
      b = f(dn);
    cols.push(a.map((x, i) => (x - b[i]) / (2 * EPS)));
  }
  return cols[0].map((_, i) => cols.map((c) => c[i]));
}

const rowTimes = (v: Vec, J: number[][]): Vec => J[0].map((_, j) => v.reduce((a, x, i) => a + x * J[i][j], 0));
const norm = (v: Vec): number => Math.sqrt(v.reduce((a, x) => a + x * x, 0));

/** flow[t−1][k] = ‖∂ℓ_t/∂h_k‖ (null rows without a target), by products of dense Jacobians. */
export function referenceFlow(m: Model): (number[] | null)[] {
  const T = m.steps,
    H = m.hiddenSize;
  const s = states(m);
  const J = [
    null,
    ...Array.from({ length: T }, (_, k) => jacobian((v) => cellStep(m, v, inputVector(m, k + 1)), s[k])),
  ];
  const rows: (number[] | null)[] = [];
  for (let t = 1; t <= T; t++) {
    if (stepLoss(m, t, output(m, s[t])) === null) {
      rows.push(null);
      continue;
    }
    const row = new Array<number>(T + 1).fill(0);
    let v = jacobian((st) => [stepLoss(m, t, output(m, st)) as number], s[t])[0];
    for (let k = t; k >= 0; k--) {
      row[k] = norm(v.slice(0, H));
      if (k > 0) v = rowTimes(v, J[k] as number[][]);
    }
    rows.push(row);
  }
  return rows;
}

/** conn[t−1][k−1] = ‖∂y_t/∂x_k‖_F, by products of dense Jacobians. */
export function referenceConnectivity(m: Model): number[][] {
  const T = m.steps;
  const s = states(m);
  const J = [
    null,
    ...Array.from({ length: T }, (_, k) => jacobian((v) => cellStep(m, v, inputVector(m, k + 1)), s[k])),
  ];
  const Jx = [
    null,
    ...Array.from({ length: T }, (_, k) => jacobian((x) => cellStep(m, s[k], x), inputVector(m, k + 1))),
  ];
  const out: number[][] = [];
  for (let t = 1; t <= T; t++) {
    const row = new Array<number>(T).fill(0);
    // rows of ∂y_t/∂s_t, carried back one Jacobian at a time
    let A = jacobian((st) => output(m, st), s[t]);
    for (let k = t; k >= 1; k--) {
      const D = A.map((r) => rowTimes(r, Jx[k] as number[][]));
      row[k - 1] = Math.sqrt(D.reduce((a, r) => a + r.reduce((b, x) => b + x * x, 0), 0));
      A = A.map((r) => rowTimes(r, J[k] as number[][]));
    }
    out.push(row);
  }
  return out;
}
