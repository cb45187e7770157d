// "RNN: New Model…": a quick pick of templates (templateCatalog.ts), each opened as a new untitled
// document named `<template>.rnn.json` — the name is what makes the session, hovers and CodeLens
// pick it up (isModelDocument), and the file stays the `json` language.

import * as vscode from 'vscode';
import { TEMPLATES, type ModelTemplate } from './templateCatalog';

/** `name.rnn.json` → `name-2.rnn.json`, keeping the compound extension. */
export function numberedName(fileName: string, n: number): string {
  if (n <= 1) return fileName;
  const m = /^(.*?)((?:\.[^./]+)+)$/.exec(fileName);
  return m ? `${m[1]}-${n}${m[2]}` : `${fileName}-${n}`;
}

/**
 * Opens a new untitled document at `untitled:<dir>/<name>` holding `content`, with a name that no
 * open document uses yet. `dir` (an absolute path, or '' for the root) is where Save proposes it.
 */
export async function openUntitled(dir: string, fileName: string, content: string): Promise<vscode.TextDocument> {
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  let refused: unknown;
  for (let n = 1; n < 1000; n++) {
    // The path must be absolute: VS Code checks that no file exists there (it maps the untitled
    // path onto the workspace's file system) and refuses a relative one.
    const path = `${dir.replace(/\/+$/, '')}/${numberedName(fileName, n)}`;
    const uri = vscode.Uri.from({ scheme: 'untitled', path });
    if (open.has(uri.toString())) continue;
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(uri);
    } catch (e) {
      refused = e; // VS Code refuses an untitled name whose file already exists: try the next number
      continue;
    }
    if (doc.getText().length > 0) continue;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), content);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not write into ${path}`);
    return doc;
  }
  // Every name refused: say the last reason (a file system that refuses them all says why here).
  const why = refused === undefined ? '' : `: ${refused instanceof Error ? refused.message : String(refused)}`;
  throw new Error(`no free name for ${fileName}${why}`);
}

export async function newModel(template?: ModelTemplate): Promise<vscode.TextEditor | undefined> {
  const picked =
    template ??
    (
      await vscode.window.showQuickPick(
        TEMPLATES.map((t) => ({ label: t.label, description: t.description, template: t })),
        { title: 'RNN: New Model', placeHolder: 'Choose a template — it opens as a new, unsaved .rnn.json' },
      )
    )?.template;
  if (!picked) return undefined;
  // In the first workspace folder, so that Save proposes it; at the root when no folder is open.
  const doc = await openUntitled(vscode.workspace.workspaceFolders?.[0]?.uri.path ?? '', picked.fileName, picked.text);
  return vscode.window.showTextDocument(doc);
}

export function registerTemplates(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    // An optional argument (a template's label) lets tests and other commands skip the quick pick.
    vscode.commands.registerCommand('rnn.newModel', async (label?: unknown) => {
      const template =
        typeof label === 'string' ? TEMPLATES.find((t) => t.label === label || t.fileName === label) : undefined;
      try {
        return await newModel(template);
      } catch (e) {
        void vscode.window.showErrorMessage(`RNN: New Model failed: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    }),
  );
}
