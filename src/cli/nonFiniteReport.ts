// How the CLI names a NaN or ±Infinity (engine: trace/nonFinite.ts) — one line on stderr, in the
// form of the other problems, and exit status 3:
//   FILE: warning: non-finite value: TENSOR[i] at PHASE t=T (CAUSE)
// and, in JSON output, the record itself.

import { nonFiniteSentence, type NonFinite } from '../engine/trace/nonFinite';
import { fileLabel } from './loadModel';
import type { JsonValue } from './jsonStream';

/** A NaN or ±Infinity was computed (the output holds it; stderr says where). */
export const EXIT_NON_FINITE = 3;

export function nonFiniteLine(file: string, r: NonFinite): string {
  return `${fileLabel(file)}: warning: ${nonFiniteSentence(r)}`;
}

/** The record in --json output: {tensor, index, phase, t, cause, reason}, or null. */
export function nonFiniteJson(r: NonFinite | null, extra: Record<string, number> = {}): JsonValue {
  if (!r) return null;
  return { tensor: r.tensor, index: r.index, phase: r.phase, t: r.t, cause: r.cause, reason: r.reason, ...extra };
}

/** JSON cannot hold NaN or ±Infinity: how many were written as null. */
export function nullsLine(file: string, n: number): string {
  return `${fileLabel(file)}: warning: ${n} non-finite number${n === 1 ? '' : 's'} (NaN or ±Infinity) written as null in the JSON`;
}
