// The debugger's "NaN / Infinity" exception breakpoint (src/host/debug/nonFiniteStop.ts), driven
// in-process as VS Code drives it: offered in the initialize response, on by default, set with
// setExceptionBreakpoints; continue and a step over stop at the step that writes the run's first
// non-finite value with reason 'exception', and exceptionInfo names the value as the CLI does.
import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { RnnDebugSession } from '../../src/host/debug/rnnDebugSession';
import { Client } from './debug.client';
import { FakeTarget } from './debug.helpers';

// y₁ = W_hy h₁ + b_y = 1.7e308 + 1.7e308: the first non-finite value is y[0] at forward t=1.
const OVERFLOW = JSON.stringify(
  {
    vocab: ['a', 'b'],
    inputs: ['a', 'b'],
    targets: ['b', 'a'],
    weights: { W_xh: [[20, 20]], W_hh: [[0]], b_h: [0], W_hy: [[1.7e308], [0]], b_y: [1.7e308, 0] },
  },
  null,
  2,
);
const SENTENCE = 'non-finite value: y[0] at forward t=1 (overflowing weight: W_hy holds values up to 1.7e+308)';

const INITIALIZE: DebugProtocol.InitializeRequestArguments = {
  adapterID: 'rnn',
  clientID: 'test',
  linesStartAt1: true,
  columnsStartAt1: true,
  pathFormat: 'path',
  supportsInvalidatedEvent: true,
};

/** Launched on `text`, stopped on entry, with the exception filters `filters` (undefined: not sent). */
async function launched(text: string, filters: string[] | undefined) {
  const target = new FakeTarget(text);
  const adapter = new RnnDebugSession(async () => target);
  const client = new Client(adapter);
  const init = await client.request<DebugProtocol.InitializeResponse>('initialize', INITIALIZE);
  let launch: Promise<DebugProtocol.Response> | undefined;
  await client.event('initialized', () => {
    launch = client.request('launch', { model: target.sourcePath });
  });
  if (filters) {
    const set = await client.request<DebugProtocol.SetExceptionBreakpointsResponse>('setExceptionBreakpoints', {
      filters,
    });
    assert.equal(set.success, true);
  }
  await client.stopped(() => client.request('configurationDone'));
  await launch;
  return { adapter, client, target, init };
}

const stepIndex = (target: FakeTarget, id: string): number => target.trace.steps.findIndex((s) => s.id === id);

describe('debug adapter: the NaN / Infinity exception breakpoint', () => {
  it('is offered, on by default, and answers exceptionInfo', async () => {
    const { adapter, client, target, init } = await launched(OVERFLOW, undefined);
    assert.deepEqual(init.body?.exceptionBreakpointFilters, [
      {
        filter: 'nonFinite',
        label: 'NaN / Infinity',
        description: 'Stop at the step that writes the first NaN or ±Infinity of the run',
        default: true,
      },
    ]);
    assert.equal(init.body?.supportsExceptionInfoRequest, true);
    const y1 = stepIndex(target, 'forward:1:y');
    assert.ok(y1 > 0 && target.trace.nonFinite?.step === y1);
    const stop = await client.stopped(() => client.request('continue', { threadId: 1 }));
    assert.equal(stop.body.reason, 'exception');
    assert.equal(stop.body.text, SENTENCE);
    assert.equal(target.cursor, y1);
    const info = await client.request<DebugProtocol.ExceptionInfoResponse>('exceptionInfo', { threadId: 1 });
    assert.deepEqual(info.body, {
      exceptionId: 'weight-overflow',
      description: SENTENCE,
      breakMode: 'always',
      details: { message: SENTENCE, typeName: 'Infinity' },
    });
    // Past it, continue runs on to the end of the run.
    const end = await client.stopped(() => client.request('continue', { threadId: 1 }));
    assert.equal(end.body.reason, 'step');
    assert.equal(target.cursor, target.trace.steps.length - 1);
    adapter.dispose();
  });

  it('a step over the timestep stops at the value; off, it does not', async () => {
    const on = await launched(OVERFLOW, ['nonFinite']);
    const y1 = stepIndex(on.target, 'forward:1:y');
    const over = await on.client.stopped(() => on.client.request('next', { threadId: 1 }));
    assert.equal(over.body.reason, 'exception');
    assert.equal(on.target.cursor, y1);
    on.adapter.dispose();

    const off = await launched(OVERFLOW, []);
    const next = await off.client.stopped(() => off.client.request('next', { threadId: 1 }));
    assert.equal(next.body.reason, 'step');
    assert.equal(off.target.trace.steps[off.target.cursor].id.split(':')[1], '2', 'the next timestep');
    const cont = await off.client.stopped(() => off.client.request('continue', { threadId: 1 }));
    assert.equal(cont.body.reason, 'step');
    assert.equal(off.target.cursor, off.target.trace.steps.length - 1);
    off.adapter.dispose();
  });

  it('a finite run has no exception to tell', async () => {
    const { adapter, client, target } = await launched(OVERFLOW.replace(/1\.7e\+308/g, '2'), ['nonFinite']);
    assert.equal(target.trace.nonFinite, null);
    const end = await client.stopped(() => client.request('continue', { threadId: 1 }));
    assert.equal(end.body.reason, 'step');
    const info = await client.request('exceptionInfo', { threadId: 1 });
    assert.equal(info.success, false);
    assert.match(info.message ?? '', /every number of this run is finite/);
    adapter.dispose();
  });
});
