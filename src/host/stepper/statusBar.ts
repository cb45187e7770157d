// The status bar item of the stepper: where the active document's cursor is — phase, timestep,
// the equation's tensor, and the loss once computed ("RNN ◂ BPTT t=3 · δa₃ · L=5.5735"). Clicking it
// shows the stepper panel. Says "stale" while the document has errors and the trace is an old one,
// and "running…" with the run's progress while a run takes longer than RUNNING_SHOWN_MS (session.ts).

import * as vscode from 'vscode';
import { describeRef } from '../../engine/trace/liveTensors';
import { PHASE_WORDS, phaseAt } from '../../engine/trace/phases';
import type { Step, Trace } from '../../engine/trace/trace';
import type { Session } from '../session/session';
import type { SessionManager } from '../session/sessionManager';
import { stepperSession } from '../session/commandTarget';

/** Steps whose first write names them best (an accumulation, the clip's ‖g‖, δh_{t−1}); others: the last. */
const FIRST_WRITE_KINDS = new Set(['dW', 'dWy', 'clip', 'dhprev']);

/** The tensor a step computes, as a short label: "δa₃", "h₁", "∂L/∂W_hh", "W_hh′". */
export function stepLabel(trace: Trace, step: Step): string {
  const w = step.writes;
  if (w.length === 0) return step.title;
  const ref = FIRST_WRITE_KINDS.has(step.kind) ? w[0] : w[w.length - 1];
  return describeRef(trace.model, ref).label;
}

const lossSteps = new WeakMap<Trace, number>();

/** The loss once the run has computed it at `index`, formatted as the status bar shows it. */
function lossSoFar(trace: Trace, index: number): string | undefined {
  let lossStep = lossSteps.get(trace);
  if (lossStep === undefined) {
    lossStep = trace.steps.findIndex((s) => s.phase === 'loss');
    lossSteps.set(trace, lossStep);
  }
  return lossStep >= 0 && index >= lossStep ? `L=${Number(trace.loss.toPrecision(5))}` : undefined;
}

export function statusText(session: Session): string | undefined {
  const trace = session.trace;
  const step = session.step;
  if (!trace || !step) return undefined;
  const parts = [`RNN ${PHASE_WORDS[step.phase].mark} ${phaseAt(step.phase, step.t)}`, stepLabel(trace, step)];
  const loss = lossSoFar(trace, step.index);
  if (loss) parts.push(loss);
  // Codicon syntax must not come from the model (a token in a label): break any "$(".
  return parts.join(' · ').replace(/\$\(/g, '$\u200b(');
}

/** "running… 42%": a run under way (off the host's thread) and how far it got. */
export function runningText(progress: number): string {
  return `running… ${Math.floor(100 * Math.min(1, Math.max(0, progress)))}%`;
}

export function registerStatusBar(context: vscode.ExtensionContext, sessions: SessionManager): void {
  const item = vscode.window.createStatusBarItem('rnn.stepper.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'RNN Stepper';
  item.command = { command: 'rnn.openStepper', title: 'Show the stepper panel', arguments: [{ focus: true }] };
  context.subscriptions.push(item);

  const update = (): void => {
    const s = stepperSession(sessions);
    const running = s?.running;
    if (s && running) {
      const step = s.step;
      item.text = `$(sync~spin) RNN ${runningText(running.progress)}`;
      item.tooltip =
        `Running the model after the edit (off the editor's thread): ${runningText(running.progress)}` +
        `${step ? `\nShowing the previous run: ${step.title} — step ${step.index + 1} of ${s.stepCount}` : ''}` +
        '\nClick to show the stepper panel.';
      item.backgroundColor = undefined;
      item.show();
      return;
    }
    const text = s ? statusText(s) : undefined;
    if (!s || text === undefined) {
      if (s?.error !== undefined && !s.trace) {
        item.text = '$(error) RNN: the run failed';
        item.tooltip = `The engine failed on this model: ${s.error}\nClick to show the stepper panel.`;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        item.show();
      } else if (s && s.problems.length > 0 && !s.trace) {
        item.text = '$(warning) RNN: no run (the file has errors)';
        item.tooltip = 'Fix the problems of this .rnn.json file to step through it.';
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        item.show();
      } else {
        item.hide();
      }
      return;
    }
    item.text = s.stale ? `$(warning) ${text} · stale` : `$(debug-alt) ${text}`;
    const step = s.step;
    const why =
      s.error !== undefined
        ? `\nThe engine failed on the current text (${s.error}): showing the last good run.`
        : s.stale
          ? '\nThe file has errors: showing its last good run.'
          : '';
    item.tooltip = `${step ? `${step.title} — step ${step.index + 1} of ${s.stepCount}` : ''}${why}\nClick to show the stepper panel.`;
    item.backgroundColor = s.stale ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  const updateIfActive = (session: Session): void => {
    if (session === stepperSession(sessions)) update();
  };
  context.subscriptions.push(
    sessions.onDidChangeActive(update),
    sessions.onDidRun(updateIfActive),
    sessions.onDidChangeProblems(updateIfActive),
    sessions.onDidMoveCursor(updateIfActive),
    sessions.onDidChangeRunning(updateIfActive),
  );
  update();
}
