// Hovers on a `.rnn.json`: a weight's gradient and its per-timestep contributions, an input's step,
// h0's gradient. What is under the mouse comes from jsonLocation (on the session's parse tree), the
// words and numbers from hoverContent (pure, unit-tested); this file only wires them to VS Code.

import * as vscode from 'vscode';
import { hasErrors } from '../../engine/parse/problems';
import { locate, type ModelLocation } from './jsonLocation';
import { initialStateHover, problemsHover, stepHover, weightHover } from './hoverContent';
import { isModelDocument, MODEL_SELECTOR } from '../session/modelDocument';
import type { Session } from '../session/session';
import type { SessionManager } from '../session/sessionManager';

/** The hover's Markdown for a location, or undefined when there is nothing to say. */
export function hoverMarkdown(session: Session, loc: ModelLocation): string | undefined {
  const problems = session.problems;
  const trace = session.fileTrace;
  // A file with errors never shows the numbers of an earlier version of the text.
  if (hasErrors(problems)) return problemsHover(problems);
  if (!trace || session.stale) {
    return session.error ? `$(error) The engine failed on this model: ${session.error}` : undefined;
  }
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

export function registerGradientHover(context: vscode.ExtensionContext, sessions: SessionManager): void {
  const provider: vscode.HoverProvider = {
    provideHover(doc, position) {
      if (!isModelDocument(doc)) return undefined;
      const session = sessions.forDocument(doc);
      session.ensureFresh(); // the hover answers for the text as it is now, not as it was 250 ms ago
      const loc = locate(doc.getText(), session.parse.root, doc.offsetAt(position));
      if (!loc) return undefined;
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
