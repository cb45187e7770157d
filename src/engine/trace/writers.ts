// Which step first writes a value — `h` at t = 3, `dW_hh`, `L` — found from the structure of the
// step list rather than from a table of every write: the step list is groups of (phase, t), each
// kind of step sits at the same place in every group of its phase (stepDetails.ts), so the index
// is the group's first step plus that place. A run of 100 000 timesteps would otherwise need a
// map of millions of entries before its first value could be looked up.

import { PARAM_NAMES } from '../model';
import { groupDetails, hasTarget } from './stepDetails';
import { seriesInfo, type Phase, type TensorRef, type Trace } from './trace';

interface Writers {
  /** First step of the forward / backward group of each timestep (index t, 1-based). */
  readonly forward: Int32Array;
  readonly backward: Int32Array;
  readonly loss: number;
  readonly clip: number;
  readonly update: number;
  /** Place in its group of the step that writes a name, per phase (learned from one group). */
  readonly place: Map<string, number>;
}

const cache = new WeakMap<Trace, Writers>();

function writers(trace: Trace): Writers {
  let w = cache.get(trace);
  if (w) return w;
  const T = trace.model.steps;
  const forward = new Int32Array(T + 2).fill(-1);
  const backward = new Int32Array(T + 2).fill(-1);
  let loss = -1,
    clip = -1,
    update = -1;
  const steps = trace.steps;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (i > 0 && s.phase === steps[i - 1].phase && s.t === steps[i - 1].t) continue; // not a group start
    if (s.phase === 'forward') forward[s.t ?? 0] = i;
    else if (s.phase === 'backward') backward[s.t ?? 0] = i;
    else if (s.phase === 'loss') loss = i;
    else if (s.phase === 'clip') clip = i;
    else update = i;
  }
  w = { forward, backward, loss, clip, update, place: new Map() };
  cache.set(trace, w);
  return w;
}

/** Place of the step writing `name` in the group (phase, t), or -1. */
function place(trace: Trace, w: Writers, phase: Phase, t: number, name: string): number {
  const key = `${phase}:${name}`;
  let p = w.place.get(key);
  if (p === undefined) {
    p = groupDetails(trace.model, phase, t).findIndex((d) => d.writes.some((r) => r.name === name));
    w.place.set(key, p);
  }
  return p;
}

/** Index of the step that first writes `ref`, or -1 (inputs, parameters and h_0 are never written). */
export function firstWriter(trace: Trace, ref: TensorRef): number {
  const m = trace.model;
  const T = m.steps;
  const w = writers(trace);
  const { name, t } = ref;
  const at = (start: number, phase: Phase, tt: number): number => {
    const p = start < 0 ? -1 : place(trace, w, phase, tt, name);
    return p < 0 ? -1 : start + p;
  };
  if (t !== undefined) {
    if (!Number.isInteger(t) || t < 1 || t > T) return -1;
    if (name === 'loss') return hasTarget(m, t) ? at(w.forward[t], 'forward', t) : -1;
    const info = seriesInfo(m.cell, name);
    if (!info) return -1;
    return info.phase === 'forward' ? at(w.forward[t], 'forward', t) : at(w.backward[t], 'backward', t);
  }
  switch (name) {
    case 'L':
      return w.loss;
    case 'gradNorm':
    case 'clipFactor':
      return w.clip;
    case 'dh0':
      return at(w.backward[1], 'backward', 1);
    case 'dc0':
      return m.cell === 'lstm' ? at(w.backward[1], 'backward', 1) : -1;
  }
  const params = PARAM_NAMES[m.cell];
  if (name.endsWith("'") && params.includes(name.slice(0, -1))) return w.update + params.indexOf(name.slice(0, -1));
  if (name.startsWith('d') && params.includes(name.slice(1))) return at(w.backward[T], 'backward', T);
  return -1;
}
