// The numerical kernels and the memory they work in.
//
// A run works in one flat float64 "heap" (`Heap.M`): every tensor of the pass is a region of it,
// addressed by element offsets (heapLayout.ts lays them out). One matrix-product kernel does all
// the heavy arithmetic:
//
//   gemm(c, ldc, a, aRow, aK, b, bK, bP, m, n, k):
//     for i < m, j < n:  M[c + i·ldc + j] = Σ_{s = 0…k−1} A(i, s) · B(s, j)
//     A(i, s) = M[a + i·aRow + s·aK]        B(s, j) = M[b + s·bK + (j >> 3)·bP + (j & 7)]
//
// with ONE accumulator per output element, starting at 0 and adding the terms in the order
// s = 0, 1, …, k−1. Strides may be negative, so a caller that points `a`/`b` at the last row and
// negates the strides gets the sum in descending order — that is how the gradients are summed
// t = T…1, exactly like the running sums the stepper shows (trace.ts). A transposed A is just
// other strides. B is addressed in panels of 8 columns: a plain row-major B has bP = 8; a B
// "packed" panel by panel (packPanels) has bK = 8, bP = 8k. Packing matters for the recurrent
// weights: rows 4 KB apart (H·G = 512) all fall into the same L1 cache set, which halves the
// speed of the per-timestep product. The forward matrix–vector products are the case m = 1.
//
// Two back-ends implement it with identical results: WebAssembly SIMD (wasmGemm.ts, used when
// available) and plain JavaScript (the fallback, and the reference the tests compare against).
// Everything else — the activations, softmax, the element-wise backward rules — is JavaScript
// working directly on the heap.

import { instantiateGemm, type WasmGemm, type WasmMemory } from './wasmGemm';
import { notice } from './notices';

export type Gemm = (
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

export interface Heap {
  /** The whole heap; regions are addressed by element offset. Valid until `release()`. */
  readonly M: Float64Array;
  readonly gemm: Gemm;
  readonly backend: 'wasm' | 'js';
  release(): void;
}

/** The JavaScript kernel: four columns at a time, each with its own single accumulator. */
export function gemmJs(
  M: Float64Array,
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
): void {
  for (let i = 0; i < m; i++) {
    const a0 = a + i * aRow;
    const crow = c + i * ldc;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      // j is a multiple of 4, so columns j…j+3 are adjacent within one 8-column panel
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      let pa = a0,
        pb = b + (j >> 3) * bP + (j & 7);
      for (let s = 0; s < k; s++) {
        const av = M[pa];
        s0 += M[pb] * av;
        s1 += M[pb + 1] * av;
        s2 += M[pb + 2] * av;
        s3 += M[pb + 3] * av;
        pa += aK;
        pb += bK;
      }
      M[crow + j] = s0;
      M[crow + j + 1] = s1;
      M[crow + j + 2] = s2;
      M[crow + j + 3] = s3;
    }
    for (; j < n; j++) {
      let s0 = 0;
      let pa = a0,
        pb = b + (j >> 3) * bP + (j & 7);
      for (let s = 0; s < k; s++) {
        s0 += M[pb] * M[pa];
        pa += aK;
        pb += bK;
      }
      M[crow + j] = s0;
    }
  }
}

/** Doubles a k × n matrix takes packed in 8-column panels (the last panel padded with zeros). */
export function packedSize(k: number, n: number): number {
  return Math.ceil(n / 8) * 8 * k;
}

/** Packs B(s, j) = M[src + s·sK + j·sJ] (s < k, j < n) into panels at dst: B(s, j) goes to
 *  dst + (j >> 3)·8k + 8s + (j & 7). Use it with gemm(…, b = dst, bK = 8, bP = 8k, …). */
export function packPanels(
  M: Float64Array,
  dst: number,
  src: number,
  sK: number,
  sJ: number,
  k: number,
  n: number,
): void {
  for (let p = 0; p * 8 < n; p++) {
    const w = Math.min(8, n - p * 8);
    let d = dst + p * 8 * k;
    for (let s = 0; s < k; s++, d += 8) {
      const row = src + s * sK + p * 8 * sJ;
      let l = 0;
      for (; l < w; l++) M[d + l] = M[row + l * sJ];
      for (; l < 8; l++) M[d + l] = 0;
    }
  }
}

