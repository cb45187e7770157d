// Values at a step, derived from the recorded trace: running gradient sums (bit-identical to the
// engine's gradients once BPTT is done), contributions, valueAt, ‖δh_t‖, and the live tensors.
import { strict as assert } from 'node:assert';
import { runModel } from '../../src/engine/compute/run';
import { PARAM_NAMES, type CellKind } from '../../src/engine/model';
import { contribution, gradientAt, hiddenGradNorms, valueAt } from '../../src/engine/trace/stepValues';
import { findStep } from './fixtures/findStep';
import { liveTensors } from '../../src/engine/trace/liveTensors';
import { seriesRow, type Trace } from '../../src/engine/trace/trace';
import { randomModel, seedModel, type RandomSpec } from './stepsModels';

const at = (trace: Trace, id: string): number => {
  const i = trace.steps.findIndex((s) => s.id === id);
  assert.ok(i >= 0, `no step ${id}`);
  return i;
};

const SPECS: RandomSpec[] = [];
for (const cell of ['rnn', 'lstm', 'gru'] as CellKind[]) {
  SPECS.push({ cell, tokens: true, loss: 'cross-entropy', H: 4, T: 6, masked: [3] });
  SPECS.push({ cell, tokens: false, loss: 'mse', reduction: 'mean', H: 5, T: 7, I: 3, O: 2, clipNorm: 0.5 });
  // Big enough for the engine's blocked matrix kernels (H, T past their block sizes).
  SPECS.push({
    cell,
    tokens: true,
    loss: 'cross-entropy',
    H: 37,
    T: 23,
    vocab: Array.from({ length: 11 }, (_, i) => `w${i}`),
  });
}
SPECS.push({ cell: 'rnn', activation: 'relu', tokens: false, loss: 'mse', H: 6, T: 9, I: 4, O: 3 });

describe('gradientAt', () => {
  for (const spec of SPECS) {
    it(`equals trace.grads bit for bit after t = 1 (${spec.cell}, ${spec.tokens ? 'tokens' : 'vectors'}, H=${spec.H}, T=${spec.T}${spec.activation ? `, ${spec.activation}` : ''})`, () => {
      const trace = runModel(randomModel(spec));
      const end = trace.steps.length - 1;
      for (const p of PARAM_NAMES[spec.cell]) {
        const g = gradientAt(trace, p, end).data;
        const want = trace.grads[p].data;
        assert.equal(g.length, want.length);
        for (let k = 0; k < g.length; k++)
          assert.ok(Object.is(g[k], want[k]) || (g[k] === 0 && want[k] === 0), `${p}[${k}]: ${g[k]} !== ${want[k]}`);
      }
    });
  }

  it('is zero before BPTT and grows one timestep term per accumulate step (seed W_hh: Σ δa_t h_{t−1})', () => {
    const trace = runModel(seedModel());
    const da = (t: number) => seriesRow(trace, 'da', t)[0];
    const h = (t: number) => (t === 0 ? 0 : seriesRow(trace, 'h', t)[0]);
    assert.deepEqual(Array.from(gradientAt(trace, 'W_hh', at(trace, 'loss::total')).data), [0]);
    assert.deepEqual(Array.from(gradientAt(trace, 'W_hh', at(trace, 'backward:4:da')).data), [0]);
    let acc = 0;
    for (let t = 4; t >= 1; t--) {
      acc += da(t) * h(t - 1);
      assert.equal(gradientAt(trace, 'W_hh', at(trace, `backward:${t}:dW`)).data[0], acc);
      assert.equal(gradientAt(trace, 'W_hh', at(trace, `backward:${t}:dhprev`)).data[0], acc);
    }
    assert.equal(acc, trace.grads.W_hh.data[0]);
    assert.ok(Math.abs(acc - 0.452094511014637) < 1e-12);
    // Stepping back returns the earlier sum exactly (the cache restarts, same order).
    assert.equal(gradientAt(trace, 'W_hh', at(trace, 'backward:3:dW')).data[0], da(4) * h(3) + da(3) * h(2));
    // W_hy is accumulated by the dWy step, before dW.
    const dWy4 = gradientAt(trace, 'W_hy', at(trace, 'backward:4:dWy')).data;
    const dy4 = seriesRow(trace, 'dy', 4);
    assert.deepEqual(
      Array.from(dWy4),
      Array.from(dy4, (d) => 0 + d * h(4)),
    );
  });

  it("b_h accumulates to the seed's 1.3226473502170562", () => {
    const trace = runModel(seedModel());
    const g = gradientAt(trace, 'b_h', trace.steps.length - 1).data[0];
    assert.ok(Math.abs(g - 1.3226473502170562) < 1e-12);
  });
});

