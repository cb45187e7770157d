// The panel's form of the equations (StepEquation.wrapped): one line per statement that KaTeX
// typesets as inline math the browser may wrap after any operator, with the same numbers as the
// one-line form, and an elided variant whose matrices show at most three columns.
import { strict as assert } from 'node:assert';
import { runModel } from '../../src/engine/compute/run';
import { ELIDED_COLUMNS, stepEquation } from '../../src/engine/equations/equations';
import { katex, exampleTraces, randomModel } from './stepsModels';

const inline = (tex: string): string =>
  katex.renderToString(tex, { throwOnError: true, trust: false, displayMode: false, strict: 'error' });

/** The breakable delimiters (`\mathopen{\left( \vphantom{…} \right.}`, …) taken out. */
const withoutDelimiters = (tex: string): string =>
  tex.replace(
    /\\math(open|close)\{\\left[^{}]*?\\vphantom\{\\begin\{pmatrix\}[ 0\\]*\\end\{pmatrix\}\}\\right[^{}]*?\}/g,
    '',
  );

/** Operators outside every brace group and \left…\right pair: where KaTeX may break the line. */
function topLevelOperators(tex: string): number {
  const op = / (=|\+|-|\\odot|\\cdot) /y;
  let depth = 0;
  let count = 0;
  for (let i = 0; i < tex.length; i++) {
    if (tex.startsWith('\\left', i) && !tex.startsWith('\\left.', i)) depth++;
    else if (tex.startsWith('\\right', i) && depth > 0 && !tex.startsWith('\\right.', i)) depth--;
    else if (tex[i] === '{') depth++;
    else if (tex[i] === '}') depth--;
    else if (depth === 0 && tex[i] === ' ') {
      op.lastIndex = i;
      if (op.test(tex)) count++;
    }
  }
  return count;
}

const numbers = (tex: string): string[] => tex.match(/-?\d+(\.\d+)?( \\times 10\^\{-?\d+\})?/g) ?? [];

describe('equations: the wrapped form for the panel', () => {
  const all = exampleTraces();

  it('every line of every step renders as inline KaTeX, strict, with a break after each operator', () => {
    let breaks = 0;
    for (const { name, trace } of all)
      for (const s of trace.steps) {
        const w = stepEquation(trace, s.index).wrapped;
        for (const tex of [...w.symbolic, ...w.numeric, ...(w.elided ?? [])]) {
          const html = inline(tex);
          // KaTeX splits top-level math into unbreakable "base" boxes after each + − ⊙ · =.
          const ops = topLevelOperators(withoutDelimiters(tex));
          const bases = (html.match(/class="base"/g) ?? []).length;
          assert.ok(bases >= ops + 1, `${name} ${s.id}: ${bases} boxes for ${ops} operators: ${tex}`);
          breaks += ops;
        }
      }
    assert.ok(breaks > 3000, `${breaks} places to break`);
  });

  it('matrix delimiters are split atoms: no operator hides inside \\left … \\right', () => {
    for (const { name, trace } of all)
      for (const s of trace.steps) {
        const w = stepEquation(trace, s.index).wrapped;
        for (const tex of [...w.numeric, ...(w.elided ?? [])]) {
          const rest = withoutDelimiters(tex).replace(/\\min\\left\(/g, '');
          assert.ok(!/\\left[(\\]/.test(rest), `${name} ${s.id}: ${tex}`);
        }
      }
  });

  it('shows the same numbers as the one-line form, in the same order', () => {
    for (const { name, trace } of all)
      for (const s of trace.steps) {
        const e = stepEquation(trace, s.index);
        assert.deepEqual(
          numbers(withoutDelimiters(e.wrapped.numeric.join(' '))),
          numbers(e.numeric),
          `${name} ${s.id}`,
        );
        assert.equal(e.wrapped.numeric.length, e.wrapped.symbolic.length);
      }
  });

  it('the elided form keeps at most three columns, and exists only when that hides some', () => {
    const vocab = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const trace = runModel(randomModel({ cell: 'gru', tokens: true, loss: 'cross-entropy', H: 7, T: 3, vocab }));
    let elided = 0;
    for (const s of trace.steps) {
      const w = stepEquation(trace, s.index).wrapped;
      const widest = (lines: readonly string[]): number =>
        Math.max(
          1,
          ...lines.flatMap((l) =>
            [...l.matchAll(/\\begin\{pmatrix\}(.*?)\\end\{pmatrix\}/g)].map(
              (m) => m[1].split('\\\\')[0].split('&').length,
            ),
          ),
        );
      if (w.elided === null) {
        assert.ok(widest(w.numeric) <= ELIDED_COLUMNS, s.id);
        continue;
      }
      elided++;
      assert.ok(widest(w.numeric) > ELIDED_COLUMNS, s.id);
      assert.equal(widest(w.elided), ELIDED_COLUMNS, s.id);
      assert.ok(w.elided.join(' ').includes('\\cdots'), s.id);
    }
    assert.ok(elided > 10, `${elided} steps have an elided form`);
  });
});
