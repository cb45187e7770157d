// The gradient-flow matrix ‖∂ℓ_t/∂h_k‖ and the connectivity matrix ‖∂y_t/∂x_k‖_F against products
// of dense Jacobians measured independently (dynamics.reference.ts), against PyTorch autograd where
// /usr/bin/python3 imports torch, and against the engine's own BPTT where they must meet.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runModel } from '../../src/engine/compute/run';
import { setBackend } from '../../src/engine/compute/linalg';
import { connectivity } from '../../src/engine/dynamics/connectivity';
import { gradientFlow } from '../../src/engine/dynamics/gradientFlow';
import { tensorToJson, type Model } from '../../src/engine/model';
import { assertClose } from './fixtures/close';
import { allSpecs, randomModel, type RandomSpec } from './fixtures/models';
import { inputVector, referenceConnectivity, referenceFlow } from './dynamics.reference';

const PYTHON = '/usr/bin/python3';

function flowRows(m: Model): (number[] | null)[] {
  const f = gradientFlow(m);
  const T = m.steps;
  return Array.from({ length: T }, (_, i) =>
    f.hasRow[i] ? Array.from(f.values.subarray(i * (T + 1), (i + 1) * (T + 1))) : null,
  );
}

function connRows(m: Model): number[][] {
  const c = connectivity(m);
  const T = m.steps;
  return Array.from({ length: T }, (_, i) => Array.from(c.values.subarray(i * T, (i + 1) * T)));
}

