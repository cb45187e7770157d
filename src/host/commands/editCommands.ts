// The commands that change the model's file — Apply SGD Step, Train…, Materialize Initial Weights
// (Check Gradients, which only reads, is gradientCheckCommand.ts). Every change is one edit
// (writeParams.ts) that replaces only number tokens (or, for drawn weights, the `weights` value),
// so one Ctrl+Z undoes it, comments and formatting stay, and the document is left dirty for the
// person to save. A write that the person's typing overtook is recomputed on the newer text, never
// applied over it.
//
// Each command takes an optional document URI (CodeLens passes it); which session it acts on is
// decided by session/commandTarget.ts.

import * as vscode from 'vscode';
import type { Tensor } from '../../engine/model';
import type { SessionManager } from '../session/sessionManager';
import { documentSession, readyOrSay, writableSession, type ReadyModel } from '../session/commandTarget';
import { trainWithProgress } from '../training/training';
import { divergenceText } from '../panel/nonFiniteView';
import { nonFiniteSentence } from '../../engine/trace/nonFinite';
import type { Logger } from '../log';
import { DocumentChangedError, WRITE_ATTEMPTS, writeParams } from './writeParams';

/** Training steps the InputBox accepts. */
export const MAX_TRAIN_STEPS = 1_000_000;

