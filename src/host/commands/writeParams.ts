// Writes new parameter values into a model's document — as one undoable change, and only onto the
// exact text the change was computed from (Apply SGD Step, Train…, Materialize Initial Weights).
//
// Why not just `vscode.workspace.applyEdit`: the person may type while we compute, and a keystroke
// made in the window reaches the extension host after a delay, so the text we computed offsets for
// can already be old when the edit arrives. A WorkspaceEdit carries the document version it was
// computed against, but VS Code (1.91) drops that check when the document is in the active editor
// (it re-diffs the edit into "more minimal edits" asynchronously, without the version), so stale
// offsets land on the newer text and garble it. `TextEditor.edit` checks the version and applies
// in one step on the window's side, so it is used whenever the document is visible; a WorkspaceEdit
// to a document that is not in the active editor keeps its version check.

import * as vscode from 'vscode';
import { PARAM_NAMES, type Tensor } from '../../engine/model';
import { hasErrors } from '../../engine/parse/problems';
import type { Session } from '../session/session';
import { weightEdits } from './weightEdits';

/** The document changed between computing the edit and applying it: nothing was written. */
export class DocumentChangedError extends Error {
  constructor() {
    super('the document changed while the new weights were being written; nothing was written');
    this.name = 'DocumentChangedError';
  }
}

/** How often a command recomputes its write on the newer text before giving up. */
export const WRITE_ATTEMPTS = 5;

interface RangeEdit {
  readonly range: vscode.Range;
  readonly content: string;
}

/**
 * Writes `params` into the session's document (only the numbers that change, or the whole `weights`
 * for drawn weights), as one undo step. `version`, when given, is the only document version the
 * caller agreed to write over. Returns how many edits were made. Throws DocumentChangedError when
 * the text is not (or no longer) that version — nothing is written then; other errors say why the
 * weights cannot be written into this text.
 */
export async function writeParams(
  session: Session,
  params: Readonly<Record<string, Tensor>>,
  version?: number,
): Promise<number> {
  const doc = session.document;
  if (doc.isClosed) throw new Error('the document was closed');
  if (version !== undefined && doc.version !== version) throw new DocumentChangedError();
  session.ensureParsed();
  const model = session.parse.model;
  if (!model || hasErrors(session.problems)) throw new Error('the document has problems now; fix them and try again');
  for (const name of PARAM_NAMES[model.cell]) {
    const now = model.params[name];
    const next = params[name];
    if (!next || next.shape.join('×') !== now.shape.join('×')) {
      throw new Error(
        `${name} is ${now.shape.join('×')} in the document but ${next ? next.shape.join('×') : 'missing'} in the new weights`,
      );
    }
  }
  const computedAt = doc.version;
  const edits = weightEdits(doc.getText(), session.parse.root, params, PARAM_NAMES[model.cell]).map((e): RangeEdit => ({
    range: new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)),
    content: e.content,
  }));
  if (edits.length === 0) return 0;
  if (await applyAtVersion(doc, computedAt, edits)) return edits.length;
  // The window answers after it has sent us every change it made before ours, so a refusal
  // because of the person's typing shows here as a newer version.
  if (doc.version !== computedAt) throw new DocumentChangedError();
  throw new Error('VS Code refused the edit');
}

/** Applies `edits` if the document is still at `version`; false when refused. */
async function applyAtVersion(
  doc: vscode.TextDocument,
  version: number,
  edits: readonly RangeEdit[],
): Promise<boolean> {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  if (editor) {
    // TextEditor.edit sends the document's current version; it is `version` (nothing awaited since).
    const applied = await editor
      .edit((b) => edits.forEach((e) => b.replace(e.range, e.content)))
      .then(
        (ok) => ok,
        () => false, // the editor closed meanwhile: try the document itself below
      );
    if (applied || doc.version !== version) return applied;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(doc.uri, e.range, e.content);
  return vscode.workspace.applyEdit(edit);
}
