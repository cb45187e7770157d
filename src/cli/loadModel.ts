// Reading the files a command is given: a model (read, validated, every problem printed as
// FILE:LINE:COL: error: MESSAGE) and why a file could not be read, in words. The file name a
// person gave is the FILE of every line; standard input ("-") is called <stdin>. A model without
// a name takes its file's (FORMAT.md).

import type { Model } from '../engine/model';
import { parseModel } from '../engine/parse/parse';
import { formatProblem, hasErrors } from '../engine/parse/problems';
import type { CliIo } from './commands';

/** The name of FILE in messages. */
export function fileLabel(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

export function reason(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** Reads and validates a model file; prints every problem (on `where`); null when it cannot be run. */
export function loadWithText(io: CliIo, file: string, where: 'out' | 'err'): { text: string; model: Model } | null {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    io.err(`rnn-step: cannot read ${fileLabel(file)}: ${reason(e)}`);
    return null;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // editors hide the BOM; columns must match theirs
  const result = parseModel(text, { fileName: file === '-' ? undefined : io.baseName(file) });
  for (const p of result.problems) (where === 'out' ? io.out : io.err)(formatProblem(fileLabel(file), p));
  return result.model && !hasErrors(result.problems) ? { text, model: result.model } : null;
}

/** loadWithText's model. */
export function load(io: CliIo, file: string, where: 'out' | 'err'): Model | null {
  return loadWithText(io, file, where)?.model ?? null;
}
