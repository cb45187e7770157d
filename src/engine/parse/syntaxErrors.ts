// jsonc-parser's syntax errors in words, with the parser's own code name kept at the end so the
// message can be searched for: "',' expected between two values (CommaExpected)".

import { findNodeAtOffset, getNodePath, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { formatPath } from './jsonPath';
import type { ProblemList } from './problemList';

// ParseErrorCode is an ambient const enum (unreadable under isolatedModules): its values, in order.
const SENTENCES: Record<number, string> = {
  1: 'unexpected character: this is not JSON',
  2: 'invalid number',
  3: 'a property name in double quotes was expected',
  4: 'a value was expected (a number, string, array, object, true, false or null)',
  5: "':' expected after the property name",
  6: "',' expected between two values",
  7: "'}' expected to close the object",
  8: "']' expected to close the array",
  9: 'end of file expected: there is more text after the JSON value',
  10: 'invalid comment: comments start with // or /*',
  11: "unterminated comment: '*/' expected",
  12: "unterminated string: closing '\"' expected",
  13: 'incomplete number',
  14: 'invalid unicode escape: \\u must be followed by four hex digits',
  15: 'invalid escape character in a string (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)',
  16: 'invalid character in a string (control characters must be escaped)',
};

/** At most this many syntax errors are listed: one broken bracket can cascade into thousands. */
const MAX_SYNTAX_PROBLEMS = 100;

export function reportSyntaxErrors(errors: readonly ParseError[], root: Node | undefined, problems: ProblemList): void {
  for (const e of errors.slice(0, MAX_SYNTAX_PROBLEMS)) {
    const sentence = SENTENCES[e.error] ?? 'syntax error';
    problems.add(
      'error',
      pathAt(root, e.offset),
      e.offset,
      e.length,
      `JSON syntax error: ${sentence} (${printParseErrorCode(e.error)})`,
    );
  }
  if (errors.length > MAX_SYNTAX_PROBLEMS) {
    const last = errors[MAX_SYNTAX_PROBLEMS];
    problems.add(
      'error',
      '',
      last.offset,
      last.length,
      `…and ${errors.length - MAX_SYNTAX_PROBLEMS} more JSON syntax errors (only the first ${MAX_SYNTAX_PROBLEMS} are listed)`,
    );
  }
}

/** The path of the innermost node around an offset of the (partial) tree; "" outside any. */
function pathAt(root: Node | undefined, offset: number): string {
  if (!root) return '';
  const node = findNodeAtOffset(root, offset, true);
  return node ? formatPath(getNodePath(node)) : '';
}
