// One plain sentence per step on what it computes — the first rung of the hint ladder, under the
// symbolic equation: "a₂ is the pre-activation: the previous state h₁ through W_hh, plus the input
// x₂ through W_xh, plus the bias b_h." Words only, no numbers, so it never gives an answer away.
// Model strings (a target token) are quoted as JSON; the views show this text as text.

import { hasTarget } from '../trace/stepDetails';
import type { Step, Trace } from '../trace/trace';
import { subscript } from '../trace/subscript';

const GATES: Readonly<Record<string, string>> = {
  i: 'the input gate: how much of the candidate g enters the cell state',
  f: 'the forget gate: how much of the old cell state is kept',
  g: 'the candidate: the new content that may enter the cell state',
  o: 'the output gate: how much of tanh of the cell state becomes the hidden state',
  r: 'the reset gate: how much of the previous state reaches the candidate',
  z: 'the update gate: how much of the previous state is kept',
};
const DELTAS: Readonly<Record<string, string>> = {
  da_o: 'output gate',
  da_i: 'input gate',
  da_f: 'forget gate',
  da_g: 'candidate',
  da_n: 'candidate',
  da_z: 'update gate',
  da_r: 'reset gate',
};

export function stepSentence(trace: Trace, step: Step): string {
  const m = trace.model;
  const t = step.t ?? 0;
  const [s, sp, sn] = [subscript(t), subscript(t - 1), subscript(t + 1)];
  const last = t === m.steps;
  const k = step.kind;
  switch (step.phase) {
    case 'forward':
      if (k in GATES)
        return `${k}${s} is ${GATES[k]} — ${k === 'g' ? 'tanh' : 'σ'} of the input x${s} and the previous state h${sp} through their weights, plus the bias.`;
      switch (k) {
        case 'a':
          return `a${s} is the pre-activation: the previous state h${sp} through W_hh, plus the input x${s} through W_xh, plus the bias b_h.`;
        case 'h':
          if (m.cell === 'rnn') return `h${s} is the new hidden state: ${m.activation} of each element of a${s}.`;
          if (m.cell === 'lstm')
            return `h${s} is the new hidden state: the output gate o${s} times tanh of the cell state c${s}, element by element.`;
          return `h${s} is the new hidden state: a mix of the candidate n${s} and the previous state h${sp}, where the update gate z${s} is the share of h${sp} kept.`;
        case 'c':
          return `c${s} is the new cell state: the part of c${sp} the forget gate keeps, plus the part of the candidate g${s} the input gate lets in.`;
        case 'n':
          return `n${s} is the candidate state: tanh of the input x${s} through W_xn plus b_xn, plus m${s} = W_hn h${sp} + b_hn scaled by the reset gate r${s}.`;
        case 'y':
          return `y${s} is the output's raw scores (logits): the hidden state h${s} through W_hy, plus the bias b_y.`;
        case 'p':
          return `p${s} turns the scores into probabilities: e to the power of each score, divided by the sum of them all.`;
        case 'loss':
          return lossSentence(trace, t);
      }
      break;
    case 'loss':
      return m.reduction === 'mean'
        ? `L is the mean of the per-step losses ℓₜ over the ${trace.targetCount} timesteps that have a target.`
        : 'L is the sum of the per-step losses ℓₜ of the timesteps that have a target.';
    case 'backward':
      switch (k) {
        case 'dy':
          if (!hasTarget(m, t)) return `δy${s} = ∂L/∂y${s} is 0: t=${t} has no target.`;
          return `δy${s} = ∂L/∂y${s}: ${m.loss === 'cross-entropy' ? `for softmax with cross-entropy, p${s} minus 1 at the target class` : `the output minus the target, y${s} − y*${s}`}${m.reduction === 'mean' ? `, divided by n = ${trace.targetCount}` : ''}.`;
        case 'dWy':
          return `∂L/∂W_hy and ∂L/∂b_y gain this timestep's term: δy${s} h${s}ᵀ and δy${s}.`;
        case 'dh':
          return last
            ? `δh${s} = ∂L/∂h${s}: at the last timestep, only what reaches h${s} from the output, W_hyᵀ δy${s}.`
            : `δh${s} = ∂L/∂h${s}: what reaches h${s} from the output, W_hyᵀ δy${s}, plus what comes back from t=${t + 1}.`;
        case 'da':
          return m.activation === 'relu'
            ? `δa${s} = ∂L/∂a${s}: δh${s} where a${s} is positive, 0 elsewhere (the derivative of relu).`
            : `δa${s} = ∂L/∂a${s}: δh${s} times the derivative of tanh, 1 − h${s}², element by element.`;
        case 'dW':
          return m.cell === 'rnn'
            ? `∂L/∂W_xh, ∂L/∂W_hh and ∂L/∂b_h gain this timestep's term: δa${s} x${s}ᵀ, δa${s} h${sp}ᵀ and δa${s}.`
            : `every gate's weights gain this timestep's term: the gate's δ times x${s}ᵀ (input weights) and h${sp}ᵀ (recurrent weights), and the δ itself (bias).`;
        case 'dhprev':
          if (m.cell === 'rnn') return `δh${sp} is what t=${t} sends back to the previous state: δa${s} through W_hhᵀ.`;
          if (m.cell === 'lstm')
            return `δh${sp} and δc${sp} are what t=${t} sends back: every gate's δ through its recurrent weights, and δc${s} through the forget gate.`;
          return `δh${sp} is what t=${t} sends back: the kept share z${s} of δh${s}, plus every gate's δ through its recurrent weights.`;
        case 'dc':
          return `δc${s} = ∂L/∂c${s}: what reaches the cell state through h${s}${last ? '' : `, plus what comes back from t=${t + 1} through the forget gate f${sn}`}.`;
        case 'dhn':
          return `δm${s} = ∂L/∂m${s}: the candidate's δ scaled by the reset gate r${s}.`;
      }
      if (k in DELTAS)
        return `this is the gradient at the ${DELTAS[k]}'s pre-activation: the gradient reaching the ${DELTAS[k]} times the derivative of its ${k === 'da_g' || k === 'da_n' ? 'tanh' : 'σ'}.`;
      break;
    case 'clip':
      return m.train.clipNorm === null
        ? '‖g‖ is the length of all the parameter gradients together: the square root of the sum of every squared entry (no clipping, so κ = 1).'
        : `‖g‖ is the length of all the parameter gradients together; κ scales every gradient down when ‖g‖ exceeds clipNorm = ${m.train.clipNorm}, and is 1 otherwise.`;
    case 'update':
      return `${k}′ is ${k} after one step of gradient descent: ${k} minus η${m.train.clipNorm === null ? '' : ' κ'} ∂L/∂${k}.`;
  }
  return step.title;
}

function lossSentence(trace: Trace, t: number): string {
  const m = trace.model;
  const s = subscript(t);
  if (m.loss === 'cross-entropy' && m.targets.kind === 'tokens' && m.classes)
    return `ℓ${s} is the cross-entropy at t=${t}: minus the natural log of the probability p${s} gives the target ${JSON.stringify(m.classes[m.targets.ids[t - 1]])}.`;
  return `ℓ${s} is half the squared distance between the output y${s} and the target y*${s}.`;
}
