// Every tensor that is live at a step — what the panel's tensor grid shows: the weights, x_t,
// h_{t−1}, the values this timestep has computed so far, the backward deltas, the gradient running
// sums, and in the last phases ‖g‖, the clip factor and the updated weights. Each is marked
// 'write' (this step computes it), 'read' (this step uses it) or 'live'.
//
// Cheap on purpose (the panel asks on every step): recorded rows are views (subarray) into the
// trace, only the running gradient sums are copies (stepValues.ts keeps them incremental).

import { PARAM_NAMES, type Model, type Tensor } from './model';
import { SERIES, seriesInfo, type TensorRef, type Trace } from './trace';
import { refKey, valueAt } from './stepValues';
import { hasTarget } from './steps';
import { subscript, texName } from './latex';

export type LiveRole = 'read' | 'write' | 'live';
export type LiveGroup = 'param' | 'input' | 'forward' | 'loss' | 'backward' | 'grad' | 'scalar' | 'updated';

export interface LiveTensor {
  readonly ref: TensorRef;
  /** Plain text, for textContent: "h₃", "∂L/∂W_hh", "x₁ (hi)". */
  readonly label: string;
  /** TeX of the symbol (no model strings): `h_{3}`, `\delta W_{hh}`. */
  readonly tex: string;
  readonly shape: readonly number[];
  readonly data: Float64Array;
  readonly role: LiveRole;
  readonly group: LiveGroup;
}

/** Plain-text names of the series (t is appended as a subscript; dh_prev/dc_prev are at t − 1). */
const SERIES_LABEL: Record<string, string> = {
  a: 'a', h: 'h', y: 'y', p: 'p', i: 'i', f: 'f', g: 'g', o: 'o', c: 'c', tc: 'tanh c', r: 'r', z: 'z', n: 'n', hn: 'm',
  a_i: 'aⁱ', a_f: 'aᶠ', a_g: 'aᵍ', a_o: 'aᵒ', a_r: 'aʳ', a_z: 'aᶻ', a_n: 'aⁿ',
  dy: 'δy', dh_next: 'δhⁿᵉˣᵗ', dh_out: 'δhᵒᵘᵗ', dh: 'δh', da: 'δa', dh_prev: 'δh', dc_next: 'δcⁿᵉˣᵗ', dc: 'δc',
  da_o: 'δaᵒ', da_i: 'δaⁱ', da_f: 'δaᶠ', da_g: 'δaᵍ', dc_prev: 'δc', da_n: 'δaⁿ', da_z: 'δaᶻ', dhn: 'δm', da_r: 'δaʳ',
};

/** Label, TeX and group of any TensorRef (trace.ts), for display. */
export function describeRef(model: Model, ref: TensorRef): { label: string; tex: string; group: LiveGroup } {
  const { name, t } = ref;
  if (t !== undefined) {
    if (name === 'x') {
      const tok = model.inputs.kind === 'tokens' && model.vocab ? ` (${model.vocab[model.inputs.ids[t - 1]]})` : '';
      return { label: `x${subscript(t)}${tok}`, tex: `x_{${t}}`, group: 'input' };
    }
    if (name === 'target') {
      const tok = model.targets.kind === 'tokens' && model.classes && model.targets.ids[t - 1] >= 0 ? ` (${model.classes[model.targets.ids[t - 1]]})` : '';
      return { label: `target${subscript(t)}${tok}`, tex: `y^{*}_{${t}}`, group: 'input' };
    }
    if (name === 'loss') return { label: `ℓ${subscript(t)}`, tex: `\\ell_{${t}}`, group: 'loss' };
    const info = seriesInfo(model.cell, name);
    const shown = name === 'dh_prev' || name === 'dc_prev' ? t - 1 : t;
    const tex = (info?.tex ?? `${name}_{t}`).replace(/\{t-1\}/g, `{${t - 1}}`).replace(/\{t\}/g, `{${t}}`);
    return { label: `${SERIES_LABEL[name] ?? name}${subscript(shown)}`, tex, group: info?.phase === 'backward' ? 'backward' : t === 0 ? 'input' : 'forward' };
  }
  if (name in model.params) return { label: name, tex: texName(name), group: 'param' };
  if (name.startsWith('d') && name.slice(1) in model.params) return { label: `∂L/∂${name.slice(1)}`, tex: `\\delta ${texName(name.slice(1))}`, group: 'grad' };
  if (name.endsWith("'")) return { label: `${name.slice(0, -1)}′`, tex: `${texName(name.slice(0, -1))}'`, group: 'updated' };
  switch (name) {
    case 'losses': return { label: 'ℓ (per step)', tex: '\\ell', group: 'loss' };
    case 'L': return { label: 'L', tex: 'L', group: 'loss' };
    case 'gradNorm': return { label: '‖g‖', tex: '\\lVert g \\rVert', group: 'scalar' };
    case 'clipFactor': return { label: 'κ (clip factor)', tex: '\\kappa', group: 'scalar' };
    case 'dh0': return { label: '∂L/∂h₀', tex: '\\delta h_{0}', group: 'grad' };
    case 'dc0': return { label: '∂L/∂c₀', tex: '\\delta c_{0}', group: 'grad' };
    default: return { label: name, tex: `\\text{${name.replace(/[^A-Za-z0-9]/g, '')}}`, group: 'scalar' };
  }
}

