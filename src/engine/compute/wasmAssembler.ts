// Just enough of a WebAssembly assembler for the engine's one kernel (wasmGemm.ts): the LEB128
// integers of the binary format, the value types, the opcodes the kernel uses, and a small
// emitter for one function body. Written against the WebAssembly 2.0 binary format (with SIMD).

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Unsigned LEB128, appended to `out`. */
export function uleb(n: number, out: number[]): void {
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
}

/** Signed LEB128, appended to `out`. */
function sleb(n: number, out: number[]): void {
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

/** A tiny emitter for one function body. */
export class Code {
  readonly b: number[] = [];
  get(i: number): this {
    this.b.push(0x20);
    uleb(i, this.b);
    return this;
  }
  set(i: number): this {
    this.b.push(0x21);
    uleb(i, this.b);
    return this;
  }
  i32(n: number): this {
    this.b.push(0x41);
    sleb(n, this.b);
    return this;
  }
  op(...ops: number[]): this {
    this.b.push(...ops);
    return this;
  }
  simd(op: number, ...imm: number[]): this {
    this.b.push(0xfd);
    uleb(op, this.b);
    this.b.push(...imm);
    return this;
  }
  memarg(align: number, offset: number): this {
    this.b.push(align);
    uleb(offset, this.b);
    return this;
  }
  /** local[dst] = local[x] + local[y] (i32) */
  add(dst: number, x: number, y: number): this {
    return this.get(x).get(y).op(OP.i32add).set(dst);
  }
}

/** The opcodes the kernel uses. */
export const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  void: 0x40,
  i32eqz: 0x45,
  i32gtS: 0x4a,
  i32add: 0x6a,
  i32sub: 0x6b,
  i32mul: 0x6c,
  i32and: 0x71,
  i32shrU: 0x76,
  f64load: 0x2b,
  f64add: 0xa0,
  f64mul: 0xa2,
};
/** The 128-bit SIMD opcodes it uses (after the 0xfd prefix). */
export const SIMD = { load: 0x00, load64Splat: 0x0a, store: 0x0b, f64x2add: 0xf0, f64x2mul: 0xf2 };
