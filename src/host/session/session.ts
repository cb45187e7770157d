// One session per `.rnn.json` document: the parse result, the last good trace and the cursor.
// Commands, the panel, the status bar, diagnostics, hovers and CodeLens all read the session and
// subscribe to its events; none of them keeps its own copy of the state (docs/ARCHITECTURE.md).
//
// Editing the document re-parses it here (fast) and re-runs the engine (debounced) off this
// thread: in the run worker through RunScheduler (runScheduler.ts, runWorker.ts). A newer edit
// supersedes a run under way; only the run of the text as it is now lands, and the cursor stays on
// the same logical step (Step.id) where it still exists. Until it lands the last trace stays,
// `rerunning`; after RUNNING_SHOWN_MS views say "running…" with its progress (`running`). An
// invalid edit keeps the last good trace, marked stale.
//
// Lifetime (sessionLifetime.ts): a session lives while its document is open or a stepper panel
// holds it. When VS Code closes the document (a preview tab replaced by a click in the Explorer)
// under an open panel, the session stays, detached, with its text, trace and cursor; when the URI
// opens again it re-attaches to the new TextDocument and re-runs only if the text differs.

import * as vscode from 'vscode';
import { parseModel, type ParseResult } from '../../engine/parse/parse';
import type { Step, Trace } from '../../engine/trace/trace';
import type { Problem } from '../../engine/parse/problems';
import type { Model, Tensor } from '../../engine/model';
import { hasErrors } from '../../engine/parse/problems';
import { cursorAfterRun } from '../../engine/trace/navigation';
import { modelFileName } from './modelDocument';
import type { Logger } from '../log';
import type { RunJob, RunScheduler, RunSource } from './runScheduler';

/** A training run's progress (RNN: Train…: editCommands.ts, training.ts), for the panel's loss curve. */
export interface TrainingProgress {
  readonly session: Session;
  /** 'running' while the worker trains; the last event of a run is 'done', 'diverged' (stopped at a
   *  step that is not finite), 'cancelled' or 'failed'. */
  readonly state: 'running' | 'done' | 'diverged' | 'cancelled' | 'failed';
  /** Training steps completed so far, out of `total`. */
  readonly step: number;
  readonly total: number;
  /** The loss L before each completed step (losses[k] is the loss the k-th update descended). */
  readonly losses: readonly number[];
  /** The loss of the final parameters (set when state is 'done'). */
  readonly finalLoss?: number;
  /** Why it failed (state 'failed'). */
  readonly error?: string;
  /** Where it diverged (state 'diverged'): the 0-based training step and its first non-finite value
   *  in nonFiniteSentence's words. */
  readonly divergence?: { readonly step: number; readonly sentence: string };
  /** Where the steps run: a worker thread, or short slices on the host when no worker could start. */
  readonly runner?: 'worker' | 'host';
  /** Per completed step: ‖g‖ before clipping, the clip factor and η (optimize.ts StepStats). */
  readonly gradNorms?: readonly number[];
  readonly clipFactors?: readonly number[];
  readonly learningRates?: readonly number[];
  /** The 0-based step at which training stopped with a non-finite value, else null/absent. */
  readonly divergedAt?: number | null;
  /** What "Step into iteration" replays from (set when the run ended: training/replay.ts). */
  readonly record?: TrainingRecordRef;
}

/** The start of a training run and copies of its weights every `every` steps: any iteration is at
 *  most `every` training steps from one of them (engine/dynamics/trainingReplay.ts). */
export interface TrainingRecordRef {
  readonly model: Model;
  readonly every: number;
  readonly checkpoints: ReadonlyMap<number, Readonly<Record<string, Tensor>>>;
}

/** A replayed training iteration the stepper shows instead of the file's run: `iteration` (0-based) of a
 *  training run of `total` steps. */
export interface RecordedRun {
  readonly iteration: number;
  readonly total: number;
}

/** Re-run delay after an edit: long enough to skip keystrokes, short enough to feel live. */
export const EDIT_DEBOUNCE_MS = 250;

/** A run still under way after this long is shown as "running…"; shorter ones land without flicker. */
export const RUNNING_SHOWN_MS = 300;

/** A run shown as under way: the fraction of its work done, and when it started (Date.now()). */
export interface RunningState {
  readonly progress: number;
  readonly since: number;
}

