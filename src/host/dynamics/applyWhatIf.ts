// "Apply to file" of a what-if: the change written into the document it was computed from, as one
// undoable edit. A weight goes through writeParams (only that number's text replaced, or drawn
// weights written out); the learning rate and clipNorm through whatIfEdits.ts. Like writeParams,
// the edit lands only on the exact text version the what-if ran on — otherwise nothing is written
// and the person is told to run the what-if again.

import * as vscode from 'vscode';
import type { Model } from '../../engine/model';
import { applyWhatIf as changedModel, type WhatIfChange } from '../../engine/dynamics/whatIf';
import { DocumentChangedError, writeParams } from '../commands/writeParams';
import type { Session } from '../session/session';
import { whatIfEdits } from './whatIfEdits';

export async function applyWhatIf(session: Session, model: Model, change: WhatIfChange, version: number) {
  const doc = session.document;
  if (doc.isClosed) throw new Error('the document was closed; run the what-if again');
  if (doc.version !== version)
    throw new Error('the document changed since the what-if ran; nothing was written — run the what-if again');
  try {
    if (change.kind === 'weight') {
      await writeParams(session, changedModel(model, change).params, version);
      return;
    }
  } catch (e) {
    if (e instanceof DocumentChangedError)
      throw new Error('the document changed since the what-if ran; nothing was written — run the what-if again');
    throw e;
  }
  const edits = whatIfEdits(doc.getText(), session.parse.root, model, change);
  const ranges = edits.map((e) => ({
    range: new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)),
    content: e.content,
  }));
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  // TextEditor.edit carries the version it was made for (see writeParams.ts for why it is preferred).
  const ok = editor
    ? await editor.edit((b) => ranges.forEach((r) => b.replace(r.range, r.content)))
    : await vscode.workspace.applyEdit(
        ranges.reduce((w, r) => (w.replace(doc.uri, r.range, r.content), w), new vscode.WorkspaceEdit()),
      );
  if (!ok) throw new Error('VS Code refused the edit; nothing was written');
}
