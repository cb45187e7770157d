// "RNN: Play" / "RNN: Pause" / "RNN: Play Faster" / "RNN: Play Slower" / "RNN: Set Play Speed…":
// the VS Code glue of playScheduler.ts. Play steps the stepper's session (session/commandTarget.ts)
// forward at `rnnStepper.playSpeed` steps per second on a timer of the extension host (one cursor
// move per tick, never blocking). It pauses at a breakpoint's stop (the debugger's breakpoints on
// the model's lines, as the debugger maps them: debug/modelLines.ts), at the end of each phase when
// `rnnStepper.playPauseAtPhaseEnd` is on, and at the end of the run; it stops on Pause, any keypress
// in the panel, an edit of the model, or a move it did not make (a Step command, the debugger).
// In practice mode on a model with a practice section it plays the asked steps only.
// Each step waits until the panel has painted the one before (panels.behind / onDidShowStep).
// The context key rnn.playing switches the Play / Pause buttons and Ctrl+Alt+P.

import * as vscode from 'vscode';
import { stepsForLine } from '../debug/modelLines';
import type { StepperPanels } from '../panel/panel';
import type { Session } from '../session/session';
import type { SessionManager } from '../session/sessionManager';
import { steppableOrSay } from '../session/commandTarget';
import { MAX_SPEED, MIN_SPEED, PlayScheduler, type PlayStop, type PlayTarget } from './playScheduler';

const SPEED_KEY = 'rnnStepper.playSpeed';
const PHASE_END_KEY = 'rnnStepper.playPauseAtPhaseEnd';
const SPEEDS = [0.5, 1, 2, 4, 8, 15, 30, 60];

function speedSetting(): number {
  const v = vscode.workspace.getConfiguration().get<number>(SPEED_KEY, 4);
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(MAX_SPEED, Math.max(MIN_SPEED, v)) : 4;
}

/** The step indices the enabled breakpoints on `session`'s lines stop at. */
function breakpointStops(session: Session): Set<number> {
  const stops = new Set<number>();
  const trace = session.trace;
  if (!trace) return stops;
  const key = session.uri.toString();
  const text = { text: session.document.getText(), root: session.parse.root };
  for (const b of vscode.debug.breakpoints) {
    if (!b.enabled || !(b instanceof vscode.SourceBreakpoint) || b.location.uri.toString() !== key) continue;
    const start = b.location.range.start;
    const column = start.character > 0 ? start.character + 1 : undefined;
    for (const i of stepsForLine(text, trace, start.line + 1, column).steps) stops.add(i);
  }
  return stops;
}

const STOP_WORDS: Record<PlayStop, string | undefined> = {
  end: undefined,
  phaseEnd: 'paused at the end of the phase',
  breakpoint: 'paused at a breakpoint',
  paused: undefined,
  keypress: undefined,
  edit: 'stopped: the model changed',
  moved: undefined,
  noRun: undefined,
};

export function registerPlay(context: vscode.ExtensionContext, sessions: SessionManager, panels: StepperPanels): void {
  let playing: Session | undefined;
  let stopsCache: { session: Session; trace: unknown; stops: Set<number> } | undefined;
  const targetOf = (s: Session): PlayTarget => ({
    get steps() {
      return s.trace?.steps;
    },
    get cursor() {
      return s.cursor;
    },
    setCursor: (i) => void s.setCursor(i),
    // In practice mode on a model with a practice section, Play goes from asked step to asked
    // step, as Step Forward does (stepper.ts).
    steer: (from, to) => panels.steer(s, from, to),
  });
  let target: PlayTarget | undefined;

  const scheduler = new PlayScheduler(
    { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    {
      stepsPerSecond: speedSetting,
      pauseAtPhaseEnd: () => vscode.workspace.getConfiguration().get<boolean>(PHASE_END_KEY, false) === true,
      breakpointStops: () => {
        const s = playing;
        if (!s) return new Set();
        if (stopsCache?.session !== s || stopsCache.trace !== s.trace) {
          stopsCache = { session: s, trace: s.trace, stops: breakpointStops(s) };
        }
        return stopsCache.stops;
      },
      panelBehind: () => playing !== undefined && panels.behind(playing),
    },
    (isPlaying, stop) => {
      const s = playing;
      if (!isPlaying) {
        playing = undefined;
        target = undefined;
      }
      void vscode.commands.executeCommand('setContext', 'rnn.playing', isPlaying);
      if (s) panels.showPlayState(s, isPlaying, speedSetting());
      const words = stop && STOP_WORDS[stop];
      if (words) vscode.window.setStatusBarMessage(`RNN: Play ${words}`, 3000);
    },
  );

  const play = (session: Session): void => {
    if (playing === session) return;
    scheduler.stop('paused');
    playing = session;
    stopsCache = undefined;
    target = targetOf(session);
    scheduler.play(target);
  };
  const setSpeed = async (speed: number): Promise<void> => {
    await vscode.workspace.getConfiguration().update(SPEED_KEY, speed, vscode.ConfigurationTarget.Global);
  };
  const step = (dir: 1 | -1) => async (): Promise<void> => {
    const now = speedSetting();
    const next = dir > 0 ? SPEEDS.find((s) => s > now) : [...SPEEDS].reverse().find((s) => s < now);
    await setSpeed(next ?? now);
    vscode.window.setStatusBarMessage(`RNN: Play at ${speedSetting()} steps per second`, 2000);
  };
  const isPlayed = (s: Session): boolean => s === playing;

  context.subscriptions.push(
    { dispose: () => scheduler.stop('paused') },
    vscode.commands.registerCommand('rnn.play', () => {
      const s = steppableOrSay(sessions);
      if (s) play(s);
    }),
    vscode.commands.registerCommand('rnn.pause', () => scheduler.stop('paused')),
    vscode.commands.registerCommand('rnn.playFaster', step(1)),
    vscode.commands.registerCommand('rnn.playSlower', step(-1)),
    vscode.commands.registerCommand('rnn.setPlaySpeed', async () => {
      const now = speedSetting();
      const picked = await vscode.window.showQuickPick(
        SPEEDS.map((s) => ({ label: `${s} steps per second`, speed: s, picked: s === now })),
        { title: 'RNN: Play speed', placeHolder: `Now ${now} steps per second` },
      );
      if (picked) await setSpeed(picked.speed);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SPEED_KEY)) return;
      scheduler.speedChanged();
      if (playing) panels.showPlayState(playing, true, speedSetting());
    }),
    vscode.debug.onDidChangeBreakpoints(() => (stopsCache = undefined)),
    sessions.onDidRun((s) => isPlayed(s) && scheduler.stop('edit')),
    sessions.onDidChangeProblems((s) => isPlayed(s) && scheduler.stop('edit')),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (playing && e.contentChanges.length > 0 && e.document.uri.toString() === playing.uri.toString()) {
        scheduler.stop('edit');
      }
    }),
    panels.onDidShowStep((s) => isPlayed(s) && scheduler.shown()),
    sessions.onDidMoveCursor((s) => {
      if (isPlayed(s) && target) scheduler.cursorMoved(target);
    }),
    panels.onDidRequestPlay(({ session, action }) => {
      if (action === 'key') {
        if (isPlayed(session)) scheduler.stop('keypress');
      } else if (isPlayed(session)) scheduler.stop('paused');
      else if (session.trace) play(session);
    }),
  );
  void vscode.commands.executeCommand('setContext', 'rnn.playing', false);
}
