// JSON written as it is produced (sink.ts): the same text JSON.stringify gives — one line, every
// float64 in full precision (the shortest text that reads back as the same double) — but with the
// big tensors given as Float64Arrays and written row by row, so that any output the limits allow
// can be printed. A non-finite number, which JSON cannot hold, is written as null and counted.

import type { TextSink } from './sink';

/** A T × n (or rows × cols) block of a Float64Array, written as an array of rows. */
export class JsonMatrix {
  constructor(
    readonly data: Float64Array,
    readonly rows: number,
    readonly cols: number,
  ) {}
}

/** A Float64Array written as a flat array. */
export class JsonVector {
  constructor(readonly data: Float64Array) {}
}

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonMatrix
  | JsonVector
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

/** Writes `value` to `sink`; returns how many non-finite numbers were written as null. */
export function writeJson(sink: TextSink, value: JsonValue): number {
  let nonFinite = 0;
  const num = (v: number): string => {
    if (Number.isFinite(v)) return String(v);
    nonFinite++;
    return 'null';
  };
  const numbers = (data: Float64Array, from: number, to: number): void => {
    const parts: string[] = [];
    for (let k = from; k < to; k++) parts.push(num(data[k]));
    sink.write(`[${parts.join(',')}]`);
  };
  const write = (v: JsonValue): void => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') sink.write(JSON.stringify(v));
    else if (typeof v === 'number') sink.write(num(v));
    else if (v instanceof JsonVector) numbers(v.data, 0, v.data.length);
    else if (v instanceof JsonMatrix) {
      sink.write('[');
      for (let r = 0; r < v.rows; r++) {
        if (r > 0) sink.write(',');
        numbers(v.data, r * v.cols, (r + 1) * v.cols);
      }
      sink.write(']');
    } else if (Array.isArray(v)) {
      sink.write('[');
      v.forEach((item: JsonValue, i: number) => {
        if (i > 0) sink.write(',');
        write(item);
      });
      sink.write(']');
    } else {
      sink.write('{');
      let first = true;
      for (const [key, item] of Object.entries(v as { readonly [key: string]: JsonValue | undefined })) {
        if (item === undefined) continue;
        sink.write(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        write(item);
      }
      sink.write('}');
    }
  };
  write(value);
  return nonFinite;
}

/** The value with its Float64Arrays as plain arrays (what JSON.parse of the written text gives,
 *  but with NaN and ±Infinity kept): for comparing with other producers of the same JSON. */
export function plainJson(v: JsonValue): unknown {
  if (v instanceof JsonVector) return Array.from(v.data);
  if (v instanceof JsonMatrix)
    return Array.from({ length: v.rows }, (_, r) => Array.from(v.data.subarray(r * v.cols, (r + 1) * v.cols)));
  if (Array.isArray(v)) return v.map((item: JsonValue) => plainJson(item));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v as { readonly [key: string]: JsonValue | undefined }))
      if (item !== undefined) out[k] = plainJson(item);
    return out;
  }
  return v;
}
