// Big outputs are streamed (cli/sink.ts, cli/jsonStream.ts): `run --json` of a model with a
// million-number W_hh prints valid JSON whose numbers are the engine's to the last bit, written in
// blocks of about a megabyte — never one string of the whole output (which, for H = 4096, is
// longer than a JavaScript string can be).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle, runCli } from './cli.helpers';
import type { CliIo } from '../../src/cli/commands';
import { dispatch } from '../../src/cli/dispatch';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { assertSameBits } from './fixtures/close';

const vocab = Array.from({ length: 65 }, (_, i) => String.fromCharCode(48 + i));
const inputs = Array.from({ length: 100 }, (_, i) => vocab[(i * 7) % 65]);
const BIG = JSON.stringify({
  name: 'rnn-512',
  hiddenSize: 512,
  vocab,
  inputs,
  targets: [...inputs.slice(1), vocab[0]],
  weights: { init: { seed: 1 } },
});

interface RunJson {
  gradients: Record<string, number[][]>;
  updated: Record<string, number[][]>;
  hidden: number[][];
  loss: number;
  nonFinite: unknown;
}

describe('streamed output', () => {
  it('run --json of rnn H=512, T=100: valid JSON, every number the engine’s, exactly', async function () {
    this.timeout(120000);
    const cli = await cliBundle();
    const dir = mkdtempSync(join(tmpdir(), 'rnn-step-stream-'));
    writeFileSync(join(dir, 'big.rnn.json'), BIG);
    const r = runCli(cli, ['run', 'big.rnn.json', '--json'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.length > 10e6, `${r.stdout.length} characters`);
    const out = JSON.parse(r.stdout) as RunJson;
    const trace = runModel(parseModel(BIG).model!);
    assert.equal(out.loss, trace.loss);
    assert.equal(out.nonFinite, undefined, 'every number finite: no "nonFinite"');
    assertSameBits(out.gradients.W_hh.flat(), trace.grads.W_hh.data, '∂L/∂W_hh');
    assertSameBits(out.updated.W_hh.flat(), trace.updated.W_hh.data, "W_hh'");
    assertSameBits(out.hidden.flat(), trace.series.h, 'h');
    assert.deepEqual(
      out.gradients.W_hh.map((row) => row.length),
      Array.from({ length: 512 }, () => 512),
    );
  });

  it('a slow reader does not make it pile up in memory: the peak is that of writing to /dev/null', async function () {
    this.timeout(120000);
    const cli = await cliBundle();
    const dir = mkdtempSync(join(tmpdir(), 'rnn-step-slow-'));
    writeFileSync(join(dir, 'big.rnn.json'), BIG);
    // The child's own peak resident memory, written at its exit.
    const hook = join(dir, 'rss.cjs');
    writeFileSync(
      hook,
      `process.on('exit', () => require('node:fs').writeFileSync(process.env.RSS_OUT, String(process.resourceUsage().maxRSS)));`,
    );
    const peakKb = (sink: string): number => {
      const out = join(dir, 'rss');
      const r = spawnSync(
        'bash',
        ['-c', `"${process.execPath}" --require "${hook}" "${cli}" run big.rnn.json --json ${sink}`],
        {
          cwd: dir,
          env: { ...process.env, RSS_OUT: out },
          encoding: 'utf8',
          timeout: 60000,
        },
      );
      assert.equal(r.status, 0, r.stderr);
      return Number(readFileSync(out, 'utf8'));
    };
    const devNull = peakKb('> /dev/null');
    const slow = peakKb('| (sleep 3; wc -c > /dev/null)');
    assert.ok(slow - devNull < 8 * 1024, `${slow} KB behind a slow pipe, ${devNull} KB into /dev/null`);
  });

  it('is written in blocks of about a megabyte as it is produced, not built whole', function () {
    this.timeout(120000);
    const blocks: number[] = [];
    let text = '';
    const io: CliIo = {
      out: () => assert.fail('streamed output goes through open()'),
      err: (t) => assert.fail(t),
      readFile: () => BIG,
      readBytes: () => new Uint8Array(0),
      writeFile: () => undefined,
      baseName: (p) => p,
      open: () => ({
        write: (block) => {
          blocks.push(block.length);
          text += block;
        },
        close: () => undefined,
      }),
    };
    assert.equal(dispatch(['run', 'big.rnn.json', '--json'], io), 0);
    assert.ok(blocks.length > 10, `${blocks.length} blocks`);
    const row = 512 * 24; // the longest piece written at once: one row of a matrix
    assert.ok(Math.max(...blocks) <= (1 << 20) + row, `largest block ${Math.max(...blocks)}`);
    assert.ok(text.endsWith('}\n'));
    assert.equal((JSON.parse(text) as RunJson).gradients.W_hh.length, 512);
  });
});
