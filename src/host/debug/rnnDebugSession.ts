// The debug adapter: VS Code's debugger UI (toolbar, Variables, Call Stack, Watch, hovers,
// breakpoints) driving the same session as the stepper panel, forwards and backwards, over the
// Debug Adapter Protocol. It runs inline (debugRegister.ts wraps it in a
// vscode.DebugAdapterInlineImplementation: no child process, so it also works in the web extension
// host) and imports no vscode, so the unit tests drive it message by message.
//
// It keeps no state of the run: every request reads the target's trace at the target's cursor, and
// every stepping request only moves that cursor (target.setCursor). The target is the Session of
// the `.rnn.json` (session.ts), so the panel, the status bar and the debugger always agree; when
// something else moves the cursor (the stepper's commands), a 'step' stop refreshes the debug views;
// when an edit re-runs the model, an 'invalidated' event refetches the values.
// Stepping back restores every value exactly: it is the same trace read at an earlier index.
// This file launches, steps and sends the events; the lines of the file (breakpoints, their
// locations, Run to Line's targets) are its base class's, debugBreakpoints.ts, and the read-only
// requests (call stack, scopes, variables, evaluate) that one's base, debugInspection.ts. The
// stepping granularities (debugNavigation.ts) walk the frames' nesting: equation, timestep, phase.
// With the "NaN / Infinity" exception breakpoint on (nonFiniteStop.ts), continue and every forward
// step stop at the step that writes the run's first non-finite value, with reason 'exception'.

import {
  BreakpointEvent,
  InitializedEvent,
  InvalidatedEvent,
  OutputEvent,
  StoppedEvent,
  TerminatedEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Step } from '../../engine/trace/trace';
import { THREAD_ID } from './debugInspection';
import { DebugBreakpoints } from './debugBreakpoints';
import { continueTarget, granularityOf, stepTarget, type StepRequest } from './debugNavigation';
import { NON_FINITE_FILTER, nonFiniteOnTheWay } from './nonFiniteStop';
import { nonFiniteSentence } from '../../engine/trace/nonFinite';
import type { DebugTarget, LaunchArguments, ResolveTarget } from './debugTarget';

/** How long launch waits for configurationDone (the breakpoints) before it stops anyway. */
const CONFIGURATION_TIMEOUT_MS = 2000;

export class RnnDebugSession extends DebugBreakpoints {
  private subscriptions: { dispose(): void }[] = [];
  /** Whether the client refetches values on an 'invalidated' event (VS Code does). */
  private clientInvalidates = false;
  /** Whether the console has been told that the file has errors (since the last good run). */
  private saidStale = false;
  /** Set while this adapter moves the cursor, so its own move is not taken for the stepper's. */
  private moving = false;
  private configured!: () => void;
  private readonly configurationDone = new Promise<void>((resolve) => (this.configured = resolve));

  constructor(private readonly resolveTarget: ResolveTarget) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(
    response: DebugProtocol.InitializeResponse,
    args: DebugProtocol.InitializeRequestArguments,
  ): void {
    this.clientInvalidates = args.supportsInvalidatedEvent === true;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsStepBack: true,
      supportsSteppingGranularity: true,
      supportsRestartRequest: true,
      supportsGotoTargetsRequest: true,
      supportsEvaluateForHovers: true,
      supportsBreakpointLocationsRequest: true,
      supportsTerminateRequest: true,
      supportsReadMemoryRequest: false,
      supportsSetVariable: false,
      exceptionBreakpointFilters: [NON_FINITE_FILTER],
      supportsExceptionInfoRequest: true,
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): Promise<void> {
    let target: DebugTarget;
    try {
      target = await this.resolveTarget(args);
    } catch (e) {
      return this.fail(response, e instanceof Error ? e.message : String(e));
    }
    if (!target.trace)
      return this.fail(
        response,
        `${target.sourceName} has errors, so there is no run to step through yet (see the Problems view).`,
      );
    this.attach(target);
    // Breakpoints come after 'initialized' and map onto this target's lines, so it is sent only now.
    this.sendEvent(new InitializedEvent());
    await Promise.race([this.configurationDone, new Promise((r) => setTimeout(r, CONFIGURATION_TIMEOUT_MS))]);
    this.sendResponse(response);
    if (args.stopOnEntry === false) this.runTo(-1, continueTarget(this.steps(), -1, this.stops(), false));
    else this.moveTo(0, 'entry');
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured();
    this.sendResponse(response);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.stepRequest(response, 'next', args.granularity);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.stepRequest(response, 'stepIn', args.granularity);
  }

  protected override stepOutRequest(
    response: DebugProtocol.StepOutResponse,
    args: DebugProtocol.StepOutArguments,
  ): void {
    this.stepRequest(response, 'stepOut', args.granularity);
  }

  protected override stepBackRequest(
    response: DebugProtocol.StepBackResponse,
    args: DebugProtocol.StepBackArguments,
  ): void {
    this.stepRequest(response, 'stepBack', args.granularity);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    if (this.target)
      this.runTo(this.target.cursor, continueTarget(this.steps(), this.target.cursor, this.stops(), false));
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.sendResponse(response);
    if (this.target)
      this.runTo(this.target.cursor, continueTarget(this.steps(), this.target.cursor, this.stops(), true));
  }

  protected override restartRequest(response: DebugProtocol.RestartResponse): void {
    this.sendResponse(response);
    this.moveTo(0, 'entry', 'Restarted at the first step');
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    if (this.target) this.moveTo(this.target.cursor, 'pause');
  }

