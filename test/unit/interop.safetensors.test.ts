// The safetensors reader (src/engine/interop/safetensors.ts) on files built here byte by byte:
// every dtype decoded exactly, edge values included (subnormals, ±0, the largest finite values),
// non-finite values refused, and every way a header can lie about the file refused with a sentence.
import { strict as assert } from 'node:assert';
import { halfToNumber } from '../../src/engine/interop/floatFormats';
import { readSafetensors } from '../../src/engine/interop/safetensors';
import { readWeights } from '../../src/engine/interop/readWeights';
import { ImportError } from '../../src/engine/interop/stateDict';

/** A safetensors file: 8-byte little-endian header length, the header text, then `data`. */
function st(header: unknown, data: Uint8Array = new Uint8Array(0), headerLength?: bigint): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

function bytesOf(kind: 'u16' | 'f32' | 'f64', values: readonly number[]): Uint8Array {
  const size = kind === 'u16' ? 2 : kind === 'f32' ? 4 : 8;
  const view = new DataView(new ArrayBuffer(values.length * size));
  values.forEach((v, k) => {
    if (kind === 'u16') view.setUint16(k * size, v, true);
    else if (kind === 'f32') view.setFloat32(k * size, v, true);
    else view.setFloat64(k * size, v, true);
  });
  return new Uint8Array(view.buffer);
}

function one(dtype: string, kind: 'u16' | 'f32' | 'f64', values: readonly number[]): Float64Array {
  const data = bytesOf(kind, values);
  const dict = readSafetensors(st({ w: { dtype, shape: [values.length], data_offsets: [0, data.length] } }, data));
  return dict.get('w')!.data;
}

function sameBits(actual: Float64Array, expected: readonly number[]): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, k) => assert.ok(Object.is(actual[k], e), `[${k}]: ${actual[k]} is not ${e}`));
}

function refuses(bytes: Uint8Array, message: RegExp): void {
  assert.throws(
    () => readSafetensors(bytes),
    (e: unknown) => e instanceof ImportError && message.test(e.message),
  );
}

describe('safetensors: every dtype decoded exactly', () => {
  it('F16: ±0, subnormals, the smallest normal, one, a third, ±65504', () => {
    const bits = [0x0000, 0x8000, 0x0001, 0x03ff, 0x0400, 0x3c00, 0x3555, 0x7bff, 0xfbff, 0xc000];
    const expected = [0, -0, 2 ** -24, 1023 * 2 ** -24, 2 ** -14, 1, 1365 / 4096, 65504, -65504, -2];
    sameBits(one('F16', 'u16', bits), expected);
  });

  it('F16 decoding agrees with the float16 → float32 rounding of every one of the 63 488 finite values', () => {
    // Independent: a binary16 value times 2^112 as a binary32 bit pattern, the textbook conversion.
    const scratch = new DataView(new ArrayBuffer(4));
    for (let b = 0; b < 0x10000; b++) {
      if ((b & 0x7c00) === 0x7c00) continue;
      const sign = (b & 0x8000) << 16;
      scratch.setUint32(0, ((b & 0x7fff) << 13) >>> 0);
      const magnitude = scratch.getFloat32(0) * 2 ** 112;
      const expected = sign ? -magnitude : magnitude;
      if (!Object.is(halfToNumber(b), expected)) assert.fail(`0x${b.toString(16)}: ${halfToNumber(b)} ≠ ${expected}`);
    }
  });

  it('BF16: ±0, the smallest subnormal, ±1, π rounded, the largest finite value', () => {
    const bits = [0x0000, 0x8000, 0x0001, 0x3f80, 0xbf80, 0x4049, 0x7f7f];
    const expected = [0, -0, 2 ** -133, 1, -1, 3.140625, (2 - 2 ** -7) * 2 ** 127];
    sameBits(one('BF16', 'u16', bits), expected);
  });

  it('F32: ±0, the smallest subnormal, 0.1 as a float32, the largest finite value', () => {
    const values = [0, -0, 2 ** -149, Math.fround(0.1), 3.4028234663852886e38, -1.5];
    sameBits(one('F32', 'f32', values), [0, -0, 2 ** -149, 0.10000000149011612, 3.4028234663852886e38, -1.5]);
  });

  it('F64: ±0, 5e-324, 0.1, the largest finite value', () => {
    const values = [0, -0, 5e-324, 0.1, Number.MAX_VALUE, -Number.MIN_VALUE];
    sameBits(one('F64', 'f64', values), values);
  });

  it('tensors of several dtypes and shapes, in any header order, keep their shapes', () => {
    const a = bytesOf('f64', [1, 2, 3, 4, 5, 6]);
    const b = bytesOf('f32', [0.5, -0.5]);
    const data = new Uint8Array([...a, ...b]);
    const dict = readSafetensors(
      st(
        {
          __metadata__: { format: 'pt' },
          'rnn.bias': { dtype: 'F32', shape: [2], data_offsets: [48, 56] },
          'rnn.weight': { dtype: 'F64', shape: [2, 3], data_offsets: [0, 48] },
        },
        data,
      ),
    );
    assert.deepEqual(dict.get('rnn.weight')!.shape, [2, 3]);
    sameBits(dict.get('rnn.weight')!.data, [1, 2, 3, 4, 5, 6]);
    sameBits(dict.get('rnn.bias')!.data, [0.5, -0.5]);
  });

  it('is told from a JSON state_dict by its bytes, whatever the file is called', () => {
    const data = bytesOf('f64', [2]);
    const bytes = st({ w: { dtype: 'F64', shape: [], data_offsets: [0, 8] } }, data);
    sameBits(readWeights(bytes, 'weights.bin').get('w')!.data, [2]);
  });
});

