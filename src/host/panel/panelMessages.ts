// Builds the panel's messages from a trace (host side; pure — no vscode — so the webview tests and
// the benchmark build exactly what the extension sends). One builder per panel: it owns the
// mirror of that panel's tensor cache, so a step carries a large tensor only when the panel does
// not hold exactly those numbers yet.

import { PARAM_NAMES } from '../../engine/model';
import type { Problem } from '../../engine/parse/problems';
import { liveTensors, type LiveTensor } from '../../engine/trace/liveTensors';
import { stepEquation, type EquationOptions } from '../../engine/equations/equations';
import { gradientAt, hiddenGradNorms } from '../../engine/trace/stepValues';
import type { Step, Trace } from '../../engine/trace/trace';
import { hiddenStepEquation } from '../../engine/practice/hiddenEquation';
import type {
  EquationPayload,
  ModelInfo,
  PrefetchMessage,
  ProblemInfo,
  RunMessage,
  StepMessage,
  TensorData,
  TensorPayload,
} from '../../shared/protocol';
import { groupRange, likelyNext, navigate, timelineShape } from '../../engine/trace/navigation';
import { CACHE_CAPACITY, CACHE_MIN_ELEMENTS, TensorLru, contentKey } from '../../shared/tensorCache';

export function problemInfos(problems: readonly Problem[]): ProblemInfo[] {
  return problems.map((p) => ({ severity: p.severity, line: p.line, column: p.column, message: p.message }));
}

export function modelInfo(trace: Trace): ModelInfo {
  const m = trace.model;
  const inputTokens =
    m.inputs.kind === 'tokens' && m.vocab ? Array.from(m.inputs.ids, (id) => m.vocab?.[id] ?? '') : null;
  const targetTokens: (string | null)[] = [];
  const tg = m.targets;
  for (let t = 0; t < m.steps; t++) {
    if (tg.kind === 'tokens') targetTokens.push(tg.ids[t] >= 0 ? (m.classes?.[tg.ids[t]] ?? '') : null);
    else if (tg.kind === 'vectors') targetTokens.push(tg.mask[t] === 1 ? '' : null);
    else targetTokens.push(null);
  }
  return {
    name: m.name,
    cell: m.cell,
    activation: m.activation,
    inputSize: m.inputSize,
    hiddenSize: m.hiddenSize,
    outputSize: m.outputSize,
    steps: m.steps,
    inputTokens,
    targetTokens,
  };
}

/** Matrices in the panel's equations: the engine's default elision for small models (nothing is
 *  elided up to 6×6); beyond that, 3 rows/columns and an ellipsis — a fifth of the glyphs to
 *  typeset per step, while the heatmaps below show every number and the hover its full value. */
export function equationOptions(trace: Trace): EquationOptions {
  const m = trace.model;
  return Math.max(m.inputSize, m.hiddenSize, m.outputSize) > 6 ? { maxRows: 4, maxCols: 4 } : {};
}

