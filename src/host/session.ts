// One session per `.rnn.json` document: the parse result, the last good trace and the cursor.
// Commands, the panel, the status bar, diagnostics, hovers and CodeLens all read the session and
// subscribe to its events; none of them keeps its own copy of the state (DESIGN.md).
//
// Editing the document re-runs the engine (debounced) and keeps the cursor on the same logical
// step (Step.id) where it still exists. An invalid edit keeps the last good trace, marked stale.

import * as vscode from 'vscode';
import { parseModel, type ParseResult } from '../engine/parse';
import { runModel } from '../engine/run';
import type { Step, Trace } from '../engine/trace';
import type { Problem } from '../engine/problems';
import { hasErrors } from '../engine/problems';
import { cursorAfterRun } from './stepperNavigation';

export type SessionChangeReason = 'run' | 'problems' | 'cursor';

export interface SessionChange {
  readonly session: Session;
  readonly reason: SessionChangeReason;
}

/** A training run's progress (RNN: Train…, editCommands/training.ts), for the panel's loss curve. */
export interface TrainingProgress {
  readonly session: Session;
  /** 'running' while the worker trains; the last event of a run is 'done', 'cancelled' or 'failed'. */
  readonly state: 'running' | 'done' | 'cancelled' | 'failed';
  /** Training steps completed so far, out of `total`. */
  readonly step: number;
  readonly total: number;
  /** The loss L before each completed step (losses[k] is the loss the k-th update descended). */
  readonly losses: readonly number[];
  /** The loss of the final parameters (set when state is 'done'). */
  readonly finalLoss?: number;
  /** Why it failed (state 'failed'). */
  readonly error?: string;
  /** Where the steps run: a worker thread, or short slices on the host when no worker could start. */
  readonly runner?: 'worker' | 'host';
}

/** Re-run delay after an edit: long enough to skip keystrokes, short enough to feel live. */
export const EDIT_DEBOUNCE_MS = 250;

/** The name a model without `name` is shown under: its file name without `.rnn.json`. */
export function modelFileName(uri: vscode.Uri): string {
  const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return base.endsWith('.rnn.json') ? base.slice(0, -'.rnn.json'.length) : base;
}

export function isModelDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.path.endsWith('.rnn.json');
}

export class Session implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<SessionChange>();
  /** Fires after a re-run ('run'), a failed parse that kept the old trace ('problems'), or a cursor move. */
  readonly onDidChange = this.changeEmitter.event;

  private readonly trainingEmitter = new vscode.EventEmitter<TrainingProgress>();
  /** Fires as a training run progresses (throttled by the trainer) and once when it ends. */
  readonly onDidTrain = this.trainingEmitter.event;
  private lastTraining: TrainingProgress | undefined;

  private parseResult: ParseResult;
  private lastTrace: Trace | undefined;
  private isStale = false;
  private cursorIndex = 0;
  private runError: string | undefined;
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** The document version the current parse result was computed from. */
  private parsedVersion: number;

  constructor(readonly document: vscode.TextDocument) {
    this.parseResult = { model: null, problems: [], root: undefined };
    this.parsedVersion = -1;
    this.refresh();
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
  /** The last good trace; when `stale`, it belongs to an earlier version of the text. */
  get trace(): Trace | undefined {
    return this.lastTrace;
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

  /** Moves the cursor (clamped to the trace). Returns whether it moved. */
  setCursor(index: number): boolean {
    const max = this.stepCount - 1;
    const next = Math.max(0, Math.min(max, Math.floor(index)));
    if (max < 0 || next === this.cursorIndex) return false;
    this.cursorIndex = next;
    this.changeEmitter.fire({ session: this, reason: 'cursor' });
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
    this.parsedVersion = this.document.version;
    const result = parseModel(this.document.getText(), { fileName: modelFileName(this.document.uri) });
    this.parseResult = result;
    if (!result.model || hasErrors(result.problems)) {
      this.isStale = this.lastTrace !== undefined;
      this.changeEmitter.fire({ session: this, reason: 'problems' });
      return;
    }
    const previous = this.step;
    try {
      this.lastTrace = runModel(result.model);
      this.runError = undefined;
    } catch (e) {
      // A bug in the engine must not take the extension down: keep the last trace, say what broke.
      this.runError = e instanceof Error ? e.message : String(e);
      this.isStale = this.lastTrace !== undefined;
      this.changeEmitter.fire({ session: this, reason: 'problems' });
      return;
    }
    this.isStale = false;
    const steps = this.lastTrace.steps;
    this.cursorIndex = cursorAfterRun(previous, this.cursorIndex, steps);
    this.changeEmitter.fire({ session: this, reason: 'run' });
  }

  /** Makes sure the session reflects the document's current text (e.g. before a hover). */
  ensureFresh(): void {
    if (this.document.version !== this.parsedVersion) this.refresh();
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.changeEmitter.dispose();
    this.trainingEmitter.dispose();
  }
}

/** Owns every session; one per open `.rnn.json` document. */
export class SessionManager implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<SessionChange>();
  private readonly activeEmitter = new vscode.EventEmitter<Session | undefined>();
  private activeSession: Session | undefined;

  /** Any session's change. */
  readonly onDidChangeSession = this.changeEmitter.event;
  /** The session the commands act on changed (active editor, or the panel that was focused last). */
  readonly onDidChangeActive = this.activeEmitter.event;

  static register(context: vscode.ExtensionContext): SessionManager {
    const manager = new SessionManager();
    context.subscriptions.push(manager);
    return manager;
  }

  private constructor() {
    for (const doc of vscode.workspace.textDocuments) if (isModelDocument(doc)) this.forDocument(doc);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (isModelDocument(doc)) this.forDocument(doc);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        this.sessions.get(e.document.uri.toString())?.scheduleRefresh();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.close(doc.uri)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isModelDocument(editor.document)) this.setActive(this.forDocument(editor.document));
      }),
    );
    const editor = vscode.window.activeTextEditor;
    if (editor && isModelDocument(editor.document)) this.setActive(this.forDocument(editor.document));
  }

  get active(): Session | undefined {
    return this.activeSession;
  }

  get all(): readonly Session[] {
    return [...this.sessions.values()];
  }

  get(uri: vscode.Uri): Session | undefined {
    return this.sessions.get(uri.toString());
  }

  /** The session of a document, created on first use. */
  forDocument(doc: vscode.TextDocument): Session {
    const key = doc.uri.toString();
    let session = this.sessions.get(key);
    if (!session) {
      session = new Session(doc);
      this.sessions.set(key, session);
      session.onDidChange((e) => this.changeEmitter.fire(e));
      this.changeEmitter.fire({ session, reason: 'run' });
    }
    return session;
  }

  /** Makes `session` the one that the stepper commands act on. */
  setActive(session: Session | undefined): void {
    if (session === this.activeSession) return;
    this.activeSession = session;
    this.activeEmitter.fire(session);
  }

  private close(uri: vscode.Uri): void {
    const key = uri.toString();
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    if (this.activeSession === session) this.setActive(undefined);
    session.dispose();
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    for (const d of this.subscriptions) d.dispose();
    this.changeEmitter.dispose();
    this.activeEmitter.dispose();
  }
}
