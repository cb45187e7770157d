// `rnn-step` when a run computes NaN or ±Infinity: the output still shows what was computed, stderr
// names the first such value in one line — FILE: warning: non-finite value: TENSOR[i] at PHASE t=T
// (CAUSE) — and the exit status is 3; `--json` carries the record (only then); `train` stops at the first
// divergent step and says which (`--keep-going` trains on); `gradcheck` explains its NaN.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle, runCli, type CliResult } from './cli.helpers';

const SOFTMAX = 'softmax overflow: the logits of y_1 range from -1e+308 to 1e+308, too far apart for log-softmax';
const NORM = 'gradient norm overflow: the squares of gradients up to 2.18e+154 leave the float64 range';

describe('rnn-step and non-finite values', function () {
  // Each test runs a few real `node cli.js` processes: room for a busy machine.
  this.timeout(120000);
  let cli = '';
  let dir = '';
  const step = (...args: string[]): CliResult => runCli(cli, args, { cwd: dir });
  const file = (name: string, model: unknown): string => {
    writeFileSync(join(dir, name), JSON.stringify(model, null, 2));
    return name;
  };

  before(async function () {
    this.timeout(60000);
    cli = await cliBundle();
    dir = mkdtempSync(join(tmpdir(), 'rnn-step-nonfinite-'));
    file('overflow.rnn.json', {
      vocab: ['a', 'b'],
      inputs: ['a', 'b'],
      targets: ['b', 'a'],
      weights: { W_xh: [[1, 1]], W_hh: [[0]], b_h: [0], W_hy: [[0], [0]], b_y: [1e308, -1e308] },
    });
    file('divergent.rnn.json', {
      activation: 'relu',
      inputs: [[1], [1]],
      targets: [[1], [2]],
      weights: { W_xh: [[1]], W_hh: [[0.5]], b_h: [0], W_hy: [[1]], b_y: [0] },
      train: { learningRate: 2, steps: 1000 },
    });
  });

  it('run: the summary on stdout, the first non-finite value on stderr, exit 3', () => {
    const r = step('run', 'overflow.rnn.json');
    assert.equal(r.status, 3);
    assert.match(r.stdout, /^overflow — rnn \(tanh\)/, 'a model without a name is called by its file name');
    assert.equal(r.stderr, `overflow.rnn.json: warning: non-finite value: loss at forward t=1 (${SOFTMAX})\n`);
  });

  it('run --json: valid JSON with "nonFinite": {tensor, index, phase, t, …}; nulls counted on stderr', () => {
    const r = step('run', 'overflow.rnn.json', '--json');
    assert.equal(r.status, 3);
    const out = JSON.parse(r.stdout) as { nonFinite: unknown; loss: unknown; losses: unknown[] };
    assert.deepEqual(out.nonFinite, {
      tensor: 'loss',
      index: 0,
      phase: 'forward',
      t: 1,
      cause: 'softmax-overflow',
      reason: SOFTMAX,
    });
    assert.equal(out.loss, null);
    assert.equal(out.losses[0], null);
    assert.equal(
      r.stderr,
      `overflow.rnn.json: warning: non-finite value: loss at forward t=1 (${SOFTMAX})\n` +
        'overflow.rnn.json: warning: 4 non-finite numbers (NaN or ±Infinity) written as null in the JSON\n',
    );
    const ok = step('run', join(__dirname, '../../examples/hi-there-class.rnn.json'), '--json');
    assert.equal(ok.status, 0);
    assert.equal(ok.stderr, '');
    assert.ok(!('nonFinite' in (JSON.parse(ok.stdout) as object)), 'no "nonFinite" when every number is finite');
  });

  it('train stops at the first divergent step, names it, and prints the weights before it', () => {
    const r = step('train', 'divergent.rnn.json');
    assert.equal(r.status, 3);
    assert.match(r.stdout, /^divergent: 322 of 1000 training steps \(η = 2\)\n/);
    assert.match(r.stdout, /\n {2}322 {3}1\.18779544126e\+308\n/);
    assert.match(r.stdout, /\nweights before step 322 \(the last finite ones\)\n/);
    assert.equal(
      r.stderr,
      `divergent.rnn.json: warning: non-finite value: gradNorm at clip (${NORM})\n` +
        'divergent.rnn.json: training stopped at step 322 of 1000: its numbers are not finite, so its update was not applied (--keep-going trains on)\n',
    );
    const j = step('train', 'divergent.rnn.json', '--json');
    assert.equal(j.status, 3);
    const out = JSON.parse(j.stdout) as { steps: number; nonFinite: Record<string, unknown> };
    assert.equal(out.steps, 322);
    assert.deepEqual(out.nonFinite, {
      tensor: 'gradNorm',
      index: 0,
      phase: 'clip',
      t: null,
      cause: 'norm-overflow',
      reason: NORM,
      trainingStep: 322,
    });
  });

  it('train --keep-going: every step, the first divergent one still named, exit 3', () => {
    const r = step('train', 'divergent.rnn.json', '--keep-going', '--steps', '400');
    assert.equal(r.status, 3);
    assert.match(r.stdout, /^divergent: 400 training steps \(η = 2\)\n/);
    assert.equal(
      r.stderr,
      `divergent.rnn.json: warning: non-finite value: gradNorm at clip (${NORM})\n` +
        'divergent.rnn.json: training step 322 of 400 was the first whose numbers are not finite; the steps after it went on with them (--keep-going)\n',
    );
    assert.equal(step('train', 'divergent.rnn.json', '--steps', '300').status, 0);
  });

  it('explain writes the worked example with its NaN, names it, exit 3', () => {
    const r = step('explain', 'overflow.rnn.json');
    assert.equal(r.status, 3);
    assert.ok(r.stdout.startsWith('# Worked example: overflow\n'));
    assert.equal(r.stderr, `overflow.rnn.json: warning: non-finite value: loss at forward t=1 (${SOFTMAX})\n`);
  });

  it('gradcheck explains a NaN: finite differences overflow at this magnitude', () => {
    const r = step('gradcheck', 'overflow.rnn.json');
    assert.equal(r.status, 3);
    assert.match(
      r.stdout,
      /\nmax error NaN — FAILED: finite differences overflow at this magnitude: the loss at θ ± ε is Infinity and Infinity \(W_xh\[0\]\) \(tolerance 0\.000001\)$/m,
    );
    assert.equal(r.stderr, `overflow.rnn.json: warning: non-finite value: loss at forward t=1 (${SOFTMAX})\n`);
  });

  it('the usage documents status 3 and the warning line', () => {
    const r = step('--help');
    assert.match(r.stdout, /2 usage error, 3 a NaN or ±Infinity was computed, 70 internal\s+error/);
    assert.match(r.stdout, /FILE: warning: non-finite value: TENSOR\[i\] at PHASE t=T \(CAUSE\)/);
  });
});
