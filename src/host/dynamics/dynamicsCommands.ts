// "RNN: Compare Cells", "RNN: What If…", "RNN: Sample…" and "RNN: Back to the File's Run". Each
// computes in the dynamics worker (dynamicsRunner.ts) and shows its view in the dynamics panel.
// A what-if and a sample are also runs the stepper can step through: they are shown in the stepper
// instead of the file's run (Session.showRun), labelled in its title, until the person goes back
// (Discard, "Back to the file's run") or edits the file. Only "Apply to file" writes the what-if
// into the document: one undoable edit, onto the very text it was computed from.

import * as vscode from 'vscode';
import type { Model } from '../../engine/model';
import type { Trace } from '../../engine/trace/trace';
import { compareRefusal } from '../../engine/dynamics/compareCells';
import { samplingRefusal, sampleOptionsProblem, type SampleOptions } from '../../engine/dynamics/sampling';
import { changeTarget, whatIfProblem, type RunDiff, type WhatIfChange } from '../../engine/dynamics/whatIf';
import type { SessionManager } from '../session/sessionManager';
import type { Session } from '../session/session';
import { readyOrSay, writableSession } from '../session/commandTarget';
import type { Logger } from '../log';
import { runDynamics } from './dynamicsRunner';
import { revivedResult, type DynamicsRequest, type DynamicsResult } from './dynamicsJobs';
import { DynamicsPanel, type DynamicsAction, type DynamicsApi } from './dynamicsPanel';
import { compareView, sampleView, whatIfView } from './dynamicsViews';
import {
  askChange,
  askSample,
  askSteps,
  askWeightValue,
  changeArgument,
  pointedWeight,
  sampleArgument,
} from './dynamicsInputs';
import { applyWhatIf } from './applyWhatIf';

interface PendingWhatIf {
  readonly session: Session;
  readonly model: Model;
  readonly version: number;
  readonly change: WhatIfChange;
  readonly diff: RunDiff;
  readonly loss: { before: number; after: number };
}

/** The run the panel's "Step through" loads: the latest what-if or sample. */
interface Steppable {
  readonly session: Session;
  readonly trace: Trace;
  readonly label: string;
}