/** The refs live at a step, before reads/writes are merged in. */
function liveRefs(trace: Trace, stepIndex: number): TensorRef[] {
  const m = trace.model;
  const step = trace.steps[stepIndex];
  const params = PARAM_NAMES[m.cell];
  const refs: TensorRef[] = [];
  const fwd = SERIES[m.cell].filter((s) => s.phase === 'forward').map((s) => s.name);
  const bwd = SERIES[m.cell].filter((s) => s.phase === 'backward').map((s) => s.name);
  const lstm = m.cell === 'lstm';
  switch (step.phase) {
    case 'forward': {
      const t = step.t as number;
      for (const p of params) refs.push({ name: p });
      refs.push({ name: 'x', t }, { name: 'h', t: t - 1 });
      if (lstm) refs.push({ name: 'c', t: t - 1 });
      for (const s of fwd) refs.push({ name: s, t });
      if (hasTarget(m, t)) refs.push({ name: 'target', t }, { name: 'loss', t });
      break;
    }
    case 'loss':
      refs.push({ name: 'losses' }, { name: 'L' });
      break;
    case 'backward': {
      const t = step.t as number;
      for (const p of params) refs.push({ name: p });
      refs.push({ name: 'x', t }, { name: 'h', t: t - 1 });
      if (lstm) refs.push({ name: 'c', t: t - 1 });
      for (const s of fwd) refs.push({ name: s, t });
      if (hasTarget(m, t)) refs.push({ name: 'target', t });
      if (t < m.steps) {
        refs.push({ name: 'dh_prev', t: t + 1 });
        if (lstm) refs.push({ name: 'dc_prev', t: t + 1 });
      }
      for (const s of bwd) refs.push({ name: s, t });
      refs.push({ name: 'dh0' });
      if (lstm) refs.push({ name: 'dc0' });
      for (const p of params) refs.push({ name: `d${p}` });
      refs.push({ name: 'L' });
      break;
    }
    case 'clip':
      for (const p of params) refs.push({ name: `d${p}` });
      refs.push({ name: 'gradNorm' }, { name: 'clipFactor' });
      break;
    case 'update':
      for (const p of params) refs.push({ name: p }, { name: `d${p}` }, { name: `${p}'` });
      refs.push({ name: 'clipFactor' });
      break;
    default: {
      const never: never = step.phase;
      throw new Error(`unknown phase ${String(never)}`);
    }
  }
  return refs;
}

export function liveTensors(trace: Trace, stepIndex: number): LiveTensor[] {
  const step = trace.steps[stepIndex];
  if (!step) return [];
  const role = new Map<string, LiveRole>();
  for (const r of step.reads) role.set(refKey(r), 'read');
  for (const w of step.writes) role.set(refKey(w), 'write');
  const seen = new Set<string>();
  const out: LiveTensor[] = [];
  for (const ref of [...liveRefs(trace, stepIndex), ...step.reads, ...step.writes]) {
    const key = refKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    const value: Tensor | null = valueAt(trace, ref, stepIndex);
    if (!value) continue; // not computed yet at this step (or no such value, e.g. a step without target)
    const d = describeRef(trace.model, ref);
    out.push({ ref, label: d.label, tex: d.tex, shape: value.shape, data: value.data, role: role.get(key) ?? 'live', group: d.group });
  }
  return out;
}
