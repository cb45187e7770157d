// The debugger's "NaN / Infinity" exception breakpoint: the one exception a run has is its first
// non-finite value (engine: trace/nonFinite.ts), and it "throws" at the step that writes it.
// Continue and the forward step requests stop there, with reason 'exception', when the filter is
// on (rnnDebugSession.ts); the exceptionInfo request names the value in the words of the CLI and
// the editor's warning (nonFiniteSentence). Pure: no vscode, tested through the adapter.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { nonFiniteSentence, type NonFinite } from '../../engine/trace/nonFinite';
import type { Trace } from '../../engine/trace/trace';

/** The filter VS Code lists under Breakpoints. On by default: a NaN is never what a person wants. */
export const NON_FINITE_FILTER: DebugProtocol.ExceptionBreakpointsFilter = {
  filter: 'nonFinite',
  label: 'NaN / Infinity',
  description: 'Stop at the step that writes the first NaN or ±Infinity of the run',
  default: true,
};

/** The step of the first non-finite value when a move from `from` to `to` would pass over it
 *  (from < step ≤ to: forward moves only; standing on it, a step moves on), else null. */
export function nonFiniteOnTheWay(trace: Trace | undefined, from: number, to: number): number | null {
  const step = trace?.nonFinite?.step;
  return step !== undefined && from < step && step <= to ? step : null;
}

/** The exceptionInfo response's body: the value, where, and why. */
export function exceptionInfoBody(r: NonFinite): DebugProtocol.ExceptionInfoResponse['body'] {
  const sentence = nonFiniteSentence(r);
  return {
    exceptionId: r.cause,
    description: sentence,
    breakMode: 'always',
    details: { message: sentence, typeName: String(r.value) },
  };
}
