// What a model document is, in one place: a `.rnn.json` file, which stays the JSON language (no
// language of our own, so JSON's own features — schema validation, folding, formatting — keep
// working). Providers register on MODEL_SELECTOR and then check isModelDocument, because a
// selector cannot say "json, but only *.rnn.json" on virtual file systems (the web workbench).

import type * as vscode from 'vscode';

/** The suffix of every model file. */
export const MODEL_SUFFIX = '.rnn.json';

/** The JSON language ids a `.rnn.json` may have. */
export const MODEL_SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

export function isModelUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith(MODEL_SUFFIX);
}

export function isModelDocument(doc: vscode.TextDocument): boolean {
  return isModelUri(doc.uri);
}

/** The name a model without `name` is shown under: its file name without `.rnn.json`. */
export function modelFileName(uri: vscode.Uri): string {
  const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return base.endsWith(MODEL_SUFFIX) ? base.slice(0, -MODEL_SUFFIX.length) : base;
}
