// The Markdown of the editor's hovers, built from the trace alone. Pure (no vscode), so that the
// exact numbers a person reads are unit-tested against the engine.
//
// Hovers render as Markdown without math (KaTeX in hovers needs a newer VS Code than 1.91), so the
// symbols are Unicode (∂, η, subscripts) and numbers that matter — the gradient, the updated value,
// the per-timestep contributions — are printed in full (String(x): the shortest text that reads back
// to the same float64). Secondary vectors (h_t, probabilities) are rounded for display only.

import type { Tensor } from '../../engine/model';
import type { Problem } from '../../engine/parse/problems';
import { seriesRow, type Trace } from '../../engine/trace/trace';
import { contribution } from '../../engine/trace/stepValues';
import { flatIndex } from '../commands/weightEdits';

/** Above this many timesteps the contributions are a sparkline plus the largest few, not a table. */
export const TABLE_MAX_T = 12;
/** How many of the largest contributions are listed under a sparkline. */
export const SPARK_TOP = 5;
/** Above this many multiply-adds (parameter size × T) a hover does not break the gradient down:
 *  `contribution` builds the whole tensor per timestep, and a hover must answer at once. */
export const BREAKDOWN_MAX_WORK = 4_000_000;

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
/** 12 → "₁₂" */
export function sub(n: number): string {
  return String(n).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);
}

/** Escapes text (from the model: tokens, names) so Markdown shows it literally; tables stay intact. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~&]/g, '\\$&').replace(/\r?\n|\r/g, '↵');
}

/** A number for display next to exact ones: 6 significant digits. */
export function short(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}

/** `W_hh[0][1]`. Written into the Markdown as is: parameter names are the engine's fixed names
 *  (PARAM_NAMES), whose underscores sit inside words and so never start emphasis in CommonMark,
 *  and `[0][1]` is no link without a link definition — the source stays readable, W_hh not W\_hh. */
export function elementName(param: string, index: readonly number[]): string {
  return param + index.map((i) => `[${i}]`).join('');
}

const vec = (xs: ArrayLike<number>, max = 8) => {
  const shown = Array.from(xs).slice(0, max).map(short);
  return `[${shown.join(', ')}${xs.length > max ? `, … (${xs.length})` : ''}]`;
};

const SPARKS = '▁▂▃▄▅▆▇█';
/** One block per value, scaled between min(0, values) and max(0, values) so the zero line is fixed. */
export function sparkline(values: readonly number[]): string {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  return values.map((v) => SPARKS[Math.min(7, Math.max(0, Math.floor(((v - lo) / span) * 8)))]).join('');
}

/** The hover of one element of a parameter (`index` as written in the file: [i] or [row, col]). */
export function weightHover(trace: Trace, param: string, index: readonly number[]): string | undefined {
  const model = trace.model;
  const value = model.params[param];
  const k = value ? flatIndex(value, index) : undefined;
  if (!value || k === undefined) return undefined;
  const name = elementName(param, index);
  const g = trace.grads[param].data[k];
  const T = model.steps;
  const parts: string[] = [];
  parts.push(`**${name}** = ${String(value.data[k])}  ·  ${describeParam(param, value)}`);
  parts.push(`**∂L/∂${name}** = ${String(g)}`);

  if (value.data.length * T > BREAKDOWN_MAX_WORK) {
    parts.push(
      `BPTT adds up what every timestep t = 1…${T} contributes; this model is too large to list them in a hover — the stepper shows each one.`,
    );
  } else {
    parts.push(contributionsMarkdown(trace, param, k, g));
  }
  parts.push(updateMarkdown(trace, param, k, name));
  return parts.join('\n\n');
}

/** The per-timestep terms of ∂L/∂θ[k]: a table for short sequences, a sparkline for long ones. */
function contributionsMarkdown(trace: Trace, param: string, k: number, g: number): string {
  const T = trace.model.steps;
  const parts: string[] = [];
  const contributions: number[] = [];
  for (let t = 1; t <= T; t++) contributions.push(contribution(trace, param, t).data[k]);
  parts.push(`BPTT adds up what every timestep contributes to this gradient (Σ over t = 1…${T}):`);
  if (T <= TABLE_MAX_T) {
    const rows = contributions.map((c, i) => `| ${i + 1} | ${String(c)} |`);
    parts.push(['| t | contribution |', '|--:|--:|', ...rows, `| Σ | **${String(g)}** |`].join('\n'));
  } else {
    const top = contributions
      .map((c, i) => ({ t: i + 1, c }))
      .sort((a, b) => Math.abs(b.c) - Math.abs(a.c) || a.t - b.t)
      .slice(0, SPARK_TOP);
    parts.push(`\`${sparkline(contributions)}\`  (t = 1 … ${T})`);
    parts.push(['Largest contributions:', ...top.map((e) => `- t = ${e.t}: ${String(e.c)}`)].join('\n'));
  }
  return parts.join('\n\n');
}

