// Budgets everywhere a number comes from a file or a flag (README, "Limits"): the input's size is
// checked before it is read (devices, FIFOs and oversized files refused at once, standard input
// read only up to the limit), `train.steps` is capped like `--steps`, `gradcheck` checks a fixed
// sample unless --all, `explain` leaves out the middle of a long run unless --full, and big
// outputs are streamed. Every case runs a real `node cli.js`, within a bounded time.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle, ROOT, runCli, type CliResult } from './cli.helpers';
import type { CliIo } from '../../src/cli/commands';
import { dispatch } from '../../src/cli/dispatch';

const SEED = join(ROOT, 'examples/hi-there-class.rnn.json');

describe('rnn-step budgets', function () {
  // Each test runs a few real `node cli.js` processes: room for a busy machine.
  this.timeout(120000);
  let cli = '';
  let dir = '';
  const step = (...args: string[]): CliResult => runCli(cli, args, { cwd: dir, timeout: 20000 });
  const file = (name: string, model: unknown): string => {
    writeFileSync(join(dir, name), typeof model === 'string' ? model : JSON.stringify(model, null, 2));
    return name;
  };

  before(async function () {
    this.timeout(60000);
    cli = await cliBundle();
    dir = mkdtempSync(join(tmpdir(), 'rnn-step-budgets-'));
  });

  describe('the input', () => {
    it('a device (/dev/zero) is refused at once, without reading it', () => {
      const r = step('validate', '/dev/zero');
      assert.equal(r.status, 1);
      assert.equal(r.stderr, 'rnn-step: cannot read /dev/zero: it is a device, not a file\n');
      assert.ok(r.ms < 10000, `${r.ms} ms`);
    });

    it('a FIFO is refused at once, without waiting for a writer', () => {
      execFileSync('mkfifo', [join(dir, 'pipe.rnn.json')]);
      const r = step('run', 'pipe.rnn.json');
      assert.equal(r.status, 1);
      assert.equal(
        r.stderr,
        'rnn-step: cannot read pipe.rnn.json: it is a named pipe (FIFO), not a file; to read a stream, give "-" and redirect it\n',
      );
      assert.ok(r.ms < 10000, `${r.ms} ms`);
    });

    it('a file over 64 MB is refused by its size, before it is read', () => {
      file('huge.rnn.json', '{}');
      truncateSync(join(dir, 'huge.rnn.json'), 200_000_000); // sparse: nothing to read, just the size
      const r = step('validate', 'huge.rnn.json');
      assert.equal(r.status, 1);
      assert.equal(
        r.stderr,
        'rnn-step: cannot read huge.rnn.json: it is 200 MB, more than the limit of 64 MB for a model file; draw large weights with "init" instead of writing them out\n',
      );
    });

    it('standard input ("-") is read up to the limit only: an endless stream of zeros is refused', () => {
      const t0 = Date.now();
      const r = spawnSync('bash', ['-c', `head -c 500000000 /dev/zero | "${process.execPath}" "${cli}" validate -`], {
        encoding: 'utf8',
        timeout: 20000,
      });
      assert.equal(r.status, 1);
      assert.equal(
        r.stderr,
        'rnn-step: cannot read <stdin>: standard input is more than the limit of 64 MB for a model file\n',
      );
      assert.ok(Date.now() - t0 < 15000);
    });

    it('standard input with a model: validated and run; without a name it is "model"', () => {
      const text = readFileSync(SEED, 'utf8').replace('"name": "hi there class !",', '');
      const v = runCli(cli, ['validate', '-'], { input: text });
      assert.equal(v.status, 0, v.stderr);
      assert.equal(v.stdout, '<stdin>: ok — rnn (tanh), hidden 1, input 4, output 4, 4 timesteps, 14 parameters\n');
      const r = runCli(cli, ['run', '-'], { input: text });
      assert.match(r.stdout, /^model — rnn \(tanh\)/);
      const bad = runCli(cli, ['validate', '-'], { input: text.replace('"b_h": [0.0]', '"b_h": [1e999]') });
      assert.equal(bad.status, 1);
      assert.match(bad.stdout, /^<stdin>:\d+:\d+: error: b_h\[0\] is 1e999/);
    });

    it('a model without "name" is called by its file name, without .rnn.json', () => {
      file('tiny.rnn.json', readFileSync(SEED, 'utf8').replace('"name": "hi there class !",', ''));
      assert.match(step('run', 'tiny.rnn.json').stdout, /^tiny — rnn \(tanh\)/);
      assert.match(step('explain', 'tiny.rnn.json').stdout, /^# Worked example: tiny\n/);
    });
  });

  describe('train.steps', () => {
    it('is capped like --steps: 1e300 is a problem at its place, 10,000,001 a usage error', () => {
      const text = readFileSync(SEED, 'utf8').replace('"learningRate": 0.1', '"learningRate": 0.1, "steps": 1e300');
      file('forever.rnn.json', text);
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.includes('1e300')) + 1;
      const col = lines[line - 1].indexOf('1e300') + 1;
      const r = step('validate', 'forever.rnn.json');
      assert.equal(r.status, 1);
      assert.equal(
        r.stdout,
        `forever.rnn.json:${line}:${col}: error: steps must be an integer from 1 to 10,000,000 (how many training steps "train" runs), found 1e300\n`,
      );
      const u = step('train', SEED, '--steps', '10000001');
      assert.equal(u.status, 2);
      assert.match(u.stderr, /^rnn-step: --steps must be an integer from 1 to 10,000,000, not '10000001'\n/);
    });
  });

  describe('gradcheck', () => {
    const wide = {
      hiddenSize: 8,
      vocab: Array.from({ length: 30 }, (_, i) => `t${i}`),
      inputs: ['t0', 't5', 't9', 't29'],
      targets: ['t1', 't6', 't10', 't0'],
      weights: { init: { seed: 5 } },
    };
    // W_xh 8×30, W_hh 8×8, b_h 8, W_hy 30×8, b_y 30, h0 8: 590 entries.
    it('checks 20 entries of each tensor by default, the same ones every time; --all checks all', () => {
      file('wide.rnn.json', wide);
      const a = step('gradcheck', 'wide.rnn.json', '--json');
      assert.equal(a.status, 0, a.stderr);
      const ja = JSON.parse(a.stdout) as { checked: number; entries: number; perTensor: unknown };
      assert.equal(ja.entries, 590);
      assert.equal(ja.checked, 20 + 20 + 8 + 20 + 20 + 8);
      assert.deepEqual(JSON.parse(step('gradcheck', 'wide.rnn.json', '--json').stdout), ja, 'deterministic');
      const t = step('gradcheck', 'wide.rnn.json');
      assert.match(
        t.stdout,
        /^gradient check of wide\.rnn\.json \(96 of 590 entries, at most 20 per tensor, the same every run; --all checks every one, ε = 0\.000001\):\n/,
      );
      const all = JSON.parse(step('gradcheck', 'wide.rnn.json', '--all', '--json').stdout) as { checked: number };
      assert.equal(all.checked, 590);
      const five = JSON.parse(step('gradcheck', 'wide.rnn.json', '--sample', '5', '--json').stdout) as {
        checked: number;
      };
      assert.equal(five.checked, 6 * 5);
      assert.equal(step('gradcheck', 'wide.rnn.json', '--sample', '5', '--all').status, 2);
    });

    it('reports progress and what is left on stderr while it works (after two quiet seconds)', () => {
      const text = JSON.stringify(wide);
      const out: string[] = [];
      const err: string[] = [];
      let clock = 0;
      const io: CliIo = {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        readFile: () => text,
        readBytes: () => new Uint8Array(0),
        writeFile: () => undefined,
        baseName: (p) => p,
        now: () => (clock += 100), // every look at the clock: 0.1 s later
      };
      assert.equal(dispatch(['gradcheck', 'wide.rnn.json', '--all'], io), 0);
      assert.ok(err.length >= 2, err.join('\n'));
      for (const line of err) assert.match(line, /^gradcheck: [\d,]+ of 590 entries \(\d+%\), about \d+ s left$/);
    });
  });

  describe('explain', () => {
    const long = (T: number): unknown => ({
      hiddenSize: 2,
      vocab: ['a', 'b'],
      inputs: Array.from({ length: T }, (_, t) => (t % 3 ? 'a' : 'b')),
      targets: Array.from({ length: T }, (_, t) => (t % 2 ? 'a' : 'b')),
      weights: { init: { seed: 2 } },
    });
    const headings = (md: string): string[] => md.split('\n').filter((l) => l.startsWith('### '));
    const note =
      '*Timesteps 4 to 9 are left out here (6 timesteps of the same equations with other numbers). `rnn-step explain --full` writes every timestep.*';

    it('leaves out the middle of a long run (3 timesteps kept at each end of each pass); --full keeps all', () => {
      file('long.rnn.json', long(12));
      const r = step('explain', 'long.rnn.json');
      assert.equal(r.status, 0, r.stderr);
      const ts = headings(r.stdout).map((h) => Number(/t = (\d+)/.exec(h)![1]));
      assert.deepEqual(ts, [1, 2, 3, 10, 11, 12, 12, 11, 10, 3, 2, 1]);
      assert.equal(r.stdout.split('\n').filter((l) => l === note).length, 2, 'one note in each pass');
      const full = step('explain', 'long.rnn.json', '--full');
      assert.equal(headings(full.stdout).length, 24);
      assert.ok(!full.stdout.includes('left out'));
      file('short.rnn.json', long(7));
      assert.equal(
        headings(step('explain', 'short.rnn.json').stdout).length,
        14,
        '2·3 + 1 timesteps: nothing left out',
      );
    });

    it('--out writes the same text as stdout, streamed to the file', () => {
      const r = step('explain', 'long.rnn.json', '--out', 'long.md');
      assert.equal(r.stderr, 'wrote long.md\n');
      assert.equal(readFileSync(join(dir, 'long.md'), 'utf8'), step('explain', 'long.rnn.json').stdout);
    });
  });
});
