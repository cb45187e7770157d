// The commands of `rnn-step`, each a function of the parsed invocation and an I/O surface (so they
// run the same under `node dist/cli.js` and in-process). Each returns its exit status: 0 success,
// 1 a bad or unreadable file (or a failed gradient check), 3 a NaN or ±Infinity was computed
// (nonFiniteReport.ts). Usage errors (2) are the argument parser's; internal errors (70) are
// caught in dispatch.ts. Each command lives in its own file; this one only chooses.

import type { Invocation } from './args';
import { doExplain } from './explainCommand';
import { doGradcheck } from './gradcheckCommand';
import { exportCommand } from './exportCommand';
import { importCommand } from './importCommand';
import { fileLabel, load } from './loadModel';
import { describe } from './output';
import { doRun, runJsonValue } from './runOutput';
import { plainJson } from './jsonStream';
import type { Trace } from '../engine/trace/trace';
import type { RawSink } from './sink';
import { doTrain } from './trainCommand';
import { exerciseCommand } from './exerciseCommand';
import { dynamicsCommand } from './dynamicsCommand';
import { sampleCommand } from './sampleCommand';
import { compareCommand } from './compareCommand';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The model file's text ("-": standard input). Throws an Error with a `code` (ENOENT, EISDIR,
   *  ETOOBIG, EFIFO, …) when the file cannot be read, or not within the size limit. */
  readFile(path: string): string;
  /** The file's bytes; throws (code EFBIG) when it is larger than maxBytes, without reading it. */
  readBytes(path: string, maxBytes: number): Uint8Array;
  writeFile(path: string, text: string): void;
  baseName(path: string): string;
  /** A stream to stdout (path null) or to a file, for output too big to build whole (sink.ts).
   *  Without it, streamed output is gathered and handed to `out` / `writeFile` at the end. */
  open?(path: string | null): RawSink;
  /** The clock of progress reports (default Date.now). */
  now?(): number;
}

export function runCommand(io: CliIo, inv: Invocation): number {
  switch (inv.command) {
    case 'validate': {
      const model = load(io, inv.file, 'out');
      if (!model) return 1;
      io.out(`${fileLabel(inv.file)}: ok — ${describe(model)}`);
      return 0;
    }
    case 'run':
      return doRun(io, inv);
    case 'train':
      return doTrain(io, inv);
    case 'explain':
      return doExplain(io, inv);
    case 'gradcheck':
      return doGradcheck(io, inv);
    case 'import':
      return importCommand(io, inv);
    case 'export':
      return exportCommand(io, inv);
    case 'exercise':
      return exerciseCommand(io, inv);
    case 'dynamics':
      return dynamicsCommand(io, inv);
    case 'sample':
      return sampleCommand(io, inv);
    case 'compare':
      return compareCommand(io, inv);
  }
}

/** What `run --json` prints for `trace`, as a plain value (the exported scripts print the same). */
export function runJson(trace: Trace): unknown {
  return plainJson(runJsonValue(trace));
}
