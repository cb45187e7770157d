// Validation of a parsed `.rnn.json` tree against FORMAT.md: every rule is checked and every
// problem reported (not only the first); dependent checks are skipped when what they depend on
// already failed, so one mistake gives one problem. Sizes and limits are settled from the JSON's
// shape before anything is allocated; only a file without errors is turned into a Model.
//
// Decisions FORMAT.md leaves open:
// - Unknown top-level keys and unknown `train` keys are warnings (metadata must not break a file);
//   unknown keys of `weights` and `weights.init` are errors. A key written twice is an error.
// - `activation` on lstm/gru: "relu" is an error (the cell cannot do it), "tanh" a warning.
// - Targets present but all null: an error (leave `targets` out to run without a loss).
// - Without targets, the loss defaults to cross-entropy when there are classes (or a vocab), else
//   mse; the output size is then the classes/vocab length, else the rows of a written W_hy.
// - `{"init": …}` needs hiddenSize and a known output size (targets, classes or vocab).
// - A string input/target is read as its characters (code points: an emoji is one step).
// - At most 20 problems per array and 1000 in all are listed, each cap closed by a summary.

import type { Node } from 'jsonc-parser';
import type { LossKind, Model } from '../model';
import type { Limits } from './problems';
import { describe, members, type Member } from './jsonNodes';
import type { Field } from './fields';
import type { ProblemList } from './problemList';
import { readSettings } from './settings';
import { readTokenList, type TokenSource } from './tokenList';
import { readInputs } from './sequences';
import { readTargets, type TargetsInfo } from './targets';
import { readWeights } from './weights';
import {
  checkSizeLimits,
  hiddenDim,
  inputDim,
  outputDim,
  parameterCount,
  traceValueCount,
  traceValuesPerStep,
} from './sizes';
import { checkParamShapes, checkStateLength } from './shapes';
import { readVector } from './numericArrays';
import { closest } from './suggest';
import { byteSize, count, plural, quote } from './wording';
import { buildModel } from './buildModel';
import { attachPractice, readPractice } from './practiceSection';

export const TOP_LEVEL_KEYS = [
  '$schema',
  'name',
  'cell',
  'activation',
  'hiddenSize',
  'vocab',
  'inputs',
  'classes',
  'targets',
  'loss',
  'reduction',
  'h0',
  'c0',
  'weights',
  'train',
  'practice',
] as const;

export interface ValidateOptions {
  readonly limits: Limits;
  /** `name` when the file has none (the file name). */
  readonly defaultName: string;
}

