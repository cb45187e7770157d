// buildSteps: the order, ids, kinds, reads/writes of the timeline for every cell, and the
// stepper's navigation helpers over it (navigation.ts: group = timestep, phase; find: a test helper).
import { strict as assert } from 'node:assert';
import { buildSteps } from '../../src/engine/trace/steps';
import { STEP_KINDS } from '../../src/engine/trace/stepDetails';
import { groupRange, nextGroupStart, phaseEnd, phaseRange, prevGroupStart } from '../../src/engine/trace/navigation';
import { findStep } from './fixtures/findStep';
import { PARAM_NAMES, type CellKind } from '../../src/engine/model';
import { SERIES, type Step } from '../../src/engine/trace/trace';
import { refKey } from '../../src/engine/trace/stepValues';
import { randomModel, seedModel } from './stepsModels';

const CELLS: CellKind[] = ['rnn', 'lstm', 'gru'];

/** Refs that exist before the run: parameters, inputs, targets, h_0/c_0, running gradients. */
function preexisting(name: string, t: number | undefined, params: readonly string[]): boolean {
  if (t === undefined) return params.includes(name) || (name.startsWith('d') && params.includes(name.slice(1)));
  return name === 'x' || name === 'target' || ((name === 'h' || name === 'c') && t === 0);
}

describe('buildSteps', () => {
  it('orders the seed example forward t=1…4, loss, backward t=4…1, clip, update', () => {
    const steps = buildSteps(seedModel());
    const ids = steps.map((s) => s.id);
    const fwd = (t: number) => ['a', 'h', 'y', 'p', 'loss'].map((k) => `forward:${t}:${k}`);
    const bwd = (t: number) => ['dy', 'dWy', 'dh', 'da', 'dW', 'dhprev'].map((k) => `backward:${t}:${k}`);
    assert.deepEqual(ids, [
      ...fwd(1),
      ...fwd(2),
      ...fwd(3),
      ...fwd(4),
      'loss::total',
      ...bwd(4),
      ...bwd(3),
      ...bwd(2),
      ...bwd(1),
      'clip::clip',
      'update::W_xh',
      'update::W_hh',
      'update::b_h',
      'update::W_hy',
      'update::b_y',
    ]);
    steps.forEach((s, i) => assert.equal(s.index, i));
    assert.equal(steps[0].title, 'pre-activation a₁');
    assert.equal(steps.find((s) => s.id === 'backward:1:dhprev')?.title, 'gradient to the previous state δh₀');
  });

  for (const cell of CELLS) {
    for (const loss of ['cross-entropy', 'mse'] as const) {
      it(`${cell} / ${loss}: kinds per timestep, unique ids, every read computed before it is read`, () => {
        const T = 12;
        const model = randomModel({ cell, tokens: loss === 'cross-entropy', loss, H: 3, T, masked: [2, 11] });
        const steps = buildSteps(model);
        assert.equal(new Set(steps.map((s) => s.id)).size, steps.length, 'ids are unique');
        for (let t = 1; t <= T; t++) {
          const f = steps.filter((s) => s.phase === 'forward' && s.t === t).map((s) => s.kind);
          const want = STEP_KINDS[cell].forward.filter((k) =>
            k === 'p' ? loss === 'cross-entropy' : k === 'loss' ? t !== 2 && t !== 11 : true,
          );
          assert.deepEqual(f, want, `forward kinds at t=${t}`);
          assert.deepEqual(
            steps.filter((s) => s.phase === 'backward' && s.t === t).map((s) => s.kind),
            [...STEP_KINDS[cell].backward],
          );
        }
        assert.deepEqual(
          steps.filter((s) => s.phase === 'update').map((s) => s.kind),
          [...PARAM_NAMES[cell]],
        );
        assert.equal(steps.filter((s) => s.phase === 'clip').length, 1);
        // Backward timesteps run T…1.
        const bt = steps.filter((s) => s.phase === 'backward').map((s) => s.t as number);
        for (let i = 1; i < bt.length; i++) assert.ok(bt[i] <= bt[i - 1]);

        // Dataflow: everything a step reads exists already; every series row is written exactly once.
        const params = PARAM_NAMES[cell];
        const writtenAt = new Map<string, number>();
        for (const s of steps) {
          for (const r of s.reads) {
            if (preexisting(r.name, r.t, params)) continue;
            if (r.name === 'losses') continue; // the vector of ℓ_t, each written by a forward 'loss' step
            assert.ok(writtenAt.has(refKey(r)), `${s.id} reads ${refKey(r)} before it is written`);
          }
          for (const w of s.writes) {
            const k = refKey(w);
            if (w.name.startsWith('d') && params.includes(w.name.slice(1))) continue; // running sums
            assert.ok(!writtenAt.has(k), `${k} written twice`);
            writtenAt.set(k, s.index);
          }
        }
        for (const info of SERIES[cell]) {
          if (info.name === 'p' && loss === 'mse') continue;
          for (let t = 1; t <= T; t++)
            assert.ok(writtenAt.has(`${info.name}@${t}`), `no step writes ${info.name}@${t}`);
        }
        for (const name of [
          'L',
          'gradNorm',
          'clipFactor',
          'dh0',
          ...params.map((p) => `${p}'`),
          ...(cell === 'lstm' ? ['dc0'] : []),
        ]) {
          assert.ok(writtenAt.has(name), `no step writes ${name}`);
        }
        // Each parameter's gradient is accumulated once per timestep.
        for (const p of params) assert.equal(steps.filter((s) => s.writes.some((w) => w.name === `d${p}`)).length, T);
      });
    }
  }

  it('keeps the same ids when only numbers change (cursor survives an edit)', () => {
    const a = buildSteps(randomModel({ cell: 'gru', tokens: true, loss: 'cross-entropy', H: 2, T: 5, seed: 1 }));
    const b = buildSteps(randomModel({ cell: 'gru', tokens: true, loss: 'cross-entropy', H: 2, T: 5, seed: 99 }));
    assert.deepEqual(
      a.map((s) => s.id),
      b.map((s) => s.id),
    );
  });

  it('ids of the shape <phase>:<t>:<kind>', () => {
    for (const s of buildSteps(seedModel())) assert.equal(s.id, `${s.phase}:${s.t ?? ''}:${s.kind}`);
  });
});

