// From a practice section to the questions of one run: each asked value, at the step of the
// timeline that computes it (trace.ts's steps), with its plain-text label and its shape. The same
// resolution validates the section when the file is parsed (parse/practiceSection.ts), so an entry
// that names a step the run does not have is an error at its place in the file, never a silent gap.
//
// What a step asks by default (an entry without a tensor): what the step computes, without the
// intermediates it also records (the gate pre-activations, tanh c_t, m_t, δh_tᵒᵘᵗ) or the copies
// (δh_tⁿᵉˣᵗ is δh_t of the step before; ∂L/∂h₀ is δh₀). An accumulate step asks every gradient it
// adds to; the clip step asks ‖g‖, and κ too when clipping is on. Any recorded value can be asked
// by name. A parameter gradient asked without a timestep is the finished sum (after t = 1).

import { PARAM_NAMES, type Model } from '../model';
import { buildSteps } from '../trace/steps';
import { accumulatedParams, hasTarget, STEP_KINDS } from '../trace/stepDetails';
import { refKey } from '../trace/stepValues';
import { seriesInfo, type Phase, type Step, type TensorRef, type Trace } from '../trace/trace';
import { closest } from '../parse/suggest';
import { refLabel } from './labels';
import { practiceSettingsOf, type PracticeAsk, type PracticeSettings } from './practiceSettings';

export interface Question {
  /** Stable across runs of the same model shape: `${step.id}/${value}` ("backward:4:da/da@4"). */
  readonly key: string;
  readonly stepIndex: number;
  readonly stepId: string;
  /** The value asked for (read it with stepValues.ts's valueAt at `stepIndex`). */
  readonly target: TensorRef;
  /** "δa₄", "∂L/∂W_hh", "W_hh′". */
  readonly label: string;
  readonly shape: readonly number[];
}

/** Which part of an entry an error is about (parse/practiceSection.ts points there in the file). */
export type AskPart = 'phase' | 'time' | 'tensor';

export interface AskError {
  readonly askIndex: number;
  readonly part: AskPart;
  readonly message: string;
}

const INTERMEDIATE = new Set(['a_i', 'a_f', 'a_g', 'a_o', 'a_r', 'a_z', 'a_n', 'hn', 'tc', 'dh_out']);
const COPIES = new Set(['dh_next', 'dc_next', 'dh0', 'dc0']);
const PHASE_NOUN: Record<Phase, string> = {
  forward: 'the forward pass',
  loss: 'the loss',
  backward: 'backpropagation',
  clip: 'the clip step',
  update: 'the update',
};

/** The questions of a run: its practice section (or every step), resolved and in timeline order. */
export function practiceQuestions(
  trace: Trace,
  settings: PracticeSettings = practiceSettingsOf(trace.model),
): Question[] {
  return resolvePractice(trace.steps, trace.model, settings.asks).questions;
}

