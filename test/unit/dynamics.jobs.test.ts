// Compare Cells, What If… and Sample… as the extension runs them: the dynamics worker bundle (built
// here as esbuild.mjs builds dist/dynamicsWorker.js) answers across a real thread boundary with the
// engine's numbers; the views the panel gets keep one y scale (the global loss extremes) and list
// each sampled distribution as the softmax of the recorded logits, computed independently here.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildNodeWorker } from './fixtures/workerBundle';
import { compareCells } from '../../src/engine/dynamics/compareCells';
import { sample } from '../../src/engine/dynamics/sampling';
import { runModel } from '../../src/engine/compute/run';
import { gradCheck } from '../../src/engine/compute/gradcheck';
import { parseModel } from '../../src/engine/parse/parse';
import { importWeights } from '../../src/engine/interop/importModel';
import { readWeights } from '../../src/engine/interop/readWeights';
import { numpyScript } from '../../src/engine/interop/numpyScript';
import {
  passWork,
  requestWork,
  revivedResult,
  runDynamicsJob,
  type DynamicsReply,
  type DynamicsRequest,
} from '../../src/host/dynamics/dynamicsJobs';
import { compareView, sampleView, SAMPLE_TOP } from '../../src/host/dynamics/dynamicsViews';
import { assertClose } from './fixtures/close';
import { parsedExample } from './dynamics.fixtures';

const root = join(__dirname, '..', '..');

function runJob(request: DynamicsRequest): DynamicsReply[] {
  const replies: DynamicsReply[] = [];
  let clock = 0;
  runDynamicsJob(
    request,
    (r) => replies.push(r),
    () => (clock += 60),
  );
  return replies;
}

