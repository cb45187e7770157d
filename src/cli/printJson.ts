// Printing one JSON value on stdout (output.ts toJson: full float64 precision, one line) and, when
// it held NaN or ±Infinity — which JSON cannot — a warning on stderr counting the nulls written.

import type { CliIo } from './commands';
import { toJson } from './output';

export function printJson(io: CliIo, value: unknown): void {
  const { text, nonFinite } = toJson(value);
  io.out(text);
  if (nonFinite > 0)
    io.err(`warning: ${nonFinite} non-finite number${nonFinite === 1 ? '' : 's'} (NaN or ±Infinity) written as null`);
}
