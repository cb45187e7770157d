// PLACEHOLDER (being written).
import type * as vscode from 'vscode';
import type { SessionManager } from './session';
import type { PanelsApi } from './api';

export function registerStepper(_context: vscode.ExtensionContext, _sessions: SessionManager): { panels: PanelsApi } {
  return {
    panels: {
      lastReport: () => undefined,
      waitForReport: () => Promise.reject(new Error('panel not written yet')),
    },
  };
}
