// One plain sentence per step on why it happens — the narration a worked example gives
// each equation ("δh₂ collects the gradient from y₂ and, through W_hhᵀ, from step 3"). Plain text
// with Unicode symbols, for textContent in the panel and (escaped) for the worked example's
// Markdown; model strings appear quoted, as typed.

import type { Model } from '../model';
import type { Trace } from '../trace/trace';
import { hasTarget } from '../trace/stepDetails';
import { fmtPlain } from './latex';
import { subscript as sub } from '../trace/subscript';

const SUP: Record<string, string> = { i: 'ⁱ', f: 'ᶠ', g: 'ᵍ', o: 'ᵒ', r: 'ʳ', z: 'ᶻ', n: 'ⁿ' };
const quote = (s: string): string => `“${s}”`;

/** The sentence for step `index` of a run. */
export function stepWhy(trace: Trace, index: number): string {
  const step = trace.steps[index];
  if (!step) throw new Error(`no step ${index} (the run has ${trace.steps.length})`);
  const m = trace.model;
  switch (step.phase) {
    case 'forward':
      return forwardWhy(m, step.kind, step.t ?? 0);
    case 'loss':
      return lossWhy(trace);
    case 'backward':
      return backwardWhy(m, step.kind, step.t ?? 0, trace.targetCount);
    case 'clip':
      return clipWhy(trace);
    case 'update': {
      const clipped = m.train.clipNorm === null ? '' : ' (scaled by κ)';
      return (
        `${step.kind} moves against its gradient: η = ${fmtPlain(m.train.learningRate)} times ∂L/∂${step.kind}` +
        `${clipped} is subtracted, a small step downhill on this sequence's loss.`
      );
    }
    default: {
      const never: never = step.phase;
      throw new Error(`unknown phase ${String(never)}`);
    }
  }
}

/** "the input “there”" or "the input x₂". */
function inputName(m: Model, t: number): string {
  return m.inputs.kind === 'tokens' && m.vocab
    ? `the input ${quote(m.vocab[m.inputs.ids[t - 1]])}`
    : `the input x${sub(t)}`;
}

function previousState(t: number): string {
  return t === 1 ? 'the initial state h₀' : `the previous state h${sub(t - 1)}`;
}

/** Where h_t goes next. */
function passedOn(m: Model, t: number): string {
  return t < m.steps
    ? `it is the memory passed to step ${t + 1} and read by the output y${sub(t)}`
    : `it is read by the output y${sub(t)} (the last step: nothing follows)`;
}

function forwardWhy(m: Model, kind: string, t: number): string {
  const s = sub(t);
  const hp = `h${sub(t - 1)}`;
  switch (kind) {
    case 'a':
      return (
        `a${s} mixes ${inputName(m, t)} (through W_xh) with ${previousState(t)} (through W_hh), plus the bias b_h` +
        (t === 1 ? '.' : ': the recurrence is how step ' + t + ' remembers the steps before it.')
      );
    case 'h':
      switch (m.cell) {
        case 'rnn':
          return m.activation === 'relu'
            ? `h${s} keeps the positive part of a${s} (ReLU) and zeroes the rest; ${passedOn(m, t)}.`
            : `h${s} squashes a${s} into (−1, 1) with tanh; ${passedOn(m, t)}.`;
        case 'lstm':
          return `h${s} shows the cell through the output gate, o${s} ⊙ tanh(c${s}); ${passedOn(m, t)}.`;
        case 'gru':
          return (
            `h${s} blends the candidate n${s} and ${hp} unit by unit, weighted by the update gate z${s}; ` +
            `${passedOn(m, t)}.`
          );
      }
      break;
    case 'i':
      return (
        `The input gate i${s} (each unit between 0 and 1) decides how much of the candidate g${s} is written ` +
        `into the cell.`
      );
    case 'f':
      return `The forget gate f${s} decides how much of the old cell state c${sub(t - 1)} each unit keeps.`;
    case 'g':
      return `The candidate g${s} (between −1 and 1) is the new content the input gate may write into the cell.`;
    case 'o':
      return `The output gate o${s} decides how much of the cell state shows in the hidden state h${s}.`;
    case 'c':
      return (
        `The cell state c${s} keeps f${s} of the old c${sub(t - 1)} and adds i${s} of the candidate g${s}: ` +
        'a sum, so gradients flow back through it without being squashed.'
      );
    case 'r':
      return `The reset gate r${s} decides how much of ${previousState(t)} feeds the candidate n${s}.`;
    case 'z':
      return (
        `The update gate z${s} decides, unit by unit, how much of ${previousState(t)} to keep instead of the ` +
        `candidate n${s}.`
      );
    case 'n':
      return (
        `The candidate n${s} is the new state proposed from ${inputName(m, t)} and the reset-scaled ${hp} ` +
        `(m${s} = W_hn ${hp} + b_hn).`
      );
    case 'y':
      return m.loss === 'cross-entropy'
        ? `y${s} reads the hidden state h${s} through W_hy: one score (logit) per class.`
        : `y${s}, the prediction at step ${t}, reads the hidden state h${s} through W_hy.`;
    case 'p':
      return `softmax turns the scores y${s} into probabilities that are positive and sum to 1.`;
    case 'loss':
      if (m.loss === 'cross-entropy' && m.targets.kind === 'tokens' && m.classes)
        return (
          `ℓ${s} is −log of the probability p${s} gives the target ${quote(m.classes[m.targets.ids[t - 1]])}: ` +
          'near 0 when the model is confident and right, large when it is surprised.'
        );
      return `ℓ${s} is half the squared distance between the prediction y${s} and the target y*${s}.`;
  }
  throw new Error(`no forward step ${kind}`);
}

