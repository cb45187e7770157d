// The engine's validation as editor diagnostics: every Problem of the session (the CLI's
// `validate` messages) becomes a squiggle at the exact range of the offending JSON node. The
// session already debounces re-parsing after edits, so this only mirrors its state. A run that
// computed a NaN or ±Infinity gets one warning more, in the CLI's words, at the number it grew
// from (nonFiniteLocation.ts); it goes when an edit makes the run finite again.

import * as vscode from 'vscode';
import type { Problem } from '../../engine/parse/problems';
import { nonFiniteSentence } from '../../engine/trace/nonFinite';
import { nonFiniteLocation } from './nonFiniteLocation';
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

/** The current run's first non-finite value as a warning; none while the trace is stale (it belongs
 *  to an earlier text, and the text's own errors say what is wrong now). */
export function nonFiniteDiagnostic(doc: vscode.TextDocument, session: Session): vscode.Diagnostic | undefined {
  const trace = session.trace;
  const r = trace?.nonFinite;
  if (!trace || !r || session.stale || session.error) return undefined;
  const span = nonFiniteLocation(session.parse.root, trace.model, r);
  const range = new vscode.Range(doc.positionAt(span.offset), doc.positionAt(span.offset + Math.max(span.length, 1)));
  const d = new vscode.Diagnostic(range, nonFiniteSentence(r), vscode.DiagnosticSeverity.Warning);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = 'non-finite';
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
    const nonFinite = nonFiniteDiagnostic(doc, session);
    if (nonFinite) diagnostics.push(nonFinite);
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
