// PLACEHOLDER (being written).
import type * as vscode from 'vscode';
import type { SessionManager } from './session';

export function registerStepper(_context: vscode.ExtensionContext, _sessions: SessionManager): { panels: unknown } {
  return { panels: undefined };
}
