// "RNN: Go to Step…": every step of the run in a quick pick, grouped by phase and timestep, filterable
// by title, phase or t. Moving through the list previews the step (the panel and status bar follow);
// Escape returns to where the cursor was.

import * as vscode from 'vscode';
import type { Step } from '../../engine/trace/trace';
import type { Session } from '../session/session';
import { stepPickRows } from '../../engine/trace/navigation';

interface StepItem extends vscode.QuickPickItem {
  readonly index: number;
}

function items(steps: readonly Step[], current: number): (StepItem | vscode.QuickPickItem)[] {
  return stepPickRows(steps).map((r) =>
    'separator' in r
      ? { label: r.separator, kind: vscode.QuickPickItemKind.Separator }
      : {
          index: r.index,
          label: r.index === current ? `$(debug-stackframe) ${r.label}` : r.label,
          description: r.description,
        },
  );
}

export function goToStep(session: Session): Promise<void> {
  const trace = session.trace;
  if (!trace) return Promise.resolve();
  const start = session.cursor;
  const qp = vscode.window.createQuickPick<StepItem | vscode.QuickPickItem>();
  qp.title = `Go to Step — ${trace.steps.length} steps`;
  qp.placeholder = 'Type a phase, t=…, or an equation (e.g. "backward t=3", "δa", "update W_hh")';
  qp.matchOnDescription = true;
  qp.items = items(trace.steps, start);
  const current = qp.items.find((i): i is StepItem => 'index' in i && i.index === start);
  if (current) qp.activeItems = [current];
  let accepted = false;
  return new Promise((resolve) => {
    qp.onDidChangeActive((items) => {
      const it = items[0];
      if (it && 'index' in it && session.trace === trace) session.setCursor(it.index);
    });
    qp.onDidAccept(() => {
      const it = qp.selectedItems[0] ?? qp.activeItems[0];
      if (it && 'index' in it && session.trace === trace) session.setCursor(it.index);
      accepted = true;
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!accepted && session.trace === trace) session.setCursor(start);
      qp.dispose();
      resolve();
    });
    qp.show();
  });
}