/** θ after one clipped SGD step, as the trace's update computed it. */
function updateMarkdown(trace: Trace, param: string, k: number, name: string): string {
  const model = trace.model;
  const { learningRate, clipNorm } = model.train;
  const next = trace.updated[param].data[k];
  const clip =
    clipNorm === null
      ? 'clip factor c = 1: no clipping'
      : `clip factor c = ${String(trace.clipFactor)} from ‖g‖ = ${short(trace.gradNorm)} and clipNorm = ${String(clipNorm)}`;
  return (
    `After one SGD step (η = ${String(learningRate)}, ${clip}):  \n` + `${name} − η·c·∂L/∂${name} = **${String(next)}**`
  );
}

function describeParam(param: string, t: Tensor): string {
  const shape = t.shape.length === 1 ? `vector of ${t.shape[0]}` : `${t.shape[0]} × ${t.shape[1]} matrix`;
  return `${param}, ${shape}`;
}

/** The hover of the step that reads input x_t (also shown on target t). */
export function stepHover(trace: Trace, t: number, component?: number): string | undefined {
  const m = trace.model;
  if (t < 1 || t > m.steps) return undefined;
  const parts: string[] = [];
  if (m.inputs.kind === 'tokens') {
    const id = m.inputs.ids[t - 1];
    parts.push(`**x${sub(t)}** = one-hot of “${escapeMarkdown(m.vocab?.[id] ?? String(id))}” (vocab index ${id})`);
  } else {
    const I = m.inputSize;
    const x = m.inputs.data.subarray((t - 1) * I, t * I);
    const which = component !== undefined ? `  (x${sub(t)}[${component}] = ${String(x[component])})` : '';
    parts.push(`**x${sub(t)}** = ${vec(x)}${which}`);
  }
  parts.push(
    `**h${sub(t)}** = ${vec(seriesRow(trace, 'h', t))}` +
      (m.cell === 'lstm' ? `  \n**c${sub(t)}** = ${vec(seriesRow(trace, 'c', t))}` : ''),
  );

  const loss = trace.losses[t - 1];
  const targets = m.targets;
  switch (targets.kind) {
    case 'none':
      parts.push('No targets: nothing to predict.');
      break;
    case 'tokens': {
      const classes = m.classes ?? [];
      const target = targets.ids[t - 1];
      const p = seriesRow(trace, 'p', t);
      const order = Array.from(p.keys()).sort((a, b) => p[b] - p[a] || a - b);
      const shown = order.slice(0, Math.min(3, order.length));
      if (target >= 0 && !shown.includes(target)) shown.push(target);
      const label = (c: number) => escapeMarkdown(classes[c] ?? String(c));
      const rows = shown.map(
        (c) => `| ${order.indexOf(c) + 1} | ${label(c)}${c === target ? ' ← target' : ''} | ${short(p[c])} |`,
      );
      parts.push(
        [
          `Predicted p${sub(t)} = softmax(y${sub(t)}), top classes:`,
          '',
          '| rank | class | p |',
          '|--:|:--|--:|',
          ...rows,
        ].join('\n'),
      );
      parts.push(
        target >= 0
          ? `Target “${label(target)}”: **ℓ${sub(t)}** = −log p(“${label(target)}”) = ${String(loss)}`
          : `No target at t = ${t} (null): this step adds nothing to the loss.`,
      );
      break;
    }
    case 'vectors': {
      const O = m.outputSize;
      const y = seriesRow(trace, 'y', t);
      if (targets.mask[t - 1]) {
        const target = targets.data.subarray((t - 1) * O, t * O);
        parts.push(
          `**y${sub(t)}** = ${vec(y)}, target ${vec(target)}  \n**ℓ${sub(t)}** = ½‖y${sub(t)} − target‖² = ${String(loss)}`,
        );
      } else {
        parts.push(`**y${sub(t)}** = ${vec(y)}  \nNo target at t = ${t} (null): this step adds nothing to the loss.`);
      }
      break;
    }
    default: {
      const never: never = targets;
      return never;
    }
  }
  return parts.join('\n\n');
}

/** The hover of h0[i] (or c0[i]): its gradient. Not a parameter, so never clipped nor updated. */
export function initialStateHover(trace: Trace, which: 'h0' | 'c0', i: number): string | undefined {
  const m = trace.model;
  const state = which === 'h0' ? m.h0 : m.c0;
  const grad = which === 'h0' ? trace.dh0 : trace.dc0;
  if (!state || !grad || i >= state.length) return undefined;
  return [
    `**${which}[${i}]** = ${String(state[i])}  ·  initial ${which === 'h0' ? 'hidden' : 'cell'} state`,
    `**∂L/∂${which}[${i}]** = ${String(grad[i])}`,
    `${which} is an input to the network, not a parameter: its gradient is shown, never clipped or updated.`,
  ].join('\n\n');
}

/** What a hover says when the file cannot run: no stale numbers, the problems instead. */
export function problemsHover(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error');
  const first = errors[0] ?? problems[0];
  const n = errors.length;
  const head = `$(error) This file has ${n} problem${n === 1 ? '' : 's'}, so no numbers are shown until ${n === 1 ? 'it is' : 'they are'} fixed.`;
  return first ? `${head}\n\nFirst, line ${first.line}: ${escapeMarkdown(first.message)}` : head;
}
