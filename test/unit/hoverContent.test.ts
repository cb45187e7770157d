// The hovers' exact numbers, checked against the engine and the seed's published values: the
// gradient at full precision, the per-timestep contributions (= contribution(trace, p, t)), the
// value after one SGD step with and without clipping, an input's step, h0's gradient, and the
// "file has errors" hover.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { contribution } from '../../src/engine/trace/stepValues';
import type { Trace } from '../../src/engine/trace/trace';
import {
  escapeMarkdown,
  initialStateHover,
  problemsHover,
  sparkline,
  stepHover,
  weightHover,
  TABLE_MAX_T,
} from '../../src/host/editor/hoverContent';
import { gradientHints, hintLabel } from '../../src/host/editor/hintLabels';

const examples = join(__dirname, '..', '..', 'examples');
const read = (name: string) => readFileSync(join(examples, name), 'utf8');
const traceOf = (text: string): Trace => {
  const r = parseModel(text);
  assert.deepEqual(r.problems, []);
  return runModel(r.model!);
};

/** Rows `| t | value |` of the contribution table. */
function tableRows(md: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const m of md.matchAll(/^\| (\d+|Σ) \| \**([^|*]+?)\** \|$/gm)) rows.set(m[1], m[2]);
  return rows;
}

describe('hover content', () => {
  const seed = traceOf(read('hi-there-class.rnn.json'));

  it("W_hh of the seed: ∂L/∂W_hh = 0.452094511014637 (the seed's value), printed in full", () => {
    const md = weightHover(seed, 'W_hh', [0, 0])!;
    const g = seed.grads.W_hh.data[0];
    assert.ok(Math.abs(g - 0.452094511014637) < 1e-12, 'the engine agrees with the seed');
    assert.ok(md.includes(`**∂L/∂W_hh[0][0]** = ${String(g)}`), md);
    assert.ok(md.includes('0.452094511014637'));
    assert.ok(md.startsWith('**W_hh[0][0]** = 0.2'));
  });

  it('the contribution table holds contribution(trace, W_hh, t) for t = 1…4 and their sum', () => {
    const rows = tableRows(weightHover(seed, 'W_hh', [0, 0])!);
    assert.equal(rows.size, 5);
    for (let t = 1; t <= 4; t++)
      assert.ok(Object.is(Number(rows.get(String(t))), contribution(seed, 'W_hh', t).data[0]), `t = ${t}`);
    // h0 = 0, so t = 1 contributes nothing to ∂L/∂W_hh; BPTT's sum is the gradient.
    assert.equal(rows.get('1'), '0');
    assert.equal(Number(rows.get('Σ')), seed.grads.W_hh.data[0]);
    const sum = [4, 3, 2, 1].reduce((acc, t) => acc + Number(rows.get(String(t))), 0);
    assert.ok(Object.is(sum, seed.grads.W_hh.data[0]), 'summed t = T…1 as the engine does, bit for bit');
  });

  it('the value after one SGD step: 0.2 − 0.1 · ∂L/∂W_hh = 0.1547905488985363', () => {
    const md = weightHover(seed, 'W_hh', [0, 0])!;
    assert.ok(md.includes('**0.1547905488985363**'));
    assert.equal(0.2 - 0.1 * seed.grads.W_hh.data[0], 0.1547905488985363);
    assert.match(md, /clip factor c = 1: no clipping/);
  });

  it('a column of W_hy (O×H) and a vector bias are indexed as the file writes them', () => {
    const md = weightHover(seed, 'W_hy', [1, 0])!;
    assert.ok(md.includes(`= ${String(seed.grads.W_hy.data[1])}`));
    assert.ok(Math.abs(seed.grads.W_hy.data[1] - -0.175724932545058) < 1e-12);
    const b = weightHover(seed, 'b_h', [0])!;
    assert.ok(Math.abs(seed.grads.b_h.data[0] - 1.32264735021706) < 1e-12);
    assert.ok(b.includes(`**∂L/∂b_h[0]** = ${String(seed.grads.b_h.data[0])}`));
    assert.equal(weightHover(seed, 'W_hh', [1, 0]), undefined, 'outside the matrix');
  });

  it('with clipping: the factor and θ − η·(c·g) exactly as the update computes it', () => {
    const lstm = traceOf(read('lstm-hello.rnn.json'));
    const { learningRate: lr, clipNorm } = lstm.model.train;
    assert.equal(clipNorm, 5);
    const md = weightHover(lstm, 'W_hf', [1, 2])!;
    const k = 1 * 3 + 2;
    const c = lstm.clipFactor;
    assert.ok(md.includes(`clip factor c = ${String(c)}`), md);
    const expected = lstm.model.params.W_hf.data[k] - lr * (c * lstm.grads.W_hf.data[k]);
    assert.ok(Object.is(lstm.updated.W_hf.data[k], expected));
    assert.ok(md.includes(`**${String(expected)}**`));
  });

  it(`more than ${TABLE_MAX_T} timesteps: a sparkline and the largest contributions`, () => {
    const T = 20;
    const xs = Array.from({ length: T }, (_, t) => `[${Math.sin(t / 2).toFixed(3)}]`);
    const ys = Array.from({ length: T }, (_, t) => `[${Math.sin((t + 1) / 2).toFixed(3)}]`);
    const trace = traceOf(
      `{"cell": "rnn", "inputs": [${xs}], "targets": [${ys}], "hiddenSize": 2, "weights": {"init": {"seed": 3}}}`,
    );
    const md = weightHover(trace, 'W_hh', [0, 1])!;
    assert.equal(tableRows(md).size, 0, 'no table');
    const spark = /`([▁▂▃▄▅▆▇█]+)`/.exec(md)?.[1];
    assert.equal(spark?.length, T);
    const values = Array.from({ length: T }, (_, i) => contribution(trace, 'W_hh', i + 1).data[1]);
    const largest = values.map((v, i) => ({ t: i + 1, v })).sort((a, b) => Math.abs(b.v) - Math.abs(a.v))[0];
    assert.ok(md.includes(`- t = ${largest.t}: ${String(largest.v)}`), md);
  });

  it('sparkline keeps zero fixed: all-positive values rise from the lowest block', () => {
    assert.equal(sparkline([0, 1, 2, 4]), '▁▃▅█'); // eight levels over [0, 4]: 1 → level 2, 2 → level 4
    assert.equal(sparkline([-1, 0, 1]), '▁▅█');
  });

  it('an input token shows h_t, the top predictions with the target, and ℓ_t', () => {
    const md = stepHover(seed, 3)!;
    assert.ok(md.includes('**x₃** = one-hot of “class”'));
    assert.ok(md.includes('**h₃** = [0.640529]'), md); // seed: h_3 = 0.640529350829856
    const loss = seed.losses[2];
    assert.ok(md.includes(`**ℓ₃** = −log p(“\\!”) = ${String(loss)}`), md);
    // ℓ_3 = −log p_3("!") independently from the softmax of y_3.
    const y = seed.series.y.subarray(8, 12);
    const max = Math.max(...y);
    const p = Array.from(y, (v) => Math.exp(v - max));
    const z = p.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(-Math.log(p[3] / z) - loss) < 1e-12);
    // The rows are in descending probability and the target is marked.
    const probs = [...md.matchAll(/^\| \d \| .+ \| ([\d.e-]+) \|$/gm)].map((m) => Number(m[1]));
    assert.deepEqual(
      probs,
      [...probs].sort((a, b) => b - a),
    );
    assert.match(md, /← target/);
  });

  it('many-to-one: a step without a target says so; vector inputs show x_t and its component', () => {
    const m2o = traceOf(read('sentiment-many-to-one.rnn.json'));
    assert.match(stepHover(m2o, 2)!, /No target at t = 2 \(null\)/);
    assert.match(stepHover(m2o, 4)!, /Target “positive”/);
    const relu = traceOf(read('relu-counter.rnn.json'));
    const md = stepHover(relu, 2, 0)!;
    assert.ok(md.includes('**x₂** = [0.5]  (x₂[0] = 0.5)'), md);
    assert.ok(md.includes(`**ℓ₂** = ½‖y₂ − target‖² = ${String(relu.losses[1])}`), md);
  });

  it('h0 shows ∂L/∂h0 (not a parameter), c0 only for an LSTM', () => {
    const md = initialStateHover(seed, 'h0', 0)!;
    assert.ok(md.includes(`**∂L/∂h0[0]** = ${String(seed.dh0[0])}`));
    assert.equal(initialStateHover(seed, 'c0', 0), undefined);
    const lstm = traceOf(read('lstm-hello.rnn.json'));
    assert.ok(initialStateHover(lstm, 'c0', 2)!.includes(`= ${String(lstm.dc0![2])}`));
  });

  it('a file with errors: the count and the first message, no numbers', () => {
    const text = read('hi-there-class.rnn.json')
      .replace('"inputs": ["hi", "there"', '"inputs": ["hi", "thre"')
      .replace('"W_hh": [[0.2]]', '"W_hh": [[0.2, 1]]');
    const { problems } = parseModel(text);
    const md = problemsHover(problems);
    const errors = problems.filter((p) => p.severity === 'error');
    assert.ok(errors.length >= 2);
    assert.ok(md.includes(`This file has ${errors.length} problems`));
    assert.ok(md.includes(`line ${errors[0].line}: ${escapeMarkdown(errors[0].message)}`));
    assert.doesNotMatch(md, /0\.452/);
  });

  it("escapes tokens so a table row cannot be broken by the model's text", () => {
    const trace = traceOf(
      '{"cell": "rnn", "vocab": ["a|b", "*c*"], "inputs": ["a|b", "*c*"], "targets": ["*c*", "a|b"], "hiddenSize": 1, "weights": {"init": {"seed": 1}}}',
    );
    const md = stepHover(trace, 1)!;
    for (const row of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| rank'))) {
      assert.equal(row.split(/(?<!\\)\|/).length, 5, row); // 3 cells between 4 unescaped pipes
    }
    assert.ok(md.includes('a\\|b') && md.includes('\\*c\\*'));
  });

  it('gradient hints: one per weight number, signed label, magnitude relative to the largest gradient', () => {
    const text = read('hi-there-class.rnn.json');
    const { root } = parseModel(text);
    const hints = gradientHints(seed, root);
    assert.equal(hints.length, 4 + 1 + 1 + 4 + 4);
    const whh = hints.find((h) => h.offset === text.indexOf('0.2]]') + 3)!;
    assert.equal(whh.label, '∂+0.452');
    assert.equal(whh.sign, 'positive');
    assert.ok(Object.is(whh.gradient, seed.grads.W_hh.data[0]));
    assert.equal(hintLabel(-0.17572), '∂−0.176');
    assert.equal(hintLabel(0), '∂ 0');
    // The largest |gradient| of the model is strong; W_xh's "!" column (tiny) is not.
    const max = Math.max(...Object.values(seed.grads).flatMap((g) => Array.from(g.data, Math.abs)));
    assert.equal(hints.find((h) => Math.abs(h.gradient) === max)!.magnitude, 'strong');
  });
});
