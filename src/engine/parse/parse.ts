// parseModel: a `.rnn.json` text → a validated Model, or every Problem with it. Never throws,
// never hangs, never overflows the stack:
//   1. the nesting depth is bounded with jsonc-parser's iterative scanner (depth.ts) before any
//      recursive parsing — a text nested deeper than Limits.maxDepth gets one problem and no tree;
//   2. jsonc-parser builds the tree with offsets (comments and trailing commas tolerated); syntax
//      errors become problems, and validation stops there, so a half-typed file does not drown
//      its one real mistake in follow-on complaints;
//   3. validate.ts checks every rule of FORMAT.md and builds the Model when nothing is wrong.

import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { Model } from '../model';
import { DEFAULT_LIMITS, type Limits, type Problem } from './problems';
import { findExcessiveNesting } from './depth';
import { ProblemList } from './problemList';
import { reportSyntaxErrors } from './syntaxErrors';
import { validateModel } from './validate';

export interface ParseResult {
  /** The validated model; null when there is any error. */
  readonly model: Model | null;
  /** Every problem found (errors and warnings), in document order. */
  readonly problems: Problem[];
  /** jsonc-parser's tree with offsets (undefined when the text could not be parsed at all). */
  readonly root: Node | undefined;
}

export interface ParseOptions {
  readonly limits?: Partial<Limits>;
  /** The document's file name (a path is fine): the model's name when the file gives none. */
  readonly fileName?: string;
}

export function parseModel(text: string, options: ParseOptions = {}): ParseResult {
  const limits: Limits = { ...DEFAULT_LIMITS, ...definedOnly(options.limits) };
  const problems = new ProblemList(text);
  const deep = findExcessiveNesting(text, limits.maxDepth);
  if (deep) {
    problems.add(
      'error',
      '',
      deep.offset,
      1,
      `nesting deeper than ${limits.maxDepth} levels of arrays/objects; a model needs at most 4 (the file is refused before parsing)`,
    );
    return { model: null, problems: problems.finish(), root: undefined };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    reportSyntaxErrors(errors, root, problems);
    if (!root && errors.length === 0)
      problems.add('error', '', 0, 0, 'the file is empty: a .rnn.json file is one JSON object');
    return { model: null, problems: problems.finish(), root };
  }
  const model = validateModel(root, problems, { limits, defaultName: baseName(options.fileName) });
  return { model, problems: problems.finish(), root };
}

/** FORMAT.md: `name` defaults to the file name. */
function baseName(fileName: string | undefined): string {
  if (!fileName) return 'model';
  const parts = fileName.split(/[\\/]/);
  return parts[parts.length - 1] || 'model';
}

function definedOnly(limits: Partial<Limits> | undefined): Partial<Limits> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(limits ?? {})) if (typeof v === 'number' && !Number.isNaN(v)) out[k] = v;
  return out as Partial<Limits>;
}
