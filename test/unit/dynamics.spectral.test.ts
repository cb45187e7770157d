// Spectral radius and spectral norm of the recurrent matrices: hand cases whose eigenvalues are
// known exactly (rotations — where power iteration never converges —, triangular, nilpotent,
// companion matrices), and random and model matrices against numpy.linalg.eigvals / svd when
// /usr/bin/python3 imports numpy.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { eigenvalues, spectralRadius } from '../../src/engine/dynamics/eigenvalues';
import { recurrentSpectra, spectralNorm } from '../../src/engine/dynamics/recurrentSpectra';
import { mulberry32 } from '../../src/engine/parse/init';
import { assertClose } from './fixtures/close';
import { randomModel } from './fixtures/models';

const PYTHON = '/usr/bin/python3';

function random(n: number, seed: number, scale = 1): Float64Array {
  const r = mulberry32(seed);
  return Float64Array.from({ length: n * n }, () => scale * (2 * r() - 1));
}

/** The eigenvalues as sorted "re,im" pairs rounded to `digits` (for set comparison). */
function sortedPairs(re: ArrayLike<number>, im: ArrayLike<number>): [number, number][] {
  return Array.from(re, (r, i) => [r, im[i]] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('dynamics: eigenvalues and spectral radius', () => {
  it('a scaled rotation: a complex pair 0.9·e^{±iθ}, ρ = 0.9 (power iteration would cycle)', () => {
    for (const theta of [0.3, Math.PI / 2, 2.5]) {
      const c = 0.9 * Math.cos(theta),
        s = 0.9 * Math.sin(theta);
      const { re, im } = eigenvalues([c, -s, s, c], 2);
      assertClose(re[0], c, 1e-15, 're');
      assertClose(Math.abs(im[0]), s, 1e-15, 'im');
      assert.equal(im[0], -im[1]);
      assertClose(spectralRadius([c, -s, s, c], 2), 0.9, 1e-15, `ρ at θ = ${theta}`);
    }
  });

  it('a 4-D rotation block-diagonal in a skewed basis: two complex pairs of moduli 1.3 and 0.7', () => {
    // A = P D P⁻¹ with D = diag(1.3 R(0.4), 0.7 R(2.0)); P unit upper triangular (P⁻¹ exact too)
    const R = (r: number, t: number): number[] => [r * Math.cos(t), -r * Math.sin(t), r * Math.sin(t), r * Math.cos(t)];
    const [a, b, c, d] = R(1.3, 0.4),
      [e, f, g, h] = R(0.7, 2.0);
    const D = [a, b, 0, 0, c, d, 0, 0, 0, 0, e, f, 0, 0, g, h];
    const P = [1, 0.5, -0.25, 2, 0, 1, 0.75, -1, 0, 0, 1, 0.5, 0, 0, 0, 1];
    const mul = (X: number[], Y: number[]): number[] =>
      Array.from({ length: 16 }, (_, k) =>
        [0, 1, 2, 3].reduce((s, j) => s + X[(k >> 2) * 4 + j] * Y[j * 4 + (k & 3)], 0),
      );
    // P⁻¹ of a unit upper triangular matrix, by back substitution
    const Pinv = new Array<number>(16).fill(0);
    for (let col = 0; col < 4; col++)
      for (let i = 3; i >= 0; i--) {
        let s = i === col ? 1 : 0;
        for (let j = i + 1; j < 4; j++) s -= P[i * 4 + j] * Pinv[j * 4 + col];
        Pinv[i * 4 + col] = s;
      }
    const A = mul(mul(P, D), Pinv);
    const { re, im } = eigenvalues(A, 4);
    const moduli = Array.from(re, (r, i) => Math.hypot(r, im[i])).sort();
    [0.7, 0.7, 1.3, 1.3].forEach((m, i) => assertClose(moduli[i], m, 1e-13, `|λ${i}|`));
    assertClose(spectralRadius(A, 4), 1.3, 1e-13, 'ρ');
  });

  it('triangular: the diagonal, exactly', () => {
    const U = [2, 7, -3, 1, 0, -5, 4, 2, 0, 0, 0.5, 9, 0, 0, 0, -0.25];
    const { re, im } = eigenvalues(U, 4);
    assert.deepEqual(sortedPairs(re, im), [
      [-5, 0],
      [-0.25, 0],
      [0.5, 0],
      [2, 0],
    ]);
    assert.equal(spectralRadius(U, 4), 5);
    const L = [1, 0, 0, 3, -2, 0, 4, 5, 1.5];
    assertClose(spectralRadius(L, 3), 2, 1e-15, 'lower triangular');
  });

  it('nilpotent: 0 exactly when strictly triangular; within the conditioning (ε^(1/2)) for a 2×2 Jordan block in a skewed basis', () => {
    const N = [0, 3, -1, 2, 0, 0, 5, 1, 0, 0, 0, 7, 0, 0, 0, 0];
    assert.equal(spectralRadius(N, 4), 0);
    // [[1, 1], [−1, −1]]² = 0: a double eigenvalue 0 whose computed value moves by about √ε‖A‖
    assert.ok(spectralRadius([1, 1, -1, -1], 2) < 1e-7);
    assert.equal(spectralRadius([0, 0, 0, 0], 2), 0);
  });

  it('a companion matrix with roots 3, −2, 0.5 ± 0.5i', () => {
    // p(x) = (x − 3)(x + 2)(x² − x + 0.5) = x⁴ − 2x³ − 4.5x² + 5.5x − 3
    const C = [2, 4.5, -5.5, 3, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];
    const { re, im } = eigenvalues(C, 4);
    const got = sortedPairs(re, im);
    const want = [
      [-2, 0],
      [0.5, -0.5],
      [0.5, 0.5],
      [3, 0],
    ];
    got.forEach((p, i) => {
      assertClose(p[0], want[i][0], 1e-12, `re ${i}`);
      assertClose(p[1], want[i][1], 1e-12, `im ${i}`);
    });
  });

  it('1 × 1, a non-finite entry (NaN, not a hang), and the spectral norm of hand cases', () => {
    assert.equal(spectralRadius([-0.75], 1), 0.75);
    assert.ok(Number.isNaN(spectralRadius([1, NaN, 0, 1], 2)));
    assert.ok(Number.isNaN(spectralNorm([Infinity], 1)));
    assertClose(spectralNorm([3, 0, 0, -4], 2), 4, 1e-15, '‖diag(3, −4)‖');
    // [[1, 1], [0, 1]]: ρ = 1 but ‖·‖₂ = golden ratio φ
    assertClose(spectralNorm([1, 1, 0, 1], 2), (1 + Math.sqrt(5)) / 2, 1e-15, '‖shear‖');
    assertClose(spectralRadius([1, 1, 0, 1], 2), 1, 1e-15, 'ρ(shear)');
  });

  it('entries near the float64 limit: scaled first, so nothing overflows to ∞ or NaN', () => {
    const c = 1e308 * Math.cos(1),
      s = 1e308 * Math.sin(1);
    assertClose(spectralRadius([c, -s, s, c], 2), 1e308, 1e-15, 'ρ of a rotation × 1e308');
    assertClose(spectralNorm([1e308, 1e308, 0, 0], 2), Math.SQRT2 * 1e308, 1e-15, '‖[[1e308, 1e308], [0, 0]]‖₂');
    assertClose(spectralRadius([1e-300, 0, 0, -3e-300], 2) / 3e-300, 1, 1e-15, 'tiny entries, relative');
  });

  it('numpy.linalg.eigvals and svd agree to 1e-9 on random and model matrices', function () {
    const probe = existsSync(PYTHON) ? spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }) : null;
    if (!probe || probe.status !== 0) {
      console.log(`      skipped: ${PYTHON} cannot import numpy`);
      this.skip();
    }
    this.timeout(60000);
    const cases: { n: number; a: Float64Array }[] = [];
    [1, 2, 3, 4, 5, 8, 13, 32, 64, 128].forEach((n, i) => cases.push({ n, a: random(n, 500 + i, 1 / Math.sqrt(n)) }));
    cases.push({ n: 40, a: random(40, 7, 3) }); // large entries
    const m = randomModel({ cell: 'lstm', input: 'tokens', loss: 'cross-entropy', reduction: 'sum', H: 24, seed: 4 });
    for (const name of ['W_hi', 'W_hf', 'W_hg', 'W_ho']) cases.push({ n: 24, a: m.params[name].data });
    const script =
      'import json, sys, numpy as np\n' +
      'out = []\n' +
      'for c in json.load(sys.stdin):\n' +
      '    a = np.array(c["a"], dtype=np.float64).reshape(c["n"], c["n"])\n' +
      '    out.append([float(np.abs(np.linalg.eigvals(a)).max()), float(np.linalg.svd(a, compute_uv=False)[0])])\n' +
      'print(json.dumps(out))\n';
    const r = spawnSync(PYTHON, ['-c', script], {
      input: JSON.stringify(cases.map((c) => ({ n: c.n, a: Array.from(c.a) }))),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const want = JSON.parse(r.stdout) as [number, number][];
    cases.forEach((c, i) => {
      assertClose(spectralRadius(c.a, c.n), want[i][0], 1e-9, `ρ of case ${i} (${c.n}×${c.n})`);
      assertClose(spectralNorm(c.a, c.n), want[i][1], 1e-9, `σ_max of case ${i} (${c.n}×${c.n})`);
    });
  });

  it('recurrentSpectra names every recurrent block of the cell', () => {
    const names = (cell: 'rnn' | 'lstm' | 'gru'): string[] =>
      Object.keys(recurrentSpectra(randomModel({ cell, input: 'tokens', loss: 'mse', reduction: 'sum', seed: 1 })));
    assert.deepEqual(names('rnn'), ['W_hh']);
    assert.deepEqual(names('lstm'), ['W_hi', 'W_hf', 'W_hg', 'W_ho']);
    assert.deepEqual(names('gru'), ['W_hr', 'W_hz', 'W_hn']);
  });
});
