// The one message protocol between the extension host and the stepper panel (webview). Both sides
// import these types; nothing else crosses the boundary.
//
// Host → webview messages are trusted (we build them). Webview → host messages are NOT: the webview
// renders model strings and could in principle be subverted, so `parseWebviewMessage`
// (parseWebviewMessage.ts) checks every field before the host acts on it (docs/ARCHITECTURE.md,
// "The webview").
//
// What crosses per step is only what that step shows: the live tensors (large ones by reference to
// a content-addressed cache both sides keep in lockstep, see tensorCache.ts), the equation's LaTeX
// and small per-timestep summaries. The heavy static parts (timeline, unrolled skeleton) come once
// per run in the 'run' message.

// The words of the engine cross as the engine defines them (a phase, a cell, a tensor's role and
// group, the timeline's shape): imported, never declared a second time here.

import type { CellKind } from '../engine/model';
import type { LiveGroup, LiveRole } from '../engine/trace/liveTensors';
import type { TimelineShape } from '../engine/trace/navigation';
import type { Phase } from '../engine/trace/trace';
import type { HintLevel } from '../engine/practice/hints';
import type { QuestionStatus } from '../engine/practice/progress';

/** A problem of the document, as the stale banner lists it. */
export interface ProblemInfo {
  readonly severity: 'error' | 'warning';
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The model, as far as the panel's static parts need it. Strings are untrusted text (textContent only). */
export interface ModelInfo {
  readonly name: string;
  readonly cell: CellKind;
  readonly activation: string;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly outputSize: number;
  /** T */
  readonly steps: number;
  /** Label of x_t for t = 1…T: the token, or null in vector mode. */
  readonly inputTokens: readonly string[] | null;
  /** Label of the target at t = 1…T: a class token, '' for a vector target, null where there is none. */
  readonly targetTokens: readonly (string | null)[];
}

/** A tensor as the panel shows it. `data` is null when the webview already holds `key` in its cache. */
export interface TensorPayload {
  /** Stable name (data-testid `tensor-<id>`): `h`, `W_hh`, `dW_hh`, `h-t2` for h at another timestep. */
  readonly id: string;
  readonly name: string;
  /** Timestep of a series value, null for parameters and scalars. */
  readonly t: number | null;
  /** Plain-text label with Unicode subscripts: "h₃", "δa₄", "∂L/∂W_hh". */
  readonly label: string;
  readonly tex: string;
  readonly shape: readonly number[];
  readonly role: LiveRole;
  /** What kind of value it is (how the panel groups the merely-live ones). */
  readonly group: LiveGroup;
  readonly data: TensorData;
  /** For a parameter: its gradient as it stands at this step (hover shows it next to the value). */
  readonly grad: TensorData | null;
  /** Practice mode: the learner is asked to compute what this step writes, so neither its numbers
   *  nor (for a parameter whose gradient this step adds to) its gradient are sent: `data` and
   *  `grad` carry no values, and the panel shows the shape with a `?` per element. */
  readonly hidden?: boolean;
}

/** Numbers, inline or by cache key. key === null: small, always inline, never cached. */
export interface TensorData {
  readonly key: string | null;
  readonly values: Float64Array | null;
}

export interface StepInfo {
  readonly index: number;
  readonly id: string;
  readonly phase: Phase;
  readonly t: number | null;
  readonly kind: string;
  readonly title: string;
  /** Position inside the timestep group (0-based) and the group's size. */
  readonly groupPos: number;
  readonly groupSize: number;
  readonly reads: readonly { readonly name: string; readonly t: number | null }[];
  readonly writes: readonly { readonly name: string; readonly t: number | null }[];
}

/** A step's equation (the engine's StepEquation, equations.ts): symbolic and numeric TeX on one
 *  line each, one plain sentence on why the step happens, and the lines the panel typesets — one
 *  per statement, wrapping after any operator, with a variant whose matrices are elided. */
export interface EquationPayload {
  readonly symbolic: string;
  readonly numeric: string;
  readonly why: string;
  readonly wrapped: {
    readonly symbolic: readonly string[];
    readonly numeric: readonly string[];
    readonly elided: readonly string[] | null;
  };
}

/** One rung of the hint ladder (engine/practice/hints.ts), as the panel shows it. */
export interface HintPayload {
  readonly level: HintLevel;
  readonly title: string;
  readonly text: string;
  /** KaTeX. */
  readonly tex: string;
}

/** One value the current step asks for (engine/practice/questions.ts) and where the learner is. */
export interface PracticeQuestionInfo {
  /** Question.key: what an answer or a hint request names. */
  readonly key: string;
  /** "δa₄" */
  readonly label: string;
  /** "a vector of 4 numbers" (labels.ts shapeWords). */
  readonly shape: string;
  readonly status: QuestionStatus;
  /** The last rung of the hint ladder (the answer) was shown. */
  readonly revealed: boolean;
  /** The last answer given, shown again when the learner comes back to the step. */
  readonly answer: string | null;
  /** The verdict on that answer (diagnose.ts `message`): the exact value only when it was right. */
  readonly verdict: string | null;
  /** The rungs of the hint ladder shown so far, in order. */
  readonly hints: readonly HintPayload[];
  /** Whether another rung can be shown. */
  readonly moreHints: boolean;
}

/** Practice mode's part of a step: the progress line and this step's questions (none when the step
 *  asks nothing). Absent from a step message when the panel is not in practice mode. */
export interface PracticeInfo {
  /** "3 of 8 steps correct, 2 hints" (progress.ts). */
  readonly summary: string;
  /** "4 significant digits (or within 0.0001 absolute near zero)" (tolerance.ts). */
  readonly tolerance: string;
  readonly hintsAllowed: boolean;
  readonly questions: readonly PracticeQuestionInfo[];
  /** The asked steps before and after this one (the panel's Previous / Next question). */
  readonly previous: number | null;
  readonly next: number | null;
}

// ── Host → webview ─────────────────────────────────────

/** Once per run (a new trace, or the panel (re)loaded): everything static. */
export interface RunMessage {
  readonly type: 'run';
  readonly runId: number;
  /** The document shown, kept by the webview's state so the serializer can restore the panel. */
  readonly uri: string;
  readonly model: ModelInfo;
  /** The run's phases and timestep groups (navigation.ts computes them). */
  readonly timeline: TimelineShape;
  readonly stale: boolean;
  readonly problems: readonly ProblemInfo[];
  /** Set when the run is not the file's: a replayed training iteration (Step into iteration), a
   *  sample or a what-if (session.ts showRun). */
  readonly recorded?: RecordedRunInfo | null;
}

/** A run the stepper shows instead of the file's own run. */
export interface RecordedRunInfo {
  /** What it is: "sample, seed 3", "what if W_hh[0][1] = 0.75", "iteration 8 of 40 of training". */
  readonly label: string;
  /** For a replayed training iteration: its 0-based training step, of `total` (else absent). */
  readonly iteration?: number;
  readonly total?: number;
}

/** The run's first NaN or ±Infinity (engine: trace/nonFinite.ts), as the banner and the timeline
 *  show it. */
export interface NonFiniteInfo {
  /** Index of the step that writes it. */
  readonly step: number;
  /** nonFiniteSentence: "non-finite value: y[0] at forward t=1 (overflowing weight: …)". */
  readonly sentence: string;
}

/** The run's first non-finite value, or null when every number is finite: after a 'run' that has
 *  one (a 'run' itself means null), and whenever an edit that kept the run changed it. */
export interface NonFiniteMessage {
  readonly type: 'nonFinite';
  readonly runId: number;
  readonly nonFinite: NonFiniteInfo | null;
}

/** Every cursor move. */
export interface StepMessage {
  readonly type: 'step';
  readonly runId: number;
  readonly step: StepInfo;
  readonly equation: EquationPayload;
  readonly tensors: readonly TensorPayload[];
  /** ‖∂L/∂h_t‖ for t = 0…T as computed by this step (null = not yet); omitted when unchanged. */
  readonly gradNorms?: readonly (number | null)[];
  /** L once the loss step has run, else null (and null at the loss step while it is asked). */
  readonly loss: number | null;
  readonly stale: boolean;
  /** Present in practice mode only. */
  readonly practice?: PracticeInfo;
  /** While playing (not in practice mode): the equation of the step Play shows next, for the panel
   *  to prepare right after painting this one, before it reports 'shown' and Play sends that step. */
  readonly next?: EquationPayload;
}

/** Sent just after a step, off its critical path: the equations of the steps a person is likely to
 *  go to next (Step Into, Step Backward, Step Forward), for the panel to typeset while idle. */
export interface PrefetchMessage {
  readonly type: 'prefetch';
  readonly runId: number;
  readonly equations: readonly EquationPayload[];
}

/** The document became invalid (stale: the last good trace stays on screen) or valid again. */
export interface ProblemsMessage {
  readonly type: 'problems';
  readonly stale: boolean;
  readonly problems: readonly ProblemInfo[];
}

/** There is no trace to show at all (the file never parsed), with the reason. */
export interface EmptyMessage {
  readonly type: 'empty';
  readonly uri: string;
  readonly message: string;
  readonly problems: readonly ProblemInfo[];
}

/** Progress of a training run of the document ("RNN: Train…"): the loss curve. */
export interface TrainingMessage {
  readonly type: 'training';
  readonly state: 'running' | 'done' | 'diverged' | 'cancelled' | 'failed';
  readonly step: number;
  readonly total: number;
  /** L before completed steps: all of them, or for long runs a min/max-per-bucket sample (lossCurve.ts). */
  readonly losses: readonly number[];
  /** The 0-based training step of each entry of `losses`. */
  readonly lossSteps: readonly number[];
  readonly finalLoss: number | null;
  readonly error: string | null;
  /** Training stopped at a divergent step: "Training stopped at step K: non-finite value: …". */
  readonly divergence: string | null;
  /** Per step ‖g‖ before clipping, the clip factor and η (each downsampled on its own: lossCurve.ts). */
  readonly gradNorms?: SeriesCurve;
  readonly clipFactors?: SeriesCurve;
  readonly learningRates?: SeriesCurve;
  /** Steps whose gradient clipping scaled down (clip factor < 1), of all steps so far, and the
   *  smallest factor with its 0-based step (null when none was clipped). */
  readonly clipped?: { readonly count: number; readonly min: number; readonly at: number } | null;
  /** The first 0-based step with a non-finite loss, gradient or update, or null. */
  readonly divergedAt?: number | null;
  /** Whether "Step into iteration" can replay this run (it ended and its record is kept). */
  readonly replayable?: boolean;
}

/** A per-step training statistic: values[j] belongs to the 0-based step steps[j]. */
export interface SeriesCurve {
  readonly steps: readonly number[];
  readonly values: readonly number[];
}

/** Why it learns: the dynamics of the run shown (engine/dynamics/dynamics.ts), computed off the
 *  host thread when the panel's section asks for them. */
export interface DynamicsMessage {
  readonly type: 'dynamics';
  readonly runId: number;
  readonly state: 'computing' | 'ready' | 'refused' | 'failed';
  /** Why there are none (refused or failed). */
  readonly reason: string | null;
  readonly data: DynamicsPayload | null;
  /** 'ready' without the connectivity yet: it follows in a second 'ready' message. */
  readonly partial?: boolean;
}

export interface DynamicsPayload {
  readonly T: number;
  /** ‖∂ℓ_t/∂h_k‖₂, T × (T+1) row-major: (t, k) at (t−1)·(T+1) + k (gradientFlow.ts). */
  readonly flow: Float64Array;
  /** flowRows[t−1]: step t has a target (a row without one has no loss to flow back). */
  readonly flowRows: readonly boolean[];
  /** ‖∂y_t/∂x_k‖_F, T × T row-major: (t, k) at (t−1)·T + (k−1); null when left out (connectivity.ts). */
  readonly connectivity: Float64Array | null;
  readonly spectra: readonly { readonly name: string; readonly radius: number; readonly norm: number }[];
  readonly saturation: readonly {
    readonly gate: string;
    readonly kind: 'sigmoid' | 'tanh';
    readonly fraction: number;
    readonly low: number;
    readonly high: number;
  }[];
  /** One plain sentence per measure (sentences.ts). */
  readonly sentences: {
    readonly flow: string;
    readonly connectivity: string;
    readonly spectralRadius: string;
    readonly saturation: string;
  };
}

/** Bring a part of the panel into view ("Show Loss Curve" after training). */
export interface RevealMessage {
  readonly type: 'reveal';
  readonly section: 'training';
}

/** Whether "RNN: Play" is playing this panel's session, and how fast (the panel's Play/Pause control). */
export interface PlayStateMessage {
  readonly type: 'playState';
  readonly playing: boolean;
  readonly stepsPerSecond: number;
}

/** A run of the edited text is under way off the editor's thread (progress 0…1), shown after it
 *  took longer than a moment; null when it ended. The panel keeps the previous run meanwhile. */
export interface RunningMessage {
  readonly type: 'running';
  readonly progress: number | null;
}

export type HostMessage =
  | RunMessage
  | StepMessage
  | NonFiniteMessage
  | PrefetchMessage
  | ProblemsMessage
  | EmptyMessage
  | TrainingMessage
  | RevealMessage
  | PlayStateMessage
  | DynamicsMessage
  | RunningMessage;

// ── Webview → host (untrusted) ─────────────────────────────────

/** The webview loaded (or reloaded): send the run and the current step, forget the cache mirror. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** "Go to first non-finite value" was pressed: the host moves the cursor to the step it recorded. */
export interface GoToNonFiniteMessage {
  readonly type: 'goToNonFinite';
  readonly runId: number;
}

/** The person moved the timeline scrubber. */
export interface SetCursorMessage {
  readonly type: 'setCursor';
  readonly runId: number;
  readonly stepIndex: number;
}

/** The webview painted a step (PanelsApi.lastReport). Sent in the extension's test mode only. */
export interface RenderedMessage {
  readonly type: 'rendered';
  readonly stepIndex: number;
  readonly stepId: string;
  /** The step's title as shown. */
  readonly title: string;
  /** textContent of the rendered numeric equation (KaTeX output), for assertions on numbers. */
  readonly equationText: string;
  /** Whether the panel shows the trace as stale (the file currently has errors). */
  readonly stale: boolean;
  /** Practice mode only: the progress line of the header ("1 of 51 steps correct, 0 hints"). */
  readonly practice?: string;
}

/** The panel painted step `stepIndex` of run `runId` (sent after every step it draws, right after
 *  the frame that shows it): Play's next step waits for it (stepper/playScheduler.ts), so that Play
 *  never runs ahead of what a person sees. */
export interface ShownMessage {
  readonly type: 'shown';
  readonly runId: number;
  readonly stepIndex: number;
}

/** A cache reference could not be resolved: resend the current step with every tensor inline. */
export interface ResyncMessage {
  readonly type: 'resync';
}

/** The panel's Play/Pause control was pressed ('toggle'), or a key was pressed in the panel ('key':
 *  playing stops on any keypress). */
export interface PlayControlMessage {
  readonly type: 'playControl';
  readonly action: 'toggle' | 'key';
}

/** Practice mode: the learner typed an answer for a question of the step shown and pressed Enter. */
export interface PracticeAnswerMessage {
  readonly type: 'practiceAnswer';
  readonly runId: number;
  readonly key: string;
  readonly text: string;
}

/** Practice mode: show the next rung of a question's hint ladder. */
export interface PracticeHintMessage {
  readonly type: 'practiceHint';
  readonly runId: number;
  readonly key: string;
}

/** Practice mode: the panel's Reset progress ('reset') or Leave practice ('exit') button. */
export interface PracticeControlMessage {
  readonly type: 'practiceControl';
  readonly action: 'reset' | 'exit';
}

/** The "Why it learns" section was opened: compute the dynamics of run `runId` (and keep them current). */
export interface RequestDynamicsMessage {
  readonly type: 'requestDynamics';
  readonly runId: number;
}

/** "Step into iteration": replay 0-based training step `iteration` of the last training run. */
export interface StepIntoIterationMessage {
  readonly type: 'stepIntoIteration';
  readonly iteration: number;
}

/** Leave a replayed iteration for the file's own run. */
export interface BackToFileMessage {
  readonly type: 'backToFile';
}

export type WebviewMessage =
  | ReadyMessage
  | SetCursorMessage
  | GoToNonFiniteMessage
  | RenderedMessage
  | ShownMessage
  | ResyncMessage
  | PlayControlMessage
  | PracticeAnswerMessage
  | PracticeHintMessage
  | PracticeControlMessage
  | RequestDynamicsMessage
  | StepIntoIterationMessage
  | BackToFileMessage;

/** Exhaustiveness helper for switches over the unions above. */
export function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}
