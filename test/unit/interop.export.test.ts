// The exported scripts, run with /usr/bin/python3: every example's NumPy script prints the JSON of
// `rnn-step run --json` equal to the engine's to 1e-12 (same keys, same shapes) and, with
// --steps 100, the losses and weights of `rnn-step train --json` to 1e-9; the PyTorch script
// likewise where torch imports, and its saved state_dict (JSON and safetensors) imports back to
// the file's weights bit for bit. Without numpy or torch the tests say why they are skipped.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJson } from '../../src/cli/commands';
import { train } from '../../src/engine/compute/optimize';
import { runModel } from '../../src/engine/compute/run';
import { importWeights } from '../../src/engine/interop/importModel';
import { numpyScript } from '../../src/engine/interop/numpyScript';
import { pytorchScript } from '../../src/engine/interop/pytorchScript';
import { readWeights } from '../../src/engine/interop/readWeights';
import { PARAM_NAMES, tensorToJson, type Model } from '../../src/engine/model';
import { parseModel } from '../../src/engine/parse/parse';
import { assertClose } from './fixtures/close';

const PYTHON = '/usr/bin/python3';
const EXAMPLES = join(__dirname, '../../examples');
const FILES = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn.json'));

/** Why `import MODULE` fails in /usr/bin/python3, or null when it works. */
function missing(module: string): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} does not exist`;
  const r = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  return r.status === 0 ? null : `${PYTHON} cannot import ${module} (${r.stderr.trim().split('\n').pop()})`;
}

/** Runs each script with its arguments in one Python process (torch is slow to import), each as
 *  `python3 SCRIPT ARGS…` would (run as __main__ with that argv); returns what each printed. */
function pythonRuns(dir: string, jobs: readonly (readonly string[])[]): unknown[] {
  const driver = join(dir, 'driver.py');
  writeFileSync(
    driver,
    [
      'import contextlib, io, json, runpy, sys',
      'outputs = []',
      'for argv in json.load(open(sys.argv[1])):',
      '    sys.argv, buffer = list(argv), io.StringIO()',
      '    with contextlib.redirect_stdout(buffer):',
      '        runpy.run_path(argv[0], run_name="__main__")',
      '    outputs.append(buffer.getvalue())',
      'json.dump(outputs, sys.stdout)',
      '',
    ].join('\n'),
  );
  const list = join(dir, 'jobs.json');
  writeFileSync(list, JSON.stringify(jobs));
  const r = spawnSync(PYTHON, [driver, list], { encoding: 'utf8', timeout: 280000, maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as string[]).map((text) => JSON.parse(text));
}

/** Same structure (keys in the same order, arrays of the same lengths, nulls where nulls) and
 *  numbers equal to `tol` relative to max(1, |x|). */
function assertSameJson(actual: unknown, expected: unknown, tol: number, path = ''): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path}: ${JSON.stringify(actual)} is not a number`);
    assertClose(actual as number, expected, tol, path);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${path}: length`);
    expected.forEach((e, i) => assertSameJson((actual as unknown[])[i], e, tol, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    const a = actual as Record<string, unknown>;
    assert.deepEqual(Object.keys(a), Object.keys(expected), `${path}: keys`);
    for (const [k, e] of Object.entries(expected)) assertSameJson(a[k], e, tol, `${path}.${k}`);
  } else assert.equal(actual, expected, path);
}

function trainJson(model: Model, steps: number): unknown {
  const r = train(model, steps);
  const weights: Record<string, unknown> = {};
  for (const p of PARAM_NAMES[model.cell]) weights[p] = tensorToJson(r.params[p]);
  return { steps: r.losses.length, losses: r.losses, weights };
}

describe('export: the scripts reproduce the engine', function () {
  this.timeout(300000);
  let dir = '';
  before(() => (dir = mkdtempSync(join(tmpdir(), 'rnn-export-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const models = FILES.map((f) => ({ file: f, model: parseModel(readFileSync(join(EXAMPLES, f), 'utf8')).model! }));

  /** The outputs of [run, --steps 100] per example, from one Python process per library. */
  const outputs = new Map<string, unknown[]>();
  function runAll(kind: 'numpy' | 'torch'): unknown[] | string {
    const why = missing(kind);
    if (why) return why;
    if (!outputs.has(kind)) {
      const jobs = models.flatMap(({ file, model }) => {
        const script = join(dir, `${file}.${kind}.py`);
        writeFileSync(script, kind === 'numpy' ? numpyScript(model) : pytorchScript(model));
        const save = ['--save-state-dict', join(dir, `${file}.json`), '--save-safetensors', join(dir, `${file}.st`)];
        return [
          [script, ...(kind === 'torch' ? save : [])],
          [script, '--steps', '100'],
        ];
      });
      outputs.set(kind, pythonRuns(dir, jobs));
    }
    return outputs.get(kind)!;
  }

  for (const kind of ['numpy', 'torch'] as const) {
    models.forEach(({ file, model }, k) => {
      const what = kind === 'numpy' ? 'NumPy' : 'PyTorch';
      it(`${file}: ${what} run equals the engine to 1e-12, --steps 100 to 1e-9`, function () {
        const out = runAll(kind);
        if (typeof out === 'string') {
          console.log(`      skipped: ${out}`);
          return this.skip();
        }
        assertSameJson(out[2 * k], runJson(runModel(model)), 1e-12);
        assertSameJson(out[2 * k + 1], trainJson(model, 100), 1e-9);
      });
    });
  }

  models.forEach(({ file, model }) => {
    it(`${file}: the PyTorch script's state_dict (JSON, safetensors) imports back bit for bit`, function () {
      const out = runAll('torch');
      if (typeof out === 'string') {
        console.log(`      skipped: ${out}`);
        return this.skip();
      }
      const text = readFileSync(join(EXAMPLES, file), 'utf8');
      for (const saved of [join(dir, `${file}.json`), join(dir, `${file}.st`)]) {
        const back = importWeights({ text, model }, readWeights(readFileSync(saved), saved)).model;
        for (const p of PARAM_NAMES[model.cell]) {
          const a = back.params[p].data;
          const b = model.params[p].data;
          assert.ok(a.length === b.length && a.every((v, i) => Object.is(v, b[i])), `${saved}: ${p} bit for bit`);
        }
      }
    });
  });

  it('models drawn with init export the drawn numbers, and -0 as a float', () => {
    const lstm = models.find((m) => m.model.init)!.model;
    const first = lstm.params[PARAM_NAMES[lstm.cell][0]].data[0];
    assert.ok(numpyScript(lstm).includes(String(first)) && pytorchScript(lstm).includes(String(first)));
    const text = readFileSync(join(EXAMPLES, 'hi-there-class.rnn.json'), 'utf8').replace('"b_h": [0.0]', '"b_h": [-0]');
    assert.match(numpyScript(parseModel(text).model!), /"b_h": \[-0\.0\]/);
  });

  it('strings from the model stay inside their literals', () => {
    const text = JSON.stringify({
      name: 'x"\n__import__("os")',
      vocab: ['"', '\\', '\n'],
      inputs: ['"', '\\'],
      targets: ['\\', '\n'],
      hiddenSize: 1,
      weights: { init: { seed: 1 } },
    });
    const script = numpyScript(parseModel(text).model!);
    assert.ok(script.includes('NAME, CELL = "x\\"\\n__import__(\\"os\\")", "rnn"'));
    assert.ok(script.includes('vocab = ["\\"", "\\\\", "\\n"]'));
    assert.ok(!/^__import__/m.test(script));
  });
});
