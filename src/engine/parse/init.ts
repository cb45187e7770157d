// Seeded weight initialisation for `"weights": {"init": {"seed": S, "scale": s}}`.
//
// The same file must give the same weights on every platform and in every version, so the
// generator is spelled out here rather than borrowed from a library: Mulberry32 (Tommy Ettinger's
// 32-bit generator, public domain), which uses only 32-bit integer arithmetic (`Math.imul`, shifts)
// and is therefore bit-identical in every JavaScript engine.
//
//   state ← (state + 0x6D2B79F5) mod 2³²
//   z ← state;  z ← (z ⊕ (z >>> 15)) · (z | 1);  z ← z ⊕ (z + (z ⊕ (z >>> 7)) · (z | 61));
//   u ← (z ⊕ (z >>> 14)) / 2³²                      ∈ [0, 1)
//
// The initial state is the seed (an integer, taken mod 2³²). Parameters are drawn in the order of
// PARAM_NAMES[cell], each row-major, one draw per element: value = scale · (2u − 1), uniform in
// [−scale, scale). The default scale is 1/√H, as PyTorch's nn.RNN/LSTM/GRU use.

import { PARAM_NAMES, paramShape, type CellKind, type Tensor } from '../model';

/** Returns a function giving the next uniform number in [0, 1) of the Mulberry32 stream. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

export function defaultInitScale(hiddenSize: number): number {
  return 1 / Math.sqrt(hiddenSize);
}

/** initParams, drawn on first use: parsing a big `init` model costs nothing until a parameter is
 *  read. The editor parses every edit on its own thread but runs the model in a worker
 *  (src/host/session/runServer.ts), which draws them there and sends them back. */
export function lazyInitParams(
  cell: CellKind,
  I: number,
  H: number,
  O: number,
  seed: number,
  scale: number,
): Record<string, Tensor> {
  let drawn: Record<string, Tensor> | undefined;
  const params: Record<string, Tensor> = {};
  for (const name of PARAM_NAMES[cell])
    Object.defineProperty(params, name, {
      enumerable: true,
      get: () => (drawn ??= initParams(cell, I, H, O, seed, scale))[name],
    });
  return params;
}

/** Draws every parameter of the cell. I, H, O: input, hidden and output sizes. */
export function initParams(
  cell: CellKind,
  I: number,
  H: number,
  O: number,
  seed: number,
  scale: number,
): Record<string, Tensor> {
  const next = mulberry32(seed);
  const params: Record<string, Tensor> = {};
  for (const name of PARAM_NAMES[cell]) {
    const shape = paramShape(name, I, H, O);
    const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
    for (let k = 0; k < data.length; k++) data[k] = scale * (2 * next() - 1);
    params[name] = { shape, data };
  }
  return params;
}
