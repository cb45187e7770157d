// The debug adapter (src/host/debug/rnnDebugSession.ts) driven in-process, message by message, as
// VS Code drives it (mock-debug style: handleMessage in, onDidSendMessage out), over the seed
// example: initialize, launch, breakpoints, stack, scopes, variables, stepping both ways,
// continue / reverse continue, evaluate, goto, restart — and the stepper moving the shared cursor.
import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { RnnDebugSession } from '../../src/host/debug/rnnDebugSession';
import type { LaunchArguments } from '../../src/host/debug/debugTarget';
import { Client, summary } from './debug.client';
import { FakeTarget, SEED_H1, columnOf, lineOf } from './debug.helpers';
import { HIDDEN_VALUE } from '../../src/host/debug/variables';

const INITIALIZE: DebugProtocol.InitializeRequestArguments = {
  adapterID: 'rnn',
  clientID: 'test',
  linesStartAt1: true,
  columnsStartAt1: true,
  pathFormat: 'path',
  supportsInvalidatedEvent: true,
};

/** A session launched on the seed, stopped on entry, with `breakpoints` set during configuration. */
async function launched(
  target = new FakeTarget(),
  lines: DebugProtocol.SourceBreakpoint[] = [],
  launch: Partial<LaunchArguments> = {},
) {
  const adapter = new RnnDebugSession(async () => target);
  const client = new Client(adapter);
  const init = await client.request<DebugProtocol.InitializeResponse>('initialize', INITIALIZE);
  // As VS Code does: launch, and while it is pending, configure on 'initialized'.
  let launchResponse: Promise<DebugProtocol.Response> | undefined;
  await client.event('initialized', () => {
    launchResponse = client.request('launch', { model: target.sourcePath, ...launch });
  });
  const bps = await client.request<DebugProtocol.SetBreakpointsResponse>('setBreakpoints', {
    source: { path: target.sourcePath },
    breakpoints: lines,
  });
  const stop = await client.stopped(() => client.request('configurationDone'));
  const launchDone = await launchResponse!;
  return { adapter, client, target, init, bps, stop, launchDone };
}

async function topFrame(client: Client): Promise<DebugProtocol.StackFrame> {
  const r = await client.request<DebugProtocol.StackTraceResponse>('stackTrace', { threadId: 1 });
  return r.body.stackFrames[0];
}

/** The Variables view of the top frame: scope name → variable name → value. */
async function variables(client: Client): Promise<Map<string, Map<string, DebugProtocol.Variable>>> {
  const scopes = await client.request<DebugProtocol.ScopesResponse>('scopes', { frameId: 1 });
  const out = new Map<string, Map<string, DebugProtocol.Variable>>();
  for (const s of scopes.body.scopes) {
    const vars = await client.request<DebugProtocol.VariablesResponse>('variables', {
      variablesReference: s.variablesReference,
    });
    out.set(s.name, new Map(vars.body.variables.map((v) => [v.name, v])));
  }
  return out;
}

