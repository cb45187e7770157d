// The engine's one WebAssembly kernel: the strided matrix product `gemm` (see linalg.ts for its
// contract), written with 128-bit SIMD (two float64 lanes) and assembled here, at load time, from
// the few instructions it needs (wasmAssembler.ts) — no toolchain, no binary blob in the repository.
//
// Why WebAssembly: a profile of the training step shows the matrix products are nearly all of
// the time, and plain JavaScript tops out near 3 GFLOP/s on them while this kernel runs at 12–16.
// Why it stays exact and portable: each output element keeps ONE accumulator that starts at 0 and
// adds a[i,k]·b[k,j] for k in the caller's order, exactly like the JavaScript fallback. The SIMD
// lanes run over output *columns* j, never over k, so lanes never reorder a sum; and there is no
// fused multiply-add. The two back-ends therefore give identical bits (a unit test checks this).

// The engine is compiled without DOM or Node typings, so the little of the WebAssembly API it
// uses is declared here (the global itself exists in every JavaScript engine we run in).
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
};

import { notice } from './notices';
import { Code, F64, I32, OP, SIMD, uleb, V128 } from './wasmAssembler';

// Parameters (all i32, byte offsets and byte strides into the memory):
const C = 0,
  LDC = 1,
  A = 2,
  AROW = 3,
  AK = 4,
  B = 5,
  BK = 6,
  BP = 7,
  M = 8,
  N = 9,
  K = 10;
const PARAMS = 11;
// Locals.
const I = 11,
  J = 12,
  KK = 13,
  PA = 14 /* 14..17 */,
  PB = 18,
  PC = 19;
const FS = 20 /* 20..23 */,
  FB = 24;
const ACC = 25 /* 25..40: acc[r][v] = ACC + r·cv + v, rb·cv ≤ 16 */,
  BV = 41 /* 41..44 */,
  SP = 45;
const LOCALS: [number, number][] = [
  [9, I32],
  [5, F64],
  [21, V128],
];

/** One tile: rows i…i+rb−1 × columns j…j+2cv−1, the columns adjacent inside one 8-column panel
 *  of B (cv = 0: the single column j). */
function tile(c: Code, rb: number, cv: number): void {
  // pa_r = a + (i + r)·aRow
  c.get(A).get(I).get(AROW).op(OP.i32mul, OP.i32add).set(PA);
  for (let r = 1; r < rb; r++) c.add(PA + r, PA + r - 1, AROW);
  // pb = b + (j >> 3)·bP + (j & 7)·8 : column j lives in 8-column panel j >> 3
  c.get(B)
    .get(J)
    .i32(3)
    .op(OP.i32shrU)
    .get(BP)
    .op(OP.i32mul, OP.i32add)
    .get(J)
    .i32(7)
    .op(OP.i32and)
    .i32(8)
    .op(OP.i32mul, OP.i32add)
    .set(PB);
  for (let r = 0; r < rb; r++) {
    if (cv === 0) c.op(0x44, 0, 0, 0, 0, 0, 0, 0, 0).set(FS + r);
    else for (let v = 0; v < cv; v++) c.simd(0x0c, ...new Array<number>(16).fill(0)).set(ACC + r * cv + v);
  }
  c.get(K).set(KK);
  c.op(OP.block, OP.void, OP.loop, OP.void);
  c.get(KK).op(OP.i32eqz, OP.brIf, 1);
  if (cv === 0) {
    c.get(PB).op(OP.f64load).memarg(3, 0).set(FB);
    for (let r = 0; r < rb; r++) {
      c.get(FS + r)
        .get(FB)
        .get(PA + r)
        .op(OP.f64load)
        .memarg(3, 0)
        .op(OP.f64mul, OP.f64add)
        .set(FS + r);
    }
  } else if (rb === 1) {
    // one row: each loaded B vector is used once, so load it where it is used (no registers held)
    c.get(PA).simd(SIMD.load64Splat).memarg(3, 0).set(SP);
    for (let v = 0; v < cv; v++) {
      c.get(ACC + v)
        .get(PB)
        .simd(SIMD.load)
        .memarg(4, 16 * v)
        .get(SP)
        .simd(SIMD.f64x2mul)
        .simd(SIMD.f64x2add)
        .set(ACC + v);
    }
  } else {
    for (let v = 0; v < cv; v++)
      c.get(PB)
        .simd(SIMD.load)
        .memarg(4, 16 * v)
        .set(BV + v);
    for (let r = 0; r < rb; r++) {
      c.get(PA + r)
        .simd(SIMD.load64Splat)
        .memarg(3, 0)
        .set(SP);
      for (let v = 0; v < cv; v++) {
        c.get(ACC + r * cv + v)
          .get(BV + v)
          .get(SP)
          .simd(SIMD.f64x2mul)
          .simd(SIMD.f64x2add)
          .set(ACC + r * cv + v);
      }
    }
  }
  for (let r = 0; r < rb; r++) c.add(PA + r, PA + r, AK);
  c.add(PB, PB, BK);
  c.get(KK).i32(1).op(OP.i32sub).set(KK);
  c.op(OP.br, 0, OP.end, OP.end);
  // store: pc = c + i·ldc + 8j, then one row after another
  c.get(C).get(I).get(LDC).op(OP.i32mul, OP.i32add).get(J).i32(8).op(OP.i32mul, OP.i32add).set(PC);
  for (let r = 0; r < rb; r++) {
    if (r > 0) c.add(PC, PC, LDC);
    if (cv === 0)
      c.get(PC)
        .get(FS + r)
        .op(0x39)
        .memarg(3, 0);
    else
      for (let v = 0; v < cv; v++)
        c.get(PC)
          .get(ACC + r * cv + v)
          .simd(SIMD.store)
          .memarg(4, 16 * v);
  }
}

