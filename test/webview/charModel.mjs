// @ts-check
// Char-level models of any size for the webview suite and the panel benchmark, made in JavaScript
// so neither needs Python.

/** A char-level model like shared/anchors/make_perf.py's (explicit weights, uniform ±1/√H), made
 *  here so the suite needs no Python: cell 'rnn' | 'lstm' | 'gru', H hidden, V tokens, T steps. */
/** @type {import('./types').Ctx['charModel']} */
export function charModel(cell, H, V, T, seed = 1) {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const vocab = Array.from({ length: V }, (_, i) => String.fromCharCode(33 + i));
  const text = Array.from({ length: T + 1 }, () => vocab[Math.floor(rand() * V)]);
  const sc = 1 / Math.sqrt(H);
  /** @param {number} r @param {number} c */
  const M = (r, c) =>
    Array.from({ length: r }, () => Array.from({ length: c }, () => Math.round((rand() * 2 - 1) * sc * 1e5) / 1e5));
  /** @param {number} n @returns {number[]} */
  const zeros = (n) => new Array(n).fill(0);
  const gates = { rnn: ['h'], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'] }[cell];
  /** @type {Record<string, number[] | number[][]>} */
  const w = {};
  for (const k of gates) {
    w[`W_x${k}`] = M(H, V);
    w[`W_h${k}`] = M(H, H);
    if (cell === 'gru' && k === 'n') {
      w.b_xn = zeros(H);
      w.b_hn = zeros(H);
    } else w[`b_${k}`] = zeros(H);
  }
  w.W_hy = M(V, H);
  w.b_y = zeros(V);
  return JSON.stringify({
    name: `${cell} H=${H} V=${V} T=${T}`,
    cell,
    vocab,
    inputs: text.slice(0, -1),
    targets: text.slice(1),
    weights: w,
    train: { learningRate: 0.05, clipNorm: 5 },
  });
}
