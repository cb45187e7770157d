// Every tensor that is live at a step — what the panel's tensor grid shows: the weights, x_t,
// h_{t−1}, the values this timestep has computed so far, the backward deltas, the gradient running
// sums, and in the last phases ‖g‖, the clip factor and the updated weights. Each is marked
// 'write' (this step computes it), 'read' (this step uses it) or 'live'.
//
// Cheap on purpose (the panel asks on every step): recorded rows are views (subarray) into the
// trace, only the running gradient sums are copies (stepValues.ts keeps them incremental).

import { PARAM_NAMES, type Model, type Tensor } from '../model';
import { SERIES, seriesInfo, type TensorRef, type Trace } from './trace';
import { refKey, valueAt } from './stepValues';
import { hasTarget } from './stepDetails';
import { texName } from '../equations/latex';
import { subscript } from './subscript';
import { visibleToken } from './visibleToken';

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

/** Plain-text names of the series, with `{t}` where the timestep goes — in the order of the TeX
 *  of SERIES (trace.ts): aⁱ₃ for a^{i}_{3}, δh₃ⁿᵉˣᵗ for \delta h_{3}^{\text{next}}. δh_t and δc_t
 *  are the totals: "(total)" tells them from their parts shown beside them. */
const SERIES_LABEL: Record<string, string> = {
  a: 'a{t}',
  h: 'h{t}',
  y: 'y{t}',
  p: 'p{t}',
  i: 'i{t}',
  f: 'f{t}',
  g: 'g{t}',
  o: 'o{t}',
  c: 'c{t}',
  tc: 'tanh c{t}',
  r: 'r{t}',
  z: 'z{t}',
  n: 'n{t}',
  hn: 'm{t}',
  a_i: 'aⁱ{t}',
  a_f: 'aᶠ{t}',
  a_g: 'aᵍ{t}',
  a_o: 'aᵒ{t}',
  a_r: 'aʳ{t}',
  a_z: 'aᶻ{t}',
  a_n: 'aⁿ{t}',
  dy: 'δy{t}',
  dh_next: 'δh{t}ⁿᵉˣᵗ',
  dh_out: 'δh{t}ᵒᵘᵗ',
  dh: 'δh{t} (total)',
  da: 'δa{t}',
  dc_next: 'δc{t}ⁿᵉˣᵗ',
  dc: 'δc{t} (total)',
  da_o: 'δaᵒ{t}',
  da_i: 'δaⁱ{t}',
  da_f: 'δaᶠ{t}',
  da_g: 'δaᵍ{t}',
  da_n: 'δaⁿ{t}',
  da_z: 'δaᶻ{t}',
  dhn: 'δm{t}',
  da_r: 'δaʳ{t}',
};

/** The gradients timestep t sends back to t − 1, recorded at t. During BPTT they are live beside
 *  δh_{t−1} (total) and δh_{t−1}ⁿᵉˣᵗ of step t − 1, so they say where they came from. */
const SENT_BACK: Record<string, string> = { dh_prev: 'δh', dc_prev: 'δc' };

/** Label, TeX and group of any TensorRef (trace.ts), for display. */
export function describeRef(model: Model, ref: TensorRef): { label: string; tex: string; group: LiveGroup } {
  const { name, t } = ref;
  if (t !== undefined) {
    if (name === 'x') {
      const tok =
        model.inputs.kind === 'tokens' && model.vocab ? ` (${visibleToken(model.vocab[model.inputs.ids[t - 1]])})` : '';
      return { label: `x${subscript(t)}${tok}`, tex: `x_{${t}}`, group: 'input' };
    }
    if (name === 'target') {
      const tok =
        model.targets.kind === 'tokens' && model.classes && model.targets.ids[t - 1] >= 0
          ? ` (${visibleToken(model.classes[model.targets.ids[t - 1]])})`
          : '';
      return { label: `target${subscript(t)}${tok}`, tex: `y^{*}_{${t}}`, group: 'input' };
    }
    if (name === 'loss') return { label: `ℓ${subscript(t)}`, tex: `\\ell_{${t}}`, group: 'loss' };
    const info = seriesInfo(model.cell, name);
    const group: LiveGroup = info?.phase === 'backward' ? 'backward' : t === 0 ? 'input' : 'forward';
    const tex = (info?.tex ?? `${name}_{t}`).replace(/\{t-1\}/g, `{${t - 1}}`).replace(/\{t\}/g, `{${t}}`);
    const sentBack = SENT_BACK[name];
    if (sentBack !== undefined) {
      return {
        label: `${sentBack}${subscript(t - 1)} (sent back from t=${t})`,
        tex: `${tex}\\ (\\text{sent back from } t=${t})`,
        group,
      };
    }
    const label = (SERIES_LABEL[name] ?? `${name}{t}`).replace('{t}', subscript(t));
    return { label, tex, group };
  }
  if (name in model.params) return { label: name, tex: texName(name), group: 'param' };
  if (name.startsWith('d') && name.slice(1) in model.params)
    return { label: `∂L/∂${name.slice(1)}`, tex: `\\delta ${texName(name.slice(1))}`, group: 'grad' };
  if (name.endsWith("'"))
    return { label: `${name.slice(0, -1)}′`, tex: `${texName(name.slice(0, -1))}'`, group: 'updated' };
  switch (name) {
    case 'losses':
      return { label: 'ℓ (per step)', tex: '\\ell', group: 'loss' };
    case 'L':
      return { label: 'L', tex: 'L', group: 'loss' };
    case 'gradNorm':
      return { label: '‖g‖', tex: '\\lVert g \\rVert', group: 'scalar' };
    case 'clipFactor':
      return { label: 'κ (clip factor)', tex: '\\kappa', group: 'scalar' };
    case 'dh0':
      return { label: '∂L/∂h₀', tex: '\\delta h_{0}', group: 'grad' };
    case 'dc0':
      return { label: '∂L/∂c₀', tex: '\\delta c_{0}', group: 'grad' };
    default:
      return { label: name, tex: `\\text{${name.replace(/[^A-Za-z0-9]/g, '')}}`, group: 'scalar' };
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
  /** The cell at timestep t: its parameters, what it reads and what its forward pass computed
   *  (live in both passes: backward at t reuses every forward value of t). */
  const cellAt = (t: number) => {
    for (const p of params) refs.push({ name: p });
    refs.push({ name: 'x', t }, { name: 'h', t: t - 1 });
    if (lstm) refs.push({ name: 'c', t: t - 1 });
    for (const s of fwd) refs.push({ name: s, t });
  };
  switch (step.phase) {
    case 'forward': {
      const t = step.t as number;
      cellAt(t);
      if (hasTarget(m, t)) refs.push({ name: 'target', t }, { name: 'loss', t });
      break;
    }
    case 'loss':
      refs.push({ name: 'losses' }, { name: 'L' });
      break;
    case 'backward': {
      const t = step.t as number;
      cellAt(t);
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
    out.push({
      ref,
      label: d.label,
      tex: d.tex,
      shape: value.shape,
      data: value.data,
      role: role.get(key) ?? 'live',
      group: d.group,
    });
  }
  return out;
}
