// Entry point of `rnn-step` (dist/cli.js): binds the commands to this process — arguments, files,
// stdout/stderr and the exit status. Everything else is in dispatch.ts and commands.ts.

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CliIo } from './commands';
import { dispatch } from './dispatch';

const io: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  readFile: (path) => readFileSync(path, 'utf8'),
  readBytes: (path, maxBytes) => {
    const size = statSync(path).size;
    if (size > maxBytes)
      throw Object.assign(new Error(`it is ${size} bytes, more than the limit of ${maxBytes}`), { code: 'EFBIG' });
    return new Uint8Array(readFileSync(path));
  },
  writeFile: (path, text) => writeFileSync(path, text, 'utf8'),
  baseName: (path) => basename(path),
};

// A closed pipe (`rnn-step run f --json | head -c 10`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// exitCode, not exit(): let stdout drain first.
process.exitCode = dispatch(process.argv.slice(2), io);
