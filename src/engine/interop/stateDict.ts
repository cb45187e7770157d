// A PyTorch state_dict as the import reads it: tensor name → float64 tensor of any rank, in the
// order the file lists them. Both readers (stateDictJson.ts, safetensors.ts) produce one, and the
// mapping onto a model's parameters (pytorchMapping.ts) consumes it. Every refusal along the way
// is an ImportError whose message is one sentence a person can act on.

import { DEFAULT_LIMITS } from '../parse/problems';
import { count } from '../parse/wording';

/** A tensor of any rank (a scalar has shape []), row-major, every value finite. */
export interface NamedTensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export type StateDict = ReadonlyMap<string, NamedTensor>;

/** Why a weights file cannot be imported. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** The numbers a weights file may hold: as many as a model file's parameters (docs/FORMAT.md,
 *  "Limits"), checked from the shapes before anything is allocated. */
export const MAX_IMPORT_VALUES = DEFAULT_LIMITS.maxParams;

/** The largest weights file read: every allowed value as F64, plus a header of up to 100 MB (the
 *  limit `safetensors` itself keeps). A JSON state_dict of that many numbers would be larger, but
 *  a string that long does not fit in a JavaScript engine anyway. */
export const MAX_WEIGHTS_BYTES = MAX_IMPORT_VALUES * 8 + 100_000_000;

/** `[4, 3]` → "4 × 3", `[]` → "a scalar". */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 0 ? 'a scalar' : shape.join(' × ');
}

/** Refuses a state_dict holding more numbers than a model may have. */
export function checkValueCount(total: number): void {
  if (total > MAX_IMPORT_VALUES)
    throw new ImportError(
      `the tensors hold ${count(total)} numbers, more than the limit of ${count(MAX_IMPORT_VALUES)} parameters of a model`,
    );
}

/** The index of flat element k in a tensor of `shape`, as `[2, 1]`. */
export function indexText(shape: readonly number[], k: number): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(k % shape[d]);
    k = Math.floor(k / shape[d]);
  }
  return `[${idx.join(', ')}]`;
}

/** Refuses a tensor holding NaN or ±Infinity, naming the first such element. */
export function checkFinite(name: string, t: NamedTensor): void {
  for (let k = 0; k < t.data.length; k++) {
    const v = t.data[k];
    if (!Number.isFinite(v))
      throw new ImportError(
        `${name}${t.shape.length > 0 ? indexText(t.shape, k) : ''} is ${v}: a model's weights must be finite numbers`,
      );
  }
}
