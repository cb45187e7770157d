// "Say why": one plain sentence under each equation on why the step happens — the seed's words at
// its key steps, one for every step of every example, in the step message's equation and in the
// worked example.
import { strict as assert } from 'node:assert';
import { runModel } from '../../src/engine/compute/run';
import { stepEquation } from '../../src/engine/equations/equations';
import { explainMarkdown } from '../../src/engine/equations/explain';
import { mdEscape } from '../../src/engine/equations/markdown';
import { stepWhy } from '../../src/engine/equations/why';
import type { Trace } from '../../src/engine/trace/trace';
import { exampleTraces, randomModel, seedModel } from './stepsModels';

const why = (trace: Trace, id: string): string => {
  const i = trace.steps.findIndex((s) => s.id === id);
  assert.ok(i >= 0, id);
  return stepWhy(trace, i);
};

describe('equations: why each step happens', () => {
  const seed = runModel(seedModel());

  it('narrates the seed example', () => {
    assert.equal(
      why(seed, 'backward:2:dh'),
      'δh₂ collects the gradient from y₂ (through W_hyᵀ) and, through W_hhᵀ, from step 3.',
    );
    assert.equal(
      why(seed, 'backward:4:dh'),
      'δh₄ gets gradient only from y₄ (through W_hyᵀ): no later step sends any back.',
    );
    assert.equal(
      why(seed, 'forward:2:a'),
      'a₂ mixes the input “there” (through W_xh) with the previous state h₁ (through W_hh), plus the bias b_h: ' +
        'the recurrence is how step 2 remembers the steps before it.',
    );
    assert.equal(
      why(seed, 'forward:1:loss'),
      'ℓ₁ is −log of the probability p₁ gives the target “there”: near 0 when the model is confident and right, ' +
        'large when it is surprised.',
    );
    assert.match(why(seed, 'backward:3:da'), /^δa₃ carries δh₃ back through tanh: .*slope 1 − h₃²/);
    assert.match(why(seed, 'backward:1:dhprev'), /^At t = 1 the gradient reaches the initial state: ∂L\/∂h₀/);
    assert.match(why(seed, 'clip::clip'), /^‖g‖ = 2\.432 measures every gradient together.*κ = 1\.$/);
    assert.match(why(seed, 'update::W_hh'), /^W_hh moves against its gradient: η = 0\.1 times ∂L\/∂W_hh is subtracted/);
    assert.equal(
      why(seed, 'loss::total'),
      'L is the sum of the losses of the 4 steps with a target: the one number backpropagation differentiates.',
    );
  });

  it('says when a step has no target, and when the clip scales', () => {
    const m2o = exampleTraces().find((e) => e.name === 'sentiment-many-to-one.rnn.json')!.trace;
    assert.equal(why(m2o, 'backward:2:dy'), 'Step 2 has no target, so no gradient starts at its output: δy₂ = 0.');
    assert.match(why(m2o, 'backward:2:dh'), /from y₂ \(through W_hyᵀ; zero here, as step 2 has no target\)/);
    const clipped = exampleTraces().find((e) => e.name === 'exploding-clipped.rnn.json')!.trace;
    assert.ok(clipped.clipFactor < 1);
    assert.match(
      why(clipped, 'clip::clip'),
      /^‖g‖ = 7\.535 is above clipNorm = 1, so every gradient is scaled by κ = 0\.1327/,
    );
  });

  it('one sentence for every step of every example and every cell, with its timestep', () => {
    const traces = exampleTraces().map((e) => e.trace);
    for (const cell of ['lstm', 'gru'] as const)
      traces.push(
        runModel(randomModel({ cell, tokens: false, loss: 'mse', reduction: 'mean', H: 2, T: 3, masked: [2] })),
      );
    for (const trace of traces)
      for (const s of trace.steps) {
        const w = stepWhy(trace, s.index);
        assert.match(w, /^[^\n]{20,240}[.]$/, `${trace.model.name} ${s.id}: ${w}`);
        assert.ok(!/undefined|NaN|\[object/.test(w), `${s.id}: ${w}`);
        if (s.t !== null) {
          const sub = String(s.t).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);
          assert.ok(w.includes(sub) || w.includes(`step ${s.t}`) || w.includes(`t = ${s.t}`), `${s.id}: ${w}`);
        }
        assert.equal(stepEquation(trace, s.index).why, w);
      }
  });

  it('goes under each equation of the worked example, Markdown-escaped', () => {
    const md = explainMarkdown(seed);
    for (const s of seed.steps) assert.ok(md.includes(`$$\n\n${mdEscape(stepWhy(seed, s.index))}\n`), s.id);
    const tokens = runModel(
      randomModel({ cell: 'rnn', tokens: true, loss: 'cross-entropy', H: 2, T: 2, vocab: ['*a*', '[x](y)'] }),
    );
    const text = explainMarkdown(tokens);
    assert.ok(!text.includes('“*a*”') && !text.includes('“[x](y)”'));
    assert.ok(text.includes('“\\*a\\*”') || text.includes('“\\[x\\](y)”'));
  });
});
