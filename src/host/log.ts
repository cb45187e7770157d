// The extension's log: the "RNN Stepper" channel of the Output view, a LogOutputChannel (VS Code
// timestamps each line and lets the person choose the level: "Developer: Set Log Level…"). It
// records what would otherwise go unseen: a message from the webview that was refused (and why),
// the engine failing on a model, the engine falling back from WebAssembly to JavaScript
// (engine/compute/notices.ts), training falling back from its worker to the host thread.
//
// Features take a Logger, not the channel, so the pure parts (panelController.ts) stay free of
// vscode and their tests can read what was logged.

import * as vscode from 'vscode';
import { setNoticeListener } from '../engine/compute/notices';

/** What features write to; vscode.LogOutputChannel is one. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

export const LOG_NAME = 'RNN Stepper';

/** Creates the channel (disposed with the extension) and routes the engine's notices into it. */
export function createLog(context: vscode.ExtensionContext): Logger {
  const channel = vscode.window.createOutputChannel(LOG_NAME, { log: true });
  setNoticeListener((message) => channel.warn(`engine: ${message}`));
  context.subscriptions.push(channel, { dispose: () => setNoticeListener(undefined) });
  return channel;
}

/** A failure's message with its stack, when it has one (for the log, never for a notification). */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}