describe('navigation', () => {
  const steps: Step[] = buildSteps(seedModel());
  const at = (id: string): number => steps.findIndex((s) => s.id === id);

  it('groupRange is the timestep; phaseRange the phase', () => {
    assert.deepEqual(groupRange(steps, at('forward:2:y')), { start: at('forward:2:a'), end: at('forward:2:loss') });
    assert.deepEqual(groupRange(steps, at('backward:3:da')), {
      start: at('backward:3:dy'),
      end: at('backward:3:dhprev'),
    });
    assert.deepEqual(groupRange(steps, at('loss::total')), { start: at('loss::total'), end: at('loss::total') });
    assert.deepEqual(groupRange(steps, at('update::b_h')), { start: at('update::W_xh'), end: at('update::b_y') });
    assert.deepEqual(phaseRange(steps, at('forward:3:h')), { start: 0, end: at('forward:4:loss') });
    assert.deepEqual(phaseRange(steps, at('backward:1:dy')), {
      start: at('backward:4:dy'),
      end: at('backward:1:dhprev'),
    });
  });

  it('nextGroupStart / prevGroupStart walk timesteps and are inverses from group starts', () => {
    const starts: number[] = [];
    for (let i: number | null = 0; i !== null; i = nextGroupStart(steps, i)) starts.push(i);
    assert.deepEqual(
      starts.map((i) => steps[i].id),
      [
        'forward:1:a',
        'forward:2:a',
        'forward:3:a',
        'forward:4:a',
        'loss::total',
        'backward:4:dy',
        'backward:3:dy',
        'backward:2:dy',
        'backward:1:dy',
        'clip::clip',
        'update::W_xh',
      ],
    );
    for (let k = 1; k < starts.length; k++) assert.equal(prevGroupStart(steps, starts[k]), starts[k - 1]);
    assert.equal(prevGroupStart(steps, 0), null);
    assert.equal(prevGroupStart(steps, at('forward:1:y')), null);
    assert.equal(prevGroupStart(steps, at('forward:3:h')), at('forward:2:a'));
    assert.equal(nextGroupStart(steps, steps.length - 1), null);
    assert.equal(nextGroupStart(steps, at('backward:2:da')), at('backward:1:dy'));
  });

  it('phaseEnd (step out) and findStep (go to step)', () => {
    assert.equal(phaseEnd(steps, 0), at('forward:4:loss'));
    assert.equal(phaseEnd(steps, at('loss::total')), at('loss::total'));
    assert.equal(phaseEnd(steps, at('backward:4:dh')), at('backward:1:dhprev'));
    assert.equal(phaseEnd(steps, at('update::W_hh')), steps.length - 1);
    assert.equal(findStep(steps, 'backward', 3), at('backward:3:dy'));
    assert.equal(findStep(steps, 'backward', 3, 'da'), at('backward:3:da'));
    assert.equal(findStep(steps, 'update', null, 'W_hy'), at('update::W_hy'));
    assert.equal(findStep(steps, 'forward', 9), -1);
    assert.equal(findStep(steps, 'forward', 1, 'dy'), -1);
  });

  it('clamps out-of-range indices and handles an empty list', () => {
    assert.deepEqual(groupRange(steps, -5), groupRange(steps, 0));
    assert.deepEqual(groupRange(steps, 1e9), groupRange(steps, steps.length - 1));
    assert.equal(nextGroupStart([], 0), null);
    assert.equal(prevGroupStart([], 0), null);
  });
});
