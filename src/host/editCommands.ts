// PLACEHOLDER (being written).
import type * as vscode from 'vscode';
import type { SessionManager } from './session';

export function registerEditCommands(_context: vscode.ExtensionContext, _sessions: SessionManager): void {
}
