// CodeLens above the model (on the line of its opening `{`): step through it, its loss, check the
// gradients, apply one SGD step — and, for drawn weights, write them out. Re-computed whenever the
// session re-runs; a file with errors gets one lens that says so instead of stale numbers, and a
// run under way (session.ts: longer than RUNNING_SHOWN_MS, or the first run) one with its progress.

import * as vscode from 'vscode';
import { hasErrors } from '../../engine/parse/problems';
import type { Trace } from '../../engine/trace/trace';
import { isModelDocument, MODEL_SELECTOR } from '../session/modelDocument';
import type { SessionManager } from '../session/sessionManager';
import { runningText } from '../stepper/statusBar';
import type { PracticeModes } from '../practice/practiceModes';

/** A loss for a lens title: five significant digits, as the README shows "Loss 5.5735 (mean 1.3934)". */
export function lossText(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e6)) return x.toExponential(4);
  return String(Number(x.toPrecision(5)));
}

/** "Loss 5.5735 (mean 1.3934)": the backpropagated loss, and the other reduction for comparison. */
export function lossTitle(trace: Trace): string {
  const n = trace.targetCount;
  if (n === 0) return 'Loss 0 (no targets)';
  return `Loss ${lossText(trace.loss)}`;
}

/** The loss lens's tooltip: the reduction, and the other of sum and mean. */
export function lossTooltip(trace: Trace): string {
  const n = trace.targetCount;
  if (n === 0) return 'No step has a target: the loss is 0';
  const other =
    trace.model.reduction === 'sum'
      ? `the sum of ${n} per-step losses; their mean is ${lossText(trace.lossSum / n)}`
      : `the mean of ${n} per-step losses; their sum is ${lossText(trace.lossSum)}`;
  return `L = ${String(trace.loss)}: ${other}`;
}

/** What the loss lens says while the model is practised by hand: the loss is one of the answers. */
export const PRACTICE_LOSS_TITLE = 'Loss hidden while practising';

export function registerCodeLens(
  context: vscode.ExtensionContext,
  sessions: SessionManager,
  practice: PracticeModes,
): void {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(doc) {
      if (!isModelDocument(doc)) return [];
      const session = sessions.forDocument(doc);
      const root = session.parse.root;
      const line = root ? doc.positionAt(root.offset).line : 0;
      const range = new vscode.Range(line, 0, line, 0);
      const lens = (title: string, command: string, tooltip: string, args: unknown[] = [doc.uri]) =>
        new vscode.CodeLens(range, { title, command, tooltip, arguments: args });

      const problems = session.problems;
      const running = session.running;
      if (!hasErrors(problems) && (running || (session.rerunning && (!session.fileTrace || session.stale)))) {
        const tooltip = "The model runs off the editor's thread; the lenses come back when it ends";
        return [lens(`$(sync~spin) ${runningText(running?.progress ?? 0)}`, '', tooltip, [])];
      }
      if (hasErrors(problems) || !session.fileTrace || session.stale) {
        const n = problems.filter((p) => p.severity === 'error').length;
        const title =
          n > 0
            ? `$(error) ${n} problem${n === 1 ? '' : 's'}: the model does not run`
            : '$(error) the model does not run';
        return [lens(title, 'workbench.actions.view.problems', 'Show the Problems view', [])];
      }
      const trace = session.fileTrace;
      const lenses = [
        // Short titles, so the line fits a half-width editor beside the open stepper panel.
        lens('▶ Step', 'rnn.openStepper', 'Open the stepper on this model'),
        // Informational: a lens without a command is plain text.
        practice.isOn(doc.uri.toString())
          ? new vscode.CodeLens(range, {
              title: PRACTICE_LOSS_TITLE,
              command: '',
              tooltip: 'RNN: Practice is on for this model: compute the loss by hand in the stepper panel',
            })
          : new vscode.CodeLens(range, { title: lossTitle(trace), command: '', tooltip: lossTooltip(trace) }),
        lens('Check gradients', 'rnn.checkGradients', 'Compare every gradient with finite differences'),
        lens('SGD step', 'rnn.applySgdStep', 'Write θ − η·∂L/∂θ into the weights (undo with Ctrl+Z)'),
      ];
      if (trace.model.init)
        lenses.push(lens('Materialize', 'rnn.materializeInit', 'Replace {"init": …} with the drawn matrices'));
      return lenses;
    },
  };
  context.subscriptions.push(
    changed,
    vscode.languages.registerCodeLensProvider(MODEL_SELECTOR, provider),
    sessions.onDidRun(() => changed.fire()),
    sessions.onDidChangeProblems(() => changed.fire()),
    sessions.onDidChangeRunning(() => changed.fire()),
    practice.onDidChange(() => changed.fire()),
  );
}
