// parseModel: a `.rnn.json` text → a validated Model, or every Problem with it. Never throws,
// never hangs, never overflows the stack:
//   0. a text longer than Limits.maxFileBytes is refused at once (its tree would not fit);
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
import { byteSize } from './wording';
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
  if (text.length > limits.maxFileBytes) {
    // Checked before anything else, even line numbers: the one problem sits at the start.
    const problem: Problem = {
      severity: 'error',
      path: '',
      offset: 0,
      length: 0,
      line: 1,
      column: 1,
      message: tooLong(text.length, limits.maxFileBytes),
    };
    return { model: null, problems: [problem], root: undefined };
  }
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
  const model = validateModel(root, problems, { limits, defaultName: defaultModelName(options.fileName) });
  return { model, problems: problems.finish(), root };
}

/** The model's name when the file gives none (FORMAT.md): the file name without its folders and
 *  without `.rnn.json` (`models/tiny.rnn.json` → `tiny`); "model" without a file name. */
export function defaultModelName(fileName: string | undefined): string {
  const base = (fileName ?? '').split(/[\\/]/).pop() ?? '';
  const name = base.endsWith('.rnn.json') ? base.slice(0, -'.rnn.json'.length) : base;
  return name || 'model';
}

/** The problem of a text beyond the size limit. */
export function tooLong(size: number, limit: number): string {
  return `the file is ${byteSize(size)}, more than the limit of ${byteSize(limit)} for a model file; draw large weights with "weights": {"init": {"seed": 1}} instead of writing them out`;
}

function definedOnly(limits: Partial<Limits> | undefined): Partial<Limits> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(limits ?? {})) if (typeof v === 'number' && !Number.isNaN(v)) out[k] = v;
  return out as Partial<Limits>;
}
