// A run's first NaN or ±Infinity and a training run's divergence as the panel and the notifications
// say them (the words of nonFiniteSentence, engine/trace/nonFinite.ts). Pure: no vscode.

import { nonFiniteSentence } from '../../engine/trace/nonFinite';
import type { Trace } from '../../engine/trace/trace';
import type { NonFiniteInfo } from '../../shared/protocol';

/** A divergent training step: 0-based `step`, and the value named as nonFinite.ts names it. */
export interface TrainingDivergenceView {
  readonly step: number;
  readonly sentence: string;
}

/** "Training stopped at step K: non-finite value: … (cause)", K counted from 1 as the chart's axis. */
export function divergenceText(d: TrainingDivergenceView): string {
  return `Training stopped at step ${d.step + 1}: ${d.sentence}`;
}

/** The trace's first non-finite value as the panel shows it (null: every number is finite). */
export function nonFiniteInfo(trace: Trace): NonFiniteInfo | null {
  const r = trace.nonFinite;
  return r ? { step: r.step, sentence: nonFiniteSentence(r) } : null;
}
