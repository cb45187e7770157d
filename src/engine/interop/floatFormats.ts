// The floating-point formats a safetensors file may hold, decoded exactly to float64. Every F16,
// BF16 and F32 value is a float64 value too (fewer exponent and fraction bits), so decoding never
// rounds: F16 by its bit fields, BF16 as the top half of an F32, F32 and F64 through DataView, all
// little-endian as the format prescribes.

export type FloatDtype = 'F64' | 'F32' | 'F16' | 'BF16';

/** Bytes per element of every dtype safetensors defines; only FloatDtype is decoded. */
export const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

export function isFloatDtype(dtype: string): dtype is FloatDtype {
  return dtype === 'F64' || dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
}

/** IEEE 754 binary16 from its bits: sign, 5 exponent bits (bias 15), 10 fraction bits. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  // Subnormals are fraction · 2⁻²⁴; normals (1024 + fraction) · 2^(exponent − 25). Both products
  // are exact in float64, and sign · 0 keeps −0.
  return exponent === 0 ? sign * fraction * 2 ** -24 : sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** Decodes `n` little-endian elements of `dtype` starting at byte `offset` of `bytes`. */
export function decodeFloats(bytes: Uint8Array, offset: number, n: number, dtype: FloatDtype): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, n * DTYPE_BYTES[dtype]);
  const out = new Float64Array(n);
  switch (dtype) {
    case 'F64':
      for (let k = 0; k < n; k++) out[k] = view.getFloat64(8 * k, true);
      break;
    case 'F32':
      for (let k = 0; k < n; k++) out[k] = view.getFloat32(4 * k, true);
      break;
    case 'F16':
      for (let k = 0; k < n; k++) out[k] = halfToNumber(view.getUint16(2 * k, true));
      break;
    case 'BF16': {
      // bfloat16 is the upper 16 bits of a binary32: put them there and read the binary32.
      const scratch = new DataView(new ArrayBuffer(4));
      for (let k = 0; k < n; k++) {
        scratch.setUint32(0, view.getUint16(2 * k, true) << 16);
        out[k] = scratch.getFloat32(0);
      }
      break;
    }
    default: {
      const never: never = dtype;
      throw new Error(`unknown dtype ${String(never)}`);
    }
  }
  return out;
}
