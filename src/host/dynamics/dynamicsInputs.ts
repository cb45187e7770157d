// The quick inputs of "RNN: Compare Cells", "RNN: What If…" and "RNN: Sample…", and the checks of
// the arguments that let tests and other commands skip them. Each returns undefined when the person
// cancels; the engine checks every value again (whatIf.ts, sampling.ts).

import * as vscode from 'vscode';
import type { Model } from '../../engine/model';
import { PARAM_NAMES } from '../../engine/model';
import { currentValue, whatIfProblem, type WhatIfChange } from '../../engine/dynamics/whatIf';
import { MAX_SAMPLE_LENGTH, type SampleOptions } from '../../engine/dynamics/sampling';
import { formatNumber } from '../../engine/interop/weightsText';
import { parseDynamicsMessage } from '../../shared/dynamicsProtocol';
import { validateSteps } from '../commands/editCommands';

/** A what-if change passed as an argument, if it is one (same checks as the panel's form). */
export function changeArgument(x: unknown): WhatIfChange | undefined {
  const m = parseDynamicsMessage({ type: 'whatIf', change: x });
  return m?.type === 'whatIf' ? m.change : undefined;
}

/** Sample options passed as an argument, if they are complete. */
export function sampleArgument(x: unknown): SampleOptions | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const o = x as Record<string, unknown>;
  if (typeof o.from !== 'string' || typeof o.length !== 'number') return undefined;
  if (typeof o.temperature !== 'number' || typeof o.seed !== 'number') return undefined;
  return { from: o.from, length: o.length, temperature: o.temperature, seed: o.seed };
}

export async function askSteps(model: Model): Promise<number | undefined> {
  const input = await vscode.window.showInputBox({
    title: `RNN: Compare Cells on “${model.name}”`,
    prompt: 'Training steps for each of the rnn, the lstm and the gru',
    value: String(model.train.steps),
    validateInput: validateSteps,
  });
  return input === undefined ? undefined : Number(input.trim());
}

const numberCheck = (text: string, allowEmpty = false) =>
  (allowEmpty && text.trim() === '') || (text.trim() !== '' && Number.isFinite(Number(text)))
    ? undefined
    : 'A number, e.g. 0.5';

/** The element a right-click in the stepper panel chose ("webview/context" menu: the tensor card
 *  sets data-vscode-context, webview/tensors.ts), as a parameter and the file's index. */
export function pointedWeight(model: Model, arg: unknown): { param: string; index: number[] } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { rnnWeight, rnnIndex } = arg as Record<string, unknown>;
  if (typeof rnnWeight !== 'string' || !PARAM_NAMES[model.cell].includes(rnnWeight)) return undefined;
  const shape = model.params[rnnWeight].shape;
  const n = shape.reduce((a, b) => a * b, 1);
  if (typeof rnnIndex !== 'number' || !Number.isInteger(rnnIndex) || rnnIndex < 0 || rnnIndex >= n) return undefined;
  return {
    param: rnnWeight,
    index: shape.length === 2 ? [Math.floor(rnnIndex / shape[1]), rnnIndex % shape[1]] : [rnnIndex],
  };
}

/** The new value of one weight element (the input box starts at its current value). */
export async function askWeightValue(
  model: Model,
  w: { param: string; index: readonly number[] },
): Promise<WhatIfChange | undefined> {
  const now = currentValue(model, { kind: 'weight', ...w, value: 0 }) as number;
  const valueText = await vscode.window.showInputBox({
    title: `RNN: What if ${w.param}${w.index.map((i) => `[${i}]`).join('')} were…`,
    prompt: `Now ${formatNumber(now)}`,
    value: formatNumber(now),
    validateInput: (t) => numberCheck(t),
  });
  if (valueText === undefined) return undefined;
  return { kind: 'weight', param: w.param, index: [...w.index], value: Number(valueText) };
}

