// The `rnn-step` CLI as a user runs it: a real `node cli.js` process per case, of the bundle
// cli.helpers.ts builds from the current sources (the options of esbuild.mjs's `dist/cli.js`).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/commands';
import { dispatch } from '../../src/cli/dispatch';
import { cliBundle } from './cli.helpers';

const ROOT = join(__dirname, '../..');
const SEED = join(ROOT, 'examples/hi-there-class.rnn.json');
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

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

// Everything under one describe, so the build hook runs only for these tests (not as a root hook).
describe('rnn-step CLI', () => {
  before(async function () {
    this.timeout(60000);
    dir = mkdtempSync(join(tmpdir(), 'rnn-step-cli-'));
    cli = await cliBundle();
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('rnn-step run', () => {
    it("--json gives the seed's numbers to 1e-12", () => {
      const out = json(rnnStep('run', SEED, '--json'));
      close(out.loss as number, 5.57353424547274);
      close(out.lossSum as number, 5.57353424547274);
      close(out.meanLoss as number, 1.3933835613681855);
      const losses = out.losses as number[];
      [1.3038836248184211, 1.2393441229841993, 1.609624739367793, 1.4206817583023288].forEach((l, i) =>
        close(losses[i], l),
      );
      const hidden = out.hidden as number[][];
      [0.46211715726000974, -0.20464571679388185, 0.6405293508298561, 0.12740965340755267].forEach((h, i) =>
        close(hidden[i][0], h),
      );
      const g = out.gradients as Record<string, number[] | number[][]>;
      close((g.W_hh as number[][])[0][0], 0.452094511014637);
      close((g.b_h as number[])[0], 1.3226473502170562);
      const Why = g.W_hy as number[][];
      assert.deepEqual(
        Why.map((r) => r.length),
        [1, 1, 1, 1],
      );
      [0.392458006497429, -0.175724932545058, 0.346273097659059, -0.563006171611431].forEach((v, i) =>
        close(Why[i][0], v),
      );
      [0.027609473508349962, 0.7141787364790343, 0.2957932315495087, 0.2850659086801632].forEach((v, i) =>
        close((g.W_xh as number[][])[0][i], v),
      );
      assert.ok(Array.isArray(g.h0) && (g.h0 as number[]).length === 1);
      assert.ok(!('c0' in g));
      const outputs = out.outputs as number[][];
      assert.deepEqual(
        outputs.map((r) => r.length),
        [4, 4, 4, 4],
      );
      close(outputs[0][1], 0.46211715726000974 * 0.5); // raw y_t = W_hy h_t, before softmax
      const upd = out.updated as Record<string, number[][]>;
      close(upd.W_hh[0][0], 0.1547905488985363);
      [0.9607542, 0.51757249, -0.53462731, 0.05630062].forEach((v, i) => close(upd.W_hy[i][0], v, 1e-8));
      assert.equal(out.clipFactor, 1);
      assert.deepEqual(Object.keys(upd), ['W_xh', 'W_hh', 'b_h', 'W_hy', 'b_y']);
    });

    it('--json: full float64 precision (the JSON number reads back as the same double)', () => {
      const r = rnnStep('run', SEED, '--json');
      assert.ok(r.stdout.includes('"loss":5.573534245472742'));
      assert.ok(r.stdout.includes('0.46211715726000974'));
    });

    it('--json: null losses where a step has no target; c0 for lstm; shapes as in the file', () => {
      const m2o = json(rnnStep('run', join(ROOT, 'examples/sentiment-many-to-one.rnn.json'), '--json'));
      const losses = m2o.losses as (number | null)[];
      assert.deepEqual(losses.slice(0, 3), [null, null, null]);
      assert.equal(typeof losses[3], 'number');
      const lstm = json(rnnStep('run', join(ROOT, 'examples/lstm-hello.rnn.json'), '--json'));
      const g = lstm.gradients as Record<string, unknown[]>;
      assert.equal(g.c0.length, 3);
      assert.equal(g.W_xi.length, 3);
      assert.equal((g.W_xi[0] as number[]).length, 4);
      assert.equal((g.W_hy as number[][]).length, 4);
      assert.equal((lstm.hidden as number[][]).length, 4);
    });

    it('without --json prints a readable summary', () => {
      const r = rnnStep('run', SEED);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^hi there class ! — rnn \(tanh\), hidden 1, input 4, output 4, 4 timesteps/);
      assert.match(r.stdout, /loss L = 5\.573534245472742/);
      assert.match(r.stdout, /W_hh\s+\[\[0\.452095\]\]/);
      assert.match(r.stdout, /W_hh\s+\[\[0\.154791\]\]/);
    });

    it('writes non-finite numbers as null with a warning, and stays valid JSON', () => {
      const f = join(dir, 'overflow.rnn.json');
      writeFileSync(
        f,
        JSON.stringify({
          cell: 'rnn',
          vocab: ['a', 'b'],
          inputs: ['a', 'b'],
          targets: ['b', 'a'],
          weights: { W_xh: [[1, 1]], W_hh: [[1]], b_h: [0], W_hy: [[1e308], [-1e308]], b_y: [1e308, -1e308] },
        }),
      );
      // Exit 3 (a NaN or ±Infinity was computed), the first one named, then the count of nulls.
      const r = rnnStep('run', f, '--json');
      assert.equal(r.status, 3);
      const out = JSON.parse(r.stdout) as { outputs: (number | null)[][] };
      assert.ok(out.outputs[1].includes(null));
      assert.match(
        r.stderr,
        /^\S+overflow\.rnn\.json: warning: non-finite value: .+\n\S+: warning: \d+ non-finite numbers \(NaN or ±Infinity\) written as null in the JSON\n$/,
      );
    });
  });

  describe('rnn-step on a bad file', () => {
    it('validate prints FILE:LINE:COL: error: MESSAGE per problem and exits 1; every command does', () => {
      // The seed's 2-unit example as the seed writes it: W_xh 2×2 with a vocab of 4 tokens.
      const text = readFileSync(join(ROOT, 'examples/hi-there-2-unit.rnn.json'), 'utf8')
        .replace('[[0.5, 0.1, 0.0, 0.0],', '[[0.5, 0.1],')
        .replace('[-0.2, 0.8, 0.0, 0.0]]', '[-0.2, 0.8]]');
      const f = join(dir, 'two-by-two.rnn.json');
      writeFileSync(f, text);
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.includes('"W_xh"')) + 1;
      const col = lines[line - 1].indexOf('[[') + 1;
      const expected = `${f}:${line}:${col}: error: W_xh has 2 columns but the vocab has 4 tokens (W_xh must be hidden × input = 2 × 4)\n`;
      const v = rnnStep('validate', f);
      assert.equal(v.status, 1);
      assert.equal(v.stdout, expected);
      for (const cmd of [['run', '--json'], ['train'], ['explain'], ['gradcheck']]) {
        const r = rnnStep(cmd[0], f, ...cmd.slice(1));
        assert.equal(r.status, 1, cmd[0]);
        assert.equal(r.stderr, expected, cmd[0]);
        assert.equal(r.stdout, '', cmd[0]);
      }
    });

    it('a JSON syntax error and several problems: one line each, no stack trace', () => {
      const f = join(dir, 'broken.rnn.json');
      writeFileSync(f, '{\n  "cell": "rnn",\n  "inputs": [1, 2\n');
      const r = rnnStep('validate', f);
      assert.equal(r.status, 1);
      const out = r.stdout.trim().split('\n');
      assert.ok(out.length >= 1);
      for (const l of out)
        assert.match(l, new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: .+$`));
      assert.ok(!/\n\s+at /.test(r.stdout + r.stderr));
    });

    it('an unreadable file is one clear line, exit 1', () => {
      const r = rnnStep('run', join(dir, 'missing.rnn.json'));
      assert.equal(r.status, 1);
      assert.equal(r.stderr, `rnn-step: cannot read ${join(dir, 'missing.rnn.json')}: no such file\n`);
      const d = rnnStep('validate', dir);
      assert.equal(d.status, 1);
      assert.equal(d.stderr, `rnn-step: cannot read ${dir}: is a directory\n`);
    });

    it('warnings are printed as warning: lines and do not fail', () => {
      const text = readFileSync(SEED, 'utf8').replace('"cell": "rnn",', '"cell": "rnn", "colour": 1,');
      const f = join(dir, 'warning.rnn.json');
      writeFileSync(f, text);
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.includes('"colour"')) + 1;
      const col = lines[line - 1].indexOf('"colour"') + 1;
      const v = rnnStep('validate', f);
      assert.equal(v.status, 0);
      assert.match(
        v.stdout,
        new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:${col}: warning: .*colour.*\n.*: ok — `),
      );
      const r = rnnStep('run', f, '--json');
      assert.equal(r.status, 0);
      assert.match(r.stderr, /: warning: /);
      close(JSON.parse(r.stdout).loss, 5.57353424547274);
    });

    it('validate on a good file: exit 0 and a summary', () => {
      const r = rnnStep('validate', SEED);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `${SEED}: ok — rnn (tanh), hidden 1, input 4, output 4, 4 timesteps, 14 parameters\n`);
    });
  });

  describe('rnn-step usage', () => {
    it('an unknown command, option or missing FILE: usage on stderr, exit 2', () => {
      const spawned = rnnStep('frobnicate', SEED);
      assert.equal(spawned.status, 2);
      assert.match(spawned.stderr, /^rnn-step: unknown command 'frobnicate'\n\nUsage: rnn-step <command> FILE/);
      assert.equal(spawned.stdout, '');
      // The other cases in-process (the same dispatch as dist/cli.js, without a process each).
      for (const args of [
        ['run', SEED, '--bogus'],
        ['run'],
        [],
        ['validate', SEED, '--json'],
        ['train', SEED, '--steps', 'x'],
        ['train', SEED, '--steps', '0'],
        ['run', SEED, SEED],
        ['explain', SEED, '--out'],
        ['import', 'w.json'],
        ['import', '--into', SEED],
        ['import', 'w.json', '--into', SEED, '--activation', 'sigmoid'],
        ['export', SEED],
        ['export', SEED, '--to', 'jax'],
        ['export', SEED, '--to', 'numpy', '-o', 'a.py', '--out', 'b.py'],
        ['run', SEED, '-o', 'x'],
      ]) {
        const out: string[] = [];
        const err: string[] = [];
        const io: CliIo = {
          out: (t) => out.push(t),
          err: (t) => err.push(t),
          readFile: () => '',
          readBytes: () => new Uint8Array(0),
          writeFile: () => undefined,
          baseName: (p) => p,
        };
        assert.equal(dispatch(args, io), 2, args.join(' '));
        assert.deepEqual(out, [], args.join(' '));
        assert.match(err.join('\n'), /^rnn-step: .+\n\nUsage: rnn-step <command> FILE/, args.join(' '));
      }
    });

    it('--help and --version', () => {
      const h = rnnStep('--help');
      assert.equal(h.status, 0);
      assert.match(h.stdout, /^Usage: rnn-step <command> FILE/);
      for (const c of ['run', 'train', 'validate', 'explain', 'gradcheck'])
        assert.ok(h.stdout.includes(`  ${c} FILE`), c);
      const v = rnnStep('--version');
      assert.equal(v.status, 0);
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      assert.equal(v.stdout, `rnn-step ${pkg.version}\n`);
    });
  });

  describe('rnn-step train', () => {
    it('--json: {losses, weights}; losses[k] is the loss before step k; loss decreases', () => {
      const out = json(rnnStep('train', SEED, '--steps', '25', '--json'));
      const losses = out.losses as number[];
      assert.equal(losses.length, 25);
      close(losses[0], 5.57353424547274);
      for (let k = 1; k < losses.length; k++)
        assert.ok(losses[k] < losses[k - 1], `step ${k}: ${losses[k]} ≥ ${losses[k - 1]}`);
      const w = out.weights as Record<string, unknown>;
      assert.deepEqual(Object.keys(w), ['W_xh', 'W_hh', 'b_h', 'W_hy', 'b_y']);
      // One step of train == the update of run, exactly.
      const one = json(rnnStep('train', SEED, '--steps', '1', '--json'));
      const run = json(rnnStep('run', SEED, '--json'));
      assert.deepEqual(one.weights, run.updated);
    });

    it("defaults to the file's train.steps", () => {
      const out = json(rnnStep('train', join(ROOT, 'examples/sentiment-many-to-one.rnn.json'), '--json'));
      assert.equal((out.losses as number[]).length, 20);
      assert.ok((out.losses as number[])[19] < (out.losses as number[])[0]);
    });
  });

  describe('rnn-step gradcheck', () => {
    it('passes (exit 0) on every example', function () {
      this.timeout(60000);
      for (const f of [
        'hi-there-class',
        'hi-there-2-unit',
        'lstm-hello',
        'gru-sine',
        'relu-counter',
        'sentiment-many-to-one',
      ]) {
        const r = rnnStep('gradcheck', join(ROOT, `examples/${f}.rnn.json`));
        assert.equal(r.status, 0, `${f}: ${r.stdout}${r.stderr}`);
        assert.match(r.stdout, /max error [0-9.e-]+ — ok \(tolerance 0\.000001\)/);
      }
      const j = json(rnnStep('gradcheck', SEED, '--json'));
      assert.equal(j.pass, true);
      assert.ok((j.maxError as number) < 1e-6);
      assert.equal(j.checked, 14 + 1); // every parameter element and h0
    });
  });

  describe('rnn-step explain', () => {
    it('--out writes the worked example; without it, Markdown on stdout', () => {
      const out = join(dir, 'seed.md');
      const r = rnnStep('explain', SEED, '--out', out);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, `wrote ${out}\n`);
      assert.ok(existsSync(out));
      const md = readFileSync(out, 'utf8');
      assert.ok(md.startsWith('# Worked example: hi there class !\n'));
      for (const n of ['5.57353', '0.452094511', '1.32264735', 'h_{1} = \\tanh(0.5) = 0.462117'])
        assert.ok(md.includes(n), n);
      const s = rnnStep('explain', SEED);
      assert.equal(s.status, 0);
      assert.equal(s.stdout, md);
      assert.ok(rnnStep('explain', SEED, '--digits', '12').stdout.includes('h_{1} = \\tanh(0.5) = 0.46211715726'));
    });
  });

  describe('rnn-step internal errors', () => {
    it('an exception from the engine is one "internal error" line, exit 70', () => {
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIo = {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        readFile: () => '{}',
        readBytes: () => new Uint8Array(0),
        writeFile: () => undefined,
        baseName: (p) => p,
      };
      const status = dispatch(['run', 'x.rnn.json'], io, () => {
        throw new Error('boom\n    at somewhere (engine.ts:1:1)');
      });
      assert.equal(status, 70);
      assert.deepEqual(err, ['rnn-step: internal error: boom']);
      assert.deepEqual(out, []);
      assert.equal(dispatch(['run', 'x.rnn.json', '--nope'], io), 2);
    });
  });
});
