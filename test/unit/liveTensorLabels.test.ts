// The names of the live tensors (the panel's tensor grid, the status bar): during BPTT δh_t (the
// total), its parts δh_tᵒᵘᵗ and δh_tⁿᵉˣᵗ, and the gradient timestep t+1 sent back to h_t are live
// together; a person must be able to tell them apart. At every step of every example and of a
// model of each cell, two live tensors with the same label (or TeX) must be the same numbers.
import { strict as assert } from 'node:assert';
import { runModel } from '../../src/engine/compute/run';
import { liveTensors, type LiveTensor } from '../../src/engine/trace/liveTensors';
import { findStep } from './fixtures/findStep';
import type { CellKind } from '../../src/engine/model';
import type { Trace } from '../../src/engine/trace/trace';
import { exampleTraces, randomModel, seedModel } from './stepsModels';

function sameData(a: LiveTensor, b: LiveTensor): boolean {
  if (a.data.length !== b.data.length) return false;
  for (let k = 0; k < a.data.length; k++) if (!Object.is(a.data[k], b.data[k])) return false;
  return true;
}

/** "label@step: refA ≠ refB" for each pair of live tensors sharing `key` but not their numbers. */
function clashes(trace: Trace, key: (l: LiveTensor) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < trace.steps.length; i++) {
    const byKey = new Map<string, LiveTensor>();
    for (const l of liveTensors(trace, i)) {
      const k = key(l);
      const other = byKey.get(k);
      if (other && !sameData(other, l))
        out.push(
          `${JSON.stringify(k)} at ${trace.steps[i].id}: ${other.ref.name}@${other.ref.t} and ${l.ref.name}@${l.ref.t}`,
        );
      if (!other) byKey.set(k, l);
    }
  }
  return out;
}

const traces: { name: string; trace: Trace }[] = [
  ...exampleTraces(),
  ...(['rnn', 'lstm', 'gru'] as CellKind[]).map((cell) => ({
    name: `random ${cell}`,
    trace: runModel(randomModel({ cell, tokens: false, loss: 'mse', H: 3, T: 5, I: 2, O: 2, masked: [2] })),
  })),
];

describe('live tensor labels', () => {
  it('covers every cell', () => {
    const cells = new Set(traces.map((t) => t.trace.model.cell));
    assert.deepEqual([...cells].sort(), ['gru', 'lstm', 'rnn']);
  });

  for (const { name, trace } of traces) {
    it(`no two different values share a label or a TeX at any step (${name}, ${trace.model.cell})`, () => {
      assert.deepEqual(
        clashes(trace, (l) => l.label),
        [],
      );
      assert.deepEqual(
        clashes(trace, (l) => l.tex),
        [],
      );
    });
  }

  it('names δh₃ (total), its parts, and what t=4 sent back, as the seed walks BPTT', () => {
    const trace = runModel(seedModel());
    const live = liveTensors(trace, findStep(trace.steps, 'backward', 3, 'dW'));
    const find = (name: string, t: number): LiveTensor => {
      const l = live.find((x) => x.ref.name === name && x.ref.t === t);
      assert.ok(l, `${name}@${t} is not live`);
      return l;
    };
    assert.equal(find('dh', 3).label, 'δh₃ (total)');
    assert.equal(find('dh', 3).tex, '\\delta h_{3}');
    assert.equal(find('dh_out', 3).label, 'δh₃ᵒᵘᵗ');
    assert.equal(find('dh_next', 3).label, 'δh₃ⁿᵉˣᵗ');
    assert.equal(find('dh_next', 3).tex, '\\delta h_{3}^{\\text{next}}');
    assert.equal(find('dh_prev', 4).label, 'δh₃ (sent back from t=4)');
    assert.equal(find('dh_prev', 4).tex, '\\delta h_{3}\\ (\\text{sent back from } t=4)');
    // What t=4 sent back is exactly δh₃ⁿᵉˣᵗ, and the total adds δh₃ᵒᵘᵗ to it (hidden size 1).
    assert.equal(find('dh_prev', 4).data[0], find('dh_next', 3).data[0]);
    assert.equal(find('dh', 3).data[0], find('dh_out', 3).data[0] + find('dh_next', 3).data[0]);
    assert.notEqual(find('dh', 3).data[0], find('dh_prev', 4).data[0]);
  });

  it('names the LSTM cell-state gradients the same way', () => {
    const trace = runModel(randomModel({ cell: 'lstm', tokens: true, loss: 'cross-entropy', H: 2, T: 3 }));
    const live = liveTensors(trace, findStep(trace.steps, 'backward', 2, 'dW'));
    const label = (name: string, t: number): string | undefined =>
      live.find((x) => x.ref.name === name && x.ref.t === t)?.label;
    assert.equal(label('dc', 2), 'δc₂ (total)');
    assert.equal(label('dc_next', 2), 'δc₂ⁿᵉˣᵗ');
    assert.equal(label('dc_prev', 3), 'δc₂ (sent back from t=3)');
    assert.equal(label('da_i', 2), 'δaⁱ₂');
  });
});