/** Resolves every entry; the questions of the entries that resolve, and an error for each that does not. */
export function resolvePractice(
  steps: readonly Step[],
  model: Model,
  asks: readonly PracticeAsk[] | null,
): { questions: Question[]; errors: AskError[] } {
  const lookup = runLookup(steps);
  const found: { step: Step; ref: TensorRef }[] = [];
  const errors: AskError[] = [];
  if (asks === null) {
    for (const s of steps) for (const ref of defaultTargets(s, model)) found.push({ step: s, ref });
  } else {
    asks.forEach((ask, askIndex) => {
      const r = resolveAsk(lookup, model, ask);
      if ('error' in r) errors.push({ askIndex, ...r.error });
      else for (const x of r.targets) found.push(x); // a loop: T can exceed the arguments of a spread
    });
  }
  const seen = new Set<string>();
  const questions: Question[] = [];
  found.sort((a, b) => a.step.index - b.step.index || order(a.step, a.ref) - order(b.step, b.ref));
  for (const { step, ref } of found) {
    const key = `${step.id}/${refKey(ref)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    questions.push({
      key,
      stepIndex: step.index,
      stepId: step.id,
      target: ref,
      label: refLabel(ref),
      shape: targetShape(model, ref),
    });
  }
  return { questions, errors };
}

function order(step: Step, ref: TensorRef): number {
  return step.writes.findIndex((w) => w.name === ref.name && w.t === ref.t);
}

/** What a step asks when the entry names no tensor. */
export function defaultTargets(step: Step, model: Model): TensorRef[] {
  return step.writes.filter(
    (w) =>
      !INTERMEDIATE.has(w.name) && !COPIES.has(w.name) && !(w.name === 'clipFactor' && model.train.clipNorm === null),
  );
}

/** The shape of a value a question can ask for. */
export function targetShape(model: Model, ref: TensorRef): readonly number[] {
  const { name, t } = ref;
  if (t !== undefined) {
    if (name === 'loss') return [1];
    const info = seriesInfo(model.cell, name);
    return [info?.size === 'O' ? model.outputSize : model.hiddenSize];
  }
  if (name === 'dh0' || name === 'dc0') return [model.hiddenSize];
  const param = name.endsWith("'") ? name.slice(0, -1) : name.startsWith('d') ? name.slice(1) : name;
  if (param in model.params) return model.params[param].shape;
  return [1];
}

type Resolved = { targets: { step: Step; ref: TensorRef }[] } | { error: { part: AskPart; message: string } };

/** Where resolveAsk finds steps: those of a run, or (to check a file) one of each kind. */
interface StepLookup {
  /** Steps to search by phase and by what they write. */
  readonly steps: readonly Step[];
  at(phase: Phase, t: number | null, kind: string): Step | undefined;
}

const lookups = new WeakMap<readonly Step[], StepLookup>();

function runLookup(steps: readonly Step[]): StepLookup {
  let l = lookups.get(steps);
  if (!l) {
    const byId = new Map(steps.map((s) => [s.id, s]));
    l = { steps, at: (phase, t, kind) => byId.get(`${phase}:${t ?? ''}:${kind}`) };
    lookups.set(steps, l);
  }
  return l;
}

/** The steps of a one-timestep run of the same model stand for every timestep: the kinds of step
 *  and the names they write do not depend on t, only whether a step exists at t does — the loss
 *  where t has a target, any step only for 1 ≤ t ≤ T. So a file is checked without building the
 *  steps of a long run (the step list grows with T; this does not). */
function templateLookup(model: Model): StepLookup {
  const tg = model.targets;
  const targets: Model['targets'] =
    tg.kind === 'none'
      ? tg
      : tg.kind === 'tokens'
        ? { kind: 'tokens', ids: Int32Array.of(0) }
        : { kind: 'vectors', data: new Float64Array(model.outputSize), mask: Uint8Array.of(1) };
  const steps = buildSteps({ ...model, steps: 1, targets });
  const byId = new Map(steps.map((s) => [s.id, s]));
  return {
    steps,
    at: (phase, t, kind) => {
      if (t === null) return byId.get(`${phase}::${kind}`);
      if (t < 1 || t > model.steps || (kind === 'loss' && !hasTarget(model, t))) return undefined;
      return byId.get(`${phase}:1:${kind}`);
    },
  };
}

/** The errors of a practice section's entries for a model, without running it (parse time). */
export function checkAsks(model: Model, asks: readonly PracticeAsk[]): AskError[] {
  const lookup = templateLookup(model);
  const errors: AskError[] = [];
  asks.forEach((ask, askIndex) => {
    const r = resolveAsk(lookup, model, ask, true);
    if ('error' in r) errors.push({ askIndex, ...r.error });
  });
  return errors;
}

function resolveAsk(lookup: StepLookup, model: Model, ask: PracticeAsk, checkOnly = false): Resolved {
  const T = model.steps;
  const fail = (part: AskPart, message: string): Resolved => ({ error: { part, message } });
  const name = ask.tensor;
  const at = lookup.at;

  if (ask.phase === 'loss' || ask.phase === 'clip' || ask.phase === 'update') {
    if (ask.times !== null) return fail('time', `${PHASE_NOUN[ask.phase]} has no timesteps: leave out "t=…"`);
    const steps = lookup.steps.filter((s) => s.phase === ask.phase);
    if (name === null)
      return { targets: steps.flatMap((s) => defaultTargets(s, model).map((ref) => ({ step: s, ref }))) };
    for (const s of steps) {
      const ref = s.writes.find((w) => w.name === name || w.name === `${name}'`);
      if (ref) return { targets: [{ step: s, ref }] };
    }
    const names = steps.flatMap((s) => s.writes.map((w) => w.name.replace(/'$/, '')));
    return fail('tensor', unknownName(name, names, ask.phase, model));
  }

  // forward / backward: which step kind, and which of its values
  const phase = ask.phase;
  const kinds = STEP_KINDS[model.cell][phase];
  let kind: string | null = null;
  let value: string | null = null; // null: the step's default targets
  let times = ask.times;
  if (name === null) {
    kind = null;
  } else if (phase === 'backward' && (name === 'dh' || name === 'dc') && times?.includes(0)) {
    // ∂L/∂h₀ (and ∂L/∂c₀) is what t = 1 sends back: δh_{t−1} of the step at t = 1.
    if (times.length > 1)
      return fail('time', `${refLabel({ name, t: 0 })} is asked alone: write it as an entry of its own`);
    kind = 'dhprev';
    value = `${name}_prev`;
    times = [1];
  } else if (kinds.includes(name)) {
    kind = name;
  } else if (phase === 'backward' && name.startsWith('d') && PARAM_NAMES[model.cell].includes(name.slice(1))) {
    kind = accumulatedParams(model.cell, 'dWy').includes(name.slice(1)) ? 'dWy' : 'dW';
    value = name;
    times ??= [1];
  } else {
    const alias = name === 'dm' ? 'dhn' : name === 'm' ? 'hn' : name;
    const owner = lookup.steps.find(
      (s) => s.phase === phase && s.writes.some((w) => w.name === alias && w.t !== undefined && !COPIES.has(w.name)),
    );
    if (!owner) {
      const names = [...kinds, ...series(lookup.steps, phase)];
      if (phase === 'backward') names.push(...PARAM_NAMES[model.cell].map((p) => `d${p}`));
      return fail('tensor', unknownName(name, names, phase, model));
    }
    kind = owner.kind;
    value = alias;
  }

  for (const t of times ?? []) {
    if (t < 1)
      return fail(
        'time',
        `timesteps start at t=1${phase === 'forward' ? ' (h₀ is given, not computed)' : ' (∂L/∂h₀ is asked as "backward δh_0")'}`,
      );
    if (t > T) return fail('time', `t=${t} is past the end of the sequence (T = ${T})`);
  }
  // Checking a file, one timestep stands for all (templateLookup): the first that has the step.
  const every = (): number[] => {
    if (!checkOnly) return Array.from({ length: T }, (_, k) => k + 1);
    let first = 1;
    while (kind === 'loss' && first <= T && !hasTarget(model, first)) first++;
    return first <= T ? [first] : [];
  };
  const ts = times ?? every();
  const targets: { step: Step; ref: TensorRef }[] = [];
  for (const t of ts) {
    const stepsAt = (kind === null ? kinds : [kind]).map((k) => at(phase, t, k)).filter((s): s is Step => !!s);
    if (kind !== null && stepsAt.length === 0) {
      if (times === null) continue; // every timestep that has it
      return fail('time', missingStep(model, phase, kind, t));
    }
    for (const s of stepsAt) {
      if (value === null) for (const ref of defaultTargets(s, model)) targets.push({ step: s, ref });
      else {
        const ref = s.writes.find((w) => w.name === value);
        if (ref) targets.push({ step: s, ref });
      }
    }
  }
  if (targets.length === 0)
    return kind === null
      ? fail('phase', 'this asks for nothing in this run')
      : fail('tensor', missingStep(model, phase, kind, null));
  return { targets };
}

function series(steps: readonly Step[], phase: Phase): string[] {
  const out = new Set<string>();
  for (const s of steps)
    if (s.phase === phase) for (const w of s.writes) if (w.t !== undefined && !COPIES.has(w.name)) out.add(w.name);
  return [...out];
}

function unknownName(name: string, known: readonly string[], phase: Phase, model: Model): string {
  const found = closest(name, known);
  const hint = found === undefined ? undefined : typedName(found);
  const asParam = phase !== 'update' && PARAM_NAMES[model.cell].includes(name.replace(/'$/, ''));
  const extra = asParam
    ? ` (a parameter is given, not computed: ask "backward ∂L/∂${name}" or "update ${name}")`
    : hint
      ? ` (did you mean "${hint}"?)`
      : '';
  const list = [...new Set(known.filter((k) => k !== 'dW' && k !== 'dWy').map(typedName))].join(', ');
  return `${PHASE_NOUN[phase]} of this ${model.cell} computes no "${name}"${extra}; it computes ${list}`;
}

/** A name the way a file would write it in an entry: δa, δh_prev, ∂L/∂W_hh, ℓ. */
function typedName(name: string): string {
  if (name === 'loss') return 'ℓ';
  if (name === 'dhprev') return 'δh_prev';
  if (name === 'dhn') return 'δm';
  if (name === 'hn') return 'm';
  if (/^d[Wb]_/.test(name)) return `∂L/∂${name.slice(1)}`;
  return name.replace(/^d/, 'δ');
}

/** Why a step is not in the run, at t (or at any timestep when t is null). */
function missingStep(model: Model, phase: Phase, kind: string, t: number | null): string {
  const what = t === null ? typedName(kind) : refLabel({ name: kind, t });
  if (kind === 'p') return `there is no softmax ${what}: the loss of this model is ${model.loss}`;
  if (kind === 'loss')
    return t === null ? 'no timestep has a target, so there is no ℓ' : `t=${t} has no target, so there is no ${what}`;
  return t === null ? `${PHASE_NOUN[phase]} has no ${what}` : `${phase} t=${t} has no ${what}`;
}

// ── The stepper in practice mode ──────────────────────────────────────────────────────────────

/** The steps that ask something, ascending: where the stepper stops in practice mode. */
export function askedStepIndices(questions: readonly Question[]): number[] {
  return [...new Set(questions.map((q) => q.stepIndex))].sort((a, b) => a - b);
}

/** The first asked step after `from` (direction 1) or before it (−1), or null when there is none. */
export function nextAskedStep(asked: readonly number[], from: number, direction: 1 | -1): number | null {
  if (direction === 1) return asked.find((i) => i > from) ?? null;
  for (let k = asked.length - 1; k >= 0; k--) if (asked[k] < from) return asked[k];
  return null;
}

/** The questions a step asks (one answer box each), in the order the step writes them. */
export function questionsAt(questions: readonly Question[], stepIndex: number): Question[] {
  return questions.filter((q) => q.stepIndex === stepIndex);
}