export function validateModel(root: Node, problems: ProblemList, options: ValidateOptions): Model | null {
  const { limits } = options;
  if (root.type !== 'object') {
    problems.error(
      root,
      '',
      `a .rnn.json file must be a JSON object { "inputs": …, "weights": …, … }, found ${describe(root, problems.text)}`,
    );
    return null;
  }
  const top = members(root, '', problems);
  for (const m of top.values()) {
    if ((TOP_LEVEL_KEYS as readonly string[]).includes(m.key)) continue;
    const hint = closest(
      m.key,
      TOP_LEVEL_KEYS.filter((k) => !top.has(k)),
    );
    problems.warning(
      m.keyNode,
      m.path,
      `${quote(m.key)} is not a key of the .rnn.json format${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}; it is ignored`,
    );
  }
  const schema = top.get('$schema');
  if (schema?.value && schema.value.type !== 'string')
    problems.warning(
      schema.value,
      schema.path,
      `$schema should be a string (the URL of the JSON schema); the engine ignores it`,
    );

  const settings = readSettings(top, options.defaultName, limits, problems);
  const cell = settings.cell;
  const vocabRead = readTokenList(top.get('vocab'), limits.maxInput, 'the largest input size', problems);
  const classesRead = readTokenList(top.get('classes'), limits.maxOutput, 'the largest output size', problems);
  const vocabField = vocabRead.field;
  const vocab: TokenSource | null =
    vocabField.kind === 'absent' ? null : { what: 'vocab', list: vocabField, known: vocabRead.known };
  const classes: TokenSource | null =
    classesRead.field.kind === 'absent'
      ? vocab
      : { what: 'classes', list: classesRead.field, known: classesRead.known };

  const inputs = readInputs(top.get('inputs'), root, vocab, limits, problems);
  const targets = readTargets(top.get('targets'), classes, inputs?.T, limits, problems);
  const loss = resolveLoss(settings.loss, targets, classes, problems);
  const weights = readWeights(top.get('weights'), root, settings.cell, problems);

  const I = inputDim(inputs, vocab);
  const H = hiddenDim(settings.hiddenSize, weights, problems);
  const O = outputDim(targets, classes, weights);
  const within = checkSizeLimits(I, H, O, limits, problems);
  if (weights?.kind === 'explicit' && within)
    checkParamShapes(weights.params, cell, { input: I, hidden: H, output: O }, problems);
  if (weights?.kind === 'init') {
    const at = weights.init;
    if (settings.hiddenSize.kind === 'absent') {
      problems.error(
        at.keyNode,
        at.path,
        `hiddenSize is required when the weights are drawn with init: add "hiddenSize": the number of hidden units`,
      );
    }
    if (!O && targets.kind === 'none' && !classes) {
      problems.error(
        at.keyNode,
        at.path,
        `the output size is unknown: with drawn weights it comes from the targets, the classes or the vocab — add "targets" or "classes", or write the weights out`,
      );
    }
  }
  if (cell && I && H && O && within && weights) {
    const n = parameterCount(cell, I.value, H.value, O.value);
    if (n > limits.maxParams) {
      const at = weights.member;
      problems.error(
        at.keyNode,
        at.path,
        `the model would have ${count(n)} parameters (${byteSize(n * 8)}; ${cell} with input ${I.value}, hidden ${H.value}, output ${O.value}), more than the limit of ${count(limits.maxParams)} (${byteSize(limits.maxParams * 8)})`,
      );
    } else if (inputs) {
      // The trace keeps every intermediate of every timestep (to step back without recomputing):
      // refused here, before a run asks for gigabytes and fails with a RangeError.
      const T = inputs.T;
      const values = traceValueCount(cell, T, I.value, H.value, O.value);
      const at = top.get('inputs');
      if (values > limits.maxTraceValues && at) {
        problems.error(
          at.keyNode,
          at.path,
          `the run would record ${count(values)} numbers (${byteSize(values * 8)}): ${count(traceValuesPerStep(cell, H.value, O.value))} per timestep for ${plural(T, 'timestep')} of ${cell} with hidden ${H.value}, output ${O.value}, plus the ${count(n)} parameters, their gradients and the update — more than the limit of ${count(limits.maxTraceValues)} numbers (${byteSize(limits.maxTraceValues * 8)}) kept to step through the run; use fewer timesteps or a smaller hidden size`,
        );
      }
    }
  }

  const h0 = readState(top.get('h0'), 'h0', problems);
  if (h0 && within) checkStateLength('h0', h0.member.path, h0.length, h0.node, H, problems);
  const c0Member = top.get('c0');
  let c0: StateInfo | undefined;
  if (c0Member && cell && cell !== 'lstm') {
    problems.error(
      c0Member.keyNode,
      c0Member.path,
      `c0 is the initial cell state of an lstm, but cell is ${JSON.stringify(cell)}; remove "c0"`,
    );
  } else {
    c0 = readState(c0Member, 'c0', problems);
    if (c0 && within) checkStateLength('c0', c0.member.path, c0.length, c0.node, H, problems);
  }

  // The practice section is checked against the built model's run, so its own errors do not
  // keep the model from being built (every problem of the section is then reported at once).
  const modelErrors = problems.errorCount;
  const practice = readPractice(top.get('practice'), problems);

  if (modelErrors > 0 || !cell || !inputs || !weights || !I || !H || !O || targets.kind === 'invalid') return null;
  const model = buildModel({
    settings,
    cell,
    loss,
    vocab: vocabField,
    classes,
    inputs,
    targets,
    weights,
    I: I.value,
    H: H.value,
    O: O.value,
    h0: h0?.node,
    c0: c0?.node,
  });
  const withPractice = model && practice ? attachPractice(model, practice, problems) : model;
  return problems.errorCount > 0 ? null : withPractice;
}

interface StateInfo {
  readonly member: Member;
  readonly node: Node;
  readonly length: number;
}

function readState(member: Member | undefined, name: string, problems: ProblemList): StateInfo | undefined {
  if (!member?.value) return undefined;
  const length = readVector(member.value, member.path, name, problems, `a flat array of numbers (one per hidden unit)`);
  return length === undefined ? undefined : { member, node: member.value, length };
}

/** The loss as written, checked against the kind of targets, or the default FORMAT.md derives. */
function resolveLoss(
  written: Field<LossKind>,
  targets: TargetsInfo,
  classes: TokenSource | null,
  problems: ProblemList,
): LossKind {
  const derived: LossKind =
    targets.kind === 'tokens'
      ? 'cross-entropy'
      : targets.kind === 'vectors'
        ? 'mse'
        : classes
          ? 'cross-entropy'
          : 'mse';
  if (written.kind !== 'ok') return derived;
  const path = written.member.path;
  if (written.value === 'mse' && targets.kind === 'tokens') {
    problems.error(
      written.node,
      path,
      `loss "mse" needs vector targets, but the targets are tokens (of the ${classes?.what === 'classes' ? 'classes' : 'vocab'}); use "cross-entropy", or leave "loss" out`,
    );
  } else if (written.value === 'cross-entropy' && targets.kind === 'vectors') {
    problems.error(
      written.node,
      path,
      `loss "cross-entropy" needs token targets (a softmax over the classes), but the targets are vectors of numbers; use "mse", or leave "loss" out`,
    );
  }
  return written.value;
}
