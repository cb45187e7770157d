// The engine's validation as editor diagnostics: every Problem of the session (the CLI's
// `validate` messages) becomes a squiggle at the exact range of the offending JSON node. The
// session already debounces re-parsing after edits, so this only mirrors its state.

import * as vscode from 'vscode';
import type { Problem } from '../../engine/parse/problems';
import type { Session } from '../session/session';
import type { SessionManager } from '../session/sessionManager';

/** Shown as the diagnostics' source in the Problems view. */
export const DIAGNOSTIC_SOURCE = 'rnn-stepper';

export function toDiagnostic(doc: vscode.TextDocument, p: Problem): vscode.Diagnostic {
  const start = doc.positionAt(p.offset);
  // A zero-length problem (e.g. a value missing at the end of the text) still gets one character
  // of squiggle; positionAt clamps at the end of the document.
  const end = doc.positionAt(p.offset + Math.max(p.length, 1));
  const range = new vscode.Range(start, end);
  const severity = p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const d = new vscode.Diagnostic(range, p.message, severity);
  d.source = DIAGNOSTIC_SOURCE;
  if (p.path) d.code = p.path;
  return d;
}

export function registerDiagnostics(context: vscode.ExtensionContext, sessions: SessionManager): void {
  const collection = vscode.languages.createDiagnosticCollection('rnn');
  const update = (session: Session) => {
    // Problems are computed from the session's text; the document may have moved on since, in which
    // case the next (debounced) run will publish again.
    const doc = session.document;
    if (doc.isClosed) return;
    const diagnostics = session.problems.map((p) => toDiagnostic(doc, p));
    if (session.error) {
      diagnostics.push(
        new vscode.Diagnostic(
          new vscode.Range(0, 0, 0, 0),
          `The engine failed on this model: ${session.error}`,
          vscode.DiagnosticSeverity.Error,
        ),
      );
      diagnostics[diagnostics.length - 1].source = DIAGNOSTIC_SOURCE;
    }
    collection.set(session.uri, diagnostics);
  };
  for (const s of sessions.all) update(s);
  context.subscriptions.push(
    collection,
    sessions.onDidRun(update),
    sessions.onDidChangeProblems(update),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
  );
}