describe('debug adapter (DAP, in-process)', () => {
  const seedText = new FakeTarget().modelText().text;
  const whhLine = lineOf(seedText, '"W_hh"');

  it('initializes with step back, granularity, restart, goto and hover evaluation', async () => {
    const { init, stop, target, client, launchDone } = await launched();
    assert.equal(init.success, true);
    const caps = init.body ?? {};
    for (const c of [
      'supportsStepBack',
      'supportsSteppingGranularity',
      'supportsRestartRequest',
      'supportsGotoTargetsRequest',
      'supportsEvaluateForHovers',
      'supportsConfigurationDoneRequest',
      'supportsBreakpointLocationsRequest',
    ] as const) {
      assert.equal(caps[c], true, c);
    }
    assert.equal(caps.supportsReadMemoryRequest, false);
    assert.equal(stop.body.reason, 'entry');
    assert.equal(stop.body.threadId, 1);
    assert.equal(target.cursor, 0);
    assert.equal(launchDone.success, true);
    // DAP's order: the launch response, then the stop.
    const order = client.messages.map(summary).filter((m) => m === 'response launch' || m === 'event stopped');
    assert.deepEqual(order, ['response launch', 'event stopped']);
    const threads = await client.request<DebugProtocol.ThreadsResponse>('threads');
    assert.deepEqual(
      threads.body.threads.map((t) => ({ ...t })),
      [{ id: 1, name: 'RNN' }],
    );
  });

  it('shows the equation, its timestep and its phase as frames in the .rnn.json', async () => {
    const { client, target } = await launched();
    const r = await client.request<DebugProtocol.StackTraceResponse>('stackTrace', { threadId: 1 });
    const hi = columnOf(seedText, '"hi"', 1);
    const inputs = columnOf(seedText, '"inputs"');
    assert.deepEqual(
      r.body.stackFrames.map((f) => [f.id, f.name, f.line, f.column, f.source?.path, f.source?.name]),
      [
        [1, 'pre-activation a₁', hi.line, hi.column, target.sourcePath, target.sourceName],
        [2, 'forward t=1', hi.line, hi.column, target.sourcePath, target.sourceName],
        [3, 'forward', inputs.line, inputs.column, target.sourcePath, target.sourceName],
      ],
    );
    assert.equal(r.body.totalFrames, 3);
    const one = await client.request<DebugProtocol.StackTraceResponse>('stackTrace', {
      threadId: 1,
      startFrame: 1,
      levels: 1,
    });
    assert.deepEqual(
      one.body.stackFrames.map((f) => f.name),
      ['forward t=1'],
    );
  });

  it('Step Over goes a timestep, Step Into an equation, Step Back returns exactly', async () => {
    const { client, target } = await launched();
    const steps = target.trace.steps;
    const s1 = await client.stopped(() => client.request('next', { threadId: 1 }));
    assert.equal(s1.body.reason, 'step');
    assert.equal(steps[target.cursor].id, 'forward:2:a');
    assert.equal((await topFrame(client)).name, 'pre-activation a₂');
    // The Variables view at a₂: the step reads h₁ (= tanh 0.5) and computes a₂.
    let vars = await variables(client);
    assert.deepEqual([...vars.keys()], ['Step', 'State', 'Parameters', 'Gradients']);
    const h1 = vars.get('Step')?.get('h₁');
    assert.equal(h1?.value, '[0.4621] (1)');
    assert.equal(h1?.evaluateName, 'h_1');
    const el = await client.request<DebugProtocol.VariablesResponse>('variables', {
      variablesReference: h1!.variablesReference,
      filter: 'indexed',
      start: 0,
      count: 1,
    });
    assert.deepEqual(
      el.body.variables.map((v) => [v.name, v.value, v.evaluateName]),
      [['[0]', '0.46211715726000974', 'h_1[0]']],
    );
    assert.equal(Number(el.body.variables[0].value), SEED_H1);
    const named = await client.request<DebugProtocol.VariablesResponse>('variables', {
      variablesReference: h1!.variablesReference,
      filter: 'named',
    });
    assert.deepEqual(named.body.variables, [], 'a tensor has only indexed children');
    const a2 = vars.get('Step')?.get('a₂ (computed)')?.value;

    await client.stopped(() => client.request('stepIn', { threadId: 1 }));
    assert.equal(steps[target.cursor].id, 'forward:2:h');
    await client.stopped(() => client.request('stepBack', { threadId: 1 }));
    assert.equal(steps[target.cursor].id, 'forward:2:a', 'Step Back from inside a timestep: its start');
    vars = await variables(client);
    assert.equal(vars.get('Step')?.get('a₂ (computed)')?.value, a2, 'the same values as before');
    await client.stopped(() => client.request('stepBack', { threadId: 1 }));
    assert.equal(target.cursor, 0, 'Step Back from a timestep start: the previous timestep');
    await client.stopped(() => client.request('next', { threadId: 1, granularity: 'statement' }));
    assert.equal(target.cursor, 1, "granularity 'statement': one equation");
    await client.stopped(() => client.request('stepBack', { threadId: 1, granularity: 'instruction' }));
    assert.equal(target.cursor, 0);
    await client.stopped(() => client.request('stepOut', { threadId: 1 }));
    assert.equal(steps[target.cursor].id, 'forward:4:loss');
  });

  it('continue stops at each breakpoint, then the end; reverse continue goes back', async () => {
    const { client, target, bps } = await launched(undefined, [
      { line: whhLine },
      { line: lineOf(seedText, '"name"') },
    ]);
    const [whh, name] = bps.body.breakpoints;
    assert.equal(whh.verified, true);
    assert.match(whh.message ?? '', /^W_hh: stops at 14 steps/);
    assert.deepEqual([name.verified, name.message], [false, 'no step reads this line']);
    const steps = target.trace.steps;
    const seen: string[] = [];
    for (;;) {
      const stop = await client.stopped(() => client.request('continue', { threadId: 1 }));
      if (stop.body.reason !== 'breakpoint') {
        assert.equal(target.cursor, steps.length - 1);
        assert.match(stop.body.description ?? '', /end of the run/);
        break;
      }
      assert.deepEqual(stop.body.hitBreakpointIds, [whh.id]);
      seen.push(steps[target.cursor].id);
    }
    assert.deepEqual(seen, [
      'forward:2:a',
      'forward:3:a',
      'forward:4:a',
      'backward:4:dW',
      'backward:4:dhprev',
      'backward:3:dW',
      'backward:3:dhprev',
      'backward:2:dW',
      'backward:2:dhprev',
      'backward:1:dW',
      'backward:1:dhprev',
      'clip::clip',
      'update::W_hh',
    ]);
    // At the end, ∂L/∂W_hh is the seed's 0.452094511014637…
    const grad = await client.request<DebugProtocol.EvaluateResponse>('evaluate', {
      expression: 'dW_hh[0][0]',
      context: 'watch',
      frameId: 1,
    });
    assert.equal(Number(grad.body.result), target.trace.grads.W_hh.data[0]);
    assert.ok(grad.body.result.startsWith('0.452094511014637'));
    const back = await client.stopped(() => client.request('reverseContinue', { threadId: 1 }));
    assert.equal(back.body.reason, 'breakpoint');
    assert.equal(steps[target.cursor].id, 'update::W_hh');
    await client.request('setBreakpoints', { source: { path: target.sourcePath }, breakpoints: [] });
    const start = await client.stopped(() => client.request('reverseContinue', { threadId: 1 }));
    assert.equal(target.cursor, 0);
    assert.match(start.body.description ?? '', /start of the run/);
  });

  it('an inline breakpoint on one input token stops at that timestep only', async () => {
    const there = columnOf(seedText, '"there"', 1);
    const { client, target, bps } = await launched(undefined, [{ line: there.line, column: there.column }]);
    assert.equal(bps.body.breakpoints[0].verified, true);
    assert.equal(bps.body.breakpoints[0].column, there.column);
    await client.stopped(() => client.request('continue', { threadId: 1 }));
    assert.equal(target.trace.steps[target.cursor].id, 'forward:2:a');
    const stop = await client.stopped(() => client.request('continue', { threadId: 1 }));
    assert.equal(stop.body.reason, 'step', 'no other stop: runs to the end');
    const locations = await client.request<DebugProtocol.BreakpointLocationsResponse>('breakpointLocations', {
      source: { path: target.sourcePath },
      line: there.line,
    });
    assert.equal(locations.body.breakpoints.length, 4);
    assert.equal(locations.body.breakpoints[1].column, there.column);
  });

  it('stopOnEntry false runs to the first breakpoint (the targets line: ℓ₁)', async () => {
    const { stop, target } = await launched(undefined, [{ line: lineOf(seedText, '"targets"') }], {
      stopOnEntry: false,
    });
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal(target.trace.steps[target.cursor].id, 'forward:1:loss');
  });

  it('evaluates names, elements and reports unknown names (Watch, hover, console)', async () => {
    const { client } = await launched();
    await client.stopped(() => client.request('stepIn', { threadId: 1 }));
    const ev = (expression: string, context = 'watch') =>
      client.request<DebugProtocol.EvaluateResponse>('evaluate', { expression, context, frameId: 1 });
    const h1 = await ev('h_1', 'hover');
    assert.equal(h1.success, true);
    assert.equal(h1.body.result, '[0.4621] (1)');
    const kids = await client.request<DebugProtocol.VariablesResponse>('variables', {
      variablesReference: h1.body.variablesReference,
    });
    assert.equal(kids.body.variables[0].value, '0.46211715726000974');
    assert.equal((await ev('h_1[0]', 'repl')).body.result, '0.46211715726000974');
    assert.equal((await ev('W_xh[0][1]')).body.result, '-0.3');
    const unknown = await ev('foo');
    assert.equal(unknown.success, false);
    assert.match(unknown.message ?? '', /unknown name "foo"/);
    const early = await ev('h_2');
    assert.equal(early.success, false);
    assert.match(early.message ?? '', /not computed yet/);
  });

  it('practice mode: the asked value shows no number in Variables, Watch or hovers; an answer reveals it', async () => {
    const { client, target } = await launched();
    await client.stopped(() => target.setCursor(1)); // hidden state h₁
    const asked = (i: number) => new Set(i === 1 ? ['h_1'] : []);
    const ev = (expression: string, context = 'watch') =>
      client.request<DebugProtocol.EvaluateResponse>('evaluate', { expression, context, frameId: 1 });
    const from = client.messages.length;
    const on = await client.event<DebugProtocol.InvalidatedEvent>('invalidated', () => target.practise(asked));
    assert.deepEqual(on.body.areas, ['variables']);
    assert.equal(client.eventsSince(from, 'stopped').length, 0, 'the caret stays');
    let vars = await variables(client);
    const h1 = vars.get('Step')?.get('h₁ (computed)');
    assert.equal(h1?.value, HIDDEN_VALUE);
    assert.equal(h1?.variablesReference, 0, 'nothing to expand');
    assert.equal(vars.get('State')?.get('h₁')?.value, HIDDEN_VALUE);
    assert.equal(vars.get('Step')?.get('a₁')?.value, '[0.5] (1)', 'what it reads is shown');
    for (const [expression, context] of [
      ['h_1', 'hover'],
      ['h₁[0]', 'watch'],
      ['h', 'repl'],
    ]) {
      const r = await ev(expression, context);
      assert.equal(r.success, false, expression);
      assert.match(r.message ?? '', /h₁ is what step 2 \(.*\) asks you to compute/);
    }
    // Solved in the panel: the values come back, without a stop.
    const off = await client.event<DebugProtocol.InvalidatedEvent>('invalidated', () => target.practise(undefined));
    assert.deepEqual(off.body.areas, ['variables']);
    vars = await variables(client);
    assert.equal(vars.get('Step')?.get('h₁ (computed)')?.value, '[0.4621] (1)');
    assert.equal((await ev('h_1[0]')).body.result, String(SEED_H1));
  });

  it('follows the stepper: a cursor moved elsewhere is a stop where it now is', async () => {
    const { client, target } = await launched();
    const stop = await client.stopped(() => target.setCursor(1));
    assert.equal(stop.body.reason, 'step');
    assert.equal((await topFrame(client)).name, 'hidden state h₁');
    const vars = await variables(client);
    assert.equal(vars.get('Step')?.get('h₁ (computed)')?.value, '[0.4621] (1)');
    // Its own moves are announced once, not twice.
    const from = client.messages.length;
    await client.stopped(() => client.request('next', { threadId: 1 }));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(client.eventsSince(from, 'stopped').length, 1);
  });

  it('an edit re-maps the breakpoints and refreshes the values without moving the caret', async () => {
    const { client, target, bps } = await launched(undefined, [{ line: whhLine }]);
    const id = bps.body.breakpoints[0].id;
    // Two blank lines above the weights (W_hh moves down two lines) and W_hh = 0.5.
    const edited = seedText.replace('  "weights": {', '\n\n  "weights": {').replace('[[0.2]]', '[[0.5]]');
    const from = client.messages.length;
    const invalidated = await client.event<DebugProtocol.InvalidatedEvent>('invalidated', () => target.edit(edited));
    assert.deepEqual(invalidated.body.areas, ['variables']);
    assert.equal(
      client.eventsSince(from, 'stopped').length,
      0,
      'no stop: it would move the caret of the editor being typed in',
    );
    const changed = client.eventsSince(from, 'breakpoint') as DebugProtocol.BreakpointEvent[];
    assert.equal(changed.length, 1);
    assert.equal(changed[0].body.breakpoint.id, id);
    assert.equal(changed[0].body.breakpoint.verified, false, 'its line now holds "weights": {, which no step reads');
    const vars = await variables(client);
    assert.equal(vars.get('Step')?.get('W_hh')?.value, '[[0.5]] (1×1)', 'the values of the new run');
  });

  it('a broken edit says once, in the Debug Console, that the last good run is shown', async () => {
    const { client, target } = await launched();
    const from = client.messages.length;
    target.break();
    target.break(); // the next keystroke, still broken
    target.edit(seedText); // fixed
    target.fire('problems'); // a document re-attached with the same text: not an error
    target.break(); // broken again
    await new Promise((r) => setTimeout(r, 20));
    const out = client.eventsSince(from, 'output') as DebugProtocol.OutputEvent[];
    const said =
      'hi-there-class.rnn.json has errors: the debugger shows the last run that worked (see the Problems view).\n';
    assert.deepEqual(
      out.map((o) => o.body.output),
      [said, said],
    );
    assert.equal(client.eventsSince(from, 'stopped').length, 0);
  });

  it('a client without the invalidated event gets a stop that keeps the focus', async () => {
    const target = new FakeTarget();
    const adapter = new RnnDebugSession(async () => target);
    const client = new Client(adapter);
    await client.request('initialize', { ...INITIALIZE, supportsInvalidatedEvent: false });
    const launch = client.request('launch', { model: target.sourcePath });
    await client.stopped(() => client.request('configurationDone'));
    await launch;
    const stop = await client.stopped(() => target.edit(seedText.replace('[[0.2]]', '[[0.5]]')));
    assert.deepEqual(
      [stop.body.reason, stop.body.preserveFocusHint, stop.body.description],
      ['step', true, 'The model was re-run after an edit'],
    );
  });

  it("Jump to Cursor offers the line's steps, goto moves there; restart goes back to step 1", async () => {
    const { client, target } = await launched();
    const targets = await client.request<DebugProtocol.GotoTargetsResponse>('gotoTargets', {
      source: { path: target.sourcePath },
      line: lineOf(seedText, '"targets"'),
    });
    assert.deepEqual(
      targets.body.targets.map((t) => t.label),
      ['step 5: loss ℓ₁', 'step 10: loss ℓ₂', 'step 15: loss ℓ₃', 'step 20: loss ℓ₄'],
    );
    const stop = await client.stopped(() =>
      client.request('goto', { threadId: 1, targetId: targets.body.targets[2].id }),
    );
    assert.equal(stop.body.reason, 'goto');
    assert.equal(target.trace.steps[target.cursor].id, 'forward:3:loss');
    const again = await client.request<DebugProtocol.GotoTargetsResponse>('gotoTargets', {
      source: { path: target.sourcePath },
      line: lineOf(seedText, '"targets"'),
    });
    assert.deepEqual(again.body.targets.map((t) => t.label)[0], 'step 20: loss ℓ₄', 'the steps after the cursor first');
    const bad = await client.request('goto', { threadId: 1, targetId: 999 });
    assert.equal(bad.success, false);
    const restart = await client.stopped(() => client.request('restart', {}));
    assert.equal(restart.body.reason, 'entry');
    assert.equal(target.cursor, 0);
  });

  it('a failed launch says why; disconnect lets go of the session', async () => {
    const failing = new RnnDebugSession(async () => {
      throw new Error('Cannot open nope.rnn.json: not found');
    });
    const client = new Client(failing);
    await client.request('initialize', INITIALIZE);
    const r = await client.request('launch', { model: 'nope.rnn.json' });
    assert.deepEqual([r.success, r.message], [false, 'Cannot open nope.rnn.json: not found']);

    const { client: c2, target } = await launched();
    assert.equal(target.listenerCount, 1);
    await c2.request('disconnect', {});
    assert.equal(target.listenerCount, 0);
    assert.equal(target.released, 1);
    const from = c2.messages.length;
    target.setCursor(3);
    await new Promise((r2) => setTimeout(r2, 20));
    assert.equal(c2.eventsSince(from, 'stopped').length, 0, 'no stops after disconnect');

    const { client: c3, target: t3 } = await launched();
    await c3.event('terminated', () => c3.request('terminate', {}));
    assert.deepEqual(
      [t3.listenerCount, t3.released, t3.cursor],
      [0, 1, 0],
      'terminate lets go and leaves the cursor where it is',
    );
  });
});
