// The host's half of one stepper panel, without VS Code: what to post when the session changes and
// what to do with each (validated) message from the webview. panel.ts wires it to a WebviewPanel;
// the webview tests and the benchmark drive the very same class against a real browser.

import type { Problem } from '../../engine/parse/problems';
import type { Trace } from '../../engine/trace/trace';
import type { HostMessage, RecordedRunInfo } from '../../shared/protocol';
import { nonFiniteInfo } from './nonFiniteView';
import { parseWebviewMessage } from '../../shared/parseWebviewMessage';
import type { PanelReport } from '../api';
import type { Logger } from '../log';
import { PanelMessageBuilder, problemInfos } from './panelMessages';
import type { PracticeSession } from '../practice/practiceSession';
import { DynamicsFeed } from './dynamicsFeed';
import { trainingMessage, type TrainingView } from './trainingMessage';

/** What the controller reads of a Session (session.ts implements it). */
export interface SessionView {
  readonly uri: { toString(): string };
  readonly trace: Trace | undefined;
  readonly cursor: number;
  readonly stale: boolean;
  readonly problems: readonly Problem[];
  readonly error: string | undefined;
  readonly training?: TrainingView;
  /** Set while the stepper shows a run other than the file's (session.ts showRun): its label, and
   *  for a replayed training iteration which one. */
  readonly shownRun?: string;
  readonly recorded?: { readonly iteration: number; readonly total: number };
  /** A run of the current text under way (Session.rerunning), and its progress once shown (Session.running). */
  readonly rerunning?: boolean;
  readonly running?: { readonly progress: number };
  setCursor(index: number): boolean;
}

/** How long after a step its neighbours' equations are sent (a burst of steps sends only the last's). */
export const PREFETCH_DELAY_MS = 10;

export class PanelController {
  private readonly builder = new PanelMessageBuilder();
  private ready = false;
  private prefetchTimer: ReturnType<typeof setTimeout> | undefined;
  private trace: Trace | undefined;
  /** The non-finite record the panel holds for its run (its sentence and step), to post changes only. */
  private sentNonFinite: string | undefined;
  private play: { playing: boolean; stepsPerSecond: number } = { playing: false, stepsPerSecond: 4 };
  /** Where the panel's Play/Pause control and keypresses go (play.ts, through StepperPanels). */
  onPlayControl: ((action: 'toggle' | 'key') => void) | undefined;
  /** The last step posted, until the panel says it painted it ('shown'): Play waits for that. */
  private unpainted: { runId: number; index: number } | undefined;
  /** The panel painted the last step posted (Play's next step may go: stepper/playScheduler.ts). */
  onShown: (() => void) | undefined;
  /** Practice mode (practice/practiceSession.ts), or undefined when the panel just shows the run. */
  private practice: PracticeSession | undefined;
  /** The panel's Leave practice button: the owner turns practice mode off (it remembers the mode). */
  onPracticeExit: (() => void) | undefined;
  /** "Step into iteration" and "Back to the file's run" (training/stepInto.ts, through panel.ts). */
  onStepInto: ((iteration: number) => void) | undefined;
  onBackToFile: (() => void) | undefined;
  /** The "Why it learns" section's data: panel.ts sets its analyser to the training worker. */
  readonly dynamics = new DynamicsFeed(
    (m) => this.post(m),
    () => this.builder.currentRunId,
  );
  /** Whether the last 'run' message said the run is a replayed iteration. */
  private shownLabel: string | undefined;

  constructor(
    private readonly session: SessionView,
    private readonly post: (m: HostMessage) => void,
    private readonly log: Pick<Logger, 'warn'>,
    /** Test mode only: where the panel's paint reports go (PanelsApi); without it they are refused. */
    private readonly onReport?: (r: PanelReport) => void,
  ) {}

  /** A part of the panel to bring into view once the page is ready. */
  private pendingReveal: 'training' | undefined;

  /** Brings a part of the panel into view, now or as soon as the page is ready. */
  reveal(section: 'training'): void {
    if (this.ready) this.post({ type: 'reveal', section });
    else this.pendingReveal = section;
  }

  /** Turns practice mode on (with the model's practice state) or off. On, the cursor goes to the
   *  first asked step from where it is when the file has a practice section. */
  setPractice(practice: PracticeSession | undefined): void {
    if (practice === this.practice) return;
    this.practice = practice;
    const s = this.session;
    const moved = practice !== undefined && s.trace !== undefined && s.setCursor(practice.startAt(s.cursor));
    // A cursor that moved brings its step through cursorMoved; otherwise the step is sent again.
    if (!moved && this.ready) this.sendStep();
  }

  get practicing(): boolean {
    return this.practice !== undefined;
  }

