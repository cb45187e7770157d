// A content-addressed LRU of tensors that the host and the webview keep in lockstep, so that a
// step sends a large tensor (a 128×128 weight, a running gradient) only when the panel does not
// already hold exactly those numbers.
//
// The host keeps a mirror (keys and sizes only); the webview keeps the data. Both apply the same
// operations in the same order — the host while building a step message, the webview while
// reading it, payload by payload — so their contents never diverge. If they ever do (a reload, a
// lost message), the webview asks for a resync and the host starts from an empty mirror.
//
// Keys are a 64-bit hash of the float64 bits plus the length: equal numbers share one entry even
// across names (∂L/∂W_hh shown as a tensor and as W_hh's hover gradient is sent once).

/** Tensors smaller than this travel inline: a key costs more than the numbers. */
export const CACHE_MIN_ELEMENTS = 64;
/** Capacity in float64 elements (16 MB of numbers). */
export const CACHE_CAPACITY = 2_000_000;

/** The content key of `data` (two independent 32-bit FNV-1a style hashes over its bits). */
export function contentKey(data: Float64Array): string {
  const words = new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    h1 = Math.imul(h1 ^ w, 0x01000193);
    h2 = Math.imul(h2 ^ w, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return `${data.length}:${(h1 >>> 0).toString(36)}:${(h2 >>> 0).toString(36)}`;
}

/** LRU bookkeeping over keys with sizes; `V` is what each side stores (sizes on the host, data in the webview). */
export class TensorLru<V> {
  private readonly entries = new Map<string, { value: V; size: number }>();
  private total = 0;

  constructor(private readonly capacity: number = CACHE_CAPACITY) {}

  get size(): number {
    return this.entries.size;
  }

  /** Looks up `key` and marks it most recently used. */
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Inserts (or refreshes) `key`, evicting the least recently used entries beyond capacity. */
  put(key: string, value: V, size: number): void {
    const old = this.entries.get(key);
    if (old) {
      this.total -= old.size;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, size });
    this.total += size;
    for (const [k, e] of this.entries) {
      if (this.total <= this.capacity || k === key) break;
      this.entries.delete(k);
      this.total -= e.size;
    }
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
