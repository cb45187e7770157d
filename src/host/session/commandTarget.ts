// Which session a command acts on, decided here and nowhere else. Two rules:
//
//   Stepping (Step…, Run to End, Go to Step…, Open Stepper without an argument) acts on the
//   stepper's session: the one SessionManager made active last — the active `.rnn.json` editor,
//   the stepper panel focused last, or the model a debug launch opened. The status bar and the
//   context keys show that same session.
//
//   Commands about a file (Apply SGD Step, Train…, Materialize Initial Weights, Check Gradients,
//   Export Worked Example, a debug launch without a model) act on the document they are given
//   (CodeLens passes its URI), else the active `.rnn.json` editor, else the stepper's session.
//
//   Commands that read a model's text and need no run (Import PyTorch Weights…, Export as NumPy /
//   PyTorch Script) act on the document they are given (opened if need be), else the active
//   `.rnn.json` editor, else the only one visible: an import may target a template that does not
//   run yet, so these ask for a document, not a session.
//
// A command that needs a run says why there is none (readyOrSay, steppableOrSay) and stops.

import * as vscode from 'vscode';
import type { Model } from '../../engine/model';
import { hasErrors } from '../../engine/parse/problems';
import type { Trace } from '../../engine/trace/trace';
import { isModelDocument } from './modelDocument';
import type { Session } from './session';
import type { SessionManager } from './sessionManager';

/** The model document of a text command (see the header), if any. */
export async function modelDocumentOf(arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  const active = vscode.window.activeTextEditor?.document;
  if (active && isModelDocument(active)) return active;
  const visible = vscode.window.visibleTextEditors.map((e) => e.document).filter(isModelDocument);
  return visible.length === 1 ? visible[0] : undefined;
}

/** The stepper's session (see the header), if any. */
export function stepperSession(sessions: SessionManager): Session | undefined {
  return sessions.active;
}

/** The session of the active text editor, when it shows a `.rnn.json`. */
export function activeEditorSession(sessions: SessionManager): Session | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor && isModelDocument(editor.document) ? sessions.forDocument(editor.document) : undefined;
}

/** The stepper's session when it has a run to step through; else says why not. */
export function steppableOrSay(sessions: SessionManager): Session | undefined {
  const s = stepperSession(sessions);
  if (s?.trace) return s;
  void vscode.window.showInformationMessage(
    s
      ? 'RNN Stepper: this file has errors, so there is no run to step through yet (see the Problems view).'
      : 'RNN Stepper: open a .rnn.json file first.',
  );
  return undefined;
}

/** The session a file command acts on: the given document (when open), the active model editor,
 *  or the stepper's session. */
export function documentSession(sessions: SessionManager, arg: unknown): Session | undefined {
  if (arg instanceof vscode.Uri) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === arg.toString());
    return doc && isModelDocument(doc) ? sessions.forDocument(doc) : undefined;
  }
  return activeEditorSession(sessions) ?? stepperSession(sessions);
}

/** documentSession, with its document opened again when only a stepper panel kept the session
 *  (VS Code closed the document): for commands that write into it. */
export async function writableSession(sessions: SessionManager, arg: unknown): Promise<Session | undefined> {
  const session = documentSession(sessions, arg);
  if (session && !session.attached) await sessions.reopen(session);
  return session;
}

/** A model a command can act on: its session, and the model and trace of the document's current text. */
export interface ReadyModel {
  readonly session: Session;
  readonly model: Model;
  readonly trace: Trace;
}

/** The session's model and trace for the document's current text, or a message saying why not.
 *  Waits for the text's run when one is under way (it runs off this thread: session.ts). */
export async function readyModel(session: Session | undefined): Promise<ReadyModel | string> {
  if (!session) return 'Open a .rnn.json model first.';
  // The text may change while its run is under way: wait again for the newer text's run.
  while (!(await session.whenRun()));
  const problems = session.problems.filter((p) => p.severity === 'error');
  if (hasErrors(session.problems) || !session.parse.model) {
    const first = problems[0];
    const them = problems.length === 1 ? 'it' : 'them';
    return (
      `The model has ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix ${them} first` +
      (first ? ` (line ${first.line}: ${first.message})` : '.')
    );
  }
  if (!session.fileTrace || session.stale)
    return `The model could not be run${session.error ? `: ${session.error}` : '.'}`;
  return { session, model: session.parse.model, trace: session.fileTrace };
}

/** readyModel, or undefined once the person has been told why not. */
export async function readyOrSay(session: Session | undefined): Promise<ReadyModel | undefined> {
  const ready = await readyModel(session);
  if (typeof ready !== 'string') return ready;
  void vscode.window.showErrorMessage(`RNN: ${ready}`);
  return undefined;
}