describe('dynamics jobs and views', () => {
  /** The worker bundle, built once (esbuild, as the extension's build does), and one request run
   *  in a fresh worker_threads Worker: every reply crosses the thread boundary by structured clone. */
  let dir = '';
  let workerFile = '';
  before(async function () {
    this.timeout(30_000);
    dir = mkdtempSync(join(tmpdir(), 'rnn-dynamics-'));
    workerFile = join(dir, 'dynamicsWorker.js');
    await buildNodeWorker('src/host/dynamics/dynamicsWorker.ts', workerFile);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  async function inWorker(request: DynamicsRequest): Promise<{ done: DynamicsReply; progress: DynamicsReply[] }> {
    const worker = new Worker(workerFile);
    const progress: DynamicsReply[] = [];
    try {
      const done = await new Promise<DynamicsReply>((resolve, reject) => {
        worker.on('message', (r: DynamicsReply) => (r.type === 'progress' ? progress.push(r) : resolve(r)));
        worker.on('error', reject);
        worker.postMessage(request);
      });
      return { done, progress };
    } finally {
      await worker.terminate();
    }
  }

  it('the worker bundle compares the three cells across the thread boundary with the engine’s numbers', async function () {
    this.timeout(30_000);
    const m = parsedExample('hi-there-class.rnn.json');
    const { done } = await inWorker({ type: 'compare', model: m, steps: 40 });
    assert.equal(done.type, 'done', JSON.stringify(done));
    if (done.type !== 'done' || done.result.type !== 'compare') return;
    const expected = compareCells(m, 40);
    assert.deepEqual(
      done.result.comparison.runs.map((r) => r.cell),
      ['rnn', 'lstm', 'gru'],
    );
    done.result.comparison.runs.forEach((r, i) => {
      assert.deepEqual(r.losses, expected.runs[i].losses, `${r.cell} losses`);
      assert.deepEqual(Array.from(r.flowAfter.values), Array.from(expected.runs[i].flowAfter.values));
    });
  });

  it('a what-if’s and a sample’s trace from the worker can be stepped: every step has its title, reads and writes', async function () {
    this.timeout(30_000);
    const m = parsedExample('hi-there-class.rnn.json');
    const requests: DynamicsRequest[] = [
      { type: 'whatIf', model: m, change: { kind: 'learningRate', value: 1 } },
      { type: 'sample', model: m, options: { from: 'hi', seed: 7, temperature: 1, length: 6 } },
    ];
    for (const request of requests) {
      const { done } = await inWorker(request);
      if (done.type !== 'done' || (done.result.type !== 'whatIf' && done.result.type !== 'sample'))
        return assert.fail(JSON.stringify(done));
      const cloned = done.result.type === 'whatIf' ? done.result.after : done.result.trace;
      // As it arrives, a step has lost what steps.ts computes on demand (the host's stepper and
      // status bar read it): the reason revivedResult exists.
      assert.equal(cloned.steps[1].writes, undefined, `${request.type}: the clone kept the steps' accessors`);
      const revived = revivedResult(done.result);
      const trace = revived.type === 'whatIf' ? revived.after : revived.type === 'sample' ? revived.trace : undefined;
      const fresh = runModel(trace?.model ?? m);
      assert.equal(trace?.steps.length, fresh.steps.length);
      trace?.steps.forEach((st, i) => {
        const want = fresh.steps[i];
        assert.deepEqual([st.id, st.title, st.reads, st.writes], [want.id, want.title, want.reads, want.writes]);
      });
      assert.deepEqual(trace?.series.h, fresh.series.h, `${request.type}: the numbers came through`);
    }
  });

  it('the comparison view: one y scale, exactly the smallest and largest loss of any cell', () => {
    // gru-sine: the rnn holds the lowest loss, the lstm the highest — no one cell's own range is the shared one.
    const m = parsedExample('gru-sine.rnn.json');
    const c = compareCells(m, 60);
    const v = compareView(m, c);
    const all = c.runs.flatMap((r) => r.losses);
    assert.deepEqual(v.lossRange, { min: Math.min(...all), max: Math.max(...all) });
    assert.deepEqual(v.flowRange, c.flowRange);
    assert.equal(v.cells.length, 3);
    v.cells.forEach((cell, i) => {
      assert.equal(cell.firstLoss, c.runs[i].losses[0]);
      assert.equal(cell.lastLoss, c.runs[i].losses[59]);
      assert.equal(cell.flowAfter.length, m.steps * (m.steps + 1));
    });
    assert.equal(v.cells.find((x) => x.cell === 'gru')!.weights, 'the file’s weights');
    assert.match(v.cells.find((x) => x.cell === 'lstm')!.weights, /^drawn with seed \d+, scale /);
  });

  it('the sample job records a run the stepper can step through, labelled with its seed', () => {
    const m = { ...parsedExample('hi-there-class.rnn.json') };
    const options = { from: 'hi', length: 12, temperature: 0.8, seed: 7 };
    const replies = runJob({ type: 'sample', model: m, options });
    const done = replies[replies.length - 1];
    assert.equal(done.type, 'done', JSON.stringify(done));
    if (done.type !== 'done' || done.result.type !== 'sample') return;
    const again = sample(m, options);
    assert.deepEqual(done.result.sample.tokens, again.tokens, 'the same seed, the same tokens');
    assert.match(done.result.trace.model.name, /^sample, seed 7: /);
    assert.equal(done.result.trace.model.steps, 12);
    // The run replays the generation: its outputs are the recorded logits, bit for bit.
    const y = done.result.trace.series.y;
    again.logits.forEach((v, k) => assert.ok(Object.is(y[k], v), `y[${k}]`));
    assert.deepEqual(runModel(done.result.sample.run).series.y, y);
  });

  it('the sample view lists each step’s softmax(y/τ) of the recorded logits, descending, the chosen one included', () => {
    const m = parsedExample('hi-there-class.rnn.json');
    const options = { from: 'there', length: 30, temperature: 1.7, seed: 3 };
    const s = sample(m, options);
    const v = sampleView(m, options, s);
    const O = m.outputSize;
    v.steps.forEach((st, t) => {
      const y = Array.from(s.logits.subarray(t * O, (t + 1) * O));
      const mx = Math.max(...y);
      const e = y.map((x) => Math.exp((x - mx) / 1.7));
      const sum = e.reduce((a, b) => a + b, 0);
      for (const entry of st.top) {
        const j = m.classes!.indexOf(entry.token);
        assertClose(entry.probability, e[j] / sum, 1e-15, `t ${t + 1} ${entry.token}`);
        assert.equal(entry.logit, y[j]);
      }
      const shown = st.top.slice(0, Math.min(SAMPLE_TOP, O)).map((x) => x.probability);
      assert.deepEqual(
        shown,
        [...shown].sort((a, b) => b - a),
        'descending',
      );
      assert.ok(
        st.top.some((x) => x.token === st.chosen),
        'the chosen token is listed',
      );
      assert.equal(st.chosen, s.tokens[t]);
    });
  });

  it('a what-if job reports progress, then the diff; a bad change is an error message, not a throw', () => {
    const m = parsedExample('hi-there-2-unit.rnn.json');
    const ok = runJob({ type: 'whatIf', model: m, change: { kind: 'learningRate', value: 1 } });
    const done = ok[ok.length - 1];
    assert.equal(done.type, 'done');
    const bad = runJob({
      type: 'whatIf',
      model: m,
      change: { kind: 'weight', param: 'W_hh', index: [5, 5], value: 1 },
    });
    assert.deepEqual(
      bad.map((r) => r.type),
      ['error'],
    );
    assert.match((bad[0] as { message: string }).message, /outside W_hh/);
    assert.ok(
      requestWork({ type: 'whatIf', model: m, change: { kind: 'learningRate', value: 1 } }) === 2 * passWork(m),
    );
  });

  it('a gradient-check job reports its progress and answers gradCheck’s result, sampled as asked', () => {
    const m = parsedExample('lstm-hello.rnn.json');
    const replies = runJob({ type: 'gradcheck', model: m, maxPerTensor: 3 });
    const done = replies[replies.length - 1];
    assert.ok(done.type === 'done' && done.result.type === 'gradcheck', `a gradcheck result: ${JSON.stringify(done)}`);
    const direct = gradCheck(m, { maxPerTensor: 3 });
    assert.deepEqual(done.result.result, direct, 'the same check as the engine’s own');
    assert.ok(
      replies.some((r) => r.type === 'progress'),
      'progress while it works',
    );
    // Every tensor of lstm-hello (its parameters, h0 and c0) has at least 3 entries.
    const entries = Object.keys(m.params).length + 2;
    assert.equal(direct.checked, 3 * entries);
    assert.equal(requestWork({ type: 'gradcheck', model: m, maxPerTensor: 3 }), 3 * entries * passWork(m));
  });

  it('the import and export jobs give the engine’s text: a safetensors file into its template, a script', () => {
    const dir = join(root, 'test', 'unit', 'fixtures', 'interop');
    const text = readFileSync(join(dir, 'gru.template.rnn.json'), 'utf8');
    const parsed = parseModel(text);
    assert.ok(parsed.model, 'the template parses');
    const bytes = new Uint8Array(readFileSync(join(dir, 'gru.f64.safetensors')));
    const replies = runJob({ type: 'import', text, model: parsed.model, bytes, fileName: 'gru.f64.safetensors' });
    const done = replies[replies.length - 1];
    assert.ok(done.type === 'done' && done.result.type === 'import', JSON.stringify(done).slice(0, 300));
    const direct = importWeights({ text, model: parsed.model }, readWeights(bytes, 'gru.f64.safetensors'));
    assert.equal(done.result.text, direct.text, 'the same model text as the engine writes');
    assert.deepEqual(done.result.notes, direct.notes);
    assert.deepEqual(done.result.summary, {
      cell: 'gru',
      hidden: direct.model.hiddenSize,
      input: direct.model.inputSize,
      output: direct.model.outputSize,
    });
    const bad = runJob({
      type: 'import',
      text,
      model: parsed.model,
      bytes: bytes.subarray(0, 20),
      fileName: 'x.safetensors',
    });
    assert.deepEqual(
      bad.map((r) => r.type),
      ['error'],
      'a broken file is an error message',
    );
    const script = runJob({ type: 'script', kind: 'numpy', model: direct.model });
    const last = script[script.length - 1];
    assert.ok(last.type === 'done' && last.result.type === 'script');
    assert.equal(last.result.script, numpyScript(direct.model));
  });
});