  protected override gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): void {
    const index = args.targetId - 1;
    if (!this.target || index < 0 || index >= this.steps().length)
      return this.fail(response, `no step ${args.targetId}`);
    this.sendResponse(response);
    this.moveTo(index, 'goto');
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.detach();
    this.sendResponse(response);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.detach();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  override dispose(): void {
    this.detach();
    super.dispose();
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────

  private attach(target: DebugTarget): void {
    this.detach();
    this.target = target;
    this.subscriptions.push(
      target.onDidRun(() => this.onTargetRun()),
      target.onDidChangeProblems(() => this.onTargetProblems()),
      target.onDidMoveCursor(() => this.onTargetCursor()),
    );
    if (target.onDidChangeHidden) this.subscriptions.push(target.onDidChangeHidden(() => this.onTargetHidden()));
    if (target.release) this.subscriptions.push({ dispose: () => target.release?.() });
  }

  private detach(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }

  /** Something else moved the cursor (the stepper): a stop where it is now refreshes every debug
   *  view. (With preserveFocusHint VS Code would keep showing the old frame's variables.) */
  private onTargetCursor(): void {
    if (this.moving || !this.target) return;
    this.announce('step');
  }

  /** An edit re-ran the model: the numbers changed, and maybe the steps each line stops at. */
  private onTargetRun(): void {
    if (this.moving || !this.target) return;
    this.saidStale = false;
    const path = this.target.sourcePath;
    for (const b of this.breakpoints.of(path)) this.sendEvent(new BreakpointEvent('changed', this.verify(path, b)));
    this.refetchValues('The model was re-run after an edit');
  }

  /** Practice mode went on or off, or an answer or a hint revealed a value: the views refetch. */
  private onTargetHidden(): void {
    if (this.moving || !this.target) return;
    this.refetchValues('Practice mode changed what is shown');
  }

  /** The values changed under the same step. A stop would select the frame's range in the editor
   *  the person is typing in; 'invalidated' refetches the values and leaves the caret. */
  private refetchValues(why: string): void {
    if (this.clientInvalidates) {
      this.handles.reset();
      this.sendEvent(new InvalidatedEvent(['variables']));
    } else {
      this.announce('step', why, undefined, true);
    }
  }

  /** The text has errors (or the document reopened): said once per broken spell (every debounced
   *  keystroke re-parses), and not when the session only re-attached to its reopened document. */
  private onTargetProblems(): void {
    if (this.moving || !this.target) return;
    if (this.target.stale && !this.saidStale) {
      this.saidStale = true;
      this.sendEvent(
        new OutputEvent(
          `${this.target.sourceName} has errors: the debugger shows the last run that worked (see the Problems view).\n`,
          'console',
        ),
      );
    }
  }

  private steps(): readonly Step[] {
    return this.target?.trace?.steps ?? [];
  }

  private stepRequest(response: DebugProtocol.Response, request: StepRequest, granularity: unknown): void {
    this.sendResponse(response);
    if (!this.target) return;
    const from = this.target.cursor;
    const to = stepTarget(this.steps(), from, request, granularityOf(granularity));
    if (!this.stopsOnNonFinite(from, to)) this.moveTo(to, 'step');
  }

  /** Stops at the first non-finite value instead when the move from → to passes over it (and the
   *  "NaN / Infinity" exception breakpoint is on). Returns whether it did. */
  private stopsOnNonFinite(from: number, to: number): boolean {
    const trace = this.target?.trace;
    const at = this.breakOnNonFinite ? nonFiniteOnTheWay(trace, from, to) : null;
    if (at === null || !trace?.nonFinite) return false;
    this.moveTo(at, 'exception', 'Paused on NaN / Infinity', undefined, nonFiniteSentence(trace.nonFinite));
    return true;
  }

  private runTo(from: number, to: { index: number; hit: boolean }): void {
    if (this.stopsOnNonFinite(from, to.index)) return;
    if (to.hit) {
      this.moveTo(to.index, 'breakpoint', undefined, this.breakpoints.hitIds(this.target?.sourcePath ?? '', to.index));
    } else {
      this.moveTo(
        to.index,
        'step',
        to.index === 0 ? 'Paused at the start of the run' : 'Paused at the end of the run (no breakpoint ahead)',
      );
    }
  }

  /** Moves the cursor and tells the client where it stopped. */
  private moveTo(
    index: number,
    reason: string,
    description?: string,
    hitBreakpointIds?: number[],
    text?: string,
  ): void {
    if (!this.target) return;
    this.moving = true;
    try {
      this.target.setCursor(index);
    } finally {
      this.moving = false;
    }
    this.announce(reason, description, hitBreakpointIds, false, text);
  }

  private announce(
    reason: string,
    description?: string,
    hitBreakpointIds?: number[],
    preserveFocus = false,
    text?: string,
  ): void {
    // Variables, scopes and rows are fetched anew after every stop.
    this.handles.reset();
    const event: DebugProtocol.StoppedEvent = new StoppedEvent(reason, THREAD_ID);
    event.body.allThreadsStopped = true;
    if (description) event.body.description = description;
    if (hitBreakpointIds?.length) event.body.hitBreakpointIds = hitBreakpointIds;
    if (preserveFocus) event.body.preserveFocusHint = true;
    if (text) event.body.text = text;
    this.sendEvent(event);
  }
}