function sameNorms(a: readonly (number | null)[] | undefined, b: readonly (number | null)[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Same ids (phase, t, kind) in the same order: the step list depends only on the model's shape
 *  (steps.ts). Compared field by field: no id string is built per step. */
function sameSteps(a: readonly Step[], b: readonly Step[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.kind !== y.kind || x.t !== y.t || x.phase !== y.phase) return false;
  }
  return true;
}

/** A step's equation in practice mode: the operands substituted, the results hidden
 *  (hiddenEquation.ts), one statement per line. */
export function hiddenEquationPayload(trace: Trace, index: number): EquationPayload {
  const opts = equationOptions(trace);
  const eq = stepEquation(trace, index, opts);
  const hidden = hiddenStepEquation(trace, index, opts);
  return {
    symbolic: eq.symbolic,
    numeric: hidden.numeric,
    why: eq.why,
    wrapped: { symbolic: eq.wrapped.symbolic, numeric: hidden.lines, elided: null },
  };
}

/** A hidden tensor's numbers: none. */
const NO_DATA: TensorData = { key: null, values: null };

/** Everything of a payload but its numbers. */
function payloadHead(lt: LiveTensor, id: string): Omit<TensorPayload, 'data' | 'grad'> {
  const { name, t } = lt.ref;
  return { id, name, t: t ?? null, label: lt.label, tex: lt.tex, shape: [...lt.shape], role: lt.role, group: lt.group };
}

export class PanelMessageBuilder {
  private runId = 0;
  /** What the panel's static parts show: the steps and the model of the last 'run' message. */
  private shown: { steps: readonly Step[]; model: string } | undefined;
  private readonly mirror = new TensorLru<true>(CACHE_CAPACITY);
  private sentNorms: readonly (number | null)[] | undefined;
  private lossIndex = new WeakMap<Trace, number>();

  /** The webview lost (or never had) its cache: send everything again. */
  reset(): void {
    this.mirror.clear();
    this.sentNorms = undefined;
  }

  /** The id of the last 'run' message (scrubber messages carry it back). */
  get currentRunId(): number {
    return this.runId;
  }

  run(trace: Trace, uri: string, stale: boolean, problems: readonly Problem[]): RunMessage {
    this.runId++;
    this.reset();
    const model = modelInfo(trace);
    this.shown = { steps: trace.steps, model: JSON.stringify(model) };
    return {
      type: 'run',
      runId: this.runId,
      uri,
      model,
      timeline: timelineShape(trace.steps),
      stale,
      problems: problemInfos(problems),
    };
  }

  /** Whether `trace` can take the place of the panel's run: the same steps (ids) and the same
   *  static parts (names, sizes, tokens) — an edit that changed numbers only. Then the panel keeps
   *  its timeline, diagram and tensor cache, and the steps that follow carry only the tensors whose
   *  numbers changed (the cache compares by content). Adopts `trace` when it can. */
  keeps(trace: Trace): boolean {
    const shown = this.shown;
    if (!shown || !sameSteps(shown.steps, trace.steps)) return false;
    if (JSON.stringify(modelInfo(trace)) !== shown.model) return false;
    this.shown = { steps: trace.steps, model: shown.model };
    return true;
  }

  /** The message of step `index`. `hide` (practice mode, while the step is asked): every tensor
   *  the step writes goes without its numbers (`hidden`), a parameter whose gradient the step adds
   *  to goes without that gradient, ‖δh_t‖ of a δh_t the step writes is null, and so is L at the
   *  loss step. */
  step(trace: Trace, index: number, stale: boolean, hide = false): StepMessage {
    const s = trace.steps[index];
    const written = hide ? new Set(s.writes.map((w) => w.name)) : undefined;
    const group = groupRange(trace.steps, index);
    const tensors: TensorPayload[] = [];
    const params = new Set(PARAM_NAMES[trace.model.cell]);
    for (const lt of liveTensors(trace, index)) {
      const { name, t } = lt.ref;
      const id = t === undefined || t === s.t ? name : `${name}-t${t}`;
      if (written && lt.role === 'write') {
        tensors.push({ ...payloadHead(lt, id), data: NO_DATA, grad: null, hidden: true });
        continue;
      }
      const data = this.data(lt.data);
      const gradHidden = written?.has(`d${name}`) === true;
      const grad = params.has(name) && !gradHidden ? this.data(gradientAt(trace, name, index).data) : null;
      tensors.push({
        id,
        name,
        t: t ?? null,
        label: lt.label,
        tex: lt.tex,
        shape: [...lt.shape],
        role: lt.role,
        group: lt.group,
        data,
        grad,
      });
    }
    const norms = hiddenGradNorms(trace, index);
    if (written) for (const w of s.writes) if (w.name === 'dh' || w.name === 'dh0') norms[w.t ?? 0] = null;
    const gradNorms = sameNorms(this.sentNorms, norms) ? undefined : norms;
    if (gradNorms) this.sentNorms = norms;
    const lossAt = this.lossStep(trace);
    return {
      type: 'step',
      runId: this.runId,
      step: {
        index,
        id: s.id,
        phase: s.phase,
        t: s.t,
        kind: s.kind,
        title: s.title,
        groupPos: index - group.start,
        groupSize: group.end - group.start + 1,
        reads: s.reads.map((r) => ({ name: r.name, t: r.t ?? null })),
        writes: s.writes.map((r) => ({ name: r.name, t: r.t ?? null })),
      },
      equation: written ? hiddenEquationPayload(trace, index) : stepEquation(trace, index, equationOptions(trace)),
      tensors,
      ...(gradNorms ? { gradNorms } : {}),
      loss: lossAt >= 0 && index >= lossAt && !(written && index === lossAt) ? trace.loss : null,
      stale,
    };
  }

  /** The equation of the step Play shows after `index` (StepMessage.next), if there is one. */
  playNext(trace: Trace, index: number): EquationPayload | undefined {
    const next = navigate(trace.steps, index, 'stepForward');
    return next === index ? undefined : stepEquation(trace, next, equationOptions(trace));
  }

  /** The equations of the steps Step Into, Step Backward and Step Forward would show next. */
  prefetch(trace: Trace, index: number): PrefetchMessage {
    const opts = equationOptions(trace);
    const equations = likelyNext(trace.steps, index).map((i) => stepEquation(trace, i, opts));
    return { type: 'prefetch', runId: this.runId, equations };
  }

  /** Inline small tensors; large ones by content key, with the numbers only on first sight. */
  private data(values: Float64Array): TensorData {
    if (values.length < CACHE_MIN_ELEMENTS) return { key: null, values: values.slice() };
    const key = contentKey(values);
    if (this.mirror.get(key)) return { key, values: null };
    this.mirror.put(key, true, values.length);
    // A copy: a view would post its whole underlying buffer (and the trace must stay ours).
    return { key, values: values.slice() };
  }

  private lossStep(trace: Trace): number {
    let i = this.lossIndex.get(trace);
    if (i === undefined) {
      i = trace.steps.findIndex((s) => s.phase === 'loss');
      this.lossIndex.set(trace, i);
    }
    return i;
  }
}
