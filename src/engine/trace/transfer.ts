// A trace across a worker boundary without copying its numbers. The worker runs the model
// (run.ts) and posts `tracePayload(trace)` with its `transfer` list: every array of the trace
// moves, none is cloned. The other side parses the same text itself — it has the Model already —
// and `restoreTrace(model, payload)` puts the trace back together; the step list, which follows
// from the model alone, is rebuilt there (steps.ts: a few tens of bytes per step).

import { PARAM_NAMES, type Model, type Tensor } from '../model';
import { buildSteps } from './steps';
import type { NonFinite } from './nonFinite';
import type { Trace } from './trace';

/** A trace without its model and steps: plain data, every array owning its ArrayBuffer. */
export interface TracePayload {
  readonly series: Readonly<Record<string, Float64Array>>;
  readonly losses: Float64Array;
  readonly targetCount: number;
  readonly lossSum: number;
  readonly loss: number;
  /** Parameter name → gradient, and → updated value (shapes are the model's). */
  readonly grads: Readonly<Record<string, Float64Array>>;
  readonly updated: Readonly<Record<string, Float64Array>>;
  readonly dh0: Float64Array;
  readonly dc0: Float64Array | null;
  readonly gradNorm: number;
  readonly clipFactor: number;
  readonly nonFinite: NonFinite | null;
}

/** The payload and the buffers to transfer with it (postMessage(payload, transfer)). After the
 *  transfer the trace's arrays are detached: the sender must not use the trace again. */
export function tracePayload(trace: Trace): { payload: TracePayload; transfer: ArrayBuffer[] } {
  const transfer = new Set<ArrayBuffer>();
  // An array that shares its buffer (a view) is copied, so that what moves is exactly the array.
  const own = (a: Float64Array): Float64Array => {
    const whole = a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && !transfer.has(a.buffer as ArrayBuffer);
    const out = whole ? a : a.slice();
    transfer.add(out.buffer as ArrayBuffer);
    return out;
  };
  const names = PARAM_NAMES[trace.model.cell];
  const series: Record<string, Float64Array> = {};
  for (const [name, data] of Object.entries(trace.series)) series[name] = own(data);
  const grads: Record<string, Float64Array> = {};
  const updated: Record<string, Float64Array> = {};
  for (const p of names) {
    grads[p] = own(trace.grads[p].data);
    updated[p] = own(trace.updated[p].data);
  }
  const payload: TracePayload = {
    series,
    losses: own(trace.losses),
    targetCount: trace.targetCount,
    lossSum: trace.lossSum,
    loss: trace.loss,
    grads,
    updated,
    dh0: own(trace.dh0),
    dc0: trace.dc0 ? own(trace.dc0) : null,
    gradNorm: trace.gradNorm,
    clipFactor: trace.clipFactor,
    nonFinite: trace.nonFinite,
  };
  return { payload, transfer: [...transfer] };
}

/** The trace of `model` from a payload made by tracePayload for the same model. */
export function restoreTrace(model: Model, payload: TracePayload): Trace {
  const tensors = (data: Readonly<Record<string, Float64Array>>): Record<string, Tensor> => {
    const out: Record<string, Tensor> = {};
    for (const p of PARAM_NAMES[model.cell]) {
      const shape = model.params[p].shape;
      if (!data[p] || data[p].length !== model.params[p].data.length)
        throw new Error(`the trace does not fit the model: ${p} has ${data[p]?.length ?? 0} numbers`);
      out[p] = { shape: [...shape], data: data[p] };
    }
    return out;
  };
  return {
    model,
    series: payload.series,
    losses: payload.losses,
    targetCount: payload.targetCount,
    lossSum: payload.lossSum,
    loss: payload.loss,
    grads: tensors(payload.grads),
    dh0: payload.dh0,
    dc0: payload.dc0,
    gradNorm: payload.gradNorm,
    clipFactor: payload.clipFactor,
    updated: tensors(payload.updated),
    steps: buildSteps(model),
    nonFinite: payload.nonFinite,
  };
}

/** A trace that crossed a worker boundary whole (structured clone): its numbers and model arrive,
 *  but its steps arrive without their title, reads and writes, which steps.ts builds on demand
 *  from the model (accessors a clone does not keep). They are built again here. */
export function withSteps(cloned: Trace): Trace {
  return { ...cloned, steps: buildSteps(cloned.model) };
}
