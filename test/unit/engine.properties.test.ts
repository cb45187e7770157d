// Exactness properties of the engine: gradients equal the stepper's running sums bit for bit,
// both kernel back-ends agree bit for bit, training is runModel repeated, nothing is mutated.
import assert from 'node:assert/strict';
import { acquireHeap, gemmJs, packPanels, setBackend } from '../../src/engine/compute/linalg';
import { PARAM_NAMES, type Model } from '../../src/engine/model';
import { train, withParams } from '../../src/engine/compute/optimize';
import { runModel } from '../../src/engine/compute/run';
import { GRAD_SOURCES, SERIES, seriesRow, type Trace } from '../../src/engine/trace/trace';
import { allSpecs, buildModel, randomModel, SEED, specName } from './fixtures/models';
import { mulberry32 } from '../../src/engine/parse/init';
import { assertAllClose, assertSameBits } from './fixtures/close';
import { reference } from './fixtures/reference';

/** The operand of a gradient contribution at timestep t (1-based), straight from the model and trace. */
function operand(trace: Trace, kind: 'x' | 'hprev' | 'h', t: number): ArrayLike<number> {
  const m = trace.model;
  if (kind === 'h') return seriesRow(trace, 'h', t);
  if (kind === 'hprev') return t === 1 ? m.h0 : seriesRow(trace, 'h', t - 1);
  if (m.inputs.kind === 'vectors') return m.inputs.data.subarray((t - 1) * m.inputSize, t * m.inputSize);
  const x = new Float64Array(m.inputSize);
  x[m.inputs.ids[t - 1]] = 1;
  return x;
}

function snapshot(m: Model): string {
  return JSON.stringify([
    Object.entries(m.params).map(([k, v]) => [k, v.shape, Array.from(v.data)]),
    Array.from(m.h0),
    m.c0 && Array.from(m.c0),
    m.inputs,
    m.targets,
  ]);
}

