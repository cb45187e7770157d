// The debugger in a real workbench: F5 on the seed example with no launch.json starts an 'rnn'
// session stopped on step 1; the debug toolbar's Step Over / Step Back commands move the same
// cursor the stepper panel paints; the stepper's own commands move the debugger; a breakpoint on
// W_hh's line stops where W_hh is used; Watch-style evaluation reads h₁ = 0.46211715726000974.
import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as assert from './assert';
import { SEED_EXAMPLE, api, nextGroupStart, openFixture, poll } from './util';

/** Records the adapter's stopped events (what the debug views react to), and whether VS Code has
 *  taken in the latest one: it asks for the stack right after a stop, and acts on the toolbar's
 *  commands only once the thread is stopped in its model. */
function watchStops(): { stops: DebugProtocol.StoppedEvent[]; settled(): boolean; dispose(): void } {
  const stops: DebugProtocol.StoppedEvent[] = [];
  let stackAfterStop = false;
  const reg = vscode.debug.registerDebugAdapterTrackerFactory('rnn', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (m: DebugProtocol.ProtocolMessage) => {
        if (m.type === 'event' && (m as DebugProtocol.Event).event === 'stopped') {
          stops.push(m as DebugProtocol.StoppedEvent);
          stackAfterStop = false;
        }
        if (m.type === 'response' && (m as DebugProtocol.Response).command === 'stackTrace') stackAfterStop = true;
      },
    }),
  });
  return { stops, settled: () => stackAfterStop, dispose: () => reg.dispose() };
}

/** Runs a debug command and waits until the stop it causes has reached VS Code's views. */
async function debugStep(watch: ReturnType<typeof watchStops>, command: string): Promise<DebugProtocol.StoppedEvent> {
  const n = watch.stops.length;
  await vscode.commands.executeCommand(command);
  await poll(() => watch.stops.length > n && watch.settled(), `the stop after ${command}`);
  return watch.stops[watch.stops.length - 1];
}

async function stopAll(): Promise<void> {
  if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  await poll(() => vscode.debug.activeDebugSession === undefined, 'the debug session to end');
}

async function topFrameName(session: vscode.DebugSession): Promise<string> {
  const r = (await session.customRequest('stackTrace', { threadId: 1 })) as DebugProtocol.StackTraceResponse['body'];
  return r.stackFrames[0].name;
}

