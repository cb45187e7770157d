// The stepper panel in VS Code: one WebviewPanel per document, wired to that document's session
// through a PanelController (panelController.ts holds the logic; this file is the VS Code glue).
// A panel holds its session (SessionManager.hold): when VS Code closes the document under it (a
// preview tab replaced), the panel keeps its run and cursor, and the session re-attaches when the
// document opens again.
// A WebviewPanelSerializer restores panels after a window reload on the step they showed. In test
// mode (ExtensionMode.Test) the webview reports each step it paints, and the reports feed
// PanelsApi, what the end-to-end tests read; otherwise no report is asked for or accepted.

import * as vscode from 'vscode';
import type { PanelReport, PanelsApi } from '../api';
import { PanelController } from './panelController';
import { panelHtml } from './panelHtml';
import { isModelUri, modelFileName } from '../session/modelDocument';
import type { Session } from '../session/session';
import type { SessionManager } from '../session/sessionManager';
import { describeError, type Logger } from '../log';
import type { PracticeModes } from '../practice/practiceModes';
import { workerAnalyser } from './dynamicsJob';

export const VIEW_TYPE = 'rnn.stepper';

interface Entry {
  readonly panel: vscode.WebviewPanel;
  readonly session: Session;
  readonly controller: PanelController;
}

