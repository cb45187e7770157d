// Reads a `.safetensors` file (the format `safetensors.torch.save_file` writes): an 8-byte
// little-endian unsigned header length N, N bytes of UTF-8 JSON — `{name: {"dtype", "shape",
// "data_offsets": [begin, end]}, "__metadata__"?: {…}}` — then the raw little-endian data, offsets
// relative to its start. The header is trusted for nothing: sizes, offsets, dtypes and shape
// products are all checked against each other and against the file before any tensor is read, and
// the tensors must tile the data exactly (no gap, no overlap, nothing after), as the reference
// implementation requires. F64, F32, F16 and BF16 are decoded exactly (floatFormats.ts).

import { byteSize, count } from '../parse/wording';
import { DTYPE_BYTES, decodeFloats, isFloatDtype } from './floatFormats';
import {
  checkFinite,
  checkValueCount,
  ImportError,
  MAX_IMPORT_VALUES,
  shapeText,
  type NamedTensor,
  type StateDict,
} from './stateDict';

// The one host facility this file uses, declared with the members it calls (as compute/wasmGemm.ts
// does for WebAssembly): every JavaScript engine we run in has it.
declare const TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };

/** The largest header the reference implementation accepts. */
export const MAX_HEADER_BYTES = 100_000_000;

interface Entry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

export function readSafetensors(bytes: Uint8Array): StateDict {
  if (bytes.length < 8)
    throw new ImportError(
      `the file is ${byteSize(bytes.length)} long; a safetensors file starts with an 8-byte header length`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (headerLength > MAX_HEADER_BYTES)
    throw new ImportError(
      `the header length says ${count(headerLength)} bytes, more than the ${byteSize(MAX_HEADER_BYTES)} a safetensors header may have`,
    );
  if (8 + headerLength > bytes.length)
    throw new ImportError(
      `the header length says ${count(headerLength)} bytes but only ${count(bytes.length - 8)} bytes follow it`,
    );
  const entries = readHeader(bytes.subarray(8, 8 + headerLength));
  const dataStart = 8 + headerLength;
  checkTiling(entries, bytes.length - dataStart);
  const out = new Map<string, NamedTensor>();
  for (const e of entries) {
    if (!isFloatDtype(e.dtype))
      throw new ImportError(
        `${e.name} has dtype ${e.dtype}; only floating-point tensors (F64, F32, F16, BF16) are weights that can be read`,
      );
    const n = e.shape.reduce((a, b) => a * b, 1);
    const t: NamedTensor = { shape: e.shape, data: decodeFloats(bytes, dataStart + e.begin, n, e.dtype) };
    checkFinite(e.name, t);
    out.set(e.name, t);
  }
  return out;
}

function readHeader(headerBytes: Uint8Array): Entry[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new ImportError('the safetensors header is not valid UTF-8 text');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`the safetensors header is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw new ImportError('the safetensors header is not a JSON object of tensors');
  const entries: Entry[] = [];
  let total = 0;
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      checkMetadata(value);
      continue;
    }
    const e = readEntry(name, value);
    total += e.shape.reduce((a, b) => a * b, 1);
    checkValueCount(total);
    entries.push(e);
  }
  if (entries.length === 0) throw new ImportError('the safetensors file holds no tensors');
  return entries;
}

function checkMetadata(value: unknown): void {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string');
  if (!ok) throw new ImportError('the safetensors "__metadata__" must be an object of strings');
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function readEntry(name: string, value: unknown): Entry {
  const v = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ImportError(`the header entry of ${name} is not an object with dtype, shape and data_offsets`);
  const { dtype, shape, data_offsets: offsets } = v;
  if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES))
    throw new ImportError(`${name} has dtype ${JSON.stringify(dtype)}, which is not a safetensors dtype`);
  if (!Array.isArray(shape) || !shape.every(isCount))
    throw new ImportError(`${name} has shape ${JSON.stringify(shape)}; a shape is a list of sizes (integers ≥ 0)`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1])
    throw new ImportError(
      `${name} has data_offsets ${JSON.stringify(offsets)}; they must be [begin, end] with 0 ≤ begin ≤ end`,
    );
  // The element count, refused as soon as it passes the limit (so the product never overflows).
  let n = 1;
  for (const d of shape as number[]) {
    n *= d;
    if (n > MAX_IMPORT_VALUES)
      throw new ImportError(
        `${name} has shape ${shapeText(shape as number[])}, more than the limit of ${count(MAX_IMPORT_VALUES)} numbers`,
      );
  }
  const [begin, end] = offsets as number[];
  const need = n * DTYPE_BYTES[dtype];
  if (end - begin !== need)
    throw new ImportError(
      `${name} is ${shapeText(shape as number[])} of ${dtype}, which needs ${count(need)} bytes, ` +
        `but its data_offsets [${begin}, ${end}] hold ${count(end - begin)}`,
    );
  return { name, dtype, shape: shape as number[], begin, end };
}

/** The tensors must cover the data exactly once: sorted by offset, each begins where the last ended. */
function checkTiling(entries: Entry[], dataLength: number): void {
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of entries) {
    if (e.end > dataLength)
      throw new ImportError(
        `${e.name}'s data_offsets [${e.begin}, ${e.end}] run past the end of the data (${count(dataLength)} bytes)`,
      );
    if (e.begin !== at)
      throw new ImportError(
        e.begin < at
          ? `${e.name}'s data_offsets [${e.begin}, ${e.end}] overlap the tensor before it, which ends at byte ${at}`
          : `${e.name}'s data begins at byte ${e.begin} but the tensor before it ends at byte ${at}: the header leaves a gap`,
      );
    at = e.end;
  }
  if (at !== dataLength)
    throw new ImportError(
      `the tensors use ${count(at)} bytes of data but ${count(dataLength)} follow the header: the header does not describe the whole file`,
    );
}
