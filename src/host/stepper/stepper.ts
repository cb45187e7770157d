// The stepper's commands and context keys. Every command acts on the stepper's session (which one:
// session/commandTarget.ts) and only moves its cursor; the panel, the status bar and the debugger
// follow the session's events.
//
// Context keys (menus, keybindings and the command palette use them):
//   rnn.sessionActive   the active session has a run to step through
//   rnn.canStepBack     its cursor is after the first step
//   rnn.canStepForward  its cursor is before the last step
//   rnn.panelFocused    a stepper panel is the focused editor
//   rnn.panelOpen       the active session's document has a stepper panel
//   rnn.playing         "RNN: Play" is stepping (set by play.ts)
//
// What each command moves is defined once, in engine/trace/navigation.ts; in practice mode on a
// model with a practice section, the panel steers it to the asked steps (panel.ts steer).

import * as vscode from 'vscode';
import { goToStep } from './goToStep';
import type { StepperPanels } from '../panel/panel';
import type { Session } from '../session/session';
import { activeEditorSession, steppableOrSay, stepperSession } from '../session/commandTarget';
import type { SessionManager } from '../session/sessionManager';
import { canStepBack, canStepForward, navigate, NAV_COMMANDS, type NavCommand } from '../../engine/trace/navigation';

export function registerStepperCommands(
  context: vscode.ExtensionContext,
  sessions: SessionManager,
  panels: StepperPanels,
): void {
  const keys = new Map<string, boolean>();
  const setKey = (key: string, value: boolean): void => {
    if (keys.get(key) === value) return;
    keys.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  };
  const updateKeys = (): void => {
    const s = stepperSession(sessions);
    const steps = s?.trace?.steps ?? [];
    setKey('rnn.sessionActive', steps.length > 0);
    setKey('rnn.canStepBack', canStepBack(steps, s?.cursor ?? 0));
    setKey('rnn.canStepForward', canStepForward(steps, s?.cursor ?? 0));
    setKey('rnn.panelFocused', panels.focused);
    setKey('rnn.panelOpen', panels.has(s));
  };

  const updateKeysIfActive = (session: Session): void => {
    if (session === stepperSession(sessions)) updateKeys();
  };

  const openStepper = async (arg?: unknown): Promise<void> => {
    let session: Session | undefined;
    if (arg instanceof vscode.Uri) {
      session = sessions.forDocument(await vscode.workspace.openTextDocument(arg));
    } else {
      session = stepperSession(sessions) ?? activeEditorSession(sessions);
    }
    if (!session) {
      void vscode.window.showInformationMessage(
        'RNN Stepper: open a .rnn.json file first, then run "RNN: Open Stepper".',
      );
      return;
    }
    sessions.setActive(session);
    // From the editor (title button, palette, keybinding) the editor keeps the focus; the status
    // bar item passes { focus: true } to go to the panel.
    const focus = typeof arg === 'object' && arg !== null && (arg as { focus?: unknown }).focus === true;
    panels.open(session, focus);
    // "Show Loss Curve" (after Train…) passes { reveal: 'training' }: scroll the curve into view.
    if (typeof arg === 'object' && arg !== null && (arg as { reveal?: unknown }).reveal === 'training') {
      panels.reveal(session, 'training');
    }
  };

  const nav = (command: NavCommand) => (): void => {
    const s = steppableOrSay(sessions);
    if (!s?.trace) return;
    s.setCursor(panels.steer(s, s.cursor, navigate(s.trace.steps, s.cursor, command)));
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('rnn.openStepper', openStepper),
    ...NAV_COMMANDS.map((c) => vscode.commands.registerCommand(`rnn.${c}`, nav(c))),
    vscode.commands.registerCommand('rnn.goToStep', async () => {
      const s = steppableOrSay(sessions);
      if (s) await goToStep(s);
    }),
    sessions.onDidChangeActive(updateKeys),
    sessions.onDidRun(updateKeysIfActive),
    sessions.onDidChangeProblems(updateKeysIfActive),
    sessions.onDidMoveCursor(updateKeysIfActive),
    panels.onDidChange(updateKeys),
  );
  updateKeys();
}