suite('debugger', () => {
  teardown(stopAll);

  test('F5 with no launch.json debugs the active .rnn.json; Step Over / Step Back move the shared cursor', async () => {
    const rnn = await api();
    // A known layout: the model alone in the first group (earlier suites leave panels and previews).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const doc = await openFixture(SEED_EXAMPLE);
    const session = rnn.sessions.get(doc.uri);
    await session?.whenRun(); // the run lands from the run worker (src/host/session/session.ts)
    assert.ok(session?.trace, 'no session with a trace for the seed example');
    const steps = session.trace.steps;
    session.setCursor(7); // stopOnEntry must bring it back to step 1
    const watch = watchStops();
    try {
      // F5 picks the debugger by the active editor's language: the model's.
      await vscode.commands.executeCommand('workbench.action.debug.start');
      const ds = await poll(() => vscode.debug.activeDebugSession, 'a debug session after F5', 15_000);
      assert.strictEqual(ds.type, 'rnn', 'debug type');
      assert.strictEqual(
        ds.configuration.model,
        doc.uri.toString(),
        'the launch configuration names the active model by URI',
      );
      await poll(() => watch.stops.length >= 1 && watch.settled(), 'the entry stop');
      assert.strictEqual(watch.stops[0].body.reason, 'entry', 'stop reason');
      assert.strictEqual(session.cursor, 0, 'stopOnEntry: step 1');
      assert.strictEqual(await topFrameName(ds), steps[0].title, 'top frame');
      // The stepper panel beside the editor shows the same step.
      await vscode.commands.executeCommand('rnn.openStepper');
      await rnn.panels.waitForReport((r) => r.uri === doc.uri.toString() && r.stepIndex === 0, 15_000);

      // The toolbar's Step Over: one timestep group, as the stepper's Step Forward.
      let expected = 0;
      for (let i = 1; i <= 2; i++) {
        await debugStep(watch, 'workbench.action.debug.stepOver');
        expected = nextGroupStart(steps, expected);
        assert.strictEqual(session.cursor, expected, `cursor after Step Over #${i}`);
      }
      assert.strictEqual(await topFrameName(ds), steps[expected].title, 'top frame after Step Over');
      const painted = await rnn.panels.waitForReport(
        (r) => r.uri === doc.uri.toString() && r.stepIndex === expected,
        15_000,
      );
      assert.strictEqual(painted.stepId, steps[expected].id, 'the panel shows where the debugger stopped');

      // Step Back: back one timestep group, exactly where Step Over came from.
      await debugStep(watch, 'workbench.action.debug.stepBack');
      expected = nextGroupStart(steps, 0);
      assert.strictEqual(session.cursor, expected, 'cursor after Step Back');
      await rnn.panels.waitForReport((r) => r.uri === doc.uri.toString() && r.stepIndex === expected, 15_000);

      // Watch / hover evaluation at this step (forward t=2 reads h₁).
      const h1 = (await ds.customRequest('evaluate', {
        expression: 'h_1[0]',
        context: 'watch',
        frameId: 1,
      })) as DebugProtocol.EvaluateResponse['body'];
      assert.strictEqual(h1.result, '0.46211715726000974', 'h_1[0]');

      // The stepper's command moves the cursor: the debugger stops there too.
      const stepper = await debugStep(watch, 'rnn.stepForward');
      assert.strictEqual(stepper.body.reason, 'step', "the stepper's move is a step");
      assert.strictEqual(session.cursor, expected + 1, 'cursor after RNN: Step Forward');
      assert.strictEqual(await topFrameName(ds), steps[expected + 1].title, 'top frame follows the stepper');
    } finally {
      watch.dispose();
    }
  });

  test("a breakpoint on W_hh's line: continue stops at each step that uses W_hh, reverse continue goes back", async () => {
    const rnn = await api();
    const doc = await openFixture(SEED_EXAMPLE);
    const session = rnn.sessions.get(doc.uri);
    await session?.whenRun(); // the run lands from the run worker (src/host/session/session.ts)
    assert.ok(session?.trace, 'no session with a trace for the seed example');
    const steps = session.trace.steps;
    const line = doc
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l.includes('"W_hh"'));
    assert.ok(line >= 0, 'W_hh in the seed');
    const bp = new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([bp]);
    const watch = watchStops();
    try {
      const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
      const started = await vscode.debug.startDebugging(folder, {
        type: 'rnn',
        request: 'launch',
        name: 'seed, to the first W_hh',
        model: doc.uri.toString(),
        stopOnEntry: false,
      });
      assert.ok(started, 'startDebugging');
      await poll(() => watch.stops.length >= 1 && watch.settled(), 'the first stop');
      assert.strictEqual(watch.stops[0].body.reason, 'breakpoint', 'stopOnEntry false runs to the breakpoint');
      assert.strictEqual(steps[session.cursor].id, 'forward:1:a', 'a₁ reads W_hh');
      const uses = steps
        .filter((s) =>
          [...s.reads, ...s.writes].some((r) => r.name === 'W_hh' || r.name === 'dW_hh' || r.name === "W_hh'"),
        )
        .map((s) => s.index);
      for (const want of uses.slice(1, 6)) {
        const stop = await debugStep(watch, 'workbench.action.debug.continue');
        assert.strictEqual(stop.body.reason, 'breakpoint', 'stop reason');
        assert.strictEqual(session.cursor, want, 'continue stops at the next step using W_hh');
      }
      await debugStep(watch, 'workbench.action.debug.reverseContinue');
      assert.strictEqual(session.cursor, uses[4], 'reverse continue: the previous step using W_hh');
      const ds = vscode.debug.activeDebugSession;
      assert.ok(ds, 'still debugging');
      const whh = (await ds.customRequest('evaluate', {
        expression: 'W_hh[0][0]',
        context: 'hover',
        frameId: 1,
      })) as DebugProtocol.EvaluateResponse['body'];
      assert.strictEqual(whh.result, '0.2', 'W_hh[0][0]');
    } finally {
      watch.dispose();
      vscode.debug.removeBreakpoints([bp]);
    }
  });

  test('an edit while debugging: the debugger reads the new run, the caret stays where the person types', async () => {
    const rnn = await api();
    const doc = await openFixture(SEED_EXAMPLE);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const session = rnn.sessions.get(doc.uri);
    await session?.whenRun(); // the run lands from the run worker (src/host/session/session.ts)
    assert.ok(session?.trace, 'no session with a trace for the seed example');
    const original = doc.getText();
    const watch = watchStops();
    try {
      const started = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(doc.uri), {
        type: 'rnn',
        request: 'launch',
        name: 'seed',
        model: doc.uri.toString(),
      });
      assert.ok(started, 'startDebugging');
      await poll(() => watch.stops.length >= 1 && watch.settled(), 'the entry stop');
      const ds = vscode.debug.activeDebugSession;
      assert.ok(ds, 'debugging');
      // Type a new W_hh where a person would: the caret is in the weights, far from the stop's line.
      const at = original.indexOf('[[0.2]]') + 2;
      const caret = new vscode.Selection(doc.positionAt(at + 3), doc.positionAt(at + 3));
      editor.selection = caret;
      const stops = watch.stops.length;
      assert.ok(
        await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 3)), '0.25')),
        'edit',
      );
      await poll(() => session.trace?.model.params.W_hh.data[0] === 0.25, 'the re-run after the edit');
      const whh = (await ds.customRequest('evaluate', {
        expression: 'W_hh[0][0]',
        context: 'watch',
        frameId: 1,
      })) as DebugProtocol.EvaluateResponse['body'];
      assert.strictEqual(whh.result, '0.25', 'the debugger reads the new run');
      assert.strictEqual(watch.stops.length, stops, 'no stop (it would select the frame in the editor)');
      assert.ok(editor.selection.active.line === doc.positionAt(at).line, 'the caret stays on the line being edited');
    } finally {
      watch.dispose();
      if (doc.getText() !== original) {
        await editor.edit((b) =>
          b.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original),
        );
      }
    }
  });
});
