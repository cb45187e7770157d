// PLACEHOLDER (being written).
import type * as vscode from 'vscode';

export function registerTemplates(_context: vscode.ExtensionContext): void {}
