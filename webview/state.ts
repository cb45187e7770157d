// What the panel remembers across a reload (vscode.setState), and the webview side of the tensor
// cache. The host's serializer reads `uri` and `stepId` back to reopen the panel on the same step.

import { TensorLru, CACHE_CAPACITY } from '../src/shared/tensorCache';
import type { TensorData, WebviewMessage } from '../src/shared/protocol';

export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

export interface PanelState {
  readonly uri: string;
  readonly stepIndex: number;
  readonly stepId: string;
  readonly scrollY: number;
}

/** Reads back our own state, checking its shape (it round-trips through VS Code's storage). */
export function readState(raw: unknown): PanelState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (typeof o.uri !== 'string' || typeof o.stepIndex !== 'number' || typeof o.stepId !== 'string') return undefined;
  return {
    uri: o.uri,
    stepIndex: o.stepIndex,
    stepId: o.stepId,
    scrollY: typeof o.scrollY === 'number' ? o.scrollY : 0,
  };
}

/** The webview's half of the lockstep cache (see tensorCache.ts). */
export class TensorStore {
  private readonly lru = new TensorLru<Float64Array>(CACHE_CAPACITY);

  /** Resolves one payload's numbers, applying the same cache operation the host applied when it
   *  built the message. Undefined: the host referenced a key this side does not hold. */
  resolve(d: TensorData): Float64Array | undefined {
    if (d.values !== null) {
      const values = toFloat64(d.values);
      if (d.key !== null) this.lru.put(d.key, values, values.length);
      return values;
    }
    return d.key === null ? undefined : this.lru.get(d.key);
  }

  clear(): void {
    this.lru.clear();
  }
}

/** VS Code transfers typed arrays as typed arrays; accept a plain array too (other transports). */
export function toFloat64(v: unknown): Float64Array {
  if (v instanceof Float64Array) return v;
  if (Array.isArray(v)) return Float64Array.from(v as number[]);
  if (v instanceof ArrayBuffer) return new Float64Array(v);
  return new Float64Array(0);
}
