// PLACEHOLDER (being written): one full run (forward, loss, BPTT, clip, update) recorded as a Trace.
import type { Model } from './model';
import type { Trace } from './trace';

export function runModel(_model: Model): Trace {
  throw new Error('runModel: not written yet');
}
