// "RNN: Check Gradients": BPTT's analytic gradients against central finite differences
// (engine/gradcheck.ts), reported as one message with the largest error and where it is, and why
// when it is not a number (gradientCheckMessage.ts).

import * as vscode from 'vscode';
import { gradCheck, type GradCheckResult } from '../../engine/compute/gradcheck';
import { checkMessage, entriesPerTensor } from './gradientCheckMessage';
import { documentSession, readyOrSay } from '../session/commandTarget';
import type { SessionManager } from '../session/sessionManager';

export function registerCheckGradients(context: vscode.ExtensionContext, sessions: SessionManager): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(
      'rnn.checkGradients',
      async (arg?: unknown): Promise<GradCheckResult | undefined> => {
        const ready = await readyOrSay(documentSession(sessions, arg));
        if (!ready) return undefined;
        const result = gradCheck(ready.model, { maxPerTensor: entriesPerTensor(ready.model) });
        const { ok, text } = checkMessage(result);
        void (ok ? vscode.window.showInformationMessage(text) : vscode.window.showWarningMessage(text));
        return result;
      },
    ),
  );
}
