// Owns every session: one per `.rnn.json` document that is open or shown by a stepper panel.
// Follows the workspace's documents (open, edit, close) and the active editor; the lifetime rule —
// a session lives while its document is open or a panel holds it — is sessionLifetime.ts.

import * as vscode from 'vscode';
import { SessionLifetime } from './sessionLifetime';
import { isModelDocument } from './modelDocument';
import { Session } from './session';
import type { Logger } from '../log';
import { RunScheduler, type StartWorker } from './runScheduler';

/** Owns every session: one per `.rnn.json` document that is open or shown by a stepper panel. */
export class SessionManager implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly lifetime = new SessionLifetime<object>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly runEmitter = new vscode.EventEmitter<Session>();
  private readonly problemsEmitter = new vscode.EventEmitter<Session>();
  private readonly cursorEmitter = new vscode.EventEmitter<Session>();
  private readonly activeEmitter = new vscode.EventEmitter<Session | undefined>();
  private readonly runningEmitter = new vscode.EventEmitter<Session>();
  private activeSession: Session | undefined;

  /** Any session's Session.onDidRun, and a new session's first run (or first problems). */
  readonly onDidRun = this.runEmitter.event;
  /** Any session's Session.onDidChangeProblems. */
  readonly onDidChangeProblems = this.problemsEmitter.event;
  /** Any session's Session.onDidMoveCursor. */
  readonly onDidMoveCursor = this.cursorEmitter.event;
  /** Any session's Session.onDidChangeRunning ("running…" shown, progressed, or ended). */
  readonly onDidChangeRunning = this.runningEmitter.event;
  /** The session the commands act on changed (active editor, or the panel that was focused last). */
  readonly onDidChangeActive = this.activeEmitter.event;

  /** `startWorker` starts the run worker of this host (runWorkerHost.ts). */
  static register(context: vscode.ExtensionContext, log: Logger, startWorker: StartWorker): SessionManager {
    const manager = new SessionManager(log, startWorker);
    context.subscriptions.push(manager);
    return manager;
  }

  private constructor(
    private readonly log: Logger,
    private readonly startWorker: StartWorker,
  ) {
    for (const doc of vscode.workspace.textDocuments) if (isModelDocument(doc)) this.forDocument(doc);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (isModelDocument(doc)) this.forDocument(doc);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const session = this.sessions.get(e.document.uri.toString());
        if (session?.document === e.document) session.scheduleRefresh();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.documentClosed(doc)),
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

  /** The session of a document, created on first use; a session a panel kept while the document
   *  was closed re-attaches to this (new) TextDocument. */
  forDocument(doc: vscode.TextDocument): Session {
    const key = doc.uri.toString();
    const existing = this.sessions.get(key);
    if (doc.isClosed) {
      if (existing) return existing;
      // Nobody holds a session of a closed document: unless a panel takes it now, it goes.
      this.lifetime.createDetached(key);
      const session = this.create(key, doc);
      setTimeout(() => {
        if (this.sessions.get(key) === session && this.lifetime.collect(key)) this.drop(key, session);
      }, 0);
      return session;
    }
    const action = this.lifetime.documentOpened(key);
    if (action === 'create' || !existing) return this.create(key, doc);
    existing.attach(doc); // 'reattach' (or 'keep': a no-op when it is the same document)
    return existing;
  }

  /** Keeps `session` alive until the returned disposable is disposed — a stepper panel holds the
   *  session it shows, so closing the document does not take the panel's run and cursor away. */
  hold(session: Session): vscode.Disposable {
    const key = session.uri.toString();
    const holder = {};
    if (this.sessions.get(key) !== session || !this.lifetime.acquire(key, holder))
      return new vscode.Disposable(() => undefined);
    return new vscode.Disposable(() => {
      if (this.lifetime.release(key, holder) === 'dispose' && this.sessions.get(key) === session)
        this.drop(key, session);
    });
  }

  /** The session's document, opened again if it was closed (before writing into it). */
  async reopen(session: Session): Promise<vscode.TextDocument> {
    if (session.attached) return session.document;
    const doc = await vscode.workspace.openTextDocument(session.uri);
    if (this.sessions.get(session.uri.toString()) === session) this.forDocument(doc);
    return doc;
  }

  /** Makes `session` the one that the stepper commands act on. */
  setActive(session: Session | undefined): void {
    if (session === this.activeSession) return;
    this.activeSession = session;
    this.activeEmitter.fire(session);
  }

  private create(key: string, doc: vscode.TextDocument): Session {
    // Each session has its own run worker (started at its first run, ended with the session), so
    // one document's edits never cancel another's run.
    const runs = new RunScheduler(this.startWorker, {
      onFallback: (why) => this.log.warn(`run worker unavailable (${why}); running models on the host in short slices`),
    });
    const session = new Session(doc, this.log, runs);
    this.sessions.set(key, session);
    session.onDidRun((s) => this.runEmitter.fire(s));
    session.onDidChangeProblems((s) => this.problemsEmitter.fire(s));
    session.onDidMoveCursor((s) => this.cursorEmitter.fire(s));
    session.onDidChangeRunning((s) => this.runningEmitter.fire(s));
    this.runEmitter.fire(session);
    return session;
  }

  private documentClosed(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const session = this.sessions.get(key);
    // A late close of an older TextDocument of this URI changes nothing.
    if (!session || session.document !== doc) return;
    const action = this.lifetime.documentClosed(key);
    switch (action) {
      case 'dispose':
        this.drop(key, session);
        return;
      case 'detach':
        session.detach();
        return;
      case 'none':
        return;
      default: {
        const never: never = action;
        throw new Error(`unhandled ${String(never)}`);
      }
    }
  }

  private drop(key: string, session: Session): void {
    this.sessions.delete(key);
    if (this.activeSession === session) this.setActive(undefined);
    session.dispose();
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.lifetime.clear();
    for (const d of this.subscriptions) d.dispose();
    this.runEmitter.dispose();
    this.problemsEmitter.dispose();
    this.cursorEmitter.dispose();
    this.activeEmitter.dispose();
    this.runningEmitter.dispose();
  }
}
