// Reading a model file with a budget: the size is checked before a byte is read, and whatever
// cannot say its size is read only up to the limit. `rnn-step validate /dev/zero` is refused at
// once (a device), a FIFO is refused without waiting for a writer (it is opened non-blocking),
// and standard input ("-") is read to its end or to the limit, whichever comes first — a
// stream of zeros costs at most the limit, never the machine.
//
// Errors carry a `code` (ENOENT, EISDIR, … or this file's ETOOBIG, EFIFO, EDEVICE) and, for this
// file's own, a message that is the whole reason (commands.ts prints "cannot read FILE: REASON").

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { byteSize } from '../engine/parse/wording';

export class InputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

const CHUNK = 1 << 20;

/** Waits `ms` without spinning (a blocking CLI may block). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Reads `fd` to its end, refusing more than `limit` bytes (`what` names it in the message). */
function readBounded(fd: number, limit: number, what: string, kind: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      // A non-blocking standard input with nothing yet to read: wait for it.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        sleep(10);
        continue;
      }
      throw e;
    }
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
    total += n;
    if (total > limit)
      throw new InputError('ETOOBIG', `${what} is more than the limit of ${byteSize(limit)} for ${kind}`);
  }
  return Buffer.concat(chunks, total);
}

/** The model file at `path` ("-": standard input) as text, at most `limit` bytes. */
export function readModelText(path: string, limit: number): string {
  return readInputBytes(
    path,
    limit,
    'a model file',
    '; draw large weights with "init" instead of writing them out',
  ).toString('utf8');
}

/** The bytes of the file at `path` ("-": standard input), at most `limit`; `kind` names the file
 *  in messages ("a model file"), `hint` says what to do about one too large. */
export function readInputBytes(path: string, limit: number, kind: string, hint = ''): Buffer {
  if (path === '-') return readBounded(0, limit, 'standard input', kind);
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below); it changes
  // nothing for a regular file.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st.isFIFO())
      throw new InputError(
        'EFIFO',
        `it is a named pipe (FIFO), not a file; to read a stream, give "-" and redirect it`,
      );
    if (st.isCharacterDevice() || st.isBlockDevice() || st.isSocket())
      throw new InputError('EDEVICE', `it is a ${st.isSocket() ? 'socket' : 'device'}, not a file`);
    if (st.size > limit)
      throw new InputError(
        'ETOOBIG',
        `it is ${byteSize(st.size)}, more than the limit of ${byteSize(limit)} for ${kind}${hint}`,
      );
    // The size said so, but a file can grow while it is read: stay bounded all the same.
    return readBounded(fd, limit, 'the file', kind);
  } finally {
    closeSync(fd);
  }
}
