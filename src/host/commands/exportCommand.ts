// "RNN: Export Worked Example": the CLI's `explain` (every equation with its numbers, $$ math),
// typeset in the document panel (host/documents/documentPanel.ts) with the KaTeX we ship — readable
// in VS Code for the web, whose Markdown preview cannot load KaTeX's stylesheet. "Save as
// Markdown…" there proposes `<model>.worked-example.md` beside the model (nothing is written
// without asking); "Open Markdown Source" opens the same Markdown as an untitled document.

import * as vscode from 'vscode';
import { explainMarkdown } from '../../engine/equations/explain';
import { documentSession, readyOrSay } from '../session/commandTarget';
import type { SessionManager } from '../session/sessionManager';
import { showDocument, type ShownDocument } from '../documents/documentPanel';

/** `/a/b/model.rnn.json` → { dir: '/a/b', name: 'model.worked-example.md' } (or `model.<kind>.md`). */
export function exportName(modelPath: string, kind = 'worked-example'): { dir: string; name: string } {
  const slash = modelPath.lastIndexOf('/');
  const base = modelPath.slice(slash + 1).replace(/\.rnn\.json$/, '') || 'model';
  return { dir: slash >= 0 ? modelPath.slice(0, slash) : '', name: `${base}.${kind}.md` };
}

/** Where "Save as Markdown…" proposes to write `name`: beside the model; an untitled model has no
 *  folder of its own, so the first workspace folder's. */
export function suggestedExport(uri: vscode.Uri, dir: string, name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return uri.scheme !== 'untitled'
    ? uri.with({ path: `${dir}/${name}`, query: '', fragment: '' })
    : folder
      ? vscode.Uri.joinPath(folder, name)
      : vscode.Uri.file(`/${name}`);
}

export async function exportWorkedExample(
  extensionUri: vscode.Uri,
  sessions: SessionManager,
  arg: unknown,
): Promise<ShownDocument | undefined> {
  const ready = await readyOrSay(documentSession(sessions, arg));
  if (!ready) return undefined;
  const markdown = explainMarkdown(ready.trace);
  const { dir, name } = exportName(ready.session.uri.path);
  const suggested = suggestedExport(ready.session.uri, dir, name);
  return showDocument(extensionUri, {
    title: `Worked example: ${ready.trace.model.name}`,
    markdown,
    suggestedPath: suggested.toString(),
  });
}

export function registerExport(context: vscode.ExtensionContext, sessions: SessionManager): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rnn.exportWorkedExample', async (arg?: unknown) => {
      try {
        return await exportWorkedExample(context.extensionUri, sessions, arg);
      } catch (e) {
        void vscode.window.showErrorMessage(
          `RNN: Export Worked Example failed: ${e instanceof Error ? e.message : String(e)}`,
        );
        return undefined;
      }
    }),
  );
}
