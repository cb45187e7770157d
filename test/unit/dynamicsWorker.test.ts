// The panel's dynamics off the host thread: the worker answers a 'dynamics' request with exactly
// what `rnn-step dynamics` computes (analyzeDynamics), a costly model first without its
// connectivity and then whole; the panel's feed posts both, then the whole one under the current
// run id, cancels an analysis whose trace is no longer shown, and re-sends a finished one.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { analyzeDynamics } from '../../src/engine/dynamics/dynamics';
import type { Model } from '../../src/engine/model';
import { runDynamics, type DynamicsReply } from '../../src/host/training/trainingWorker';
import { DynamicsFeed, analyseHere, type Analyser } from '../../src/host/panel/dynamicsFeed';
import type { DynamicsMessage } from '../../src/shared/protocol';

const root = join(__dirname, '..', '..');
const model = (name: string): Model => parseModel(readFileSync(join(root, 'examples', name), 'utf8')).model!;

describe('dynamics in the worker and the panel feed', () => {
  it("answers with analyzeDynamics' numbers and sentences; a costly model first without connectivity", () => {
    const m = model('lstm-hello.rnn.json');
    const want = analyzeDynamics(m);
    const one: DynamicsReply[] = [];
    runDynamics({ type: 'dynamics', model: m }, (r) => one.push(r));
    assert.equal(one.length, 1, 'a cheap model: one whole answer');
    const two: DynamicsReply[] = [];
    runDynamics({ type: 'dynamics', model: m }, (r) => two.push(r), 0);
    assert.deepEqual(
      two.map((r) => r.type === 'dynamics' && r.partial),
      [true, false],
    );
    for (const r of [...one, ...two]) {
      assert.ok(r.type === 'dynamics' && r.outcome.kind === 'ready');
      assert.deepEqual(r.outcome.data.flow, want.flow.values);
      assert.deepEqual(r.outcome.data.sentences.flow, want.sentences.flow);
      assert.deepEqual(
        r.outcome.data.spectra.map((s) => s.radius),
        Object.values(want.spectra).map((s) => s.radius),
      );
      if (!r.partial) {
        assert.deepEqual(r.outcome.data.connectivity, want.connectivity!.values);
        assert.equal(r.outcome.data.sentences.connectivity, want.sentences.connectivity);
      } else assert.equal(r.outcome.data.connectivity, null);
    }
  });

  it('the feed posts partial then whole, drops an analysis of a trace no longer shown, re-sends a done one', async () => {
    const posted: DynamicsMessage[] = [];
    let runId = 1;
    const feed = new DynamicsFeed(
      (m) => posted.push(m),
      () => runId,
    );
    const cancelled: string[] = [];
    const analyser: Analyser = (m, partial) => {
      const job = analyseHere(m, partial);
      partial({ kind: 'ready', data: { ...analyzePayloadLess(m) } });
      return { result: job.result, cancel: () => cancelled.push(m.name) };
    };
    feed.analyser = analyser;
    const a = runModel(model('hi-there-class.rnn.json'));
    const b = runModel(model('lstm-hello.rnn.json'));
    feed.show(a);
    assert.equal(posted.length, 0, 'nothing before the section asks');
    feed.request(a);
    feed.show(b); // a new trace before a's analysis settled: a is cancelled and never posted
    runId = 2;
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(cancelled, [a.model.name]);
    const states = posted.map((m) => `${m.state}${m.partial ? '(partial)' : ''}:${m.runId}`);
    assert.deepEqual(states, ['computing:1', 'ready(partial):1', 'computing:1', 'ready(partial):1', 'ready:2']);
    assert.deepEqual(posted[4].data!.flow, analyzeDynamics(b.model).flow.values);
    feed.show(b);
    assert.equal(posted.length, 6);
    assert.equal(posted[5].state, 'ready', 'a finished analysis is re-sent, not recomputed');
    assert.equal(cancelled.length, 1);
  });
});

/** A payload stand-in for the partial answer (its numbers are not what this test checks). */
function analyzePayloadLess(m: Model) {
  const d = analyzeDynamics(m, { connectivity: 'never' });
  return {
    T: d.flow.T,
    flow: d.flow.values,
    flowRows: Array.from(d.flow.hasRow, (v) => v === 1),
    connectivity: null,
    spectra: [],
    saturation: [],
    sentences: d.sentences,
  };
}
