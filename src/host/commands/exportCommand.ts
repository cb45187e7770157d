// "RNN: Export Worked Example": the CLI's `explain` (every equation with its numbers, $$ math) as a
// new untitled Markdown document named `<model>.worked-example.md` beside the model — untitled, so
// nothing on disk is ever overwritten; Save proposes that place — then VS Code's Markdown preview,
// which renders the math with its built-in markdown-math extension.

import * as vscode from 'vscode';
import { explainMarkdown } from '../../engine/equations/explain';
import { readyOrSay, targetSession } from './editCommands';
import type { SessionManager } from '../session/sessionManager';
import { openUntitled } from './templates';

/** `/a/b/model.rnn.json` → { dir: '/a/b', name: 'model.worked-example.md' } */
export function exportName(modelPath: string): { dir: string; name: string } {
  const slash = modelPath.lastIndexOf('/');
  const base = modelPath.slice(slash + 1).replace(/\.rnn\.json$/, '') || 'model';
  return { dir: slash >= 0 ? modelPath.slice(0, slash) : '', name: `${base}.worked-example.md` };
}

export async function exportWorkedExample(
  sessions: SessionManager,
  arg: unknown,
): Promise<vscode.TextDocument | undefined> {
  const ready = readyOrSay(targetSession(sessions, arg));
  if (!ready) return undefined;
  const markdown = explainMarkdown(ready.trace);
  const { dir, name } = exportName(ready.session.uri.path);
  const doc = await openUntitled(dir, name, markdown);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  // The preview opens in the same group as the source, in front of it: the rendered worked example.
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
  return doc;
}

export function registerExport(context: vscode.ExtensionContext, sessions: SessionManager): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rnn.exportWorkedExample', async (arg?: unknown) => {
      try {
        return await exportWorkedExample(sessions, arg);
      } catch (e) {
        void vscode.window.showErrorMessage(
          `RNN: Export Worked Example failed: ${e instanceof Error ? e.message : String(e)}`,
        );
        return undefined;
      }
    }),
  );
}
