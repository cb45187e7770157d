// Where a command's output goes, piece by piece: standard output or a file, written as it is
// produced so that no output — a JSON of 50 million numbers, a worked example of 100 000
// timesteps — is ever held whole in memory (nor has to fit in one JavaScript string).
//
// Pieces are gathered into blocks of about a megabyte before each write. Under `node dist/cli.js`
// a block goes to the file descriptor at once (main.ts); an in-process CliIo without `open`
// (tests) gets the whole text at `close`, through `out` or `writeFile`.

import type { CliIo } from './commands';

export interface TextSink {
  write(text: string): void;
  /** Writes what is left; the output then ends with a newline. */
  close(): void;
}

/** A raw destination: `write` sends one block (main.ts binds it to stdout or a file). */
export interface RawSink {
  write(block: string): void;
  close(): void;
}

const BLOCK = 1 << 20;

/** Gathers pieces into blocks for `raw`, and makes the output end with a newline. */
export function blocked(raw: RawSink): TextSink {
  let pieces: string[] = [];
  let size = 0;
  let last = '';
  const flush = (): void => {
    if (pieces.length === 0) return;
    raw.write(pieces.join(''));
    pieces = [];
    size = 0;
  };
  return {
    write(text) {
      if (text.length === 0) return;
      pieces.push(text);
      size += text.length;
      last = text;
      if (size >= BLOCK) flush();
    },
    close() {
      if (!last.endsWith('\n')) pieces.push('\n');
      flush();
      raw.close();
    },
  };
}

/** The sink for stdout (path null) or the file `path`. */
export function openSink(io: CliIo, path: string | null): TextSink {
  if (io.open) return blocked(io.open(path));
  const pieces: string[] = [];
  return blocked({
    write: (block) => pieces.push(block),
    close: () => {
      const text = pieces.join('');
      if (path === null) io.out(text);
      else io.writeFile(path, text);
    },
  });
}