describe('contribution', () => {
  it("is δa_t ⊗ x_t with x_t one-hot: only the input token's column", () => {
    const trace = runModel(seedModel());
    const c = contribution(trace, 'W_xh', 2);
    assert.deepEqual(c.shape, [1, 4]);
    assert.deepEqual(Array.from(c.data), [0, seriesRow(trace, 'da', 2)[0], 0, 0]);
    const hy = contribution(trace, 'W_hy', 3);
    assert.deepEqual(
      Array.from(hy.data),
      Array.from(seriesRow(trace, 'dy', 3), (d) => d * seriesRow(trace, 'h', 3)[0]),
    );
    assert.deepEqual(Array.from(contribution(trace, 'b_y', 1).data), Array.from(seriesRow(trace, 'dy', 1)));
  });

  it('sums over t to the gradient for every parameter of a GRU (vector inputs)', () => {
    const trace = runModel(randomModel({ cell: 'gru', tokens: false, loss: 'mse', H: 3, T: 5, I: 2, O: 2 }));
    for (const p of PARAM_NAMES.gru) {
      const sum = new Float64Array(trace.grads[p].data.length);
      for (let t = 5; t >= 1; t--) contribution(trace, p, t).data.forEach((v, k) => (sum[k] += v));
      sum.forEach((v, k) => assert.ok(Math.abs(v - trace.grads[p].data[k]) <= 1e-15 * (1 + Math.abs(v))));
    }
  });
});

describe('valueAt', () => {
  const trace = runModel(seedModel());

  it('gives series rows only once computed, h_0 always', () => {
    assert.equal(valueAt(trace, { name: 'h', t: 2 }, at(trace, 'forward:2:a')), null);
    const h2 = valueAt(trace, { name: 'h', t: 2 }, at(trace, 'forward:2:h'));
    assert.ok(h2);
    assert.ok(Math.abs(h2.data[0] - -0.204645716793882) < 1e-12);
    assert.deepEqual(Array.from(valueAt(trace, { name: 'h', t: 0 }, 0)?.data ?? []), [0]);
    assert.equal(valueAt(trace, { name: 'da', t: 4 }, at(trace, 'backward:4:dh')), null);
    assert.ok(valueAt(trace, { name: 'da', t: 4 }, at(trace, 'backward:4:da')));
    assert.equal(valueAt(trace, { name: 'h', t: 9 }, 0), null);
    assert.equal(valueAt(trace, { name: 'nope' }, 0), null);
  });

  it('x_t and targets as one-hot vectors; ℓ_t, L, ‖g‖, κ and updated weights when reached', () => {
    assert.deepEqual(Array.from(valueAt(trace, { name: 'x', t: 3 }, 0)?.data ?? []), [0, 0, 1, 0]);
    assert.deepEqual(Array.from(valueAt(trace, { name: 'target', t: 1 }, 0)?.data ?? []), [0, 1, 0, 0]);
    assert.equal(valueAt(trace, { name: 'loss', t: 1 }, at(trace, 'forward:1:p')), null);
    assert.ok(
      Math.abs(
        (valueAt(trace, { name: 'loss', t: 1 }, at(trace, 'forward:1:loss'))?.data[0] ?? 0) - 1.3038836248184211,
      ) < 1e-12,
    );
    assert.equal(valueAt(trace, { name: 'L' }, at(trace, 'forward:4:loss')), null);
    assert.equal(valueAt(trace, { name: 'L' }, at(trace, 'loss::total'))?.data[0], trace.loss);
    const losses = valueAt(trace, { name: 'losses' }, at(trace, 'forward:2:loss'))?.data ?? new Float64Array();
    assert.equal(losses.length, 4);
    assert.ok(!Number.isNaN(losses[1]) && Number.isNaN(losses[2]));
    assert.equal(valueAt(trace, { name: 'gradNorm' }, at(trace, 'clip::clip'))?.data[0], trace.gradNorm);
    assert.equal(valueAt(trace, { name: "W_hh'" }, at(trace, 'update::W_xh')), null);
    assert.equal(valueAt(trace, { name: "W_hh'" }, at(trace, 'update::W_hh'))?.data[0], trace.updated.W_hh.data[0]);
    assert.equal(valueAt(trace, { name: 'W_hh' }, 0)?.data[0], 0.2);
    assert.equal(valueAt(trace, { name: 'dh0' }, at(trace, 'backward:1:dW')), null);
    assert.equal(valueAt(trace, { name: 'dh0' }, at(trace, 'backward:1:dhprev'))?.data[0], trace.dh0[0]);
  });
});

