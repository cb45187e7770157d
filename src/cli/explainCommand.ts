// `rnn-step explain`: the worked example as Markdown, written to stdout or --out F as it is
// produced (explainChunks), so that a run of 100 000 timesteps streams instead of being built in
// memory. Without --full, only the first and last EXPLAIN_KEEP timesteps of the forward pass and
// of BPTT are written out, the middle replaced by one line saying so.

import { runModel } from '../engine/compute/run';
import { explainChunks } from '../engine/equations/explain';
import { EXPLAIN_KEEP, type Invocation } from './args';
import type { CliIo } from './commands';
import { load, reason } from './loadModel';
import { EXIT_NON_FINITE, nonFiniteLine } from './nonFiniteReport';
import { openSink, type TextSink } from './sink';

export function doExplain(io: CliIo, inv: Invocation): number {
  const model = load(io, inv.file, 'err');
  if (!model) return 1;
  const trace = runModel(model);
  let sink: TextSink | null = null;
  try {
    sink = openSink(io, inv.out);
    let first = true;
    for (const chunk of explainChunks(trace, {
      source: inv.file === '-' ? undefined : io.baseName(inv.file),
      ...(inv.digits ? { digits: inv.digits } : {}),
      ...(inv.full ? {} : { elide: EXPLAIN_KEEP, elideHint: '`rnn-step explain --full` writes every timestep.' }),
    })) {
      sink.write(first ? chunk : `\n${chunk}`);
      first = false;
    }
    sink.close();
  } catch (e) {
    if (inv.out === null) throw e;
    io.err(`rnn-step: cannot write ${inv.out}: ${reason(e)}`);
    return 1;
  }
  if (inv.out !== null) io.err(`wrote ${inv.out}`);
  if (!trace.nonFinite) return 0;
  io.err(nonFiniteLine(inv.file, trace.nonFinite));
  return EXIT_NON_FINITE;
}
