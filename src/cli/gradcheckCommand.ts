// `rnn-step gradcheck`: BPTT's gradients against central finite differences. Each entry costs two
// forward passes, so by default GRADCHECK_SAMPLE entries of each tensor are checked — always the
// same ones (gradcheck.ts) — and --all checks every one; a check that takes a while reports its
// progress and what is left on stderr. A NaN is explained, not just reported as a failure.

import { gradCheck, type GradCheckEntry } from '../engine/compute/gradcheck';
import { fmtPlain } from '../engine/equations/latex';
import { count } from '../engine/parse/wording';
import type { Invocation } from './args';
import type { CliIo } from './commands';
import { fileLabel, load } from './loadModel';
import { writeJson, type JsonValue } from './jsonStream';
import { EXIT_NON_FINITE, nonFiniteJson, nonFiniteLine } from './nonFiniteReport';
import { table } from './output';
import { progressOnStderr } from './progress';
import { openSink } from './sink';

/** The tolerance of `gradcheck`: exit 1 above it (gradcheck.ts explains the error measure). */
export const GRADCHECK_TOLERANCE = 1e-6;

export function doGradcheck(io: CliIo, inv: Invocation): number {
  const model = load(io, inv.file, 'err');
  if (!model) return 1;
  const progress = progressOnStderr(io, 'gradcheck', 'entries');
  const res = gradCheck(model, {
    ...(inv.sample !== null ? { maxPerTensor: inv.sample } : {}),
    onProgress: (done, total) => progress.tick(done, total),
  });
  const pass = res.maxError <= GRADCHECK_TOLERANCE; // NaN fails
  const sampled = res.total < res.entries;
  if (inv.json) {
    const sink = openSink(io, null);
    writeJson(sink, {
      maxError: res.maxError,
      pass,
      tolerance: GRADCHECK_TOLERANCE,
      checked: res.checked,
      entries: res.entries,
      eps: res.eps,
      worst: res.worst ? entryJson(res.worst) : null,
      perTensor: Object.fromEntries(Object.entries(res.perTensor).map(([k, e]) => [k, entryJson(e)])),
      ...(res.nonFinite ? { nonFinite: nonFiniteJson(res.nonFinite) } : {}),
    });
    sink.close();
  } else {
    const rows = [['tensor', 'max error', 'at', 'analytic', 'finite difference']];
    for (const [name, e] of Object.entries(res.perTensor))
      rows.push([name, fmtPlain(e.error, 3), `[${e.index}]`, fmtPlain(e.analytic, 10), fmtPlain(e.numeric, 10)]);
    const what = sampled
      ? `${count(res.checked)} of ${count(res.entries)} entries, at most ${inv.sample} per tensor, the same every run; --all checks every one`
      : `${count(res.checked)} entries`;
    const why = !pass && res.worst?.note ? `: ${res.worst.note} (${res.worst.name}[${res.worst.index}])` : '';
    io.out(
      `gradient check of ${fileLabel(inv.file)} (${what}, ε = ${res.eps}):\n${table(rows)}\n` +
        `max error ${fmtPlain(res.maxError, 3)} — ${pass ? 'ok' : 'FAILED'}${why} (tolerance ${GRADCHECK_TOLERANCE})`,
    );
  }
  if (res.nonFinite) {
    io.err(nonFiniteLine(inv.file, res.nonFinite));
    return EXIT_NON_FINITE;
  }
  return pass ? 0 : 1;
}

function entryJson(e: GradCheckEntry): JsonValue {
  const { name, index, analytic, numeric, error, note } = e;
  return { name, index, analytic, numeric, error, ...(note ? { note } : {}) };
}
