// Entry point of `rnn-step` (dist/cli.js): binds the commands to this process — arguments, files,
// stdout/stderr and the exit status. Everything else is in dispatch.ts and commands.ts.

import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { DEFAULT_LIMITS } from '../engine/parse/problems';
import type { CliIo } from './commands';
import { dispatch } from './dispatch';
import { readInputBytes, readModelText } from './readInput';
import type { RawSink } from './sink';

/** Writes all of `text` to `fd` before returning. process.stdout would queue whatever a slow
 *  reader has not taken yet — the whole of `run --json | (sleep 5; wc -c)` in memory — so stdout
 *  and stderr are written directly, waiting while a non-blocking pipe is full. A reader that went
 *  away (`… | head -c 10`) ends the process quietly. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let off = 0; off < bytes.length;) {
    try {
      off += writeSync(fd, bytes, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
      else if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      else throw e;
    }
  }
}

/** Streamed output: each block is written before the next is made, so memory stays bounded by
 *  one block whatever the reader's pace. */
function open(path: string | null): RawSink {
  if (path === null) return { write: (block) => writeAll(1, block), close: () => undefined };
  const fd = openSync(path, 'w');
  return { write: (block) => writeAll(fd, block), close: () => closeSync(fd) };
}

const line = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);

const io: CliIo = {
  out: (text) => writeAll(1, line(text)),
  err: (text) => writeAll(2, line(text)),
  readFile: (path) => readModelText(path, DEFAULT_LIMITS.maxFileBytes),
  readBytes: (path, maxBytes) => new Uint8Array(readInputBytes(path, maxBytes, 'a weights file')),
  writeFile: (path, text) => writeFileSync(path, text, 'utf8'),
  baseName: (path) => basename(path),
  open,
  now: Date.now,
};

// Everything is written by the time dispatch returns.
process.exitCode = dispatch(process.argv.slice(2), io);
