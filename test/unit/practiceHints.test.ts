// The hint ladder (engine/practice/hints.ts) and the result-hidden equations it and the exercise
// sheet show (hiddenEquation.ts): on every step of every example, the numbers substituted are the
// stepper's own, every result is hidden (no digit after the last "="), and KaTeX renders it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { katex } from './stepsModels';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { stepEquation } from '../../src/engine/equations/equations';
import { findStep } from './fixtures/findStep';
import { hiddenStepEquation, splitTop } from '../../src/engine/practice/hiddenEquation';
import { hintAt, hintLadder } from '../../src/engine/practice/hints';
import { DEFAULT_PRACTICE } from '../../src/engine/practice/practiceSettings';
import { practiceQuestions } from '../../src/engine/practice/questions';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn.json'));
const load = (f: string) => runModel(parseModel(readFileSync(join(EXAMPLES, f), 'utf8')).model!);
const seed = load('hi-there-class.rnn.json');

/** The statements of an equation: aligned rows and ", \quad"-joined parts, without the & mark. */
function statements(tex: string): string[] {
  const m = /^\\begin\{aligned\} ([\s\S]*) \\end\{aligned\}$/.exec(tex);
  return (m ? splitTop(m[1], ' \\\\ ') : [tex])
    .flatMap((r) => splitTop(r, ', \\quad '))
    .map((r) => splitTop(r, '&').join('').replace(/\s+/g, ' ').trim());
}

describe('practice: the hint ladder', () => {
  it('h₂ of the worked example: the equation and a sentence, the numbers with ?, the answer', () => {
    const q = practiceQuestions(seed, DEFAULT_PRACTICE).find((x) => x.key === 'forward:2:h/h@2')!;
    const [one, two, three] = hintLadder(seed, q);
    assert.equal(one.level, 1);
    assert.equal(one.tex, 'h_{2} = \\tanh(a_{2})');
    assert.equal(one.text, 'h₂ is the new hidden state: tanh of each element of a₂.');
    assert.equal(two.tex, 'h_{2} = \\tanh(-0.207577) = \\boxed{?}');
    assert.equal(three.level, 3);
    assert.equal(three.text, 'h₂ = -0.20464571679388185');
    assert.equal(three.tex, stepEquation(seed, q.stepIndex).numeric);
    assert.ok(three.level === 3 && three.value.data[0] === seed.series.h[1]);
  });

  it('"hints": false leaves no ladder at all', () => {
    const q = practiceQuestions(seed, DEFAULT_PRACTICE)[0];
    assert.deepEqual(hintLadder(seed, q, { ...DEFAULT_PRACTICE, hints: false }), []);
    assert.equal(hintLadder(seed, q).length, 3);
  });

  it('δh₃ hides both its results and shows δh₃ᵒᵘᵗ by its symbol where it is an operand', () => {
    const i = findStep(seed.steps, 'backward', 3, 'dh');
    assert.equal(
      hiddenStepEquation(seed, i).numeric,
      '\\begin{aligned} \\delta h_{3}^{\\text{out}} &= \\begin{pmatrix} 1 & 0.5 & -0.5 & 0 \\end{pmatrix} ' +
        '\\begin{pmatrix} 0.379426 \\\\ 0.275447 \\\\ 0.145164 \\\\ -0.800037 \\end{pmatrix} = \\boxed{?} \\\\ ' +
        '\\delta h_{3} &= \\delta h_{3}^{\\text{out}} + 0.0570132 = \\boxed{?} \\end{aligned}',
    );
    // A vector result keeps its shape: a column of ?.
    const y = findStep(seed.steps, 'forward', 1, 'y');
    assert.match(
      hiddenStepEquation(seed, y).numeric,
      / = \\begin\{pmatrix\} \? \\\\ \? \\\\ \? \\\\ \? \\end\{pmatrix\}$/,
    );
  });

  it('every step of every example: operands as the stepper shows them, every result hidden, valid KaTeX', () => {
    let checked = 0;
    for (const f of files) {
      const trace = load(f);
      for (const s of trace.steps) {
        const full = statements(stepEquation(trace, s.index).numeric);
        const hidden = statements(hiddenStepEquation(trace, s.index).numeric);
        assert.equal(hidden.length, full.length, `${f} ${s.id}`);
        hidden.forEach((h, k) => {
          const hp = splitTop(h, ' = ');
          const fp = splitTop(full[k], ' = ');
          assert.equal(hp[0], fp[0], `${f} ${s.id}: the left side`);
          assert.ok(!/\d/.test(hp[hp.length - 1]), `${f} ${s.id}: result hidden in ${h}`);
          // The substituted operands are the stepper's (δh_tᵒᵘᵗ and ‖g‖ shown by symbol where reused).
          if (fp.length > 2 && s.kind !== 'dh' && s.kind !== 'clip') assert.equal(hp[1], fp[1], `${f} ${s.id}`);
        });
        katex.renderToString(hiddenStepEquation(trace, s.index).numeric, { throwOnError: true });
        checked++;
      }
    }
    assert.ok(checked > 300, `${checked} steps`);
  });

  it('every question: level 1 is the symbolic equation, level 2 the hidden one, level 3 the exact value', () => {
    for (const q of practiceQuestions(seed, DEFAULT_PRACTICE)) {
      assert.equal(hintAt(seed, q, 1).tex, stepEquation(seed, q.stepIndex).symbolic);
      assert.equal(hintAt(seed, q, 2).tex, hiddenStepEquation(seed, q.stepIndex).numeric);
      const three = hintAt(seed, q, 3);
      assert.ok(three.level === 3);
      assert.ok(three.text.startsWith(`${q.label} = `));
    }
  });
});
