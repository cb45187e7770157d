// PLACEHOLDER (being written): parse + validate a .rnn.json text into a Model.
import type { Node } from 'jsonc-parser';
import type { Model } from './model';
import type { Limits, Problem } from './problems';

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
}

export function parseModel(_text: string, _options?: ParseOptions): ParseResult {
  throw new Error('parseModel: not written yet');
}
