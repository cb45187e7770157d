// One session per `.rnn.json` document: the parse result, the last good trace and the cursor.
// Commands, the panel, the status bar, diagnostics, hovers and CodeLens all read the session and
// subscribe to its events; none of them keeps its own copy of the state (docs/ARCHITECTURE.md).
//
// Editing the document re-runs the engine (debounced) and keeps the cursor on the same logical
// step (Step.id) where it still exists. An invalid edit keeps the last good trace, marked stale.
//
// Lifetime (sessionLifetime.ts): a session lives while its document is open or a stepper panel
// holds it. When VS Code closes the document (a preview tab replaced by a click in the Explorer)
// under an open panel, the session stays, detached, with its text, trace and cursor; when the URI
// opens again it re-attaches to the new TextDocument and re-runs only if the text differs.

import * as vscode from 'vscode';
import { parseModel, type ParseResult } from '../../engine/parse/parse';
import { runModel } from '../../engine/compute/run';
import type { Step, Trace } from '../../engine/trace/trace';
import type { Problem } from '../../engine/parse/problems';
import type { Model, Tensor } from '../../engine/model';
import { hasErrors } from '../../engine/parse/problems';
import { cursorAfterRun } from '../../engine/trace/navigation';
import { modelFileName } from './modelDocument';
import { describeError, type Logger } from '../log';

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

/** A run the stepper shows instead of the file's: iteration `iteration` (0-based) of a training run. */
export interface RecordedRun {
  readonly iteration: number;
  readonly total: number;
}

/** Re-run delay after an edit: long enough to skip keystrokes, short enough to feel live. */
export const EDIT_DEBOUNCE_MS = 250;

/** What to tell a person when runModel throws. The limits (maxTraceValues) refuse a model too big
 *  to record before it runs; a RangeError here means the host still had less memory than that. */
export function runFailure(e: unknown): string {
  if (e instanceof RangeError) {
    return `the run needs more memory than is available here (${e.message}); make the model smaller — fewer timesteps or a smaller hidden size`;
  }
  return e instanceof Error ? e.message : String(e);
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

  private readonly trainingEmitter = new vscode.EventEmitter<TrainingProgress>();
  /** Fires as a training run progresses (throttled by the trainer) and once when it ends. */
  readonly onDidTrain = this.trainingEmitter.event;
  private lastTraining: TrainingProgress | undefined;

  private parseResult: ParseResult;
  private lastTrace: Trace | undefined;
  /** A run other than the file's shown in the stepper (a sample, a what-if; src/host/dynamics),
   *  until the file's text changes or showFileRun() is called. */
  private shown: { readonly trace: Trace; readonly label: string } | undefined;
  private isStale = false;
  private cursorIndex = 0;
  private runError: string | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** The document version the current parse result was computed from. */
  private parsedVersion: number;
  /** The text the current parse result was computed from (compared when the document reopens). */
  private parsedText: string | undefined;
  private doc: vscode.TextDocument;
  /** While a replayed iteration is shown: which, and the file's own trace and cursor to go back to. */
  private recordedRun:
    { readonly info: RecordedRun; readonly trace: Trace | undefined; readonly cursor: number } | undefined;

  constructor(
    document: vscode.TextDocument,
    private readonly log: Logger,
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

  /** Shows `trace` in the stepper instead of the file's run, from its first step. */
  showRun(trace: Trace, label: string): void {
    this.shown = { trace, label };
    this.cursorIndex = 0;
    this.runEmitter.fire(this);
  }

  /** Back to the file's run (from its first step). Returns whether another run was shown. */
  showFileRun(): boolean {
    if (!this.shown) return false;
    this.shown = undefined;
    this.cursorIndex = 0;
    this.runEmitter.fire(this);
    return true;
  }
  get stale(): boolean {
    return this.isStale;
  }
  /** Set when the engine itself failed on a valid model (should never happen; shown, not thrown). */
  get error(): string | undefined {
    return this.runError;
  }
  get cursor(): number {
    return this.cursorIndex;
  }
  get step(): Step | undefined {
    return this.lastTrace?.steps[this.cursorIndex];
  }
  get stepCount(): number {
    return this.lastTrace?.steps.length ?? 0;
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

  /** The replayed training iteration the stepper shows, or undefined for the file's own run. */
  get recorded(): RecordedRun | undefined {
    return this.recordedRun?.info;
  }

  /** Shows `trace` — iteration `info.iteration` of training, replayed — in place of the file's run,
   *  from its first step, until backToFile() or an edit of the document. */
  showRecorded(trace: Trace, info: RecordedRun): void {
    const back = this.recordedRun ?? { trace: this.lastTrace, cursor: this.cursorIndex };
    this.recordedRun = { info, trace: back.trace, cursor: back.cursor };
    this.lastTrace = trace;
    this.cursorIndex = 0;
    this.runEmitter.fire(this);
  }

  /** Back from a replayed iteration to the file's run, on the step it showed before. */
  backToFile(): void {
    if (!this.leaveRecorded()) return;
    this.runEmitter.fire(this);
  }

  /** Restores the file's trace and cursor under a replayed iteration; whether one was shown. */
  private leaveRecorded(): boolean {
    const r = this.recordedRun;
    if (!r) return false;
    this.recordedRun = undefined;
    this.lastTrace = r.trace;
    this.cursorIndex = r.cursor;
    return true;
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

  /** Re-parses and re-runs now if the document changed since the last run. */
  refresh(): void {
    if (this.pending) {
      clearTimeout(this.pending);
      this.pending = undefined;
    }
    if (this.document.version === this.parsedVersion) return;
    // An edit ends a replayed iteration: what follows is the file's run again.
    this.leaveRecorded();
    this.parsedVersion = this.document.version;
    // The text changed: a sample or what-if of the old text no longer describes the file.
    const wasShown = this.shown !== undefined;
    this.shown = undefined;
    this.parsedText = this.document.getText();
    const result = parseModel(this.parsedText, { fileName: modelFileName(this.document.uri) });
    this.parseResult = result;
    if (!result.model || hasErrors(result.problems)) {
      // The text's own problems say why there is no current run; an engine failure of an older text no longer applies.
      this.runError = undefined;
      this.isStale = this.lastTrace !== undefined;
      if (wasShown) this.runEmitter.fire(this);
      this.problemsEmitter.fire(this);
      return;
    }
    const previous = this.step;
    try {
      this.lastTrace = runModel(result.model);
      this.runError = undefined;
    } catch (e) {
      // A bug in the engine must not take the extension down: keep the last trace, say what broke.
      this.runError = runFailure(e);
      this.log.error(`the engine failed on ${this.uri.toString()}: ${describeError(e)}`);
      this.isStale = this.lastTrace !== undefined;
      this.problemsEmitter.fire(this);
      return;
    }
    this.isStale = false;
    const steps = this.lastTrace.steps;
    this.cursorIndex = cursorAfterRun(previous, this.cursorIndex, steps);
    this.runEmitter.fire(this);
  }

  /** Makes sure the session reflects the document's current text (e.g. before a hover). */
  ensureFresh(): void {
    if (this.document.version !== this.parsedVersion) this.refresh();
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
    this.runEmitter.dispose();
    this.problemsEmitter.dispose();
    this.cursorEmitter.dispose();
    this.trainingEmitter.dispose();
  }
}
