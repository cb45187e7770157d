// The commands of training you can step into: "RNN: Step into Training Iteration…" (replays one
// iteration of the last Train… run into the stepper: stepInto.ts) and "RNN: Back to the File's Run".
// The panel's training chart sends the same requests (panel.ts).

import * as vscode from 'vscode';
import { documentSession } from '../session/commandTarget';
import type { SessionManager } from '../session/sessionManager';
import type { Logger } from '../log';
import { stepIntoIteration } from './stepInto';

/** Parses the InputBox's text: a training iteration 1…total, or a message. */
export function validateIteration(text: string, total: number): string | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return `A training iteration between 1 and ${total}`;
  const n = Number(t);
  return n < 1 || n > total ? `Between 1 and ${total}` : undefined;
}

/** Arguments (uri, iteration 1-based) let the panel and tests skip the InputBox. Resolves to true
 *  when the stepper shows the iteration. */
async function stepIntoCommand(
  context: vscode.ExtensionContext,
  sessions: SessionManager,
  log: Logger,
  arg: unknown,
  iterationArg: unknown,
): Promise<boolean> {
  const session = documentSession(sessions, arg);
  if (!session) {
    void vscode.window.showErrorMessage('RNN: open a .rnn.json model first.');
    return false;
  }
  const total = session.training?.losses.length ?? 0;
  let iteration = typeof iterationArg === 'number' && Number.isInteger(iterationArg) ? iterationArg : undefined;
  if (iteration === undefined && total > 0) {
    const text = await vscode.window.showInputBox({
      title: 'RNN: Step into Training Iteration',
      prompt: `Which iteration of the last training run (1 … ${total})`,
      value: String(total),
      validateInput: (v) => validateIteration(v, total),
    });
    if (text === undefined) return false;
    iteration = Number(text.trim());
  }
  try {
    const why = await stepIntoIteration(context.extensionUri, session, (iteration ?? 1) - 1, log);
    if (why) void vscode.window.showErrorMessage(`RNN: cannot step into iteration ${iteration ?? 1}: ${why}`);
    else await vscode.commands.executeCommand('rnn.openStepper', { focus: false });
    return why === undefined;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`replaying iteration ${iteration ?? 1} of ${session.uri.toString()} failed: ${message}`);
    void vscode.window.showErrorMessage(`RNN: replaying iteration ${iteration ?? 1} failed: ${message}`);
    return false;
  }
}

export function registerReplayCommands(context: vscode.ExtensionContext, sessions: SessionManager, log: Logger): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rnn.stepIntoIteration', (arg?: unknown, iteration?: unknown) =>
      stepIntoCommand(context, sessions, log, arg, iteration),
    ),
  );
}
