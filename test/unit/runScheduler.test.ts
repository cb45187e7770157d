// Where an edited model runs (src/host/session/runScheduler.ts, runWorker.ts): the newest run
// supersedes the one under way and only its trace lands, bit for bit what runModel computes, its
// arrays transferred rather than copied; when no worker can start the run goes on the host in
// slices that never hold the event loop for 50 ms; a worker that breaks later fails its run only.
// The last test runs the real worker_threads bundle (built here, as esbuild.mjs builds it).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildNodeWorker } from './fixtures/workerBundle';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { SERIES, type Trace } from '../../src/engine/trace/trace';
import { PARAM_NAMES } from '../../src/engine/model';
import { tracePayload } from '../../src/engine/trace/transfer';
import { RunScheduler, type RunOutcome, type RunSource, type StartWorker } from '../../src/host/session/runScheduler';
import { runServer, type RunReply, type RunRequest } from '../../src/host/session/runServer';
import { assertSameBits } from './fixtures/close';

const vocab = Array.from({ length: 65 }, (_, i) => String.fromCharCode(48 + i));

/** A char-rnn-like model (65 tokens, drawn weights), as test/bench/cli.bench.mjs builds them: its
 *  text (what the worker parses) and the host's parse of it. */
function charModel(H: number, T: number, seed = 1): RunSource {
  const inputs = Array.from({ length: T }, (_, i) => vocab[(i * 7) % 65]);
  const text = JSON.stringify({
    hiddenSize: H,
    vocab,
    inputs,
    targets: [...inputs.slice(1), vocab[0]],
    weights: { init: { seed } },
  });
  const r = parseModel(text);
  assert.ok(r.model, JSON.stringify(r.problems));
  return { model: r.model, text };
}

function assertSameTrace(a: Trace, b: Trace): void {
  for (const info of SERIES[b.model.cell]) assertSameBits(a.series[info.name], b.series[info.name], info.name);
  for (const p of PARAM_NAMES[b.model.cell]) {
    assertSameBits(a.grads[p].data, b.grads[p].data, `∂L/∂${p}`);
    assertSameBits(a.updated[p].data, b.updated[p].data, `${p}'`);
  }
  assertSameBits(a.losses, b.losses, 'ℓ');
  assert.ok(Object.is(a.loss, b.loss));
  assert.equal(a.steps.length, b.steps.length);
}

/** An in-process worker: runServer behind a message queue that structured-clones every message
 *  (with its transfer list), drained by the test. */
function fakeWorker(now: () => number = Date.now) {
  const queue: (() => void)[] = [];
  const replies: RunReply[] = [];
  const transferred: ArrayBuffer[] = [];
  let fail: ((why: string) => void) | undefined;
  let started = 0;
  let terminated = 0;
  const start: StartWorker = (reply, onFail) => {
    started++;
    fail = onFail;
    let alive = true;
    const handle = runServer(
      (r, transfer = []) => {
        transferred.push(...transfer);
        const copy = structuredClone(r, { transfer });
        queue.push(() => {
          if (!alive) return;
          replies.push(copy);
          reply(copy);
        });
      },
      now,
      (f) => queue.push(() => alive && f()),
    );
    return {
      post: (req: RunRequest) => queue.push(() => alive && handle(structuredClone(req))),
      terminate: () => {
        alive = false;
        terminated++;
      },
    };
  };
  return {
    start,
    replies,
    transferred,
    get started() {
      return started;
    },
    get terminated() {
      return terminated;
    },
    fail: (why: string) => fail?.(why),
    drain: () => {
      while (queue.length > 0) queue.shift()!();
    },
  };
}

