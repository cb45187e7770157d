// The practice commands: "RNN: Practice" turns the stepper panel of the current model into practice
// mode and back (opening the panel if need be), "RNN: Reset Practice Progress" forgets the
// model's answers and hints, and "RNN: Export Exercise Sheet" typesets the model's exercises with
// their answer key (engine/practice/exerciseSheet.ts) in the document panel, with "Save as
// Markdown…" as for the worked example (commands/exportCommand.ts).

import * as vscode from 'vscode';
import { exerciseSheet } from '../../engine/practice/exerciseSheet';
import { exportName, suggestedExport } from '../commands/exportCommand';
import { showDocument, type ShownDocument } from '../documents/documentPanel';
import type { StepperPanels } from '../panel/panel';
import { modelFileName } from '../session/modelDocument';
import { activeEditorSession, documentSession, readyOrSay, stepperSession } from '../session/commandTarget';
import type { Session } from '../session/session';
import type { SessionManager } from '../session/sessionManager';

/** The session "RNN: Practice" acts on: the given document, else the active model editor, else the
 *  stepper's session (its panel focused). */
async function practiceSession(sessions: SessionManager, arg: unknown): Promise<Session | undefined> {
  if (arg instanceof vscode.Uri) return sessions.forDocument(await vscode.workspace.openTextDocument(arg));
  return activeEditorSession(sessions) ?? stepperSession(sessions);
}

export async function exportExerciseSheet(
  extensionUri: vscode.Uri,
  sessions: SessionManager,
  arg: unknown,
): Promise<ShownDocument | undefined> {
  const ready = await readyOrSay(documentSession(sessions, arg));
  if (!ready) return undefined;
  const uri = ready.session.uri;
  const markdown = exerciseSheet(ready.trace, undefined, { source: modelFileName(uri) });
  const { dir, name } = exportName(uri.path, 'exercises');
  return showDocument(extensionUri, {
    title: `Exercises: ${ready.trace.model.name}`,
    markdown,
    suggestedPath: suggestedExport(uri, dir, name).toString(),
  });
}

export function registerPractice(
  context: vscode.ExtensionContext,
  sessions: SessionManager,
  panels: StepperPanels,
): void {
  const togglePractice = async (arg?: unknown): Promise<boolean | undefined> => {
    const session = await practiceSession(sessions, arg);
    if (!session) {
      void vscode.window.showInformationMessage('RNN Stepper: open a .rnn.json file first, then run "RNN: Practice".');
      return undefined;
    }
    const on = !(panels.has(session) && panels.practicing(session));
    sessions.setActive(session);
    // The panel takes the focus so that its answer box has it: practice is typed.
    if (on) panels.open(session, true);
    panels.setPractice(session, on);
    return on;
  };
  const resetProgress = async (arg?: unknown): Promise<void> => {
    const session = await practiceSession(sessions, arg);
    if (!session) return;
    const yes = 'Reset';
    const pick = await vscode.window.showWarningMessage(
      `Forget every answer and hint given in practice on ${modelFileName(session.uri)}?`,
      { modal: true },
      yes,
    );
    if (pick === yes) panels.resetPractice(session);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('rnn.practice', togglePractice),
    vscode.commands.registerCommand('rnn.resetPracticeProgress', resetProgress),
    vscode.commands.registerCommand('rnn.exportExerciseSheet', async (arg?: unknown) => {
      try {
        return await exportExerciseSheet(context.extensionUri, sessions, arg);
      } catch (e) {
        void vscode.window.showErrorMessage(
          `RNN: Export Exercise Sheet failed: ${e instanceof Error ? e.message : String(e)}`,
        );
        return undefined;
      }
    }),
  );
}
