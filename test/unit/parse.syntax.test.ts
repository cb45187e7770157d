// The text layer: JSON syntax errors at the right place, comments and trailing commas tolerated,
// line counting with every kind of line ending, and the nesting guard that keeps the recursive
// parser from ever overflowing the stack.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { visit } from 'jsonc-parser';
import { findExcessiveNesting } from '../../src/engine/parse/depth';
import { parseModel } from '../../src/engine/parse/parse';
import { LineIndex } from '../../src/engine/parse/position';
import { doc, expectProblem, expectProblems, lineCol } from './parse.helpers';

describe('parse: syntax', () => {
  it('a missing comma is reported where the next value starts', () => {
    const text = doc().replace('"cell": "rnn",', '"cell": "rnn"');
    expectProblem(text, {
      path: 'vocab',
      at: '"vocab"',
      message: "JSON syntax error: ',' expected between two values (CommaExpected)",
    });
  });

  it('an unclosed array and a stray character', () => {
    const text = '{\n  "inputs": [1, 2,\n  "x": @\n}';
    const r = parseModel(text);
    assert.equal(r.model, null);
    assert.ok(r.problems.length >= 2);
    for (const p of r.problems) {
      assert.match(p.message, /^JSON syntax error: .+ \([A-Za-z]+\)$/);
      assert.deepEqual({ line: p.line, column: p.column }, lineCol(text, p.offset));
    }
    assert.ok(
      r.problems.some(
        (p) =>
          p.message === 'JSON syntax error: unexpected character: this is not JSON (InvalidSymbol)' &&
          p.offset === text.indexOf('@'),
      ),
    );
  });

  it('an unterminated string and an unterminated comment', () => {
    expectProblem('{"name": "abc\n}', {
      path: 'name',
      at: '"abc',
      message: "JSON syntax error: unterminated string: closing '\"' expected (UnexpectedEndOfString)",
    });
    const r = parseModel('{"name": "a"} /* open');
    assert.equal(
      r.problems[0].message,
      "JSON syntax error: unterminated comment: '*/' expected (UnexpectedEndOfComment)",
    );
  });

  it('text after the value', () => {
    const r = parseModel(`${doc()} {}`);
    assert.deepEqual(
      r.problems.map((p) => p.message),
      ['JSON syntax error: end of file expected: there is more text after the JSON value (EndOfFileExpected)'],
    );
  });

  it('an empty file', () => {
    const r = parseModel('');
    assert.equal(r.model, null);
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.column, p.message]),
      [
        [
          1,
          1,
          'JSON syntax error: a value was expected (a number, string, array, object, true, false or null) (ValueExpected)',
        ],
      ],
    );
    assert.equal(parseModel('   \n// only a comment\n').problems.length, 1);
  });

  it('comments and trailing commas are tolerated', () => {
    const text = doc()
      .replace('"cell": "rnn",', '"cell": "rnn", // the cell\n  /* block\n comment */')
      .replace('"b_y": [0,0,0,0]', '"b_y": [0,0,0,0,],')
      .replace('"train": {"learningRate":0.1}', '"train": {"learningRate":0.1,},');
    const r = parseModel(text);
    assert.deepEqual(r.problems, []);
    assert.ok(r.model);
  });

  it("a problem after CRLF and lone-CR line endings is on the editor's line", () => {
    const text = doc((m) => (m.cell = 'lstn'))
      .replace(/\n/g, '\r\n')
      .replace('"name": "base",\r\n', '"name": "base",\r');
    expectProblem(text, {
      path: 'cell',
      after: '"cell": ',
      message: 'cell must be "rnn", "lstm" or "gru", found a string ("lstn") (did you mean "lstm"?)',
    });
    const r = parseModel(text);
    assert.equal(r.problems[0].line, 3, 'CRLF after "{", then a lone CR after name');
  });

  it('LineIndex agrees with a naive count at every offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '\r', '😀', ' ') }), (text) => {
        const index = new LineIndex(text);
        for (let off = 0; off <= text.length; off++) assert.deepEqual(index.at(off), lineCol(text, off));
      }),
      { numRuns: 200 },
    );
  });
});

describe('parse: nesting depth', () => {
  it('200 000 nested brackets: one problem, no tree, no stack overflow', () => {
    const text = '['.repeat(200_000);
    const r = parseModel(text);
    assert.equal(r.root, undefined);
    assert.equal(r.model, null);
    assert.deepEqual(r.problems, [
      {
        severity: 'error',
        path: '',
        offset: 64,
        length: 1,
        line: 1,
        column: 65,
        message:
          'nesting deeper than 64 levels of arrays/objects; a model needs at most 4 (the file is refused before parsing)',
      },
    ]);
    const closed = `${'{"a":['.repeat(100_000)}${']}'.repeat(100_000)}`;
    assert.equal(parseModel(closed).problems.length, 1);
  });

  it('64 levels are parsed, 65 refused; the limit is configurable', () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    assert.match(parseModel(nested(64)).problems[0].message, /must be a JSON object/);
    assert.match(parseModel(nested(65)).problems[0].message, /^nesting deeper than 64/);
    assert.match(parseModel(nested(10), { limits: { maxDepth: 9 } }).problems[0].message, /^nesting deeper than 9/);
    // brackets inside strings and comments do not count
    assert.equal(findExcessiveNesting(`["${'['.repeat(100)}" /* ${'{'.repeat(100)} */]`, 2), null);
  });

  it('the scanner bound is never below the depth the parser actually reaches, on any text', () => {
    const parserDepth = (text: string): number => {
      let depth = 0;
      let max = 0;
      const open = () => void (max = Math.max(max, ++depth));
      const close = () => void depth--;
      visit(
        text,
        { onObjectBegin: open, onArrayBegin: open, onObjectEnd: close, onArrayEnd: close },
        { allowTrailingComma: true },
      );
      return max;
    };
    // Mostly brackets and commas (mismatched closers and error recovery are where a naive count fails),
    // with some of everything else the scanner knows.
    const tokens = fc.oneof(
      { arbitrary: fc.constantFrom('[', ']', '{', '}', ','), weight: 8 },
      { arbitrary: fc.constantFrom(':', '"k"', '"k":', '1', ' ', 'x', '"', '/*', '*/', '//', '\n', 'null'), weight: 2 },
    );
    fc.assert(
      fc.property(fc.array(tokens, { maxLength: 200, size: 'max' }), (parts) => {
        const text = parts.join('');
        const actual = parserDepth(text);
        // Safety: with any limit below the depth the parser would reach, the guard refuses the text.
        if (actual > 0)
          assert.notEqual(
            findExcessiveNesting(text, actual - 1),
            null,
            `guard misses the parser's depth ${actual} in ${JSON.stringify(text)}`,
          );
      }),
      { numRuns: 400 },
    );
  });
});

describe('parse: syntax errors keep their paths', () => {
  it('an error inside weights is located inside weights', () => {
    const text = doc().replace('"W_hh": [[0.2]]', '"W_hh": [[0.2] [0.3]]');
    expectProblems(text, [
      {
        path: 'weights.W_hh[1]',
        at: '[0.3]',
        message: "JSON syntax error: ',' expected between two values (CommaExpected)",
      },
    ]);
  });
});