function assertMatrix(actual: (number[] | null)[], expected: (number[] | null)[], tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: rows`);
  actual.forEach((row, i) => {
    const e = expected[i];
    if (e === null || row === null) return assert.equal(row, e, `${what}: row ${i + 1} null`);
    assert.equal(row.length, e.length, `${what}: row ${i + 1} length`);
    row.forEach((v, k) => assertClose(v, e[k], tol, `${what}[${i + 1}][${k}]`));
  });
}

/** One of every kind the engine distinguishes, a little longer and wider than the defaults. */
const SPECS: RandomSpec[] = allSpecs(9100, { T: 6, H: 3, I: 4, O: 3 }).filter(
  (s) => s.clipNorm === null && s.reduction === 'sum',
);
const WIDE: RandomSpec[] = [
  // O > H and I > GH: the triangular factors of connectivity.ts
  { cell: 'rnn', input: 'tokens', loss: 'cross-entropy', reduction: 'mean', H: 2, I: 7, O: 6, T: 5, seed: 41 },
  { cell: 'gru', input: 'vectors', loss: 'mse', reduction: 'sum', H: 2, I: 9, O: 5, T: 5, seed: 42 },
  { cell: 'lstm', input: 'tokens', loss: 'cross-entropy', reduction: 'sum', H: 2, I: 11, O: 4, T: 5, seed: 43 },
];

describe('dynamics: gradient flow and connectivity', () => {
  for (const spec of [...SPECS, ...WIDE]) {
    const label = `${spec.cell}${spec.cell === 'rnn' ? `/${spec.activation ?? 'tanh'}` : ''} ${spec.input} ${spec.loss}${spec.nulls ? ' with null targets' : ''} (H ${spec.H}, I ${spec.I}, O ${spec.O})`;
    it(`${label}: both matrices equal products of finite-difference Jacobians`, () => {
      const m = randomModel(spec);
      assertMatrix(flowRows(m), referenceFlow(m), 2e-7, 'lossToHidden');
      assertMatrix(connRows(m), referenceConnectivity(m), 2e-7, 'outputToInput');
    });
  }

  it('zero above the diagonal, null rows exactly where a step has no target', () => {
    const m = randomModel({
      cell: 'lstm',
      input: 'tokens',
      loss: 'cross-entropy',
      reduction: 'sum',
      nulls: true,
      T: 7,
      seed: 5,
    });
    const f = flowRows(m),
      c = connRows(m);
    const tg = m.targets.kind === 'tokens' ? m.targets.ids : null;
    f.forEach((row, i) => {
      assert.equal(row === null, tg![i] < 0, `row ${i + 1}`);
      row?.forEach((v, k) => assert.ok(k > i + 1 ? v === 0 : v > 0, `flow[${i + 1}][${k}] = ${v}`));
    });
    c.forEach((row, i) => row.forEach((v, k) => assert.ok(k > i ? v === 0 : v > 0, `conn[${i + 1}][${k + 1}] = ${v}`)));
  });

  it("a single target: the row's ∂ℓ_T/∂h_0 is the engine's ∂L/∂h_0 (sum and mean alike)", () => {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      const m0 = randomModel({ cell, input: 'tokens', loss: 'cross-entropy', reduction: 'mean', T: 6, seed: 77 });
      const ids = (m0.targets as { ids: Int32Array }).ids.map((v, i) => (i === 5 ? v : -1));
      const m: Model = { ...m0, targets: { kind: 'tokens', ids } };
      const f = gradientFlow(m);
      const dh0 = runModel(m).dh0;
      assertClose(f.values[5 * 7], Math.hypot(...dh0), 1e-13, `${cell}: ‖∂ℓ_6/∂h_0‖`);
      assert.deepEqual(Array.from(f.hasRow), [0, 0, 0, 0, 0, 1]);
    }
  });

  it('the JavaScript and WebAssembly kernels give the same bits', () => {
    const m = randomModel({
      cell: 'gru',
      input: 'vectors',
      loss: 'mse',
      reduction: 'sum',
      T: 9,
      H: 11,
      I: 5,
      O: 13,
      seed: 3,
    });
    const wasm = [gradientFlow(m).values, connectivity(m).values];
    setBackend('js');
    try {
      const js = [gradientFlow(m).values, connectivity(m).values];
      assert.deepEqual(js, wasm);
    } finally {
      setBackend('auto');
    }
  });

  it('norms keep their size at 1e±200 (no overflow or underflow in the squares)', () => {
    const m = randomModel({ cell: 'rnn', input: 'vectors', loss: 'mse', reduction: 'sum', T: 3, seed: 8 });
    const scaled = (s: number): Model => ({
      ...m,
      params: {
        ...m.params,
        W_hy: { shape: m.params.W_hy.shape, data: m.params.W_hy.data.map((v) => v * s) },
        b_y: { shape: m.params.b_y.shape, data: new Float64Array(m.outputSize) },
      },
      targets: { kind: 'vectors', data: new Float64Array(9), mask: Uint8Array.of(0, 0, 1) },
    });
    // target 0 and b_y = 0: ∂ℓ_3/∂h_3 = s² W_hyᵀ W_hy h_3 — every row scales by s², ratios stay
    const base = gradientFlow(scaled(1)).values;
    for (const s of [1e100, 1e-100]) {
      const big = gradientFlow(scaled(s)).values;
      for (let k = 0; k <= 3; k++) {
        const v = big[2 * 4 + k];
        assert.ok(Number.isFinite(v) && v > 0, `s = ${s}: flow[3][${k}] = ${v}`);
      }
      assertClose(big[2 * 4 + 3] / big[2 * 4 + 0], base[2 * 4 + 3] / base[2 * 4 + 0], 1e-6, `s = ${s}: ratio`);
    }
  });

  describe('against PyTorch autograd', () => {
    let dir = '';
    before(function () {
      this.timeout(120000); // importing torch takes seconds, more on a loaded machine
      const probe = existsSync(PYTHON) ? spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }) : null;
      if (!probe || probe.status !== 0) {
        console.log(
          `      skipped: ${PYTHON} cannot import torch (${probe ? probe.stderr.trim().split('\n').pop() : 'no python3'})`,
        );
        this.skip();
      }
      dir = mkdtempSync(join(tmpdir(), 'rnn-dynamics-'));
    });
    after(() => dir && rmSync(dir, { recursive: true, force: true }));

    it('every kind of model, to 1e-10', function () {
      this.timeout(120000);
      const models = [...SPECS, ...WIDE].map(randomModel);
      const file = join(dir, 'models.json');
      writeFileSync(file, JSON.stringify(models.map(torchInput)));
      const r = spawnSync(PYTHON, [join(__dirname, 'fixtures/dynamics_autograd.py'), file], {
        encoding: 'utf8',
        timeout: 110000,
        maxBuffer: 1 << 26,
      });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { flow: (number[] | null)[]; conn: number[][] }[];
      models.forEach((m, i) => {
        assertMatrix(flowRows(m), out[i].flow, 1e-10, `model ${i} (${m.cell}) lossToHidden`);
        assertMatrix(connRows(m), out[i].conn, 1e-10, `model ${i} (${m.cell}) outputToInput`);
      });
    });
  });
});

/** What dynamics_autograd.py reads: weights as nested lists, inputs as dense vectors. */
function torchInput(m: Model): Record<string, unknown> {
  const weights: Record<string, unknown> = {};
  for (const [k, t] of Object.entries(m.params)) weights[k] = tensorToJson(t);
  const tg = m.targets;
  const O = m.outputSize;
  const targets = Array.from({ length: m.steps }, (_, t) =>
    tg.kind === 'tokens'
      ? tg.ids[t] >= 0
        ? tg.ids[t]
        : null
      : tg.kind === 'vectors' && tg.mask[t] === 1
        ? Array.from(tg.data.subarray(t * O, (t + 1) * O))
        : null,
  );
  return {
    cell: m.cell,
    activation: m.activation,
    weights,
    h0: Array.from(m.h0),
    c0: m.c0 ? Array.from(m.c0) : null,
    x: Array.from({ length: m.steps }, (_, t) => inputVector(m, t + 1)),
    targets,
    loss: m.loss,
  };
}