export async function askChange(model: Model): Promise<WhatIfChange | undefined> {
  const clip = model.train.clipNorm;
  const kinds = [
    { label: 'A weight element…', what: 'weight' as const },
    { label: 'Learning rate', description: `now ${model.train.learningRate}`, what: 'learningRate' as const },
    { label: 'clipNorm', description: `now ${clip === null ? 'none' : clip}`, what: 'clipNorm' as const },
  ];
  const kind = await vscode.window.showQuickPick(kinds, { title: 'RNN: What if… — change what?' });
  if (!kind) return undefined;
  if (kind.what !== 'weight') {
    const text = await vscode.window.showInputBox({
      title: `RNN: What if ${kind.what} were…`,
      prompt: kind.what === 'clipNorm' ? 'A number > 0, or empty for no clipping' : 'A number > 0',
      value: String(kind.what === 'clipNorm' ? (clip ?? '') : model.train.learningRate),
      validateInput: (t) => {
        const c = numberCheck(t, kind.what === 'clipNorm');
        if (c) return c;
        const value = t.trim() === '' ? null : Number(t);
        return whatIfProblem(model, { kind: kind.what, value } as WhatIfChange) ?? undefined;
      },
    });
    if (text === undefined) return undefined;
    const value = text.trim() === '' ? null : Number(text);
    return kind.what === 'clipNorm' ? { kind: 'clipNorm', value } : { kind: 'learningRate', value: value ?? NaN };
  }
  const param = await vscode.window.showQuickPick(
    PARAM_NAMES[model.cell].map((name) => ({ label: name, description: model.params[name].shape.join('×') })),
    { title: 'RNN: What if… — which parameter?' },
  );
  if (!param) return undefined;
  const shape = model.params[param.label].shape;
  const indexText = await vscode.window.showInputBox({
    title: `RNN: What if… — which element of ${param.label} (${shape.join('×')})?`,
    prompt: shape.length === 2 ? 'Row, column (from 0), e.g. 0, 1' : 'Index (from 0)',
    value: shape.length === 2 ? '0, 0' : '0',
    validateInput: (t) => {
      const index = t.split(',').map((x) => Number(x.trim()));
      return whatIfProblem(model, { kind: 'weight', param: param.label, index, value: 0 }) ?? undefined;
    },
  });
  if (indexText === undefined) return undefined;
  return askWeightValue(model, { param: param.label, index: indexText.split(',').map((x) => Number(x.trim())) });
}

export async function askSample(model: Model): Promise<SampleOptions | undefined> {
  const vocab = model.vocab ?? [];
  const pick = await vscode.window.showQuickPick(
    vocab.map((v) => ({ label: v.trim() === '' ? JSON.stringify(v) : v, token: v })),
    { title: 'RNN: Sample… — start token' },
  );
  if (!pick) return undefined;
  const ask = (title: string, value: string, check: (n: number) => boolean, hint: string) =>
    vscode.window.showInputBox({
      title: `RNN: Sample… — ${title}`,
      value,
      validateInput: (t) => (t.trim() !== '' && check(Number(t)) ? undefined : hint),
    });
  const length = await ask(
    'how many tokens',
    String(Math.min(20, MAX_SAMPLE_LENGTH)),
    (n) => Number.isInteger(n) && n >= 1 && n <= MAX_SAMPLE_LENGTH,
    `A whole number from 1 to ${MAX_SAMPLE_LENGTH}`,
  );
  if (length === undefined) return undefined;
  const temperature = await ask(
    'temperature (0 = always the most likely)',
    '1',
    (n) => Number.isFinite(n) && n >= 0,
    'A number ≥ 0',
  );
  if (temperature === undefined) return undefined;
  const seed = await ask('seed', '1', (n) => Number.isSafeInteger(n), 'A whole number');
  if (seed === undefined) return undefined;
  return { from: pick.token, length: Number(length), temperature: Number(temperature), seed: Number(seed) };
}
