// PLACEHOLDER (being written).
import type * as vscode from 'vscode';
import type { SessionManager } from './session';

export function registerCodeLens(_context: vscode.ExtensionContext, _sessions: SessionManager): void {
}