  /** A message from the webview: untrusted until parseWebviewMessage says otherwise. */
  receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`stepper panel of ${this.session.uri.toString()}: refused a message (${parsed.reason})`);
      return;
    }
    const msg = parsed.message;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.sendAll();
        if (this.pendingReveal) this.post({ type: 'reveal', section: this.pendingReveal });
        this.pendingReveal = undefined;
        if (this.play.playing) this.post({ type: 'playState', ...this.play });
        return;
      case 'resync':
        this.builder.reset();
        this.sendStep();
        return;
      case 'setCursor': {
        const trace = this.session.trace;
        if (!trace || msg.runId !== this.builder.currentRunId || trace !== this.trace) return;
        if (msg.stepIndex >= trace.steps.length) return;
        this.session.setCursor(msg.stepIndex);
        return;
      }
      case 'goToNonFinite': {
        // The host's own record, not an index from the webview: the step it names in this trace.
        const trace = this.session.trace;
        if (!trace || msg.runId !== this.builder.currentRunId || trace !== this.trace) return;
        if (trace.nonFinite) this.session.setCursor(trace.nonFinite.step);
        return;
      }
      case 'playControl':
        this.onPlayControl?.(msg.action);
        return;
      case 'shown': {
        const u = this.unpainted;
        if (!u || u.runId !== msg.runId || u.index !== msg.stepIndex) return;
        this.unpainted = undefined;
        this.onShown?.();
        return;
      }
      case 'practiceAnswer':
      case 'practiceHint': {
        const trace = this.session.trace;
        const p = this.practice;
        if (!p || !trace || msg.runId !== this.builder.currentRunId || trace !== this.trace) return;
        const index = this.shownIndex(trace);
        const done = msg.type === 'practiceAnswer' ? p.answer(index, msg.key, msg.text) : p.hint(index, msg.key);
        if (done === undefined) this.log.warn(`stepper panel: step ${index} does not ask ${msg.key.slice(0, 80)}`);
        this.sendStep();
        return;
      }
      case 'practiceControl':
        if (!this.practice) return;
        if (msg.action === 'exit') {
          if (this.onPracticeExit) this.onPracticeExit();
          else this.setPractice(undefined);
          return;
        }
        this.practice.reset();
        this.sendStep();
        return;
      case 'requestDynamics':
        if (msg.runId === this.builder.currentRunId && this.trace === this.session.trace)
          this.dynamics.request(this.trace);
        return;
      case 'stepIntoIteration':
        this.onStepInto?.(msg.iteration);
        return;
      case 'backToFile':
        this.onBackToFile?.();
        return;
      case 'rendered':
        if (this.onReport) this.onReport({ uri: this.session.uri.toString(), ...withoutType(msg) });
        else this.log.warn(`stepper panel of ${this.session.uri.toString()}: refused a paint report (test mode only)`);
        return;
      default: {
        const never: never = msg;
        throw new Error(`unhandled ${String(never)}`);
      }
    }
  }

  /** The session ran a new text (Session.onDidRun): the panel follows the new trace — as a new run,
   *  or, after an edit that changed only numbers, as the same run with new numbers (only the step
   *  goes out, with only the tensors that changed: PanelMessageBuilder.keeps). */
  runChanged(): void {
    if (!this.ready) return;
    const trace = this.session.trace;
    // Into or out of a replayed iteration is a new run for the panel, even with the same shape.
    const sameSource = this.session.shownRun === this.shownLabel;
    if (this.trace && trace && sameSource && this.builder.keeps(trace)) {
      this.trace = trace;
      this.sendNonFinite(trace);
      this.sendStep();
      this.dynamics.show(trace);
      return;
    }
    this.sendAll();
  }

  /** The session's problems changed over the same trace (Session.onDidChangeProblems). */
  problemsChanged(): void {
    if (!this.ready) return;
    if (this.session.trace && this.trace === this.session.trace) {
      this.post({ type: 'problems', stale: this.session.stale, problems: problemInfos(shownProblems(this.session)) });
    } else {
      this.sendAll();
    }
  }

  /** A run became long enough to show, progressed or ended (Session.onDidChangeRunning). */
  runningChanged(): void {
    if (!this.ready) return;
    if (!this.trace && !this.session.rerunning) return this.sendAll(); // a first run failed or ended
    this.post({ type: 'running', progress: this.session.running?.progress ?? null });
  }

  /** Whether the panel has yet to paint the last step posted to it. */
  get behind(): boolean {
    return this.ready && this.unpainted !== undefined;
  }

  /** The session's cursor moved (Session.onDidMoveCursor): the panel shows that step. */
  cursorMoved(): void {
    if (this.ready) this.sendStep();
  }

  /** Play started or stopped, or its speed changed: the panel's Play/Pause control follows. */
  playState(playing: boolean, stepsPerSecond: number): void {
    const stopped = this.play.playing && !playing;
    this.play = { playing, stepsPerSecond };
    if (!this.ready) return;
    this.post({ type: 'playState', ...this.play });
    // Where Play stopped, the person steps on by hand: the neighbours' equations, as after a step;
    // once it plays, those of the step it started from are not wanted (schedulePrefetch cancels them).
    if (stopped || playing) this.schedulePrefetch();
  }

  /** A training run progressed: the panel draws its loss curve. */
  training(p: TrainingView): void {
    if (this.ready) this.post(trainingMessage(p));
  }

  /** The webview was torn down (hidden without retained context, or reloaded): wait for 'ready'. */
  detached(): void {
    this.ready = false;
    this.unpainted = undefined;
  }

  private sendAll(): void {
    const s = this.session;
    this.trace = s.trace;
    if (!s.trace) {
      const why = s.error
        ? `The engine failed: ${s.error}`
        : s.rerunning
          ? 'Running the model…'
          : 'Fix the problems below and the stepper will show the run.';
      this.post({ type: 'empty', uri: s.uri.toString(), message: why, problems: problemInfos(s.problems) });
      return;
    }
    this.shownLabel = s.shownRun;
    this.post({
      ...this.builder.run(s.trace, s.uri.toString(), s.stale, shownProblems(s)),
      recorded: recordedInfo(s),
    });
    // A 'run' clears the panel's record: only a run that has one needs a 'nonFinite' after it.
    this.sentNonFinite = JSON.stringify(null);
    this.sendNonFinite(s.trace);
    // The webview hides "running…" with each new run: say so again while one is shown.
    if (s.running) this.post({ type: 'running', progress: s.running.progress });
    this.sendStep();
    if (s.training) this.post(trainingMessage(s.training));
    this.dynamics.show(s.trace);
  }

  /** The run's first non-finite value (the banner, the timeline's mark), when it changed. */
  private sendNonFinite(trace: Trace): void {
    const nonFinite = nonFiniteInfo(trace);
    const key = JSON.stringify(nonFinite);
    if (key === this.sentNonFinite) return;
    this.sentNonFinite = key;
    this.post({ type: 'nonFinite', runId: this.builder.currentRunId, nonFinite });
  }

  private sendStep(): void {
    const s = this.session;
    if (!s.trace || s.trace !== this.trace) return this.sendAll();
    const index = this.shownIndex(s.trace);
    const p = this.practice;
    const message = this.builder.step(s.trace, index, s.stale, p?.hides(index) ?? false);
    // Playing, the step Play shows next comes along: the panel prepares it once this one is painted.
    const next = this.play.playing && !p ? this.builder.playNext(s.trace, index) : undefined;
    this.post(p ? { ...message, practice: p.info(index) } : next ? { ...message, next } : message);
    this.unpainted = { runId: message.runId, index };
    this.schedulePrefetch();
  }

  /** The likely next equations, once the step shown is on its way; a newer step cancels them. Not
   *  in practice mode (they end in the results the learner is asked for), and not while playing:
   *  each step then carries the one equation Play shows next (sendStep). */
  private schedulePrefetch(): void {
    if (this.prefetchTimer !== undefined) clearTimeout(this.prefetchTimer);
    this.prefetchTimer = undefined;
    const trace = this.session.trace;
    if (this.practice || this.play.playing || !trace || trace !== this.trace) return;
    this.prefetchTimer = setTimeout(() => {
      this.prefetchTimer = undefined;
      if (this.ready && this.session.trace === trace && this.trace === trace)
        this.post(this.builder.prefetch(trace, this.shownIndex(trace)));
    }, PREFETCH_DELAY_MS);
  }

  private shownIndex(trace: Trace): number {
    return Math.min(this.session.cursor, trace.steps.length - 1);
  }

  dispose(): void {
    this.dynamics.dispose();
    if (this.prefetchTimer !== undefined) clearTimeout(this.prefetchTimer);
  }
}

/** The session's problems, plus the engine's failure when the run itself failed on a valid text
 *  (the panel then shows the last good run as stale, and says why it is not the current one). */
export function shownProblems(s: Pick<SessionView, 'problems' | 'error'>): readonly Problem[] {
  if (s.error === undefined) return s.problems;
  const failure: Problem = {
    severity: 'error',
    path: '',
    offset: 0,
    length: 0,
    line: 1,
    column: 1,
    message: `The engine failed: ${s.error}`,
  };
  return [...s.problems, failure];
}

function withoutType<T extends { type: string }>(m: T): Omit<T, 'type'> {
  const { type: _type, ...rest } = m;
  return rest;
}

/** The panel's note on a run other than the file's, or null for the file's own run. */
function recordedInfo(s: SessionView): RecordedRunInfo | null {
  if (s.shownRun === undefined) return null;
  return { label: s.shownRun, ...(s.recorded ?? {}) };
}