export type Backend = 'auto' | 'wasm' | 'js';

let preferred: Backend = 'auto';
let wasm: { memory: WasmMemory; gemm: WasmGemm } | null | undefined;
let wasmBusy = false;

/** Chooses the kernels: 'auto' (WebAssembly when it compiles, else JavaScript), or one of them.
 *  Both give the same numbers; tests and the benchmark use this to compare them. */
export function setBackend(backend: Backend): void {
  preferred = backend;
}

/** Which back-end `acquireHeap` will use now. */
export function activeBackend(): 'wasm' | 'js' {
  if (preferred === 'js') return 'js';
  if (wasm === undefined) wasm = instantiateGemm();
  if (wasm === null && preferred === 'wasm') throw new Error('WebAssembly SIMD is not available here');
  return wasm === null ? 'js' : 'wasm';
}

const PAGE = 65536;

/** Heaps up to this many bytes share one WebAssembly memory, kept from run to run. A bigger heap
 *  gets a memory of its own, dropped when the run releases it: a WebAssembly memory can grow but
 *  never shrink, so one large run would otherwise keep its peak for the life of the process. */
export const SHARED_HEAP_BYTES = 64 * 1024 * 1024;

/** The kernel over a memory: element offsets and strides become the kernel's byte addresses. */
function wasmHeap(memory: WasmMemory, g: WasmGemm, size: number, release: () => void): Heap {
  const M = new Float64Array(memory.buffer, 0, size);
  const gemm: Gemm = (c, ldc, a, aRow, aK, b, bK, bP, m, n, k) =>
    g(c * 8, ldc * 8, a * 8, aRow * 8, aK * 8, b * 8, bK * 8, bP * 8, m, n, k);
  return { M, gemm, backend: 'wasm', release };
}

/** A heap of at least `size` doubles. The shared WebAssembly memory is reused from run to run (so
 *  its contents are NOT zeroed: every region is written before it is read); while one run holds
 *  it, a nested run (say, from a train() callback) gets a memory of its own or a plain JavaScript
 *  heap. Heaps above SHARED_HEAP_BYTES always get their own memory, freed with the heap. */
export function acquireHeap(size: number): Heap {
  const bytes = size * 8;
  // Byte offsets must stay below 2³¹ (the kernel's addresses are signed 32-bit integers).
  if (activeBackend() === 'wasm' && wasm && bytes < 2 ** 31) {
    if (bytes <= SHARED_HEAP_BYTES && !wasmBusy) {
      const w = wasm;
      const have = w.memory.buffer.byteLength;
      let grown = true;
      if (bytes > have) {
        try {
          w.memory.grow(Math.ceil((bytes - have) / PAGE));
        } catch (e) {
          grown = false; // beyond what the engine lets WebAssembly address: fall back
          const why = e instanceof Error ? e.message : String(e);
          notice(
            `the WebAssembly memory could not grow to ${bytes} bytes (${why}): this run uses the JavaScript kernel`,
          );
        }
      }
      if (grown) {
        wasmBusy = true;
        return wasmHeap(w.memory, w.gemm, size, () => {
          wasmBusy = false;
        });
      }
    } else {
      const own = instantiateGemm(undefined, Math.max(1, Math.ceil(bytes / PAGE)));
      // Nothing to free explicitly: the memory goes with the last reference to it (this heap's M).
      if (own) return wasmHeap(own.memory, own.gemm, size, () => undefined);
    }
  }
  const M = new Float64Array(size);
  const gemm: Gemm = (c, ldc, a, aRow, aK, b, bK, bP, m, n, k) => gemmJs(M, c, ldc, a, aRow, aK, b, bK, bP, m, n, k);
  return { M, gemm, backend: 'js', release: () => undefined };
}
