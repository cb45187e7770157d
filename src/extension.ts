// Entry point of the desktop and the web extension (same source, two bundles: see esbuild.mjs).
// Thin on purpose: one register…(context) line per feature, in the order they depend on each other
// (the sessions first, everything else reads them). docs/ARCHITECTURE.md maps each line to its folder.

import * as vscode from 'vscode';
import { createLog } from './host/log';
import { SessionManager } from './host/session/sessionManager';
import { hostWorkerStarter } from './host/session/runWorkerHost';
import { StepperPanels } from './host/panel/panel';
import { registerStepperCommands } from './host/stepper/stepper';
import { registerStatusBar } from './host/stepper/statusBar';
import { registerPlay } from './host/stepper/play';
import { registerDiagnostics } from './host/editor/diagnostics';
import { registerGradientHover } from './host/editor/gradientHover';
import { registerGradientHints } from './host/editor/gradientHints';
import { registerCodeLens } from './host/editor/codeLens';
import { registerEditCommands } from './host/commands/editCommands';
import { registerReplayCommands } from './host/training/replayCommands';
import { registerCheckGradients } from './host/commands/gradientCheckCommand';
import { registerTemplates } from './host/commands/templates';
import { registerExport } from './host/commands/exportCommand';
import { PracticeModes } from './host/practice/practiceModes';
import { registerPractice } from './host/practice/practiceCommands';
import { registerDocumentPanels } from './host/documents/documentPanel';
import { registerDebugger } from './host/debug/debugRegister';
import { registerInterop } from './host/interop/interopCommands';
import { registerDynamics } from './host/dynamics/dynamicsCommands';
import type { RnnStepperApi } from './host/api';

export function activate(context: vscode.ExtensionContext): RnnStepperApi | undefined {
  const log = createLog(context);
  const sessions = SessionManager.register(context, log, hostWorkerStarter(context.extensionUri));
  const practice = new PracticeModes(context.workspaceState);
  const panels = StepperPanels.register(context, sessions, log, practice);
  registerStepperCommands(context, sessions, panels);
  registerPlay(context, sessions, panels);
  registerStatusBar(context, sessions);
  registerDiagnostics(context, sessions);
  registerGradientHover(context, sessions, practice);
  registerGradientHints(context, sessions, practice);
  registerCodeLens(context, sessions, practice);
  registerEditCommands(context, sessions, log);
  registerReplayCommands(context, sessions, log);
  registerCheckGradients(context, sessions, log);
  registerTemplates(context);
  registerExport(context, sessions);
  registerPractice(context, sessions, panels);
  registerDocumentPanels(context);
  registerDebugger(context, sessions, practice);
  registerInterop(context, log);
  const dynamics = registerDynamics(context, sessions, log);
  // The API is for the extension's own tests (api.ts): returned under a test runner only.
  return context.extensionMode === vscode.ExtensionMode.Test
    ? { sessions, panels: panels.api, dynamics: dynamics.api }
    : undefined;
}

export function deactivate(): void {}