describe('safetensors: non-finite values are refused, naming the element', () => {
  for (const [dtype, kind, bad, shown] of [
    ['F16', 'u16', 0x7c00, 'Infinity'],
    ['F16', 'u16', 0xfe00, 'NaN'],
    ['BF16', 'u16', 0xff80, '-Infinity'],
    ['F32', 'f32', NaN, 'NaN'],
    ['F64', 'f64', Infinity, 'Infinity'],
  ] as const) {
    it(`${dtype} ${shown}`, () => {
      const data = bytesOf(kind, [0, 0, 0, bad]);
      const bytes = st({ 'rnn.weight_hh_l0': { dtype, shape: [2, 2], data_offsets: [0, data.length] } }, data);
      refuses(bytes, new RegExp(`^rnn\\.weight_hh_l0\\[1, 1\\] is ${shown}: a model's weights must be finite`));
    });
  }
});

describe('safetensors: a header that lies is refused', () => {
  const w = (offsets: number[], shape = [2], dtype = 'F32') => ({ dtype, shape, data_offsets: offsets });
  const eight = new Uint8Array(8);

  it('a file shorter than the header length field', () => {
    refuses(new Uint8Array(5), /5 bytes long; a safetensors file starts with an 8-byte header length/);
  });
  it('a header length beyond the end of the file', () => {
    refuses(st({ w: w([0, 8]) }, eight, 4000n), /header length says 4,000 bytes but only \d+ bytes follow/);
  });
  it('a header length beyond 100 MB, without reading it', () => {
    refuses(st({}, eight, 2n ** 40n), /1,099,511,627,776 bytes, more than the 100 MB a safetensors header may have/);
  });
  it('a header that is not JSON, not UTF-8, or not an object', () => {
    refuses(st('{"w": '), /header is not valid JSON/);
    const bad = st('{"a":1}');
    bad[9] = 0xff;
    refuses(bad, /header is not valid UTF-8/);
    refuses(st([1, 2]), /not a JSON object of tensors/);
    refuses(st({}), /holds no tensors/);
  });
  it('an unknown dtype, a bad shape, bad offsets', () => {
    refuses(st({ w: w([0, 8], [2], 'F128') }, eight), /w has dtype "F128", which is not a safetensors dtype/);
    refuses(st({ w: w([0, 8], [-2]) }, eight), /w has shape \[-2\]; a shape is a list of sizes/);
    refuses(st({ w: w([0, 8], [1.5]) }, eight), /a shape is a list of sizes/);
    refuses(st({ w: w([8, 0]) }, eight), /data_offsets \[8,0\]; they must be \[begin, end\] with 0 ≤ begin ≤ end/);
    refuses(st({ w: { dtype: 'F32', shape: [2] } }, eight), /data_offsets undefined/);
    refuses(st({ w: 3 }), /header entry of w is not an object/);
  });
  it('a shape whose size disagrees with its offsets', () => {
    refuses(
      st({ w: w([0, 12], [4]) }, new Uint8Array(12)),
      /w is 4 of F32, which needs 16 bytes, but its data_offsets \[0, 12\] hold 12/,
    );
  });
  it('offsets past the end of the data', () => {
    refuses(st({ w: w([8, 16]) }, eight), /w's data_offsets \[8, 16\] run past the end of the data \(8 bytes\)/);
  });
  it('a gap, an overlap, or data the header does not describe', () => {
    const sixteen = new Uint8Array(16);
    refuses(
      st({ w: w([0, 8]), v: w([12, 20]) }, new Uint8Array(20)),
      /v's data begins at byte 12 but the tensor before it ends at byte 8/,
    );
    refuses(st({ w: w([0, 8]), v: w([4, 12]) }, sixteen), /v's data_offsets \[4, 12\] overlap the tensor before it/);
    refuses(st({ w: w([0, 8]) }, sixteen), /use 8 bytes of data but 16 follow the header/);
    refuses(
      st({ w: w([4, 12]) }, new Uint8Array(12)),
      /w's data begins at byte 4 but the tensor before it ends at byte 0/,
    );
  });
  it('a shape beyond the parameter limit, before anything is allocated', () => {
    refuses(
      st({ w: w([0, 8], [1_000_000, 1_000_000]) }, eight),
      /1000000 × 1000000, more than the limit of 50,000,000/,
    );
  });
  it('integer tensors and metadata that is not strings', () => {
    refuses(
      st({ n: w([0, 8], [1], 'I64') }, eight),
      /n has dtype I64; only floating-point tensors \(F64, F32, F16, BF16\)/,
    );
    refuses(st({ __metadata__: { a: 1 }, w: w([0, 8]) }, eight), /"__metadata__" must be an object of strings/);
  });
});