export class Session implements vscode.Disposable {
  private readonly runEmitter = new vscode.EventEmitter<Session>();
  private readonly problemsEmitter = new vscode.EventEmitter<Session>();
  private readonly cursorEmitter = new vscode.EventEmitter<Session>();
  /** A new trace: the text changed and ran (the cursor moved with it to the same logical step). */
  readonly onDidRun = this.runEmitter.event;
  /** The problems changed and the trace did not: an invalid edit (the last trace stays, stale), the
   *  engine failing on a valid text, or the document reopened (views publish its problems again). */
  readonly onDidChangeProblems = this.problemsEmitter.event;
  /** The cursor moved over the same trace. */
  readonly onDidMoveCursor = this.cursorEmitter.event;
  private readonly runningEmitter = new vscode.EventEmitter<Session>();
  /** `running` changed: a run became long enough to show, progressed, or ended. */
  readonly onDidChangeRunning = this.runningEmitter.event;

  private readonly trainingEmitter = new vscode.EventEmitter<TrainingProgress>();
  /** Fires as a training run progresses (throttled by the trainer) and once when it ends. */
  readonly onDidTrain = this.trainingEmitter.event;
  private lastTraining: TrainingProgress | undefined;

  private parseResult: ParseResult;
  private lastTrace: Trace | undefined;
  /** A run other than the file's shown in the stepper (a sample, a what-if: src/host/dynamics; a
   *  replayed training iteration: src/host/training/stepInto.ts), until the file's text changes or
   *  showFileRun() is called; with the file's cursor to go back to. */
  private shown:
    | { readonly trace: Trace; readonly label: string; readonly recorded?: RecordedRun; readonly backCursor: number }
    | undefined;
  private isStale = false;
  private cursorIndex = 0;
  private runError: string | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** The document version the current parse result was computed from. */
  private parsedVersion: number;
  /** The text the current parse result was computed from (compared when the document reopens). */
  private parsedText: string | undefined;
  private doc: vscode.TextDocument;
  /** The run of the current text, while it is under way. */
  private job: RunJob | undefined;
  private jobStarted = 0;
  private runShown = false;
  private shownTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    document: vscode.TextDocument,
    private readonly log: Logger,
    private readonly runs: RunScheduler,
  ) {
    this.doc = document;
    this.parseResult = { model: null, problems: [], root: undefined };
    this.parsedVersion = -1;
    this.refresh();
  }

  /** The live TextDocument of this URI; while detached, the closed one the session last read. */
  get document(): vscode.TextDocument {
    return this.doc;
  }
  /** False while the document is closed and only a panel keeps the session. */
  get attached(): boolean {
    return !this.doc.isClosed;
  }

  get uri(): vscode.Uri {
    return this.document.uri;
  }
  /** Problems of the current text (empty when it is valid). */
  get problems(): readonly Problem[] {
    return this.parseResult.problems;
  }
  get parse(): ParseResult {
    return this.parseResult;
  }
  /** The run the stepper shows: the file's (fileTrace), or a sample or what-if run (shownRun). */
  get trace(): Trace | undefined {
    return this.shown?.trace ?? this.lastTrace;
  }
  /** The last good trace of the file's text; when `stale`, it belongs to an earlier version of it.
   *  What the editor's hovers, hints and the commands that write the file read. */
  get fileTrace(): Trace | undefined {
    return this.lastTrace;
  }
  /** The label of the run shown instead of the file's ("sample, seed 3"), or undefined. */
  get shownRun(): string | undefined {
    return this.shown?.label;
  }
  /** The replayed training iteration the stepper shows, or undefined (the file's run, a sample…). */
  get recorded(): RecordedRun | undefined {
    return this.shown?.recorded;
  }

  /** Shows `trace` in the stepper instead of the file's run, from its first step: a sample, a
   *  what-if, or (`recorded`) a replayed training iteration. Until showFileRun() or an edit. */
  showRun(trace: Trace, label: string, recorded?: RecordedRun): void {
    const backCursor = this.shown ? this.shown.backCursor : this.cursorIndex;
    this.shown = { trace, label, recorded, backCursor };
    this.cursorIndex = 0;
    this.runEmitter.fire(this);
  }

  /** Back to the file's run, on the step it showed before. Returns whether another run was shown. */
  showFileRun(): boolean {
    if (!this.dropShown()) return false;
    this.runEmitter.fire(this);
    return true;
  }

  /** Forgets the run shown instead of the file's and restores the file's cursor; whether one was. */
  private dropShown(): boolean {
    const shown = this.shown;
    if (!shown) return false;
    this.shown = undefined;
    this.cursorIndex = shown.backCursor;
    return true;
  }
  get stale(): boolean {
    return this.isStale;
  }
  /** A run of the current text is under way: `trace` is still the previous text's. */
  get rerunning(): boolean {
    return this.job !== undefined;
  }
  /** The run under way, once it has taken longer than RUNNING_SHOWN_MS (views say "running…"). */
  get running(): RunningState | undefined {
    return this.job && this.runShown ? { progress: this.job.progress, since: this.jobStarted } : undefined;
  }
  /** Where this session's runs happen: the run worker, or the host thread in slices (no worker). */
  get runner(): 'worker' | 'host' {
    return this.runs.runner;
  }
  /** Set when the engine itself failed on a valid model (should never happen; shown, not thrown). */
  get error(): string | undefined {
    return this.runError;
  }
  get cursor(): number {
    return this.cursorIndex;
  }
  get step(): Step | undefined {
    return this.trace?.steps[this.cursorIndex];
  }
  get stepCount(): number {
    return this.trace?.steps.length ?? 0;
  }

  /** The latest training progress of this document (the running one, or the last finished). */
  get training(): TrainingProgress | undefined {
    return this.lastTraining;
  }

  /** Called by the trainer; views subscribe to onDidTrain. */
  reportTraining(progress: Omit<TrainingProgress, 'session'>): void {
    this.lastTraining = { ...progress, session: this };
    this.trainingEmitter.fire(this.lastTraining);
  }

  /** Moves the cursor (clamped to the trace). Returns whether it moved. */
  setCursor(index: number): boolean {
    const max = this.stepCount - 1;
    const next = Math.max(0, Math.min(max, Math.floor(index)));
    if (max < 0 || next === this.cursorIndex) return false;
    this.cursorIndex = next;
    this.cursorEmitter.fire(this);
    return true;
  }

  /** Schedules a re-run after an edit (debounced). */
  scheduleRefresh(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.refresh();
    }, EDIT_DEBOUNCE_MS);
  }

  /** Re-parses now if the document changed since the last parse, and starts its run (which lands
   *  later, through onDidRun). Only parsing happens on this thread. */
  refresh(): void {
    if (this.pending) {
      clearTimeout(this.pending);
      this.pending = undefined;
    }
    if (this.document.version === this.parsedVersion) return;
    this.parsedVersion = this.document.version;
    // The text changed: a sample, what-if or replayed iteration of the old text no longer describes
    // the file; what follows is the file's run again.
    const wasShown = this.dropShown();
    this.parsedText = this.document.getText();
    const result = parseModel(this.parsedText, { fileName: modelFileName(this.document.uri) });
    const hadErrors = hasErrors(this.parseResult.problems);
    this.parseResult = result;
    if (!result.model || hasErrors(result.problems)) {
      this.cancelRun();
      // The text's own problems say why there is no current run; an engine failure of an older text no longer applies.
      this.runError = undefined;
      this.isStale = this.lastTrace !== undefined;
      if (wasShown) this.runEmitter.fire(this);
      this.problemsEmitter.fire(this);
      this.wakeIfIdle();
      return;
    }
    this.startRun({ model: result.model, text: this.parsedText, fileName: modelFileName(this.document.uri) });
    // The errors went away: views drop them now, not only when the run lands.
    if (hadErrors) this.problemsEmitter.fire(this);
  }

  /** Makes sure the session has parsed the document's current text (e.g. before a hover); its run
   *  may still be under way (`rerunning`). */
  ensureParsed(): void {
    if (this.document.version !== this.parsedVersion) this.refresh();
  }

  /** Resolves once the current text's run has landed or failed (at once when none is under way);
   *  with `timeoutMs`, at the latest after that long. Resolves to whether the session is then up
   *  to date: no run under way, and the document not edited since (else call again). */
  whenRun(timeoutMs?: number): Promise<boolean> {
    this.ensureParsed();
    const upToDate = (): boolean => this.job === undefined && this.document.version === this.parsedVersion;
    if (!this.job) return Promise.resolve(upToDate());
    return new Promise<boolean>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(upToDate());
      };
      this.idleWaiters.push(done);
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs);
    });
  }

  private startRun(source: RunSource): void {
    // A run already shown as "running…" that a newer edit supersedes stays shown: no flicker.
    const shown = this.cancelRun(false);
    const job = this.runs.run(source, () => {
      if (this.job === job && this.runShown) this.runningEmitter.fire(this);
    });
    this.job = job;
    this.jobStarted = Date.now();
    if (shown) {
      this.runShown = true;
      this.runningEmitter.fire(this);
    } else {
      this.shownTimer = setTimeout(() => {
        this.shownTimer = undefined;
        if (this.job !== job) return;
        this.runShown = true;
        this.runningEmitter.fire(this);
      }, RUNNING_SHOWN_MS);
    }
    void job.outcome.then((outcome) => {
      if (this.job !== job) return; // superseded: a newer run (or none) speaks for the text
      const wasShown = this.endRun();
      switch (outcome.kind) {
        case 'done':
          // The text changed while it ran (the debounced re-run has not started yet): not its numbers.
          if (this.document.version !== this.parsedVersion && !this.document.isClosed) this.refresh();
          else this.landRun(outcome.trace);
          break;
        case 'failed':
          // A bug in the engine must not take the extension down: keep the last trace, say what broke.
          this.runError = outcome.message;
          this.log.error(`the engine failed on ${this.uri.toString()}: ${outcome.message}`);
          this.isStale = this.lastTrace !== undefined;
          this.problemsEmitter.fire(this);
          break;
        case 'cancelled':
          break;
        default: {
          const never: never = outcome;
          throw new Error(`unhandled ${String(never)}`);
        }
      }
      // After the new trace is in place: views that clear "running…" read the run that landed.
      if (wasShown && !this.runShown) this.runningEmitter.fire(this);
      this.wakeIfIdle();
    });
  }

  private landRun(trace: Trace): void {
    // The step the person is on now (they may have stepped while the run was under way).
    const previous = this.step;
    this.lastTrace = trace;
    // The run's model has the weights the worker drew for an `init` model: one model for both.
    this.parseResult = { ...this.parseResult, model: trace.model };
    this.runError = undefined;
    this.isStale = false;
    this.cursorIndex = cursorAfterRun(previous, this.cursorIndex, trace.steps);
    this.runEmitter.fire(this);
  }

  /** Forgets the run under way (superseded, or the text no longer runs); returns whether it was
   *  shown as "running…". With `tell`, views hear that it no longer is. */
  private cancelRun(tell = true): boolean {
    const job = this.job;
    if (!job) return false;
    const shown = this.endRun();
    job.cancel();
    if (shown && tell) this.runningEmitter.fire(this);
    return shown;
  }

  private wakeIfIdle(): void {
    if (!this.job) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** No run under way any more; returns whether it was shown. */
  private endRun(): boolean {
    const shown = this.runShown;
    this.job = undefined;
    this.runShown = false;
    if (this.shownTimer !== undefined) clearTimeout(this.shownTimer);
    this.shownTimer = undefined;
    return shown;
  }

  /** The document closed while a panel holds the session: keep the last text, trace and cursor. */
  detach(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
  }

  /** The URI opened again as a new TextDocument: follow it. Same text: the run stands (views are told
   *  to re-read, e.g. to publish its diagnostics again); other text (changed on disk): re-run now. */
  attach(document: vscode.TextDocument): void {
    if (document === this.doc) return;
    this.detach();
    this.doc = document;
    if (document.getText() === this.parsedText) {
      this.parsedVersion = document.version;
      this.problemsEmitter.fire(this);
      return;
    }
    this.parsedVersion = -1;
    this.refresh();
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.cancelRun();
    this.wakeIfIdle();
    this.runs.dispose();
    this.runEmitter.dispose();
    this.runningEmitter.dispose();
    this.problemsEmitter.dispose();
    this.cursorEmitter.dispose();
    this.trainingEmitter.dispose();
  }
}
