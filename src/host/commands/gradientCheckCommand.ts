// "RNN: Check Gradients": BPTT's analytic gradients against central finite differences
// (engine/gradcheck.ts), reported as one message with the largest error and where it is, and why
// when it is not a number (gradientCheckMessage.ts). Two forward passes per entry add up to
// seconds on a large model, so the check runs in the dynamics worker (host/dynamics/dynamicsRunner.ts)
// with a progress notification that can cancel it, never on the extension host's thread.

import * as vscode from 'vscode';
import type { GradCheckResult } from '../../engine/compute/gradcheck';
import { runDynamics } from '../dynamics/dynamicsRunner';
import type { Logger } from '../log';
import { checkMessage, entriesPerTensor } from './gradientCheckMessage';
import { documentSession, readyOrSay } from '../session/commandTarget';
import type { SessionManager } from '../session/sessionManager';

export function registerCheckGradients(context: vscode.ExtensionContext, sessions: SessionManager, log: Logger): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(
      'rnn.checkGradients',
      async (arg?: unknown): Promise<GradCheckResult | undefined> => {
        const ready = await readyOrSay(documentSession(sessions, arg));
        if (!ready) return undefined;
        const maxPerTensor = entriesPerTensor(ready.model);
        const outcome = await runDynamics(
          context.extensionUri,
          { type: 'gradcheck', model: ready.model, ...(maxPerTensor !== undefined ? { maxPerTensor } : {}) },
          `RNN: checking the gradients of “${ready.model.name}”`,
          log,
        );
        if (outcome.kind === 'cancelled') return undefined;
        if (outcome.kind === 'failed' || outcome.result.type !== 'gradcheck') {
          const why = outcome.kind === 'failed' ? outcome.message : 'the worker answered another request';
          void vscode.window.showErrorMessage(`RNN: the gradient check failed: ${why}`);
          return undefined;
        }
        const result = outcome.result.result;
        const { ok, text } = checkMessage(result);
        void (ok ? vscode.window.showInformationMessage(text) : vscode.window.showWarningMessage(text));
        return result;
      },
    ),
  );
}
