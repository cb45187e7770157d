// The VS Code glue of the debugger (debug type 'rnn'): the inline adapter factory, the launch
// configurations (F5 on a `.rnn.json` with no launch.json just works), the hover expressions, and
// the adapter's target — the Session of the document, never a copy of its state (docs/ARCHITECTURE.md).

import * as vscode from 'vscode';
import type { Session } from '../session/session';
import type { SessionManager } from '../session/sessionManager';
import { documentSession } from '../session/commandTarget';
import { isModelDocument, MODEL_SELECTOR } from '../session/modelDocument';
import { expressionAt } from './hoverExpression';
import type { DebugTarget, LaunchArguments } from './debugTarget';
import { RnnDebugSession } from './rnnDebugSession';
import { NOTHING_HIDDEN, refExpression } from './variables';
import type { PracticeModes } from '../practice/practiceModes';

export const DEBUG_TYPE = 'rnn';

export function registerDebugger(
  context: vscode.ExtensionContext,
  sessions: SessionManager,
  practice: PracticeModes,
): void {
  const factory: vscode.DebugAdapterDescriptorFactory = {
    createDebugAdapterDescriptor(debugSession) {
      const adapter = new RnnDebugSession((args) => openTarget(sessions, practice, args, debugSession.workspaceFolder));
      return new vscode.DebugAdapterInlineImplementation(adapter);
    },
  };
  const configurations: vscode.DebugConfigurationProvider = {
    provideDebugConfigurations: () => [launchConfiguration('Step through the RNN', '${file}')],
    resolveDebugConfiguration: (_folder, config) => resolveConfiguration(sessions, config),
  };
  // "Run and Debug → Show all automatic debug configurations": one per open model.
  const dynamic: vscode.DebugConfigurationProvider = {
    provideDebugConfigurations: () =>
      sessions.all.filter((s) => s.trace).map((s) => launchConfiguration(`RNN: ${baseName(s.uri)}`, s.uri.toString())),
  };
  const hovers: vscode.EvaluatableExpressionProvider = {
    provideEvaluatableExpression(doc, position) {
      if (!isModelDocument(doc)) return undefined;
      const session = sessions.forDocument(doc);
      session.ensureParsed();
      const e = expressionAt({ text: doc.getText(), root: session.parse.root }, doc.offsetAt(position));
      if (!e) return undefined;
      return new vscode.EvaluatableExpression(
        new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)),
        e.expression,
      );
    },
  };
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, factory),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      configurations,
      vscode.DebugConfigurationProviderTriggerKind.Initial,
    ),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      dynamic,
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    vscode.languages.registerEvaluatableExpressionProvider(MODEL_SELECTOR, hovers),
  );
}

function launchConfiguration(name: string, model: string): vscode.DebugConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name, model, stopOnEntry: true };
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** F5 with no launch.json arrives as an empty configuration: fill it in for the active model.
 *  `${file}` is replaced by the model's URI here, before VS Code substitutes it with a file system
 *  path — a path loses the scheme of a virtual workspace (vscode.dev, the web workbench). */
function resolveConfiguration(
  sessions: SessionManager,
  config: vscode.DebugConfiguration,
): vscode.DebugConfiguration | undefined {
  // The model a launch without one is about: the one a file command would act on.
  const uri = documentSession(sessions, undefined)?.uri;
  if (!config.type && !config.request && !config.name) {
    if (!uri) {
      void vscode.window.showInformationMessage(
        'RNN Stepper: open a .rnn.json file, then press F5 to step through it in the debugger.',
      );
      return undefined;
    }
    return launchConfiguration(`Step through ${baseName(uri)}`, uri.toString());
  }
  if (config.type === DEBUG_TYPE && (!config.model || config.model === '${file}')) {
    if (uri) return { ...config, model: uri.toString() };
    if (!config.model) {
      void vscode.window.showInformationMessage(
        'RNN Stepper: set "model" in the launch configuration to a .rnn.json file, or open one.',
      );
      return undefined;
    }
  }
  return config;
}

/** A launch's `model` as a URI: a URI as is; a path as an open document's, or in the workspace. */
function modelUri(model: string | undefined, folder: vscode.WorkspaceFolder | undefined): vscode.Uri {
  if (!model) throw new Error('No model to debug: set "model" in the launch configuration to a .rnn.json file.');
  if (/^[a-zA-Z][\w+.-]+:/.test(model) && !/^[a-zA-Z]:[\\/]/.test(model)) return vscode.Uri.parse(model);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === model || d.uri.path === model);
  if (open) return open.uri;
  const base = folder?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const absolute = model.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(model);
  if (absolute) return base && base.scheme !== 'file' ? base.with({ path: model }) : vscode.Uri.file(model);
  if (!base) throw new Error(`Cannot find ${model}: open a folder, or give the model's full path.`);
  return vscode.Uri.joinPath(base, model);
}

async function openTarget(
  sessions: SessionManager,
  practice: PracticeModes,
  args: LaunchArguments,
  folder: vscode.WorkspaceFolder | undefined,
): Promise<DebugTarget> {
  const uri = modelUri(args.model, folder);
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch (e) {
    throw new Error(`Cannot open ${args.model}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isModelDocument(doc)) throw new Error(`${baseName(doc.uri)} is not a .rnn.json model.`);
  const session = sessions.forDocument(doc);
  // The launch stops on a step of the text as it is: wait for its run (off this thread).
  await session.whenRun();
  sessions.setActive(session);
  return sessionTarget(session, sessions.hold(session), practice);
}

/** The Session as the adapter sees it. The debug session holds it (like a stepper panel does), so
 *  VS Code closing the document — it closes unshown documents after a while — keeps the run. */
function sessionTarget(session: Session, hold: vscode.Disposable, practice: PracticeModes): DebugTarget {
  const uri = session.uri;
  const key = uri.toString();
  const ofThisModel = (listener: () => void) => (changed: string) => {
    if (changed === key) listener();
  };
  return {
    sourcePath: uri.scheme === 'file' ? uri.fsPath : uri.toString(),
    sourceName: baseName(uri),
    get trace() {
      return session.trace;
    },
    get stale() {
      return session.stale;
    },
    get cursor() {
      return session.cursor;
    },
    setCursor: (index) => session.setCursor(index),
    modelText: () => {
      session.ensureParsed();
      return { text: session.document.getText(), root: session.parse.root };
    },
    onDidRun: (listener) => session.onDidRun(() => listener()),
    onDidChangeProblems: (listener) => session.onDidChangeProblems(() => listener()),
    onDidMoveCursor: (listener) => session.onDidMoveCursor(() => listener()),
    // What the stepper panel hides while practising (PracticeSession.hides): the asked step's
    // results, until solved or revealed by the last hint.
    hiddenAt: (index) => {
      const step = session.trace?.steps[index];
      if (!step || !practice.isOn(key) || !practice.sessionFor(session).hides(index)) return NOTHING_HIDDEN;
      return new Set(step.writes.map(refExpression));
    },
    onDidChangeHidden: (listener) => {
      const subs = [practice.onDidChange(ofThisModel(listener)), practice.onDidChangeProgress(ofThisModel(listener))];
      return { dispose: () => subs.forEach((d) => d.dispose()) };
    },
    release: () => hold.dispose(),
  };
}