export class DynamicsCommands {
  private pending: PendingWhatIf | undefined;
  private steppable: Steppable | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly sessions: SessionManager,
    private readonly panel: DynamicsPanel,
    private readonly log: Logger,
  ) {
    panel.onAction = (a) => void this.action(a).catch((e) => this.fail(e));
  }

  fail(e: unknown): undefined {
    const message = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(`RNN: ${message}`);
    this.panel.error(message);
    return undefined;
  }

  private async run<T extends DynamicsResult['type']>(
    request: DynamicsRequest & { type: T },
    title: string,
  ): Promise<(DynamicsResult & { type: T }) | undefined> {
    this.panel.progress(`${title}…`);
    const outcome = await runDynamics(this.context.extensionUri, request, title, this.log);
    if (outcome.kind === 'cancelled') {
      this.panel.progress('Cancelled.');
      return undefined;
    }
    if (outcome.kind === 'failed') return this.fail(`${title} failed: ${outcome.message}`);
    return revivedResult(outcome.result) as DynamicsResult & { type: T };
  }

  async compare(arg: unknown, stepsArg: unknown): Promise<{ lastLosses: Record<string, number> } | undefined> {
    const ready = await readyOrSay(await writableSession(this.sessions, arg));
    if (!ready) return undefined;
    const refusal = compareRefusal(ready.model);
    if (refusal) return this.fail(`cannot compare the cells: ${refusal}`);
    const steps =
      typeof stepsArg === 'number' && Number.isInteger(stepsArg) && stepsArg >= 1
        ? stepsArg
        : await askSteps(ready.model);
    if (steps === undefined) return undefined;
    const r = await this.run({ type: 'compare', model: ready.model, steps }, 'RNN: comparing rnn, lstm and gru');
    if (!r) return undefined;
    this.panel.show(compareView(ready.model, r.comparison));
    return {
      lastLosses: Object.fromEntries(r.comparison.runs.map((c) => [c.cell, c.losses[c.losses.length - 1]])),
    };
  }

  async whatIf(arg: unknown, changeArg: unknown): Promise<{ changed: string[]; unchanged: string[] } | undefined> {
    // From the stepper panel's context menu, `arg` is the clicked element's context: the stepper's session.
    const fromPanel = typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri);
    const ready = await readyOrSay(fromPanel ? this.sessions.active : await writableSession(this.sessions, arg));
    if (!ready) return undefined;
    const pointed = fromPanel ? pointedWeight(ready.model, arg) : undefined;
    const change =
      changeArgument(changeArg) ??
      (changeArg !== undefined
        ? undefined
        : pointed
          ? await askWeightValue(ready.model, pointed)
          : await askChange(ready.model));
    if (!change) return changeArg === undefined ? undefined : this.fail('that is not a what-if change');
    return this.runWhatIf(ready.session, ready.model, change);
  }

  private async runWhatIf(session: Session, model: Model, change: WhatIfChange) {
    const problem = whatIfProblem(model, change);
    if (problem) return this.fail(problem);
    const version = session.document.version;
    const r = await this.run({ type: 'whatIf', model, change }, `RNN: what if ${changeTarget(change)} changed`);
    if (!r) return undefined;
    const loss = { before: r.lossBefore, after: r.after.loss };
    this.pending = { session, model, version, change, diff: r.diff, loss };
    this.steppable = { session, trace: r.after, label: `what if ${changeTarget(change)}` };
    session.showRun(r.after, this.steppable.label);
    this.panel.show(whatIfView(model, change, r.diff, loss, null));
    return { changed: r.diff.changed.map((d) => d.id), unchanged: r.diff.unchanged };
  }

  /** "Apply to file": the pending what-if written into its document as one edit. */
  async apply(): Promise<'applied' | undefined> {
    const p = this.pending;
    if (!p) return this.fail('there is no what-if to apply');
    await applyWhatIf(p.session, p.model, p.change, p.version);
    this.pending = undefined;
    this.steppable = undefined;
    this.panel.show(whatIfView(p.model, p.change, p.diff, p.loss, 'applied'));
    return 'applied';
  }

  /** "Discard": forget the what-if, the stepper back on the file's run. */
  discard(): 'discarded' | undefined {
    const p = this.pending;
    if (!p) return undefined;
    this.pending = undefined;
    this.steppable = undefined;
    p.session.showFileRun();
    this.panel.show(whatIfView(p.model, p.change, p.diff, p.loss, 'discarded'));
    return 'discarded';
  }

  async sample(arg: unknown, optionsArg: unknown): Promise<{ tokens: string[] } | undefined> {
    const ready = await readyOrSay(await writableSession(this.sessions, arg));
    if (!ready) return undefined;
    const refusal = samplingRefusal(ready.model);
    if (refusal) return this.fail(`cannot sample this model: ${refusal}`);
    const options: SampleOptions | undefined = sampleArgument(optionsArg) ?? (await askSample(ready.model));
    if (!options) return undefined;
    const problem = sampleOptionsProblem(ready.model, options);
    if (problem) return this.fail(problem);
    const r = await this.run({ type: 'sample', model: ready.model, options }, 'RNN: sampling');
    if (!r) return undefined;
    const label = `sample, seed ${options.seed}`;
    this.steppable = { session: ready.session, trace: r.trace, label };
    ready.session.showRun(r.trace, label);
    this.panel.show(sampleView(ready.model, options, r.sample));
    void vscode.window
      .showInformationMessage(
        `RNN: the stepper shows the ${label} (${r.sample.tokens.length} tokens).`,
        'Back to the File’s Run',
      )
      .then((pick) => pick && ready.session.showFileRun());
    return { tokens: r.sample.tokens };
  }

  private stepThrough(): void {
    const s = this.steppable;
    if (!s) return;
    s.session.showRun(s.trace, s.label);
    void vscode.commands.executeCommand('rnn.openStepper', s.session.uri);
  }

  showFileRun(arg: unknown): boolean {
    const uri = arg instanceof vscode.Uri ? arg.toString() : undefined;
    const session = uri ? this.sessions.all.find((s) => s.uri.toString() === uri) : this.sessions.active;
    return session?.showFileRun() ?? false;
  }

  private async action(a: DynamicsAction): Promise<void> {
    switch (a.type) {
      case 'apply':
        await this.apply();
        break;
      case 'discard':
        this.discard();
        break;
      case 'stepThrough':
        this.stepThrough();
        break;
      case 'fileRun':
        if (this.steppable) this.steppable.session.showFileRun();
        break;
      case 'whatIf': {
        const p = this.pending;
        const session = p?.session ?? this.sessions.active;
        if (session) while (!(await session.whenRun()));
        const model = session?.parse.model;
        if (!session || !model) return void this.fail('open the model of this what-if first');
        await this.runWhatIf(session, model, a.change);
        break;
      }
      default: {
        const never: never = a;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  }
}

/** Registers the commands; returns the panel's test API. */
export function registerDynamics(
  context: vscode.ExtensionContext,
  sessions: SessionManager,
  log: Logger,
): { api: DynamicsApi } {
  const panel = new DynamicsPanel(context.extensionUri, context.extensionMode === vscode.ExtensionMode.Test);
  const c = new DynamicsCommands(context, sessions, panel, log);
  const guard =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    (...a: A) =>
      f(...a).catch((e: unknown) => c.fail(e));
  context.subscriptions.push(
    panel,
    // Arguments (uri, steps | change | options) let tests and other commands skip the quick inputs.
    vscode.commands.registerCommand(
      'rnn.compareCells',
      guard((arg?: unknown, steps?: unknown) => c.compare(arg, steps)),
    ),
    vscode.commands.registerCommand(
      'rnn.whatIf',
      guard((arg?: unknown, change?: unknown) => c.whatIf(arg, change)),
    ),
    vscode.commands.registerCommand(
      'rnn.whatIfApply',
      guard(() => c.apply()),
    ),
    vscode.commands.registerCommand('rnn.whatIfDiscard', () => c.discard()),
    vscode.commands.registerCommand(
      'rnn.sample',
      guard((arg?: unknown, options?: unknown) => c.sample(arg, options)),
    ),
    vscode.commands.registerCommand('rnn.showFileRun', (arg?: unknown) => c.showFileRun(arg)),
  );
  return { api: panel.api };
}