/** while (x + step <= limit) { body; x += step } */
function whileFits(c: Code, x: number, step: number, limit: number, body: () => void): void {
  c.op(OP.block, OP.void, OP.loop, OP.void);
  c.get(x).i32(step).op(OP.i32add).get(limit).op(OP.i32gtS, OP.brIf, 1);
  body();
  c.get(x).i32(step).op(OP.i32add).set(x);
  c.op(OP.br, 0, OP.end, OP.end);
}

/** Row blocks of `rb` rows: tiles of 2·cv columns, then pairs, then single columns. */
function rowBlocks(c: Code, rb: number, cv: number): void {
  whileFits(c, I, rb, M, () => {
    c.i32(0).set(J);
    whileFits(c, J, 2 * cv, N, () => tile(c, rb, cv));
    if (cv > 1) whileFits(c, J, 2, N, () => tile(c, rb, 1));
    whileFits(c, J, 1, N, () => tile(c, rb, 0));
  });
}

/** A tile shape: rows × two-column vectors (1, 2 or 4, so that a tile stays inside a panel). */
export type TileShape = readonly [rows: number, vectors: number];

/** The module's bytes. `blocks` lists the tile shapes tried in order over the rows. The default
 *  was the fastest measured here: 4 rows × 4 columns (the gradient and output products over all
 *  timesteps), then single rows × 8 columns (the per-timestep matrix–vector products). Wider
 *  single-row tiles (two panels, 8 accumulators) measured slower. */
export function gemmModuleBytes(
  blocks: readonly TileShape[] = [
    [4, 2],
    [1, 4],
  ],
): Uint8Array {
  for (const [rb, cv] of blocks)
    if (![1, 2, 4].includes(cv) || rb < 1 || rb * cv > 16) throw new Error(`bad tile ${rb}×${cv}`);
  const c = new Code();
  c.i32(0).set(I);
  for (const [rb, cv] of blocks) rowBlocks(c, rb, cv);
  c.op(OP.end);

  const body: number[] = [];
  uleb(LOCALS.length, body);
  for (const [n, t] of LOCALS) {
    uleb(n, body);
    body.push(t);
  }
  body.push(...c.b);

  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const section = (id: number, content: number[]): void => {
    out.push(id);
    uleb(content.length, out);
    out.push(...content);
  };
  const name = (s: string): number[] => [s.length, ...Array.from(s, (ch) => ch.charCodeAt(0))];
  section(1, [1, 0x60, PARAMS, ...new Array<number>(PARAMS).fill(I32), 0]); // type: (i32 × 11) → ()
  section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]); // import memory, min 1 page
  section(3, [1, 0]); // one function of type 0
  section(7, [1, ...name('gemm'), 0x00, 0]); // export it
  const code: number[] = [1];
  uleb(body.length, code);
  code.push(...body);
  section(10, code);
  return new Uint8Array(out);
}

export type WasmGemm = (
  c: number,
  ldc: number,
  a: number,
  aRow: number,
  aK: number,
  b: number,
  bK: number,
  bP: number,
  m: number,
  n: number,
  k: number,
) => void;

/** The compiled module of the default tiles, compiled once per WebAssembly API (null: it did not
 *  compile there). Keyed by the API object so that a host that replaces it is asked again. */
let defaultModule: { readonly api: object; readonly module: object | null } | undefined;

function compile(blocks?: readonly TileShape[]): object | null {
  if (typeof WebAssembly !== 'object') {
    notice('WebAssembly is not available here: the engine uses its JavaScript kernel (same numbers, slower)');
    return null;
  }
  if (blocks === undefined && defaultModule?.api === WebAssembly) return defaultModule.module;
  let module: object | null = null;
  try {
    module = new WebAssembly.Module(gemmModuleBytes(blocks));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    notice(
      `the WebAssembly SIMD kernel did not compile (${why}): the engine uses its JavaScript kernel (same numbers, slower)`,
    );
  }
  if (blocks === undefined) defaultModule = { api: WebAssembly, module };
  return module;
}

/** Instantiates the kernel against a fresh memory of `pages` 64 KiB pages; null where WebAssembly
 *  or its SIMD is unavailable (an old engine, or a content security policy that forbids
 *  compiling), or the memory cannot be had. The module itself is compiled once. */
export function instantiateGemm(
  blocks?: readonly TileShape[],
  pages = 1,
): { memory: WasmMemory; gemm: WasmGemm } | null {
  const module = compile(blocks);
  if (!module) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: pages });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    return { memory, gemm: instance.exports.gemm as WasmGemm };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    notice(
      `a WebAssembly memory of ${pages * 65536} bytes could not be had (${why}): this run uses the JavaScript kernel`,
    );
    return null;
  }
}
