// The model's scalar settings: name, cell, activation, hiddenSize, loss, reduction and `train`,
// with FORMAT.md's defaults. Unknown keys of `train` are warnings (with a did-you-mean): a typo
// stays visible without breaking a file that carries extra metadata.

import type { Activation, CellKind, LossKind, Reduction, TrainSettings } from '../model';
import { describe, members, type Member } from './jsonNodes';
import { readEnum, readNumber, readString, valueOr, type Field } from './fields';
import { closest, listOf } from './suggest';
import type { ProblemList } from './problemList';
import { quote } from './wording';
import type { Limits } from './problems';

export const CELLS: readonly CellKind[] = ['rnn', 'lstm', 'gru'];
export const ACTIVATIONS: readonly Activation[] = ['tanh', 'relu'];
export const LOSSES: readonly LossKind[] = ['cross-entropy', 'mse'];
export const REDUCTIONS: readonly Reduction[] = ['sum', 'mean'];
export const TRAIN_KEYS = ['learningRate', 'clipNorm', 'steps'] as const;

export const DEFAULT_TRAIN: TrainSettings = { learningRate: 0.1, clipNorm: null, steps: 1 };

export interface Settings {
  readonly name: string;
  /** The cell ("rnn" when not given); null when the file names one we do not know, so that
   *  weight names cannot be checked. */
  readonly cell: CellKind | null;
  readonly activation: Activation;
  readonly hiddenSize: Field<number>;
  /** The loss as written (absent: derived from the targets later). */
  readonly loss: Field<LossKind>;
  readonly reduction: Reduction;
  readonly train: TrainSettings;
}

export function readSettings(
  top: Map<string, Member>,
  defaultName: string,
  limits: Limits,
  problems: ProblemList,
): Settings {
  const name = valueOr(readString(top.get('name'), problems, 'shown in titles'), defaultName);
  const cellField = readEnum(top.get('cell'), CELLS, problems);
  const cell = cellField.kind === 'invalid' ? null : valueOr(cellField, 'rnn');
  const activationField = readEnum(top.get('activation'), ACTIVATIONS, problems);
  const cellKind = cell ?? 'rnn';
  if (activationField.kind === 'ok' && cell !== null && cell !== 'rnn') {
    // FORMAT.md: activation is for `rnn` only. "relu" on a gated cell asks for something the cell
    // cannot do (an error); "tanh" is what the cell uses anyway (a warning, so the file still runs).
    const m = activationField.member;
    const message = `activation applies to the rnn cell only; ${cellKind} always uses σ for its gates and tanh for its candidate${cellKind === 'lstm' ? ' and cell output' : ''}, so remove "activation"`;
    if (activationField.value === 'relu') problems.error(activationField.node, m.path, message);
    else problems.warning(activationField.node, m.path, message);
  }
  const hiddenSize = readNumber(
    top.get('hiddenSize'),
    { integer: true, min: 1, why: 'the number of hidden units' },
    problems,
  );
  const loss = readEnum(top.get('loss'), LOSSES, problems);
  const reduction = valueOr(readEnum(top.get('reduction'), REDUCTIONS, problems), 'sum');
  return {
    name,
    cell,
    activation: cellKind === 'rnn' ? valueOr(activationField, 'tanh') : 'tanh',
    hiddenSize,
    loss,
    reduction,
    train: readTrain(top.get('train'), limits, problems),
  };
}

function readTrain(member: Member | undefined, limits: Limits, problems: ProblemList): TrainSettings {
  if (!member || !member.value) return DEFAULT_TRAIN;
  const node = member.value;
  if (node.type !== 'object') {
    problems.error(
      node,
      member.path,
      `train must be an object such as {"learningRate": 0.1}, found ${describe(node, problems.text)}`,
    );
    return DEFAULT_TRAIN;
  }
  const keys = members(node, member.path, problems);
  for (const m of keys.values()) {
    if ((TRAIN_KEYS as readonly string[]).includes(m.key)) continue;
    const hint = closest(
      m.key,
      TRAIN_KEYS.filter((k) => !keys.has(k)),
    );
    problems.warning(
      m.keyNode,
      m.path,
      `train has no setting ${quote(m.key)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}; it is ignored (the settings are ${listOf(TRAIN_KEYS, true, 'and')})`,
    );
  }
  const learningRate = readNumber(
    keys.get('learningRate'),
    { min: 0, exclusive: true, why: 'the SGD step size' },
    problems,
  );
  const clipNorm = readNumber(
    keys.get('clipNorm'),
    { min: 0, exclusive: true, nullable: true, why: 'the largest gradient norm kept; null turns clipping off' },
    problems,
  );
  const steps = readNumber(
    keys.get('steps'),
    { integer: true, min: 1, max: limits.maxTrainSteps, why: 'how many training steps "train" runs' },
    problems,
  );
  return {
    learningRate: valueOr(learningRate, DEFAULT_TRAIN.learningRate),
    clipNorm: valueOr(clipNorm, DEFAULT_TRAIN.clipNorm),
    steps: valueOr(steps, DEFAULT_TRAIN.steps),
  };
}