export class StepperPanels implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly reports = new Map<string, PanelReport>();
  private latest: PanelReport | undefined;
  private readonly waiters = new Set<{ predicate: (r: PanelReport) => boolean; resolve: (r: PanelReport) => void }>();
  private readonly focusEmitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Running under an extension test runner: the panels report what they paint. */
  private readonly testMode: boolean;
  /** Fires when a panel gains or loses focus, or one opens or closes (context keys follow). */
  readonly onDidChange = this.focusEmitter.event;
  private readonly playEmitter = new vscode.EventEmitter<{ session: Session; action: 'toggle' | 'key' }>();
  /** A panel's Play/Pause control was pressed, or a key was pressed in a panel (stepper/play.ts). */
  readonly onDidRequestPlay = this.playEmitter.event;
  private readonly shownEmitter = new vscode.EventEmitter<Session>();
  /** A panel painted the last step posted to it (Play's next step may go: stepper/play.ts). */
  readonly onDidShowStep = this.shownEmitter.event;

  readonly api: PanelsApi = {
    lastReport: (uri) => (uri === undefined ? this.latest : this.reports.get(uri)),
    waitForReport: (predicate, timeoutMs = 10_000) => this.waitForReport(predicate, timeoutMs),
  };

  /** Creates the panels of this extension (one per document), disposed with it. */
  static register(
    context: vscode.ExtensionContext,
    sessions: SessionManager,
    log: Logger,
    practice: PracticeModes,
  ): StepperPanels {
    const panels = new StepperPanels(context, sessions, log, practice);
    context.subscriptions.push(panels);
    return panels;
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly sessions: SessionManager,
    private readonly log: Logger,
    private readonly practice: PracticeModes,
  ) {
    this.testMode = context.extensionMode === vscode.ExtensionMode.Test;
    this.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.restore(panel, state),
      }),
    );
  }

  /** Whether a panel shows `session`'s document. */
  has(session: Session | undefined): boolean {
    return session !== undefined && this.entries.has(session.uri.toString());
  }

  /** Whether a stepper panel is the focused editor. */
  get focused(): boolean {
    for (const e of this.entries.values()) if (e.panel.active) return true;
    return false;
  }

  /** Whether `session`'s panel is on screen and has yet to paint the last step posted to it. */
  behind(session: Session): boolean {
    const e = this.entries.get(session.uri.toString());
    return e !== undefined && e.panel.visible && e.controller.behind;
  }

  /** Play started or stopped on `session`: its panel's Play/Pause control follows. */
  showPlayState(session: Session, playing: boolean, stepsPerSecond: number): void {
    this.entries.get(session.uri.toString())?.controller.playState(playing, stepsPerSecond);
  }

  /** Shows the panel of `session` (creating it beside the editor), focusing it if asked. */
  open(session: Session, focus: boolean): void {
    const existing = this.entries.get(session.uri.toString());
    if (existing) {
      existing.panel.reveal(undefined, !focus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      panelTitle(session.uri),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: !focus },
      this.webviewOptions(),
    );
    this.attach(panel, session);
  }

  /** Whether `session`'s panel is in practice mode. */
  practicing(session: Session): boolean {
    return this.entries.get(session.uri.toString())?.controller.practicing ?? false;
  }

  /** Turns practice mode on or off for `session`'s document (remembered across reloads) and its
   *  panel, when open. */
  setPractice(session: Session, on: boolean): void {
    this.practice.set(session.uri.toString(), on);
    this.entries
      .get(session.uri.toString())
      ?.controller.setPractice(on ? this.practice.sessionFor(session) : undefined);
    this.focusEmitter.fire();
  }

  /** Forgets `session`'s practice answers and hints; its panel shows the step afresh. */
  resetPractice(session: Session): void {
    this.practice.reset(session.uri.toString());
    this.entries.get(session.uri.toString())?.controller.cursorMoved();
  }

  /** Where a stepping command from `from` towards `to` stops: in practice mode on a model with a
   *  practice section, the asked steps only (practiceSession.ts steer). */
  steer(session: Session, from: number, to: number): number {
    return this.practicing(session) ? this.practice.sessionFor(session).steer(from, to) : to;
  }

  /** Brings a part of `session`'s panel into view (the panel must be open). */
  reveal(session: Session, section: 'training'): void {
    this.entries.get(session.uri.toString())?.controller.reveal(section);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const root = this.context.extensionUri;
    return {
      enableScripts: true,
      enableForms: false,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel, session: Session): void {
    const key = session.uri.toString();
    panel.webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'stepper.svg');
    const controller = new PanelController(
      session,
      (m) => void panel.webview.postMessage(m),
      this.log,
      this.testMode ? (r) => this.report(r) : undefined,
    );
    controller.onPlayControl = (action) => this.playEmitter.fire({ session, action });
    controller.onShown = () => this.shownEmitter.fire(session);
    controller.onPracticeExit = () => this.setPractice(session, false);
    if (this.practice.isOn(key)) controller.setPractice(this.practice.sessionFor(session));
    controller.onStepInto = (k) => void vscode.commands.executeCommand('rnn.stepIntoIteration', session.uri, k + 1);
    controller.onBackToFile = () => void session.showFileRun();
    controller.dynamics.analyser = workerAnalyser(this.context.extensionUri, this.log);
    const entry: Entry = { panel, session, controller };
    this.entries.set(key, entry);
    const subs: vscode.Disposable[] = [
      session.onDidRun(() => controller.runChanged()),
      session.onDidChangeProblems(() => controller.problemsChanged()),
      session.onDidMoveCursor(() => controller.cursorMoved()),
      session.onDidChangeRunning(() => controller.runningChanged()),
      session.onDidTrain((p) => controller.training(p)),
      panel.webview.onDidReceiveMessage((m: unknown) => controller.receive(m)),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) this.sessions.setActive(entry.session);
        // Hidden without retained context: the webview is gone until it says 'ready' again.
        if (!e.webviewPanel.visible) controller.detached();
        this.focusEmitter.fire();
      }),
      // While the panel is open its session outlives the document (see the header); released last.
      this.sessions.hold(session),
    ];
    panel.onDidDispose(() => {
      // Gone from the entries first: releasing the session may end it, and what follows that
      // (context keys) must not ask this disposed panel whether it is focused.
      if (this.entries.get(key) === entry) this.entries.delete(key);
      controller.dispose();
      for (const d of subs) d.dispose();
      this.focusEmitter.fire();
    });
    panel.webview.html = this.html(panel.webview, session.uri);
    if (panel.active) this.sessions.setActive(session);
    this.focusEmitter.fire();
  }

  private html(webview: vscode.Webview, uri: vscode.Uri): string {
    const root = this.context.extensionUri;
    const asUri = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(root, ...p)).toString();
    return panelHtml({
      cspSource: webview.cspSource,
      scriptUri: asUri('dist', 'webview', 'main.js'),
      styleUri: asUri('media', 'panel.css'),
      katexStyleUri: asUri('media', 'katex', 'katex.min.css'),
      title: panelTitle(uri),
      reportPaints: this.testMode,
    });
  }

  /** Reopens a panel after a reload. Its state comes from the webview: untrusted, checked here. */
  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const s = typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
    const uriText = typeof s.uri === 'string' && s.uri.length < 4096 ? s.uri : undefined;
    let uri: vscode.Uri | undefined;
    try {
      uri = uriText ? vscode.Uri.parse(uriText, true) : undefined;
    } catch (e) {
      this.log.warn(`a stepper panel was not restored: its saved document ${uriText} is no URI (${describeError(e)})`);
      uri = undefined;
    }
    if (!uri || !isModelUri(uri) || this.entries.has(uri.toString())) {
      panel.dispose();
      return;
    }
    try {
      const session = this.sessions.forDocument(await vscode.workspace.openTextDocument(uri));
      panel.title = panelTitle(uri);
      this.attach(panel, session);
      // The run lands from the run worker (session.ts): the saved step exists once it has. Unless
      // the person stepped meanwhile, the panel then goes back to it.
      const before = session.cursor;
      while (!(await session.whenRun()));
      const stepId = typeof s.stepId === 'string' ? s.stepId : undefined;
      const index = stepId ? (session.trace?.steps.findIndex((st) => st.id === stepId) ?? -1) : -1;
      if (index >= 0 && session.cursor === before) session.setCursor(index);
    } catch (e) {
      this.log.warn(`the stepper panel of ${uri.toString()} was not restored: ${describeError(e)}`);
      panel.dispose();
    }
  }

  private report(r: PanelReport): void {
    this.reports.set(r.uri, r);
    this.latest = r;
    for (const w of [...this.waiters]) {
      if (w.predicate(r)) {
        this.waiters.delete(w);
        w.resolve(r);
      }
    }
  }

  private waitForReport(predicate: (r: PanelReport) => boolean, timeoutMs: number): Promise<PanelReport> {
    if (this.latest && predicate(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve, reject) => {
      const w = {
        predicate,
        resolve: (r: PanelReport) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`no panel report matched within ${timeoutMs} ms (last: ${JSON.stringify(this.latest)})`));
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  dispose(): void {
    for (const e of this.entries.values()) e.panel.dispose();
    for (const d of this.subscriptions) d.dispose();
    this.focusEmitter.dispose();
    this.playEmitter.dispose();
    this.shownEmitter.dispose();
  }
}

function panelTitle(uri: vscode.Uri): string {
  return `Stepper: ${modelFileName(uri)}`;
}
