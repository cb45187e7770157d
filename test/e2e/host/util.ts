// Helpers shared by the host suites: the extension's API, the fixture's documents, polling (the
// workbench updates tabs, diagnostics and webviews asynchronously), and the stepping semantics the
// tests expect, computed from the session's trace.
import * as vscode from 'vscode';
import type { RnnStepperApi } from '../../../src/host/api';
import type { Step } from '../../../src/engine/trace/trace';

export const EXTENSION_ID = 'rnn-stepper.rnn-stepper';
export const SEED_EXAMPLE = 'hi-there-class.rnn.json';
export const INVALID_FIXTURE = 'invalid-token.rnn.json';
/** A model whose run overflows at y₁ (a warning, not an error: it runs). */
export const OVERFLOW_FIXTURE = 'overflow.rnn.json';

export function extension(): vscode.Extension<RnnStepperApi> {
  const ext = vscode.extensions.getExtension<RnnStepperApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this workbench`);
  return ext;
}

/** The API activate() returned (activates the extension if needed). */
export async function api(): Promise<RnnStepperApi> {
  const ext = extension();
  const exported = ext.isActive ? ext.exports : await ext.activate();
  // activate() returns the API under a test runner only (src/host/api.ts).
  if (!exported) throw new Error(`${EXTENSION_ID} returned no API: is it running in test mode?`);
  return exported;
}

export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder: the fixture workspace was not opened');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a fixture file in an editor and returns its document. */
export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value other than undefined/false, or fails saying what never happened. */
export async function poll<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** "Step Forward": to the first step of the next timestep group (same phase and t); stays on the last step. */
export function nextGroupStart(steps: readonly Step[], from: number): number {
  for (let i = from + 1; i < steps.length; i++) {
    if (steps[i].phase !== steps[i - 1].phase || steps[i].t !== steps[i - 1].t) return i;
  }
  return steps.length - 1;
}

export function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

/** Joins every hover's Markdown into one string. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}
