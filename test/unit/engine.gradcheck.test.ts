// Finite-difference checks of every analytic gradient (parameters, h0, c0) on random models of
// every cell × activation × input × loss × reduction × null targets × clipping combination.
import assert from 'node:assert/strict';
import { gradCheck, gradError } from '../../src/engine/compute/gradcheck';
import { PARAM_NAMES } from '../../src/engine/model';
import { buildModel, allSpecs, randomModel, SEED, specName } from './fixtures/models';
import { reference } from './fixtures/reference';

describe('engine: gradient check by central finite differences', () => {
  for (const spec of allSpecs(2000)) {
    it(specName(spec), () => {
      const model = randomModel(spec);
      const r = gradCheck(model);
      const names = [...PARAM_NAMES[model.cell], 'h0', ...(model.cell === 'lstm' ? ['c0'] : [])];
      assert.deepEqual(Object.keys(r.perTensor), names, 'every parameter, h0 and c0 are checked');
      const expected = names.reduce(
        (n, k) => n + (k === 'h0' || k === 'c0' ? model.hiddenSize : model.params[k].data.length),
        0,
      );
      assert.equal(r.checked, expected, 'every element is checked');
      assert.ok(r.maxError < 1e-6, `max error ${r.maxError} at ${JSON.stringify(r.worst)}`);
    });
  }

  it('longer sequences and larger hidden states', () => {
    for (const spec of allSpecs(3000, { H: 6, T: 15, I: 5, O: 4, scale: 0.6 }).filter((_, k) => k % 4 === 1)) {
      const r = gradCheck(randomModel(spec), { maxPerTensor: 12 });
      assert.ok(r.maxError < 1e-6, `${specName(spec)}: max error ${r.maxError} at ${JSON.stringify(r.worst)}`);
    }
  });

  it('the seed example, and the error it reports is the documented formula', () => {
    const r = gradCheck(buildModel(SEED));
    assert.ok(r.maxError < 1e-8, `max error ${r.maxError}`);
    assert.equal(r.eps, 1e-6);
    const w = r.worst!;
    assert.equal(w.error, gradError(w.analytic, w.numeric));
    assert.ok(r.perTensor.W_hh.numeric > 0.4520945 && r.perTensor.W_hh.numeric < 0.4520946);
  });

  it('gradError: relative above 1, absolute below 1', () => {
    assert.equal(gradError(100, 101), 1 / 201);
    assert.equal(gradError(1e-9, 2e-9), 1e-9);
    assert.equal(gradError(0, 0), 0);
    assert.ok(gradError(0.5, 0.5 * (1 + 1e-5)) > 1e-6, 'a gradient off by 1e-5 relative is caught');
  });

  it('its finite differences agree with the independent reference gradients on their own', () => {
    // So that a passing check means "the engine agrees with the loss", not "the engine agrees
    // with itself": the numeric side is compared with fixtures/reference.ts directly.
    for (const spec of allSpecs(4000).filter((_, k) => k % 16 === 3)) {
      const model = randomModel(spec);
      const ref = reference(model);
      const r = gradCheck(model);
      for (const [name, e] of Object.entries(r.perTensor)) {
        const g =
          name === 'h0' ? ref.dh0 : name === 'c0' ? ref.dc0! : (ref.grads[name] as number[] | number[][]).flat();
        assert.ok(
          Math.abs(e.numeric - g[e.index]) < 1e-7 * Math.max(1, Math.abs(g[e.index])),
          `${specName(spec)} ${name}[${e.index}]: ${e.numeric} vs ${g[e.index]}`,
        );
      }
    }
  });
});
