// The messages of the dynamics panel ("RNN: Compare Cells", "RNN: What If…", "RNN: Sample…"):
// host → webview views built by src/host/dynamics/dynamicsViews.ts, webview → host requests that
// the host checks field by field (parseDynamicsMessage) before it acts — the webview renders model
// strings and is untrusted (docs/ARCHITECTURE.md, "The webview"). Numbers cross as plain arrays.

import type { CellKind } from '../engine/model';

/** One cell of the comparison: its training curve and its gradient flow, before and after. */
export interface CompareCellView {
  readonly cell: CellKind;
  /** "the file's weights" or "drawn with seed 1, scale 0.5". */
  readonly weights: string;
  readonly parameters: number;
  /** The loss before each training step (downsampled for long runs: src/shared/lossCurve.ts). */
  readonly losses: readonly number[];
  readonly lossSteps: readonly number[];
  /** The loss before the first and before the last step (exact, not downsampled). */
  readonly firstLoss: number;
  readonly lastLoss: number;
  /** T × (T+1) row-major ‖∂ℓ_t/∂h_k‖ (gradientFlow.ts); rows without a target are all 0 and flagged.
   *  Typed arrays cross to the webview as binary, without a JSON copy. */
  readonly flowBefore: Float64Array;
  readonly flowAfter: Float64Array;
  readonly hasRow: Uint8Array;
  /** One plain sentence each (sentences.ts flowSentence). */
  readonly sentenceBefore: string;
  readonly sentenceAfter: string;
}

export interface CompareView {
  readonly kind: 'compare';
  readonly title: string;
  /** The inputs as text (tokens joined, or "T vectors"). */
  readonly sequence: string;
  readonly T: number;
  readonly steps: number;
  readonly cells: readonly CompareCellView[];
  /** The one y scale of the three loss curves: the smallest and largest finite loss of any cell. */
  readonly lossRange: { readonly min: number; readonly max: number } | null;
  /** The one colour scale of the six flow heatmaps (compareCells.ts flowRange). */
  readonly flowRange: { readonly min: number; readonly max: number } | null;
}

/** One changed tensor of a what-if (whatIf.ts TensorDiff). */
export interface DiffTensorView {
  readonly id: string;
  readonly label: string;
  readonly shape: readonly number[];
  /** Typed arrays: a what-if of a large model changes hundreds of thousands of numbers. */
  readonly before: Float64Array;
  readonly after: Float64Array;
  readonly changed: number;
  readonly maxAbsDiff: number;
}

export interface WhatIfView {
  readonly kind: 'whatIf';
  readonly title: string;
  /** "W_hh[0][1]: 0.5 → 0.7". */
  readonly change: string;
  /** The same change as the form writes it: the form starts from it, so another number is one edit. */
  readonly request: WhatIfRequest;
  readonly lossBefore: number;
  readonly lossAfter: number;
  readonly changed: readonly DiffTensorView[];
  readonly unchanged: readonly string[];
  /** The parameters (name, shape) the form offers, and the current train settings. */
  readonly params: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly learningRate: number;
  readonly clipNorm: number | null;
  /** Set once the change was written into the file or discarded: the buttons go. */
  readonly settled: 'applied' | 'discarded' | null;
}

/** One generated token: the input, the distribution's top entries and the chosen one. */
export interface SampleStepView {
  readonly t: number;
  readonly input: string;
  readonly chosen: string;
  readonly chosenProbability: number;
  /** The most probable classes, descending (the chosen one added last if it is not among them). */
  readonly top: readonly { readonly token: string; readonly probability: number; readonly logit: number }[];
}

export interface SampleView {
  readonly kind: 'sample';
  readonly title: string;
  readonly from: string;
  readonly temperature: number;
  readonly seed: number;
  readonly tokens: readonly string[];
  readonly steps: readonly SampleStepView[];
}

export type DynamicsView = CompareView | WhatIfView | SampleView;

/** Host → webview. */
export type DynamicsHostMessage =
  | { readonly type: 'show'; readonly view: DynamicsView }
  | { readonly type: 'progress'; readonly message: string }
  | { readonly type: 'error'; readonly message: string };

/** A what-if the panel's form asks for (checked again by the engine: whatIf.ts whatIfProblem). */
export type WhatIfRequest =
  | { readonly kind: 'weight'; readonly param: string; readonly index: readonly number[]; readonly value: number }
  | { readonly kind: 'learningRate'; readonly value: number }
  | { readonly kind: 'clipNorm'; readonly value: number | null };

/** Webview → host (untrusted). */
export type DynamicsWebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'apply' }
  | { readonly type: 'discard' }
  /** Load the view's run (the what-if, the sample) into the stepper. */
  | { readonly type: 'stepThrough' }
  | { readonly type: 'fileRun' }
  | { readonly type: 'whatIf'; readonly change: WhatIfRequest }
  /** Test mode only: what the page shows, as text (DynamicsApi). */
  | { readonly type: 'rendered'; readonly kind: DynamicsView['kind']; readonly text: string };

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function parseChange(x: unknown): WhatIfRequest | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const c = x as Record<string, unknown>;
  if (c.kind === 'weight') {
    const index = c.index;
    if (typeof c.param !== 'string' || c.param.length > 16 || !isNum(c.value)) return undefined;
    if (!Array.isArray(index) || index.length < 1 || index.length > 2) return undefined;
    if (!index.every((i) => Number.isInteger(i) && i >= 0)) return undefined;
    return { kind: 'weight', param: c.param, index: index as number[], value: c.value };
  }
  if (c.kind === 'learningRate') return isNum(c.value) ? { kind: 'learningRate', value: c.value } : undefined;
  if (c.kind === 'clipNorm')
    return c.value === null || isNum(c.value) ? { kind: 'clipNorm', value: c.value as number | null } : undefined;
  return undefined;
}

/** The message if it is exactly one of DynamicsWebviewMessage, else undefined. */
export function parseDynamicsMessage(x: unknown): DynamicsWebviewMessage | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const m = x as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'apply':
    case 'discard':
    case 'stepThrough':
    case 'fileRun':
      return { type: m.type };
    case 'whatIf': {
      const change = parseChange(m.change);
      return change ? { type: 'whatIf', change } : undefined;
    }
    case 'rendered':
      return (m.kind === 'compare' || m.kind === 'whatIf' || m.kind === 'sample') && typeof m.text === 'string'
        ? { type: 'rendered', kind: m.kind, text: m.text.slice(0, 200_000) }
        : undefined;
    default:
      return undefined;
  }
}