describe('engine: exactness properties', () => {
  it('each gradient equals the running sum of its contributions over t = T…1, bit for bit', () => {
    for (const spec of allSpecs(7000, { T: 9, H: 4 }).filter((_, k) => k % 3 === 0)) {
      const trace = runModel(randomModel(spec));
      const T = trace.model.steps;
      for (const name of PARAM_NAMES[trace.model.cell]) {
        const src = GRAD_SOURCES[trace.model.cell][name];
        const [R, C] = trace.grads[name].shape.length === 2 ? trace.grads[name].shape : [trace.grads[name].shape[0], 1];
        const sums = new Float64Array(R * C);
        for (let t = T; t >= 1; t--) {
          const delta = seriesRow(trace, src.delta, t);
          const op = src.operand ? operand(trace, src.operand, t) : null;
          for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) sums[i * C + j] += op ? delta[i] * op[j] : delta[i];
        }
        assertSameBits(trace.grads[name].data, sums, `${specName(spec)} ∂L/∂${name}`);
      }
    }
  });

  it('wide models (rows ≥ 2 KB: operands restaged for the gradient products) keep those bits', () => {
    const wide = [
      randomModel({
        cell: 'rnn',
        input: 'tokens',
        loss: 'cross-entropy',
        reduction: 'sum',
        H: 260,
        T: 4,
        I: 5,
        O: 6,
        scale: 0.1,
        seed: 11,
      }),
      randomModel({
        cell: 'lstm',
        input: 'vectors',
        loss: 'mse',
        reduction: 'mean',
        H: 70,
        T: 3,
        I: 3,
        O: 4,
        scale: 0.2,
        seed: 12,
      }),
      randomModel({
        cell: 'gru',
        input: 'vectors',
        loss: 'cross-entropy',
        reduction: 'sum',
        H: 5,
        T: 3,
        I: 300,
        O: 270,
        scale: 0.1,
        seed: 13,
      }),
    ];
    for (const model of wide) {
      const trace = runModel(model);
      const ref = reference(model);
      for (const name of PARAM_NAMES[model.cell]) {
        const src = GRAD_SOURCES[model.cell][name];
        const [R, C] = trace.grads[name].shape.length === 2 ? trace.grads[name].shape : [trace.grads[name].shape[0], 1];
        const sums = new Float64Array(R * C);
        for (let t = model.steps; t >= 1; t--) {
          const delta = seriesRow(trace, src.delta, t);
          const op = src.operand ? operand(trace, src.operand, t) : null;
          for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) sums[i * C + j] += op ? delta[i] * op[j] : delta[i];
        }
        assertSameBits(trace.grads[name].data, sums, `${model.cell} ∂L/∂${name}`);
        assertAllClose(
          trace.grads[name].data,
          (ref.grads[name] as number[][]).flat(),
          1e-12,
          `${model.cell} ∂L/∂${name} vs reference`,
        );
      }
    }
  });

  it('WebAssembly and JavaScript kernels give identical bits, also after the heap held other data', () => {
    try {
      setBackend('wasm');
      runModel(
        randomModel({
          cell: 'lstm',
          input: 'vectors',
          loss: 'mse',
          reduction: 'sum',
          H: 20,
          T: 40,
          I: 9,
          O: 7,
          seed: 1,
        }),
      );
      const specs = allSpecs(8000);
      const wasm = specs.map((s) => runModel(randomModel(s)));
      setBackend('js');
      const js = specs.map((s) => runModel(randomModel(s)));
      specs.forEach((s, k) => {
        for (const info of SERIES[s.cell])
          assertSameBits(wasm[k].series[info.name], js[k].series[info.name], `${specName(s)} ${info.name}`);
        for (const name of PARAM_NAMES[s.cell]) {
          assertSameBits(wasm[k].grads[name].data, js[k].grads[name].data, `${specName(s)} ∂L/∂${name}`);
          assertSameBits(wasm[k].updated[name].data, js[k].updated[name].data, `${specName(s)} ${name}'`);
        }
        assertSameBits(wasm[k].dh0, js[k].dh0, `${specName(s)} δh_0`);
        assert.equal(wasm[k].loss, js[k].loss);
      });
    } finally {
      setBackend('auto');
    }
  });

  it('the matrix kernel sums each element in the order given, with one accumulator', () => {
    const r = mulberry32(5);
    const heap = acquireHeap(8192);
    try {
      assert.equal(heap.backend, 'wasm', 'WebAssembly SIMD is available in Node 20');
      const M = heap.M;
      for (let trial = 0; trial < 400; trial++) {
        const m = 1 + Math.floor(r() * 9),
          n = 1 + Math.floor(r() * 27),
          k = 1 + Math.floor(r() * 13);
        for (let q = 0; q < 8192; q++) M[q] = r() * 2 - 1;
        const desc = r() < 0.5,
          transA = r() < 0.5,
          packed = r() < 0.5;
        const aRow = transA ? 1 : k,
          aK = transA ? m : 1; // A stored m×k or k×m
        const a = 10,
          bRows = 600,
          b = 2000,
          c = 5000,
          ldc = n + Math.floor(r() * 3);
        const ldb = n + Math.floor(r() * 3);
        const Bv = (s: number, j: number): number => M[bRows + s * ldb + j]; // the logical B, row-major
        let bBase = bRows,
          bK = ldb,
          bP = 8;
        if (packed) {
          packPanels(M, b, bRows, ldb, 1, k, n);
          bBase = b;
          bK = 8;
          bP = 8 * k;
        }
        const a0 = desc ? a + (k - 1) * aK : a,
          b0 = desc ? bBase + (k - 1) * bK : bBase;
        const args = [c, ldc, a0, aRow, desc ? -aK : aK, b0, desc ? -bK : bK, bP, m, n, k] as const;
        heap.gemm(...args);
        const got = M.slice(c, c + m * ldc);
        const expect = got.slice();
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let q = 0; q < k; q++) {
              const sq = desc ? k - 1 - q : q;
              s += Bv(sq, j) * M[a + i * aRow + sq * aK];
            }
            expect[i * ldc + j] = s;
          }
        assertSameBits(got, expect, `trial ${trial} (${heap.backend}${packed ? ', packed' : ''})`);
        gemmJs(M, ...args);
        assertSameBits(M.subarray(c, c + m * ldc), got, `trial ${trial} js`);
      }
    } finally {
      heap.release();
    }
  });

  it("train with one step gives runModel's updated parameters exactly; N steps chain runModel", () => {
    for (const spec of allSpecs(9000).filter((_, k) => k % 8 === 0)) {
      const model = randomModel(spec);
      const one = train(model, 1);
      const trace = runModel(model);
      assert.deepEqual(one.losses, [trace.loss]);
      for (const name of PARAM_NAMES[model.cell])
        assertSameBits(one.params[name].data, trace.updated[name].data, `${specName(spec)} ${name}`);
      const three = train(model, 3);
      let m = model;
      for (let k = 0; k < 3; k++) {
        const tr = runModel(m);
        assert.equal(three.losses[k], tr.loss, `${specName(spec)} loss before step ${k}`);
        m = withParams(m, tr.updated);
      }
      for (const name of PARAM_NAMES[model.cell])
        assertSameBits(three.params[name].data, m.params[name].data, `${specName(spec)} ${name} after 3`);
    }
  });

  it('training lowers the loss step after step on small models', () => {
    const seed = train(buildModel(SEED), 25);
    for (let k = 1; k < 25; k++)
      assert.ok(seed.losses[k] < seed.losses[k - 1], `seed step ${k}: ${seed.losses[k]} ≥ ${seed.losses[k - 1]}`);
    assert.ok(seed.losses[24] < 0.8 * seed.losses[0]);
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      const model = randomModel({
        cell,
        input: 'tokens',
        loss: 'cross-entropy',
        reduction: 'mean',
        H: 5,
        T: 8,
        scale: 0.3,
        seed: 42,
      });
      const r = train(withParams(model, model.params), 40);
      for (let k = 1; k < 40; k++) assert.ok(r.losses[k] < r.losses[k - 1], `${cell} step ${k}`);
    }
  });

  it('onStep sees every loss, can stop training, and may itself run the engine', () => {
    const model = buildModel(SEED);
    const seen: number[] = [];
    const nested: number[] = [];
    const r = train(model, 10, (k, loss) => {
      seen.push(loss);
      nested.push(runModel(model).loss); // the heap is busy: this run must get its own
      return k < 4;
    });
    assert.equal(r.losses.length, 5);
    assert.deepEqual(seen, r.losses);
    assert.deepEqual(nested, new Array(5).fill(runModel(model).loss));
    assertSameBits(r.params.W_hh.data, train(model, 5).params.W_hh.data, 'stopped after 5 steps');
  });

  it('never mutates the model', () => {
    for (const spec of allSpecs(9500).filter((_, k) => k % 6 === 0)) {
      const model = randomModel(spec);
      const before = snapshot(model);
      runModel(model);
      train(model, 2);
      assert.equal(snapshot(model), before, specName(spec));
    }
  });

  it('a model without any target has loss 0 and zero gradients', () => {
    const m = buildModel({ ...SEED, targets: [null, null, null, null] as unknown as string[] });
    for (const reduction of ['sum', 'mean'] as const) {
      const tr = runModel({ ...m, reduction });
      assert.equal(tr.loss, 0);
      assert.equal(tr.targetCount, 0);
      assert.ok(Array.from(tr.losses).every(Number.isNaN));
      for (const name of PARAM_NAMES.rnn)
        assert.ok(
          tr.grads[name].data.every((g) => g === 0),
          name,
        );
      assertSameBits(tr.updated.W_hh.data, m.params.W_hh.data, 'no update');
    }
  });
});