describe('run scheduler', () => {
  it('a newer run supersedes the one under way: only the latest lands, with runModel’s bits', async () => {
    const w = fakeWorker();
    const s = new RunScheduler(w.start);
    const a = charModel(8, 12, 1);
    const b = charModel(8, 12, 2);
    const first = s.run(a);
    const second = s.run(b);
    w.drain();
    assert.deepEqual(await first.outcome, { kind: 'cancelled' });
    const out = await second.outcome;
    assert.equal(out.kind, 'done');
    if (out.kind !== 'done') return;
    // The host's parse, with the weights the worker drew for its `init` (not drawn twice).
    assert.equal(out.trace.model.name, b.model.name);
    for (const p of PARAM_NAMES.rnn) assertSameBits(out.trace.model.params[p].data, b.model.params[p].data, p);
    assertSameTrace(out.trace, runModel(b.model));
    // The worker never finished the superseded run: it said so, and sent no trace for it.
    const ids = w.replies.filter((r) => r.type === 'done').map((r) => r.id);
    assert.deepEqual(ids, [2]);
    assert.ok(w.replies.some((r) => r.type === 'cancelled' && r.id === 1));
    assert.equal(w.started, 1, 'one worker serves every run of a session');
    s.dispose();
  });

  it('the trace crosses in transferred buffers, not copies', async () => {
    const w = fakeWorker();
    const s = new RunScheduler(w.start);
    const job = s.run(charModel(6, 9));
    w.drain();
    const out = (await job.outcome) as Extract<RunOutcome, { kind: 'done' }>;
    assert.equal(out.kind, 'done');
    // Every series, gradient and update went in the transfer list (the sender's copies are detached).
    const arrays = [...Object.values(out.trace.series), ...Object.values(out.trace.grads).map((t) => t.data)];
    assert.ok(w.transferred.length >= arrays.length);
    for (const buf of w.transferred) assert.equal(buf.byteLength, 0, 'detached on the sending side');
    s.dispose();
  });

  it('reports progress between chunks, climbing to 1, and cancel() stops the worker’s run', async () => {
    let clock = 0;
    const w = fakeWorker(() => (clock += 7)); // every look at the clock: 7 ms of "work"
    const s = new RunScheduler(w.start);
    const seen: number[] = [];
    const job = s.run(charModel(384, 200), (f) => seen.push(f));
    w.drain();
    const out = await job.outcome;
    assert.equal(out.kind, 'done');
    assert.ok(seen.length >= 3, `progress reports: ${seen.length}`);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1]);
    assert.ok(seen.some((f) => f > 0 && f < 1) && seen[seen.length - 1] <= 1, String(seen));
    assert.equal(job.progress, 1);

    const cancelled = s.run(charModel(384, 200, 3));
    cancelled.cancel();
    w.drain();
    assert.deepEqual(await cancelled.outcome, { kind: 'cancelled' });
    assert.equal(w.replies.filter((r) => r.type === 'done').length, 1, 'the cancelled run sent no trace');
    s.dispose();
  });

  it('replies of another run are dropped (a late "done" never lands on a newer run)', async () => {
    let reply: ((r: RunReply) => void) | undefined;
    const posted: RunRequest[] = [];
    const s = new RunScheduler((r) => {
      reply = r;
      return { post: (q) => posted.push(q), terminate: () => undefined };
    });
    const m = charModel(4, 5);
    const old = s.run(m);
    const job = s.run(m);
    assert.deepEqual(
      posted.map((q) => [q.type, q.id]),
      [
        ['run', 1],
        ['run', 2],
      ],
    );
    assert.deepEqual(await old.outcome, { kind: 'cancelled' });
    const trace = runModel(m.model);
    reply!({ type: 'done', id: 1, payload: tracePayload(trace).payload });
    reply!({ type: 'progress', id: 1, fraction: 0.9 });
    assert.equal(job.progress, 0);
    reply!({ type: 'error', id: 2, message: 'boom' });
    assert.deepEqual(await job.outcome, { kind: 'failed', message: 'boom' });
  });

  it('no worker: the run goes on the host in slices, the event loop never held 50 ms, same bits', async function () {
    this.timeout(60_000);
    const reasons: string[] = [];
    const s = new RunScheduler(
      () => {
        throw new Error('this host has no Worker');
      },
      { onFallback: (why) => reasons.push(why) },
    );
    runModel(charModel(8, 5).model); // compiled first, so that `whole` is the run's own time
    // A model that takes well over 100 ms in one go on this machine: longer sequences until it does
    // (a fast machine ran H=512, T=400 in 82 ms).
    let m!: RunSource;
    let whole = 0;
    for (let T = 400; ; T *= 2) {
      m = charModel(512, T);
      const t0 = performance.now();
      runModel(m.model);
      whole = performance.now() - t0;
      if (whole > 200 || T >= 6400) break;
    }
    // How late a 1 ms timer fires: idle first (a machine shared with other work), then during the run.
    const monitor = () => {
      let worst = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
      }, 1);
      return () => (clearInterval(timer), worst);
    };
    const idle = monitor();
    await new Promise((r) => setTimeout(r, whole));
    const idleWorst = idle();
    const stop = monitor();
    const seen: number[] = [];
    const job = s.run(m, (f) => seen.push(f));
    const out = await job.outcome;
    // The outcome settles right after the last slice, before the timer has fired again: one more
    // tick, so that the last slice's block is measured too.
    await new Promise((r) => setTimeout(r, 5));
    const worst = stop();
    assert.equal(s.runner, 'host');
    assert.deepEqual(reasons, ['this host has no Worker']);
    assert.equal(out.kind, 'done');
    if (out.kind === 'done') assertSameTrace(out.trace, runModel(m.model));
    assert.ok(whole > 100, `the model should take a while in one go (${whole.toFixed(0)} ms)`);
    assert.ok(
      worst < 50 + idleWorst,
      `longest event-loop block ${worst.toFixed(1)} ms (idle ${idleWorst.toFixed(1)} ms; in one go ${whole.toFixed(0)} ms)`,
    );
    // Progress as it goes: several reports, rising, at most 1 (a slice ends at SLICE_MS or later, so
    // how many there are depends on the machine — `whole` > 200 ms gives at least a few). The last
    // may be 1: the run's final slice, its scan for non-finite values, comes after all the work is
    // counted (src/engine/compute/run.ts).
    assert.ok(seen.length >= 3, `${seen.length} progress reports`);
    assert.ok(
      seen.every((f, k) => f > 0 && f <= 1 && (k === 0 || f > seen[k - 1])),
      seen.join(' '),
    );
  });

  it('a worker that breaks before answering: its run moves to the host; after answering: the run fails', async () => {
    const w = fakeWorker();
    const reasons: string[] = [];
    const s = new RunScheduler(w.start, { onFallback: (why) => reasons.push(why) });
    const m = charModel(5, 6);
    const job = s.run(m);
    w.fail('Cannot find module dist/runWorker.js');
    const out = await job.outcome;
    assert.equal(out.kind, 'done');
    assert.equal(s.runner, 'host');
    assert.deepEqual(reasons, ['Cannot find module dist/runWorker.js']);

    const w2 = fakeWorker();
    const s2 = new RunScheduler(w2.start);
    const ok = s2.run(m);
    w2.drain();
    assert.equal((await ok.outcome).kind, 'done');
    const broken = s2.run(m);
    w2.fail('out of memory');
    assert.deepEqual(await broken.outcome, { kind: 'failed', message: 'the run worker stopped: out of memory' });
    assert.equal(w2.terminated, 1);
    const next = s2.run(m);
    w2.drain();
    assert.equal((await next.outcome).kind, 'done');
    assert.equal(w2.started, 2, 'a new worker for the next run');
    assert.equal(s2.runner, 'worker');
  });

  it('the worker_threads bundle runs across the thread boundary with the same numbers', async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(join(tmpdir(), 'rnn-run-worker-'));
    try {
      const outfile = join(dir, 'runWorker.js');
      await buildNodeWorker('src/host/session/runWorker.ts', outfile);
      const workers: Worker[] = [];
      const s = new RunScheduler((reply, fail) => {
        const worker = new Worker(outfile);
        workers.push(worker);
        worker.on('message', reply);
        worker.on('error', (e) => fail(e.message));
        return { post: (q) => worker.postMessage(q), terminate: () => void worker.terminate() };
      });
      const a = charModel(64, 300, 1);
      const b = charModel(64, 300, 2);
      const first = s.run(a);
      const second = s.run(b);
      assert.deepEqual(await first.outcome, { kind: 'cancelled' });
      const out = await second.outcome;
      assert.equal(out.kind, 'done');
      if (out.kind === 'done') assertSameTrace(out.trace, runModel(b.model));
      s.dispose();
      assert.equal(workers.length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
