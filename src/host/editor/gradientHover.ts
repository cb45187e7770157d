// Hovers on a `.rnn.json`: a weight's gradient and its per-timestep contributions, an input's step,
// h0's gradient. What is under the mouse comes from jsonLocation (on the session's parse tree), the
// words and numbers from hoverContent (pure, unit-tested); this file only wires them to VS Code.
//
// The model runs off this thread (session.ts): while the current text's run is under way a hover
// waits up to HOVER_WAIT_MS for it, then answers with the previous run's values, saying so — and
// with no values at all when the edit changed the shapes they would be read at.

import * as vscode from 'vscode';
import type { Model } from '../../engine/model';
import type { Trace } from '../../engine/trace/trace';
import { hasErrors } from '../../engine/parse/problems';
import { locate, type ModelLocation } from './jsonLocation';
import { initialStateHover, problemsHover, stepHover, weightHover } from './hoverContent';
import { isModelDocument, MODEL_SELECTOR } from '../session/modelDocument';
import type { Session } from '../session/session';
import type { SessionManager } from '../session/sessionManager';
import type { PracticeModes } from '../practice/practiceModes';

/** How long a hover waits for a run under way before answering with the previous run's values. */
export const HOVER_WAIT_MS = 50;

/** The line that heads a hover whose values come from the run before the current text's. */
export const PREVIOUS_RUN_NOTE = '$(sync~spin) *From the previous run — re-running after your edit…*';

/** Whether every index into `b` (a location in the new text) reads the same place in a trace of `a`. */
export function sameShapes(a: Model, b: Model): boolean {
  if (a.cell !== b.cell || a.steps !== b.steps || a.inputs.kind !== b.inputs.kind) return false;
  // The parameters' shapes follow from the cell and the sizes (model.ts paramShape); reading
  // `params` itself would draw an `init` model's weights on this thread (parse/init.ts).
  return a.inputSize === b.inputSize && a.hiddenSize === b.hiddenSize && a.outputSize === b.outputSize;
}

/** The hover's Markdown for a location, or undefined when there is nothing to say. */
export function hoverMarkdown(session: Session, loc: ModelLocation): string | undefined {
  const problems = session.problems;
  const trace = session.fileTrace;
  // A file with errors never shows the numbers of an earlier version of the text.
  if (hasErrors(problems)) return problemsHover(problems);
  if (!trace || session.stale) {
    if (session.rerunning) return '$(sync~spin) Running the model…';
    return session.error ? `$(error) The engine failed on this model: ${session.error}` : undefined;
  }
  let note = '';
  if (session.rerunning) {
    const model = session.parse.model;
    if (!model || !sameShapes(trace.model, model))
      return '$(sync~spin) Re-running the model after your edit… (its shapes changed: the values follow when it ends)';
    note = `${PREVIOUS_RUN_NOTE}\n\n`;
  }
  const markdown = valuesHover(trace, loc);
  return markdown === undefined ? undefined : note + markdown;
}

function valuesHover(trace: Trace, loc: ModelLocation): string | undefined {
  switch (loc.kind) {
    case 'weight':
      return weightHover(trace, loc.param, loc.index);
    case 'input':
    case 'target':
      return stepHover(trace, loc.t, loc.kind === 'input' ? loc.component : undefined);
    case 'h0':
    case 'c0':
      return initialStateHover(trace, loc.kind, loc.i);
    default: {
      const never: never = loc;
      return never;
    }
  }
}

function locationRange(doc: vscode.TextDocument, loc: ModelLocation): vscode.Range {
  const offset = loc.kind === 'input' || loc.kind === 'target' ? loc.offset : loc.node.offset;
  const length = loc.kind === 'input' || loc.kind === 'target' ? loc.length : loc.node.length;
  return new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + length));
}

/** The hover while the model is practised by hand (RNN: Practice): no gradient or updated weight. */
export const PRACTICE_HOVER =
  'RNN: Practice is on for this model — gradients and updated weights are hidden until you answer them in the stepper panel.';

export function registerGradientHover(
  context: vscode.ExtensionContext,
  sessions: SessionManager,
  practice: PracticeModes,
): void {
  const provider: vscode.HoverProvider = {
    async provideHover(doc, position, token) {
      if (!isModelDocument(doc)) return undefined;
      const session = sessions.forDocument(doc);
      session.ensureParsed(); // the hover answers for the text as it is now, not as it was 250 ms ago
      if (session.rerunning) await session.whenRun(HOVER_WAIT_MS);
      if (token.isCancellationRequested || doc.isClosed) return undefined;
      session.ensureParsed(); // typed while it waited
      const loc = locate(doc.getText(), session.parse.root, doc.offsetAt(position));
      if (!loc) return undefined;
      // Gradients and updated weights are answers while the model is practised by hand.
      if (practice.isOn(doc.uri.toString())) {
        const md = new vscode.MarkdownString(PRACTICE_HOVER);
        md.isTrusted = false;
        return new vscode.Hover(md, locationRange(doc, loc));
      }
      const markdown = hoverMarkdown(session, loc);
      if (!markdown) return undefined;
      const md = new vscode.MarkdownString(markdown, true);
      md.isTrusted = false;
      md.supportHtml = false;
      return new vscode.Hover(md, locationRange(doc, loc));
    },
  };
  context.subscriptions.push(vscode.languages.registerHoverProvider(MODEL_SELECTOR, provider));
}
