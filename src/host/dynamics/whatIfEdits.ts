// The text edits that write a what-if into a `.rnn.json` document (pure, no vscode): a weight
// element through weightEdits.ts (only that number token replaced, or the drawn weights written
// out), the learning rate or clipNorm through jsonc-parser's modify (the `train` object gets the
// key, or loses clipNorm for "none"). The host applies them as one undoable edit.

import { modify, type Edit, type Node } from 'jsonc-parser';
import { PARAM_NAMES, type Model } from '../../engine/model';
import { applyWhatIf, type WhatIfChange } from '../../engine/dynamics/whatIf';
import { weightEdits } from '../commands/weightEdits';

/** The indentation unit of the text (its first indented line), for keys jsonc-parser inserts. */
function indentOf(text: string): { insertSpaces: boolean; tabSize: number } {
  const m = /\n([ \t]+)\S/.exec(text);
  if (m && m[1][0] === '\t') return { insertSpaces: false, tabSize: 1 };
  return { insertSpaces: true, tabSize: m ? m[1].length : 2 };
}

/** Edits that make `text` (parsed as `model`, tree `root`) hold `change`. */
export function whatIfEdits(text: string, root: Node | undefined, model: Model, change: WhatIfChange): Edit[] {
  switch (change.kind) {
    case 'weight':
      return weightEdits(text, root, applyWhatIf(model, change).params, PARAM_NAMES[model.cell]);
    case 'learningRate':
    case 'clipNorm': {
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const value = change.value === null ? undefined : change.value;
      return modify(text, ['train', change.kind], value, { formattingOptions: { ...indentOf(text), eol } });
    }
    default: {
      const never: never = change;
      throw new Error(`unknown change ${JSON.stringify(never)}`);
    }
  }
}
