// `rnn-step dynamics`, `sample`, `compare` and the statistics of `train --json`, as a user runs them:
// a real `node cli.js` process per case, bundled from the current sources like cli.test.ts does.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { train } from '../../src/engine/compute/optimize';
import { analyzeDynamics } from '../../src/engine/dynamics/dynamics';
import { sample } from '../../src/engine/dynamics/sampling';
import { parsedExample } from './dynamics.fixtures';
import { cliBundle } from './cli.helpers';

const ROOT = join(__dirname, '../..');
const ex = (name: string): string => join('examples', name);
let dir = '';
let cli = '';

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function rnnStep(...args: string[]): Result {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(r: Result): Record<string, unknown> {
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1, 'one JSON object on one line');
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('rnn-step dynamics, sample, compare', () => {
  before(async function () {
    this.timeout(60000);
    dir = mkdtempSync(join(tmpdir(), 'rnn-step-dynamics-'));
    cli = await cliBundle();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('dynamics', () => {
    it('--json: lossToHidden[t−1][k] (k = 0…T, null rows), outputToInput[t−1][k−1], spectralRadius, saturation', () => {
      const out = json(rnnStep('dynamics', ex('sentiment-many-to-one.rnn.json'), '--json'));
      assert.deepEqual(Object.keys(out).slice(0, 4), ['lossToHidden', 'outputToInput', 'spectralRadius', 'saturation']);
      const m = parsedExample('sentiment-many-to-one.rnn.json');
      const d = analyzeDynamics(m);
      const T = m.steps;
      const flow = out.lossToHidden as (number[] | null)[];
      assert.equal(flow.length, T);
      flow.forEach((row, i) => {
        if (i < T - 1) return assert.equal(row, null, `row ${i + 1}: no target`);
        assert.deepEqual(row, Array.from(d.flow.values.subarray(i * (T + 1), (i + 1) * (T + 1))));
      });
      const conn = out.outputToInput as number[][];
      assert.deepEqual(
        conn.map((r) => r.length),
        new Array(T).fill(T),
      );
      conn.forEach((row, i) => row.forEach((v, k) => assert.equal(v, d.connectivity!.values[i * T + k])));
      assert.equal(conn[0][1], 0, 'k > t is 0');
      assert.deepEqual(
        out.spectralRadius,
        Object.fromEntries(Object.entries(d.spectra).map(([n, s]) => [n, s.radius])),
      );
      assert.deepEqual(Object.keys(out.saturation as object), Object.keys(d.saturation));
      assert.deepEqual(out.sentences, d.sentences);
    });

    it('text: the matrices and one sentence for each', () => {
      const r = rnnStep('dynamics', ex('hi-there-class.rnn.json'));
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /gradient flow ‖∂ℓ_t\/∂h_k‖/);
      assert.match(r.stdout, /\n {2}4 {6}2\.03e-4 {2}0\.00129 {2}0\.00672 {2}0\.057 {2}0\.29\n/);
      assert.match(r.stdout, /The gradient from step 4 shrinks by 0\.0044 before it reaches step 1/);
      assert.match(r.stdout, /ρ\(W_hh\) = 0\.2 and ‖W_hh‖₂ = 0\.2 < 1/);
      assert.match(r.stdout, /No value of h_t is saturated/);
    });

    it('exit 1 on an invalid file or one too long to analyse; exit 2 on an option it does not take', () => {
      const bad = join(dir, 'bad.rnn.json');
      writeFileSync(bad, '{"inputs": 3}');
      assert.equal(rnnStep('dynamics', bad).status, 1);
      const long = join(dir, 'long.rnn.json');
      writeFileSync(
        long,
        JSON.stringify({
          vocab: ['a', 'b'],
          inputs: 'ab'.repeat(1001),
          targets: 'ba'.repeat(1001),
          hiddenSize: 2,
          weights: { init: { seed: 1 } },
        }),
      );
      const r = rnnStep('dynamics', long, '--json');
      assert.equal(r.status, 1);
      assert.match(r.stderr, /cannot analyse the dynamics: the gradient-flow matrix of 2002 timesteps .* at most 2000/);
      assert.equal(r.stdout, '');
      assert.equal(rnnStep('dynamics', ex('hi-there-class.rnn.json'), '--steps', '3').status, 2);
    });
  });

  describe('sample', () => {
    it('text: the tokens, then each step with its chosen token and the likeliest ones', () => {
      const r = rnnStep('sample', ex('lstm-hello.rnn.json'), '--length', '12');
      assert.equal(r.status, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.equal(lines[0], 'LSTM: hello: 12 tokens from "h" (temperature 1, seed 0)');
      assert.equal(lines[1], 'eheeellleleh');
      assert.match(r.stdout, /\n {2}1 {3}"h" {4}"e" {5}0\.394 {6}"e" 0\.394, "o" 0\.246, "l" 0\.217\n/);
    });

    it('--json: the engine numbers; the same command, the same tokens; words joined by spaces', () => {
      const args = [
        'sample',
        ex('hi-there-class.rnn.json'),
        '--from',
        'hi',
        '--length',
        '5',
        '--temperature',
        '0.5',
        '--seed',
        '3',
        '--json',
      ];
      const a = json(rnnStep(...args));
      assert.deepEqual(json(rnnStep(...args)), a);
      const e = sample(parsedExample('hi-there-class.rnn.json'), { from: 'hi', length: 5, temperature: 0.5, seed: 3 });
      assert.equal(a.text, 'class hi hi hi class');
      assert.deepEqual(a.tokens, e.tokens);
      assert.deepEqual(a.inputs, ['hi', 'class', 'hi', 'hi', 'hi']);
      assert.deepEqual(a.draws, Array.from(e.draws));
      assert.deepEqual((a.probabilities as number[][]).flat(), Array.from(e.probabilities));
      assert.deepEqual((a.logits as number[][]).flat(), Array.from(e.logits));
      assert.deepEqual([a.from, a.length, a.temperature, a.seed], ['hi', 5, 0.5, 3]);
      assert.equal(json(rnnStep('sample', ex('lstm-hello.rnn.json'), '--seed', '-5', '--json')).seed, -5);
    });

    it('refusals: a vector model (1), a token not in the vocab (2), a bad temperature or length (2)', () => {
      const v = rnnStep('sample', ex('gru-sine.rnn.json'));
      assert.equal(v.status, 1);
      assert.match(
        v.stderr,
        /cannot sample: sampling feeds each output back as the next input, so it needs token inputs/,
      );
      const q = rnnStep('sample', ex('lstm-hello.rnn.json'), '--from', 'q');
      assert.equal(q.status, 2);
      assert.match(q.stderr, /the start token "q" is not in the vocab \("h", "e", "l", "o"\)/);
      assert.equal(rnnStep('sample', ex('lstm-hello.rnn.json'), '--temperature', '-1').status, 2);
      assert.equal(rnnStep('sample', ex('lstm-hello.rnn.json'), '--temperature', 'hot').status, 2);
      assert.equal(rnnStep('sample', ex('lstm-hello.rnn.json'), '--length', '0').status, 2);
      assert.equal(rnnStep('sample', ex('lstm-hello.rnn.json'), '--seed', '1.5').status, 2);
    });
  });

  it('train --json adds gradNorms, clipFactors and learningRates per step, as the engine trains', () => {
    const out = json(rnnStep('train', ex('lstm-hello.rnn.json'), '--steps', '30', '--json'));
    const r = train(parsedExample('lstm-hello.rnn.json'), 30);
    assert.deepEqual(out.gradNorms, r.gradNorms);
    assert.deepEqual(out.clipFactors, r.clipFactors);
    assert.deepEqual(out.learningRates, new Array(30).fill(0.1));
    // hi-there-class with clipNorm 1: ‖g‖ = 2.43 at first, so the first factor is 1 / (2.43… + 1e-6)
    const clipped = join(dir, 'clipped.rnn.json');
    const seed = parse(readFileSync(join(ROOT, ex('hi-there-class.rnn.json')), 'utf8')) as Record<string, unknown>;
    writeFileSync(clipped, JSON.stringify({ ...seed, train: { learningRate: 0.1, clipNorm: 1 } }));
    const c = json(rnnStep('train', clipped, '--steps', '3', '--json'));
    const [g0] = c.gradNorms as number[];
    assert.equal(g0, 2.43230485649066);
    assert.equal((c.clipFactors as number[])[0], 1 / (g0 + 1e-6));
  });

  it('compare --json: per cell its weights, losses, statistics and flow before and after', () => {
    const out = json(rnnStep('compare', ex('lstm-hello.rnn.json'), '--steps', '5', '--json'));
    assert.equal(out.steps, 5);
    const cells = out.cells as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(cells), ['rnn', 'lstm', 'gru']);
    assert.deepEqual(cells.lstm.losses, train(parsedExample('lstm-hello.rnn.json'), 5).losses);
    assert.deepEqual(cells.gru.weights, { source: 'init', seed: 7, scale: 1 / Math.sqrt(3) });
    for (const c of Object.values(cells)) {
      assert.equal((c.losses as number[]).length, 5);
      assert.equal((c.lossToHiddenAfter as number[][]).length, 4);
      assert.equal((c.lossToHiddenBefore as number[][])[3].length, 5);
    }
    const text = rnnStep('compare', ex('lstm-hello.rnn.json'), '--steps', '5');
    assert.equal(text.status, 0);
    assert.match(text.stdout, /\n {2}lstm {2}the file’s {3}112 /);
  });

  it('--help lists the three commands', () => {
    const r = rnnStep('--help');
    for (const c of ['dynamics FILE [--json]', 'sample FILE [--from TOKEN]', 'compare FILE [--steps N] [--json]'])
      assert.ok(r.stdout.includes(c), c);
  });
});