function lossWhy(trace: Trace): string {
  const n = trace.targetCount;
  if (n === 0) return 'No step has a target, so L = 0 and every gradient will be zero.';
  const steps = `the ${n} step${n === 1 ? '' : 's'} with a target`;
  const what =
    trace.model.reduction === 'mean' ? `the mean of the losses of ${steps}` : `the sum of the losses of ${steps}`;
  return `L is ${what}: the one number backpropagation differentiates.`;
}

function backwardWhy(m: Model, kind: string, t: number, n: number): string {
  const s = sub(t);
  const p = sub(t - 1);
  const last = t === m.steps;
  const slope = 'times the slope of σ';
  switch (kind) {
    case 'dy': {
      if (!hasTarget(m, t)) return `Step ${t} has no target, so no gradient starts at its output: δy${s} = 0.`;
      const mean = m.reduction === 'mean' ? `, divided by n = ${n} because L is a mean` : '';
      return m.loss === 'cross-entropy'
        ? `δy${s} = p${s} − e: the gradient of the loss with respect to the scores y${s}, where backpropagation ` +
            `starts at step ${t}${mean}.`
        : `δy${s} = y${s} − y*${s}: the prediction's error is the gradient at the output, where backpropagation ` +
            `starts at step ${t}${mean}.`;
    }
    case 'dWy':
      return (
        `The output layer collects step ${t}'s share of its gradient: δy${s} times the state h${s} that ` +
        `produced y${s} (δy${s} alone for b_y).`
      );
    case 'dh': {
      const fromY =
        `from y${s} (through ` + `W_hyᵀ${hasTarget(m, t) ? '' : '; zero here, as step ' + t + ' has no target'})`;
      if (last) return `δh${s} gets gradient only ${fromY}: no later step sends any back.`;
      const via = { rnn: 'through W_hhᵀ', lstm: "through the gates' W_hᵀ", gru: "through z and the gates' W_hᵀ" }[
        m.cell
      ];
      return `δh${s} collects the gradient ${fromY} and, ${via}, from step ${t + 1}.`;
    }
    case 'da':
      return m.activation === 'relu'
        ? `δa${s} carries δh${s} back through ReLU: it passes where a${s} > 0 and is blocked where the unit was off.`
        : `δa${s} carries δh${s} back through tanh: each unit is scaled by its slope 1 − h${s}², so saturated ` +
            `units pass almost nothing.`;
    case 'dW': {
      const entered = `${inputName(m, t)} and ${previousState(t)}`;
      return m.cell === 'rnn'
        ? `W_xh, W_hh and b_h collect step ${t}'s share of their gradient: δa${s} times what entered the cell, ` +
            `${entered}.`
        : `Every gate's weights collect step ${t}'s share of their gradient: the gate's δa times what entered it, ` +
            `${entered}.`;
    }
    case 'dhprev':
      return previousStateWhy(m, t);
    case 'dc':
      return last
        ? `δc${s} gets the gradient from h${s} through the output gate and tanh; no later step sends any back.`
        : `δc${s} collects the gradient from h${s} (through the output gate and tanh) and, through the forget ` +
            `gate f${sub(t + 1)}, from step ${t + 1}'s cell.`;
    case 'da_o':
      return (
        `δa${SUP.o}${s}: the output gate matters in proportion to the cell it shows, tanh(c${s}), ${slope}, ` +
        `o${s}(1 − o${s}).`
      );
    case 'da_i':
      return `δa${SUP.i}${s}: the input gate matters in proportion to the candidate g${s} it lets in, ${slope}.`;
    case 'da_f':
      return `δa${SUP.f}${s}: the forget gate matters in proportion to the old cell c${p} it keeps, ${slope}.`;
    case 'da_g':
      return (
        `δa${SUP.g}${s}: the candidate matters as much as the input gate i${s} lets it in, times the slope ` +
        `of tanh, 1 − g${s}².`
      );
    case 'da_n':
      return (
        `δa${SUP.n}${s}: the candidate's share of δh${s} is 1 − z${s}, passed back through tanh (slope 1 − ` +
        `n${s}²).`
      );
    case 'da_z':
      return (
        `δa${SUP.z}${s}: the update gate chooses between h${p} and n${s}, so its gradient is δh${s} ⊙ (h${p} ` +
        `− n${s}), ${slope}.`
      );
    case 'dhn':
      return (
        `δm${s} = δa${SUP.n}${s} ⊙ r${s}: the reset gate scales how much of the candidate's gradient reaches ` +
        `W_hn h${p} + b_hn.`
      );
    case 'da_r':
      return (
        `δa${SUP.r}${s}: the reset gate matters in proportion to m${s}, the part of the candidate it scales, ` +
        `${slope}.`
      );
  }
  throw new Error(`no backward step ${kind}`);
}