describe('hiddenGradNorms', () => {
  it('fills ‖δh_t‖ as BPTT reaches each timestep, then ‖∂L/∂h_0‖', () => {
    const trace = runModel(randomModel({ cell: 'lstm', tokens: true, loss: 'cross-entropy', H: 3, T: 4 }));
    assert.deepEqual(hiddenGradNorms(trace, at(trace, 'loss::total')), [null, null, null, null, null]);
    const mid = hiddenGradNorms(trace, at(trace, 'backward:3:dh'));
    assert.deepEqual(
      mid.map((v) => v !== null),
      [false, false, false, true, true],
    );
    const dh3 = seriesRow(trace, 'dh', 3);
    assert.equal(mid[3], Math.sqrt(dh3[0] * dh3[0] + dh3[1] * dh3[1] + dh3[2] * dh3[2]));
    const end = hiddenGradNorms(trace, trace.steps.length - 1);
    assert.ok(end.every((v) => v !== null && v > 0));
    assert.equal(end[0], Math.hypot(...trace.dh0));
  });
});

describe('liveTensors', () => {
  it('marks what the step reads and writes, and shows only computed values', () => {
    const trace = runModel(seedModel());
    const live = liveTensors(trace, at(trace, 'forward:2:h'));
    const role = (name: string, t?: number) => live.find((l) => l.ref.name === name && l.ref.t === t)?.role;
    assert.equal(role('a', 2), 'read');
    assert.equal(role('h', 2), 'write');
    assert.equal(role('h', 1), 'live'); // h_{t−1}
    assert.equal(role('W_hh'), 'live');
    assert.equal(role('x', 2), 'live');
    assert.equal(role('y', 2), undefined); // not computed yet
    assert.equal(live.find((l) => l.ref.name === 'x')?.label, 'x₂ (there)');

    const back = liveTensors(trace, at(trace, 'backward:3:dW'));
    const r2 = (name: string, t?: number) => back.find((l) => l.ref.name === name && l.ref.t === t);
    assert.equal(r2('dW_hh')?.role, 'write');
    assert.equal(r2('da', 3)?.role, 'read');
    assert.equal(r2('dh_prev', 4)?.role, 'live'); // what came back from t = 4
    assert.equal(r2('dh_prev', 3), undefined); // computed by the next step
    assert.equal(r2('dW_hh')?.data[0], gradientAt(trace, 'W_hh', at(trace, 'backward:3:dW')).data[0]);
    assert.equal(r2('dW_hh')?.label, '∂L/∂W_hh');

    const upd = liveTensors(trace, at(trace, 'update::b_h'));
    assert.deepEqual(
      upd.filter((l) => l.group === 'updated').map((l) => l.ref.name),
      ["W_xh'", "W_hh'", "b_h'"],
    );
    assert.equal(upd.find((l) => l.ref.name === "b_h'")?.role, 'write');
  });

  it('shows every gate of an LSTM timestep', () => {
    const trace = runModel(randomModel({ cell: 'lstm', tokens: true, loss: 'cross-entropy', H: 2, T: 3 }));
    const names = liveTensors(trace, findStep(trace.steps, 'backward', 2, 'dW')).map(
      (l) => `${l.ref.name}@${l.ref.t ?? ''}`,
    );
    for (const n of [
      'i@2',
      'f@2',
      'g@2',
      'o@2',
      'c@2',
      'c@1',
      'h@1',
      'da_i@2',
      'da_f@2',
      'da_g@2',
      'da_o@2',
      'dc@2',
      'dW_xi@',
      'dW_ho@',
    ])
      assert.ok(names.includes(n), n);
  });

  it('walks all of BPTT on H=128, V=65, T=100 and marks what each step writes (speed: npm run bench)', function () {
    this.timeout(60000);
    const vocab = Array.from({ length: 65 }, (_, i) => `c${i}`);
    const trace = runModel(
      randomModel({ cell: 'rnn', tokens: true, loss: 'cross-entropy', H: 128, T: 100, vocab, clipNorm: 5 }),
    );
    const start = findStep(trace.steps, 'backward', 100);
    for (let i = start; i < trace.steps.length; i++) {
      const live = liveTensors(trace, i);
      const written = live.filter((l) => l.role === 'write').map((l) => l.label);
      assert.ok(written.length >= 1, `${trace.steps[i].id} marks nothing as written`);
    }
    // A cold jump straight to the end of BPTT gives the final gradient sums.
    const cold = runModel(
      randomModel({ cell: 'rnn', tokens: true, loss: 'cross-entropy', H: 128, T: 100, vocab, clipNorm: 5, seed: 8 }),
    );
    const live = liveTensors(cold, findStep(cold.steps, 'backward', 1, 'dhprev'));
    const dW = live.find((l) => l.ref.name === 'dW_hh');
    assert.ok(dW, 'dW_hh is live at the end of BPTT');
    assert.deepEqual(Array.from(dW.data), Array.from(cold.grads.W_hh.data));
  });
});
