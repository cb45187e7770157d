// The engine against an independent naive implementation (fixtures/reference.ts) on random
// models of every kind, with both kernel back-ends: every series, loss, gradient, δh_0/δc_0,
// the clip factor and the updated parameters, to 1e-12.
import assert from 'node:assert/strict';
import { setBackend, activeBackend } from '../../src/engine/compute/linalg';
import { PARAM_NAMES } from '../../src/engine/model';
import { runModel } from '../../src/engine/compute/run';
import { SERIES } from '../../src/engine/trace/trace';
import { allSpecs, randomModel, specName } from './fixtures/models';
import { reference } from './fixtures/reference';
import { assertAllClose, assertClose } from './fixtures/close';

const TOL = 1e-12;

for (const backend of ['wasm', 'js'] as const) {
  describe(`engine vs the naive reference (${backend} kernels)`, () => {
    before(() => setBackend(backend));
    after(() => setBackend('auto'));

    it('uses the back-end asked for', () => assert.equal(activeBackend(), backend));

    for (const spec of allSpecs(1000)) {
      it(specName(spec), () => {
        const model = randomModel(spec);
        const trace = runModel(model);
        const ref = reference(model);
        const { hiddenSize: H, outputSize: O, steps: T } = model;

        assert.deepEqual(Object.keys(trace.series).sort(), SERIES[model.cell].map((s) => s.name).sort());
        for (const info of SERIES[model.cell]) {
          const size = info.size === 'H' ? H : O;
          assert.equal(trace.series[info.name].length, T * size, `${info.name} length`);
          assertAllClose(trace.series[info.name], ref.series[info.name].flat(), TOL, info.name);
        }
        ref.losses.forEach((l, t) => {
          if (l === null) assert.ok(Number.isNaN(trace.losses[t]), `ℓ_${t + 1} is NaN where there is no target`);
          else assertClose(trace.losses[t], l, TOL, `ℓ_${t + 1}`);
        });
        assert.equal(trace.targetCount, ref.losses.filter((l) => l !== null).length);
        assertClose(trace.loss, ref.loss, TOL, 'L');
        for (const name of PARAM_NAMES[model.cell]) {
          assert.deepEqual(trace.grads[name].shape, model.params[name].shape, `${name} gradient shape`);
          assertAllClose(trace.grads[name].data, (ref.grads[name] as number[] | number[][]).flat(), TOL, `∂L/∂${name}`);
          assertAllClose(
            trace.updated[name].data,
            (ref.updated[name] as number[] | number[][]).flat(),
            TOL,
            `${name}'`,
          );
        }
        assertAllClose(trace.dh0, ref.dh0, TOL, 'δh_0');
        if (model.cell === 'lstm') assertAllClose(trace.dc0!, ref.dc0!, TOL, 'δc_0');
        else assert.equal(trace.dc0, null);
        assertClose(trace.gradNorm, ref.norm, TOL, '‖g‖');
        assertClose(trace.clipFactor, ref.factor, TOL, 'clip factor');
        if (spec.clipNorm) assert.ok(trace.clipFactor < 1, `clipping is active (‖g‖ = ${trace.gradNorm})`);
        else assert.equal(trace.clipFactor, 1);
        assert.ok(trace.steps.length > 0);
      });
    }

    it('larger models (H = 7, T = 23, I = 6, O = 5)', () => {
      for (const spec of allSpecs(5000, { H: 7, T: 23, I: 6, O: 5 }).filter((_, k) => k % 5 === 0)) {
        const model = randomModel(spec);
        const trace = runModel(model);
        const ref = reference(model);
        assertClose(trace.loss, ref.loss, TOL, `${specName(spec)} L`);
        for (const name of PARAM_NAMES[model.cell])
          assertAllClose(
            trace.grads[name].data,
            (ref.grads[name] as number[] | number[][]).flat(),
            1e-11,
            `${specName(spec)} ∂L/∂${name}`,
          );
        assertAllClose(trace.dh0, ref.dh0, 1e-11, `${specName(spec)} δh_0`);
      }
    });
  });
}
