// Entry point of the desktop and the web extension (same source, two bundles: see esbuild.mjs).
// Thin on purpose: it wires each feature's register() and returns the API the tests read.

import * as vscode from 'vscode';
import { SessionManager } from './host/sessionManager';
import { registerStepper } from './host/stepper';
import { registerDiagnostics } from './host/diagnostics';
import { registerGradientHover } from './host/gradientHover';
import { registerCodeLens } from './host/codeLens';
import { registerEditCommands } from './host/editCommands';
import { registerTemplates } from './host/templates';
import { registerExport } from './host/exportCommand';
import { registerDebugger } from './host/debug/debugRegister';
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
  registerDebugger(context, sessions);
  return { sessions, panels: stepper.panels };
}

export function deactivate(): void {}
