// Reading answers typed by hand (engine/practice/answerText.ts, answerFit.ts): numbers in every
// spelling a person uses, vectors and matrices in their usual notations, and for what cannot be
// read one error with its place — computed here independently from the text — and what was expected.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatAnswer, readAnswer, type AnswerRead } from '../../src/engine/practice/answerFit';
import { readAnswerGrid } from '../../src/engine/practice/answerText';

const scalar = { shape: [1], label: 'h₁' };
const vec2 = { shape: [2], label: 'h₂' };
const vec4 = { shape: [4], label: 'δa₄' };
const mat22 = { shape: [2, 2], label: '∂L/∂W_hh' };
const mat24 = { shape: [2, 4], label: '∂L/∂W_xh' };

function value(r: AnswerRead): number[] {
  assert.ok(r.ok, r.ok ? '' : r.problem.message);
  return Array.from(r.value.data);
}

function problem(r: AnswerRead): NonNullable<Extract<AnswerRead, { ok: false }>['problem']> {
  assert.ok(!r.ok, 'expected an error');
  return r.problem;
}

/** 1-based line and column of `offset`, counted here without the parser's help. */
function place(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('practice: reading a typed answer', () => {
  it('numbers: signs (ASCII, the minus sign, a dash), exponents, leading/trailing point, × 10^n', () => {
    const cases: [string, number][] = [
      ['0.4621', 0.4621],
      ['  0.4621  ', 0.4621],
      ['-0.2', -0.2],
      ['−0.2', -0.2],
      ['–0.2', -0.2],
      ['+0.3', 0.3],
      ['.5', 0.5],
      ['5.', 5],
      ['-.5', -0.5],
      ['1e-3', 0.001],
      ['1.2E+2', 120],
      ['2e3', 2000],
      ['1e−3', 0.001],
      ['1.5 × 10^-3', 0.0015],
      ['1.5×10^{-3}', 0.0015],
      ['1.5*10^-3', 0.0015],
      ['2·10⁻³', 0.002],
      ['3 x 10^2', 300],
      ['0.46,', 0.46],
      ['h₁ = 0.4621', 0.4621],
      ['h ≈ 0.4621', 0.4621],
      ['δa_4 = -0.2', -0.2],
      ['∞', Infinity],
      ['-inf', -Infinity],
    ];
    for (const [text, x] of cases) assert.deepEqual(value(readAnswer(text, scalar)), [x], text);
    assert.ok(Number.isNaN(value(readAnswer('NaN', scalar))[0]));
  });

  it('the number read is the float64 of the decimal typed (no rounding on the way)', () => {
    assert.deepEqual(value(readAnswer('0.46211715726000974', scalar)), [0.46211715726000974]);
    assert.deepEqual(value(readAnswer('−2.0464571679388185e-1', scalar)), [-0.20464571679388185]);
  });

  it('vectors: commas or spaces, brackets of either kind, a row or a column, a trailing comma', () => {
    const forms = [
      '0.46, -0.2',
      '0.46 -0.2',
      '0.46,-0.2',
      '[0.46 -0.2]',
      '[0.46, -0.2]',
      '(0.46, −0.2)',
      '[0.46; -0.2]',
      '0.46; -0.2',
      '0.46\n-0.2',
      '0.46\r\n-0.2\r\n',
      '[[0.46], [-0.2]]',
      '[0.46, -0.2,]',
      '0.46, -0.2,',
      '\t0.46\u00a0\u00a0-0.2 ',
    ];
    for (const f of forms) assert.deepEqual(value(readAnswer(f, vec2)), [0.46, -0.2], JSON.stringify(f));
  });

  it('matrices: rows by ; or new lines or brackets, row-major', () => {
    const forms = [
      '0.5 0.1; -0.2 0.8',
      '[0.5, 0.1; -0.2, 0.8]',
      '[[0.5, 0.1], [-0.2, 0.8]]',
      '[[0.5 0.1] [-0.2 0.8]]',
      '[0.5 0.1] [-0.2 0.8]',
      '0.5, 0.1,\n-0.2, 0.8',
      '[[0.5, 0.1],\n [-0.2, 0.8]]',
      '\n0.5 0.1\n\n-0.2 0.8\n',
      '(0.5, 0.1; −0.2, 0.8)',
    ];
    for (const f of forms) {
      const r = readAnswer(f, mat22);
      assert.deepEqual(value(r), [0.5, 0.1, -0.2, 0.8], JSON.stringify(f));
      assert.ok(r.ok && r.value.shape.join() === '2,2');
    }
  });

  it('a matrix with one row or one column is read like a vector, either way', () => {
    const col = { shape: [4, 1], label: '∂L/∂W_hy' };
    assert.deepEqual(value(readAnswer('0.39, -0.18, 0.35, -0.56', col)), [0.39, -0.18, 0.35, -0.56]);
    assert.deepEqual(value(readAnswer('0.39; -0.18; 0.35; -0.56', col)), [0.39, -0.18, 0.35, -0.56]);
    assert.deepEqual(value(readAnswer('0.2', { shape: [1, 1], label: 'W_hh′' })), [0.2]);
  });

  it('counts that do not fit: expected N numbers for LABEL (its shape), got M', () => {
    assert.equal(
      problem(readAnswer('0.1, 0.2, 0.3', vec4)).message,
      'expected 4 numbers for δa₄ (a 4×1 vector), got 3',
    );
    assert.equal(problem(readAnswer('0.1 0.2', scalar)).message, 'expected 1 number for h₁ (a number), got 2');
    assert.equal(problem(readAnswer('0.1 0.2 0.3', mat22)).kind, 'count');
    // A decimal comma is the likely mistake behind "0,46" for one number.
    assert.match(problem(readAnswer('0,46', scalar)).message, /got 2; write the decimal point as "\."/);
    assert.doesNotMatch(problem(readAnswer('0, 46', scalar)).message, /decimal point/);
  });

  it('shapes that do not fit: a transposed matrix, one long row, ragged rows, a vector as a block', () => {
    const t = problem(readAnswer('1 2; 3 4; 5 6; 7 8', mat24));
    assert.equal(t.kind, 'shape');
    assert.equal(t.transposed, true);
    assert.match(
      t.message,
      /expected 2 rows of 4 numbers for ∂L\/∂W_xh \(a 2×4 matrix\), got 4 rows of 2: the matrix is transposed/,
    );
    assert.match(problem(readAnswer('1 2 3 4 5 6 7 8', mat24)).message, /got one row of 8: separate the rows with ";"/);
    assert.match(problem(readAnswer('1 2 3; 4 5 6 7 8', mat24)).message, /row 2 has 5 numbers but row 1 has 3/);
    assert.match(problem(readAnswer('1 2; 3 4', vec4)).message, /in one row or one column for δa₄/);
  });

  it('what cannot be read: an error at its line and column, saying what was expected', () => {
    const cases: [string, string, RegExp][] = [
      ['0.46 abc', 'abc', /expected a number, found "a"/],
      ['0.46 - 0.2', '-', /a sign must touch its number/],
      [
        '1/2',
        '/',
        /unexpected "\/" after a number \(type the value itself: fractions and expressions are not evaluated\)/,
      ],
      ['1.2.3', '.3', /at most one decimal point/],
      ['1e', 'e', /expected the digits of an exponent after "e"/],
      ['1,,2', ',2', /expected a number before this comma/],
      [', 1', ',', /expected a number before this comma/],
      ['[1, 2', '[', /"\[" is never closed/],
      ['1, 2]', ']', /"]" closes nothing/],
      ['[1, 2)', ')', /"\)" does not match the "\[" it closes/],
      ['[[[1]]]', '[1]]]', /too many brackets/],
      ['[1 2] 3', '3', /a number outside the bracketed rows/],
      ['0.5 = 0.4', '=', /expected a number, found "="/],
      ['1x', 'x', /unexpected "x" after a number/],
      ['1 *', '*', /expected a number, found "\*"/],
      ['1e999', '1e999', /beyond the range of a 64-bit float/],
      ['0.1\n0.2 0.3q', 'q', /unexpected "q" after a number/],
    ];
    for (const [text, at, message] of cases) {
      const p = problem(readAnswer(text, vec2));
      assert.equal(p.kind, 'syntax', text);
      assert.match(p.message, message, text);
      const offset = text.lastIndexOf(at) >= 0 && at === '.3' ? text.lastIndexOf('.') : text.indexOf(at);
      assert.equal(p.offset, offset, `${text}: offset`);
      const { line, column } = place(text, offset);
      assert.equal(p.line, line, `${text}: line`);
      assert.equal(p.column, column, `${text}: column`);
      assert.ok(
        p.message.startsWith(line > 1 ? `at line ${line}, column ${column}: ` : `at column ${column}: `),
        p.message,
      );
    }
  });

  it('empty input asks for a number', () => {
    for (const t of ['', '   ', '\n', '[]', ';']) {
      const p = problem(readAnswer(t, scalar));
      assert.equal(p.kind, 'syntax', JSON.stringify(t));
    }
    assert.match(problem(readAnswer('', scalar)).message, /type a number/);
  });

  it('never throws, whatever is typed (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const r = readAnswerGrid(s);
        if (!r.ok) assert.ok(r.error.offset >= 0 && r.error.offset <= s.length && r.error.message.startsWith('at '));
      }),
      { numRuns: 3000 },
    );
  });

  it('formatAnswer writes what readAnswer reads back, bit for bit (property)', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(finite, { minLength: 6, maxLength: 6 }), (xs) => {
        for (const shape of [[6], [2, 3], [6, 1]]) {
          const t = { shape, data: Float64Array.from(xs) };
          const back = readAnswer(formatAnswer(t), { shape, label: 'x' });
          assert.ok(back.ok);
          assert.deepEqual(Array.from(back.value.data), xs);
        }
      }),
      { numRuns: 300 },
    );
    assert.equal(formatAnswer({ shape: [2, 2], data: Float64Array.of(0.5, 0.1, -0.2, 0.8) }), '[0.5, 0.1; -0.2, 0.8]');
    assert.equal(formatAnswer({ shape: [1], data: Float64Array.of(0.46211715726000974) }, 4), '0.4621');
  });
});