function previousStateWhy(m: Model, t: number): string {
  const s = sub(t);
  const p = sub(t - 1);
  if (t === 1) {
    const states = m.cell === 'lstm' ? '∂L/∂h₀ and ∂L/∂c₀' : '∂L/∂h₀';
    return (
      `At t = 1 the gradient reaches the initial state: ${states}, not a parameter, so nothing is updated ` + `with it.`
    );
  }
  switch (m.cell) {
    case 'rnn':
      return (
        `δh${p} is what step ${t} sends back to step ${t - 1} through W_hhᵀ; there it joins the gradient ` +
        `from y${p}.`
      );
    case 'lstm':
      return (
        `Step ${t} sends δh${p} back through the four gates' W_hᵀ, and δc${p} = δc${s} ⊙ f${s} through the forget ` +
        `gate: ` +
        'the direct path that keeps the gradient from vanishing while f stays near 1.'
      );
    case 'gru':
      return (
        `Step ${t} sends δh${p} back directly through z${s} (the part of h${p} it kept) and through the ` +
        `gates' W_hᵀ.`
      );
  }
}

function clipWhy(trace: Trace): string {
  const c = trace.model.train.clipNorm;
  const g = fmtPlain(trace.gradNorm, 4);
  if (c === null)
    return (
      `‖g‖ = ${g} measures every gradient together (watch it explode or vanish); without clipNorm nothing is ` +
      `scaled: κ = 1.`
    );
  if (trace.clipFactor < 1)
    return (
      `‖g‖ = ${g} is above clipNorm = ${fmtPlain(c)}, so every gradient is scaled by κ = ` +
      `${fmtPlain(trace.clipFactor, 4)} ` +
      'to that total norm: one unlucky sequence cannot throw the weights far.'
    );
  return `‖g‖ = ${g} is within clipNorm = ${fmtPlain(c)}, so κ = 1 and the gradients pass unchanged.`;
}