function fail(message: string): undefined {
  void vscode.window.showErrorMessage(`RNN: ${message}`);
  return undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Whether a failed write is worth recomputing on the newer text (the person's typing overtook it). */
function overtaken(e: unknown, attempt: number): boolean {
  return e instanceof DocumentChangedError && attempt < WRITE_ATTEMPTS;
}

/** Writes the parameters `choose` picks for the model as its text is now; a write that the person's
 *  typing overtook is recomputed on the newer text. `choose` returns a number instead when there
 *  is nothing to write (the command's result). */
async function writeCurrent(
  sessions: SessionManager,
  arg: unknown,
  command: string,
  choose: (ready: ReadyModel) => Readonly<Record<string, Tensor>> | number,
): Promise<number | undefined> {
  const session = await writableSession(sessions, arg);
  for (let attempt = 1; ; attempt++) {
    const ready = await readyOrSay(session);
    if (!ready) return undefined;
    const params = choose(ready);
    if (typeof params === 'number') return params;
    try {
      return await writeParams(ready.session, params);
    } catch (e) {
      if (!overtaken(e, attempt)) return fail(`${command}: ${messageOf(e)}`);
    }
  }
}

async function applySgdStep(sessions: SessionManager, arg: unknown): Promise<number | undefined> {
  const n = await writeCurrent(sessions, arg, 'Apply SGD Step', (ready) => ready.trace.updated);
  if (n === 0) void vscode.window.showInformationMessage('RNN: every gradient is zero; the SGD step changes nothing.');
  return n;
}

function materializeInit(sessions: SessionManager, arg: unknown): Promise<number | undefined> {
  return writeCurrent(sessions, arg, 'Materialize Initial Weights', (ready) => {
    if (ready.model.init) return ready.model.params;
    void vscode.window.showInformationMessage('RNN: the weights are already written out (no "init" to materialize).');
    return 0;
  });
}

/** Parses the InputBox's text: an integer in 1…MAX_TRAIN_STEPS, or a message. */
export function validateSteps(text: string): string | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return 'A whole number of training steps, e.g. 100';
  const n = Number(t);
  if (n < 1 || n > MAX_TRAIN_STEPS) return `Between 1 and ${MAX_TRAIN_STEPS.toLocaleString('en-US')}`;
  return undefined;
}

/** What to do when the document changed during training; without it the person is asked. */
type IfChanged = 'apply' | 'discard';

function ifChangedOption(options: unknown): IfChanged | undefined {
  const v = (options as { ifChanged?: unknown } | undefined)?.ifChanged;
  return v === 'apply' || v === 'discard' ? v : undefined;
}

/** The modal question when the person edited the model while it trained: never overwrite silently. */
async function askIfChanged(name: string): Promise<IfChanged> {
  const choice = await vscode.window.showWarningMessage(
    `“${name}” changed while it was training.`,
    {
      modal: true,
      detail:
        'Apply anyway writes the trained weights over the weights in the current text (one Ctrl+Z undoes it). Discard keeps the text as it is.',
    },
    'Apply anyway',
    'Discard',
  );
  return choice === 'Apply anyway' ? 'apply' : 'discard';
}

async function trainCommand(
  context: vscode.ExtensionContext,
  sessions: SessionManager,
  log: Logger,
  arg: unknown,
  stepsArg: unknown,
  options: unknown,
): Promise<'applied' | 'discarded' | 'diverged' | 'cancelled' | 'failed' | undefined> {
  const ready = await readyOrSay(await writableSession(sessions, arg));
  if (!ready) return undefined;
  const { session, model } = ready;
  // The text `model` was parsed from (readyOrSay refreshed it): what training starts from, even if
  // the person types while the InputBox is open.
  const version = session.document.version;
  let steps =
    typeof stepsArg === 'number' && Number.isInteger(stepsArg) && stepsArg >= 1 && stepsArg <= MAX_TRAIN_STEPS
      ? stepsArg
      : undefined;
  if (steps === undefined) {
    const input = await vscode.window.showInputBox({
      title: `RNN: Train “${model.name}”`,
      prompt: `Training steps (forward, BPTT, clip, SGD each; η = ${model.train.learningRate}${model.train.clipNorm === null ? '' : `, clipNorm = ${model.train.clipNorm}`})`,
      value: String(model.train.steps),
      validateInput: validateSteps,
    });
    if (input === undefined) return undefined;
    steps = Number(input.trim());
  }
  // The panel draws the loss curve as it comes (session.onDidTrain); the editor keeps the focus.
  await vscode.commands.executeCommand('rnn.openStepper', session.uri);
  const outcome = await trainWithProgress(context.extensionUri, session, model, steps, log);
  if (outcome.kind === 'cancelled') return 'cancelled';
  if (outcome.kind === 'failed') return fail(`training failed: ${outcome.message}`) ?? 'failed';
  if (outcome.kind === 'diverged') {
    // The weights of a divergent step are NaN or ±Infinity: none are written.
    const { step, nonFinite } = outcome.divergence;
    const text = divergenceText({ step, sentence: nonFiniteSentence(nonFinite) });
    void vscode.window
      .showWarningMessage(`RNN: ${text}. The weights in the file are unchanged.`, 'Show Loss Curve')
      .then((pick) => pick && vscode.commands.executeCommand('rnn.openStepper', { focus: true, reveal: 'training' }));
    return 'diverged';
  }
  const doc = session.document;
  // `agreed` is the text the trained weights may be written over: the one training started from,
  // or the one the person said "Apply anyway" to. Any other text is asked about again — including
  // a change that was still on its way from the window when training ended (the write is refused
  // with DocumentChangedError, and by then the new version is here).
  let agreed = version;
  for (let attempt = 1; ;) {
    if (doc.isClosed)
      return fail('the document was closed during training; the trained weights were discarded.') ?? 'discarded';
    if (doc.version !== agreed) {
      const seen = doc.version;
      if ((ifChangedOption(options) ?? (await askIfChanged(model.name))) === 'discard') return 'discarded';
      agreed = seen; // and look again: it may have changed while the question was open
      continue;
    }
    try {
      await writeParams(session, outcome.params, agreed);
      break;
    } catch (e) {
      if (!overtaken(e, attempt++))
        return fail(`the trained weights could not be written: ${messageOf(e)}`) ?? 'failed';
    }
  }
  const first = outcome.losses[0];
  void vscode.window
    .showInformationMessage(
      `RNN: trained ${steps} step${steps === 1 ? '' : 's'}: loss ${Number(first.toPrecision(5))} → ${Number(outcome.finalLoss.toPrecision(5))}`,
      'Show Loss Curve',
    )
    .then((pick) => pick && vscode.commands.executeCommand('rnn.openStepper', { focus: true, reveal: 'training' }));
  return 'applied';
}

export function registerEditCommands(context: vscode.ExtensionContext, sessions: SessionManager, log: Logger): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rnn.applySgdStep', (arg?: unknown) => applySgdStep(sessions, arg)),
    // Arguments (uri, steps, {ifChanged: 'apply' | 'discard'}) let other commands and tests skip the
    // InputBox and the modal question.
    vscode.commands.registerCommand('rnn.train', (arg?: unknown, steps?: unknown, options?: unknown) =>
      trainCommand(context, sessions, log, arg, steps, options),
    ),
    vscode.commands.registerCommand('rnn.materializeInit', (arg?: unknown) => materializeInit(sessions, arg)),
  );

  // "Materialize Initial Weights" appears only where there is an {"init": …} to materialize.
  const updateContext = () => {
    const hasInit = !!documentSession(sessions, undefined)?.parse.model?.init;
    void vscode.commands.executeCommand('setContext', 'rnn.modelHasInit', hasInit);
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    sessions.onDidChangeActive(updateContext),
    sessions.onDidRun(updateContext),
    sessions.onDidChangeProblems(updateContext),
  );
  updateContext();
}
