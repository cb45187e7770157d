// `rnn-step import` and `rnn-step export` through the CLI's dispatcher, on real files: what goes to
// stdout and stderr, the `FILE: error: …` lines and the exit statuses the usage text documents.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { CliIo } from '../../src/cli/commands';
import { dispatch } from '../../src/cli/dispatch';
import { parseModel } from '../../src/engine/parse/parse';

const ROOT = join(__dirname, '../..');
const SEED = join(ROOT, 'examples/hi-there-class.rnn.json');
const FIXTURES = join(__dirname, 'fixtures/interop');

function cli(...argv: string[]): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readFile: (p) => readFileSync(p, 'utf8'),
    readBytes: (p, max) => {
      if (statSync(p).size > max) throw Object.assign(new Error('too large'), { code: 'EFBIG' });
      return new Uint8Array(readFileSync(p));
    },
    writeFile: (p, t) => writeFileSync(p, t),
    baseName: (p) => basename(p),
  };
  const status = dispatch(argv, io);
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe('rnn-step import / export', () => {
  let dir = '';
  before(() => (dir = mkdtempSync(join(tmpdir(), 'rnn-interop-cli-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('import prints the new model on stdout, or writes it with -o and says so', () => {
    const weights = join(FIXTURES, 'lstm.f32.safetensors');
    const template = join(FIXTURES, 'lstm.template.rnn.json');
    const r = cli('import', weights, '--into', template);
    assert.equal(r.status, 0, r.err);
    assert.equal(parseModel(r.out).model?.hiddenSize, 5);
    assert.equal(
      r.err,
      `${weights}: note: the template's h0 has 2 numbers but the hidden size is now 5: h0 was removed (it starts at zeros)`,
    );
    const out = join(dir, 'imported.rnn.json');
    const w = cli('import', weights, '--into', template, '-o', out);
    assert.equal(w.status, 0);
    assert.equal(w.out, '');
    assert.match(w.err, new RegExp(`wrote ${out}: lstm, hidden 5, input 4, output 4, 5 timesteps, 224 parameters$`));
    assert.equal(readFileSync(out, 'utf8'), r.out); // the template's closing newline kept
    assert.equal(cli('run', out, '--json').status, 0);
  });

  it('import: weights that do not fit are one FILE: error: line, exit 1', () => {
    const weights = join(FIXTURES, 'gru.f64.json');
    const r = cli('import', weights, '--into', SEED);
    assert.equal(r.status, 1);
    assert.equal(r.out, '');
    assert.equal(
      r.err,
      `${weights}: error: gru.weight_ih_l0 is 12 × 3 but the template's vocab has 4 tokens: its columns (the input size) must be 4`,
    );
    const missing = cli('import', join(dir, 'nope.json'), '--into', SEED);
    assert.deepEqual(
      [missing.status, missing.err],
      [1, `rnn-step: cannot read ${join(dir, 'nope.json')}: no such file`],
    );
  });

  it('import: a template with problems gets its FILE:LINE:COL lines, exit 1; usage errors exit 2', () => {
    const bad = join(dir, 'bad.rnn.json');
    writeFileSync(bad, '{"inputs": [1], "weights": {}}');
    const r = cli('import', join(FIXTURES, 'gru.f64.json'), '--into', bad);
    assert.equal(r.status, 1);
    assert.match(r.err, new RegExp(`^${bad}:1:\\d+: error: `));
    assert.equal(cli('import', join(FIXTURES, 'gru.f64.json')).status, 2);
    assert.equal(cli('export', SEED, '--to', 'tensorflow').status, 2);
  });

  it('export writes a NumPy or PyTorch script, on stdout or into -o', () => {
    const np = cli('export', SEED, '--to', 'numpy');
    assert.equal(np.status, 0);
    assert.match(np.out, /^#!\/usr\/bin\/env python3\n# hi there class !: forward pass, loss and BPTT in NumPy/);
    assert.match(np.out, /\n {8}a\[t\] = W_hh @ h\[t - 1\] \+ W_xh @ x\[t\] \+ b_h\n/);
    const out = join(dir, 'seed.py');
    const pt = cli('export', SEED, '--to', 'pytorch', '-o', out);
    assert.deepEqual([pt.status, pt.out, pt.err], [0, '', `wrote ${out} (PyTorch; run it with python3 ${out})`]);
    assert.match(readFileSync(out, 'utf8'), /self\.rnn = nn\.RNN\(I, H\)\n {8}self\.head = nn\.Linear\(H, O\)/);
    const invalid = join(dir, 'invalid.rnn.json');
    writeFileSync(invalid, '{');
    assert.equal(cli('export', invalid, '--to', 'numpy').status, 1);
  });
});
