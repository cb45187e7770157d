// Entry point of the desktop and the web extension (same source, two bundles: see esbuild.mjs).
// Thin on purpose: it wires each feature's register() and returns the API the tests read.

import type * as vscode from 'vscode';
import { SessionManager } from './host/session/sessionManager';
import { registerStepper } from './host/stepper/stepper';
import { registerDiagnostics } from './host/editor/diagnostics';
import { registerGradientHover } from './host/editor/gradientHover';
import { registerCodeLens } from './host/editor/codeLens';
import { registerEditCommands } from './host/commands/editCommands';
import { registerTemplates } from './host/commands/templates';
import { registerExport } from './host/commands/exportCommand';
import { registerDocumentPanels } from './host/documents/documentPanel';
import { registerDebugger } from './host/debug/debugRegister';
import { registerInterop } from './host/interop/interopCommands';
import type { RnnStepperApi } from './host/api';

export function activate(context: vscode.ExtensionContext): RnnStepperApi {
  const sessions = SessionManager.register(context);
  const stepper = registerStepper(context, sessions);
  registerDiagnostics(context, sessions);
  registerGradientHover(context, sessions);
  registerCodeLens(context, sessions);
  registerEditCommands(context, sessions);
  registerTemplates(context);
  registerExport(context, sessions);
  registerDocumentPanels(context);
  registerDebugger(context, sessions);
  registerInterop(context);
  return { sessions, panels: stepper.panels };
}

export function deactivate(): void {}
