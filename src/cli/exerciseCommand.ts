// `rnn-step exercise FILE [-o OUT.md] [--digits N]`: the file's practice exercises as Markdown
// (engine/practice/exerciseSheet.ts) — the given values, each asked equation with a blank, the
// answer key at the end — on stdout or into OUT.md. A file without a `practice` section asks every
// step of its run (docs/FORMAT.md, "Practice"), and says so on stderr. Exit 1 on an invalid or
// unreadable file.

import { runModel } from '../engine/compute/run';
import { exerciseSheet } from '../engine/practice/exerciseSheet';
import type { Invocation } from './args';
import type { CliIo } from './commands';
import { load, reason } from './loadModel';

export function exerciseCommand(io: CliIo, inv: Invocation): number {
  const model = load(io, inv.file, 'err');
  if (!model) return 1;
  if (!model.practice)
    io.err(`${inv.file} has no "practice" section: every step is asked (docs/FORMAT.md, "Practice")`);
  const md = exerciseSheet(runModel(model), undefined, {
    source: io.baseName(inv.file),
    ...(inv.digits ? { digits: inv.digits } : {}),
  });
  if (inv.out === null) {
    io.out(md);
    return 0;
  }
  try {
    io.writeFile(inv.out, md.endsWith('\n') ? md : `${md}\n`);
  } catch (e) {
    io.err(`rnn-step: cannot write ${inv.out}: ${reason(e)}`);
    return 1;
  }
  io.err(`wrote ${inv.out}`);
  return 0;
}
