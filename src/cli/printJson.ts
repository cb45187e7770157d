// Printing one JSON value on stdout (jsonStream.ts: full float64 precision, one line, written as it
// is produced) and, when it held NaN or ±Infinity — which JSON cannot — a warning on stderr
// counting the nulls written (nonFiniteReport.ts).

import type { CliIo } from './commands';
import { writeJson, type JsonValue } from './jsonStream';
import { nullsLine } from './nonFiniteReport';
import { openSink } from './sink';

/** `value` is any JSON-shaped value: plain objects, arrays, numbers, strings, booleans, null (and
 *  jsonStream's Float64Array wrappers) — what the analysis commands build. */
export function printJson(io: CliIo, file: string, value: unknown): void {
  const sink = openSink(io, null);
  const nulls = writeJson(sink, value as JsonValue);
  sink.close();
  if (nulls > 0) io.err(nullsLine(file, nulls));
}
