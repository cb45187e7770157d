// "RNN: Open Stepper" opens the panel on the seed example's first step (a₁ = 0.5; Step Into then
// shows h₁ = tanh(0.5) = 0.4621…); Step Forward ×3 then Step Backward lands where the trace says,
// in the session and in what the panel painted.
import * as vscode from 'vscode';
import * as assert from './assert';
import { SEED_EXAMPLE, allTabs, api, nextGroupStart, openFixture, poll } from './util';

suite('stepper panel', () => {
  test("Open Stepper shows the seed example's first steps in a webview", async () => {
    const rnn = await api();
    const doc = await openFixture(SEED_EXAMPLE);
    await vscode.commands.executeCommand('rnn.openStepper');
    await poll(
      () => allTabs().find((t) => t.input instanceof vscode.TabInputWebview),
      'a webview tab (the stepper panel)',
    );
    const session = rnn.sessions.get(doc.uri);
    assert.ok(session?.trace, 'no session with a trace for the seed example');
    assert.strictEqual(session.cursor, 0, 'a fresh session starts at step 0');
    const steps = session.trace.steps;
    const first = await rnn.panels.waitForReport((r) => r.uri === doc.uri.toString() && r.stepIndex === 0, 15_000);
    assert.strictEqual(first.stepId, steps[0].id, 'panel painted step id');
    assert.strictEqual(first.title, steps[0].title, 'panel painted title');
    // a_1 = W_hh h_0 + W_xh x_1 + b_h = 0.2·0 + 0.5 + 0 = 0.5
    assert.match(first.equationText, /0\.5/, 'numeric equation of a₁');
    assert.strictEqual(first.stale, false, 'a valid file is not stale');

    // Step Into: the next equation of the timestep, h_1 = tanh(0.5) = 0.4621… (the seed's first number)
    await vscode.commands.executeCommand('rnn.stepInto');
    assert.strictEqual(session.cursor, 1, 'cursor after Step Into');
    const second = await rnn.panels.waitForReport((r) => r.uri === doc.uri.toString() && r.stepIndex === 1, 15_000);
    assert.strictEqual(second.title, steps[1].title, 'panel painted title after Step Into');
    assert.match(second.equationText, /0\.4621/, 'numeric equation of h₁ = tanh(0.5)');
  });

  test('Step Forward ×3 then Step Backward lands on the right step', async () => {
    const rnn = await api();
    const doc = await openFixture(SEED_EXAMPLE);
    await vscode.commands.executeCommand('rnn.openStepper');
    const session = rnn.sessions.get(doc.uri);
    assert.ok(session?.trace, 'no session with a trace for the seed example');
    const steps = session.trace.steps;
    session.setCursor(0);
    await rnn.panels.waitForReport((r) => r.uri === doc.uri.toString() && r.stepIndex === 0, 15_000);

    let expected = 0;
    for (let i = 1; i <= 3; i++) {
      await vscode.commands.executeCommand('rnn.stepForward');
      expected = nextGroupStart(steps, expected);
      assert.strictEqual(session.cursor, expected, `cursor after Step Forward #${i} (${steps[expected].id})`);
    }
    await vscode.commands.executeCommand('rnn.stepBackward');
    expected -= 1;
    assert.strictEqual(session.cursor, expected, 'cursor after Step Backward');
    assert.ok(expected > 0, 'three Step Forwards should leave the first timestep');

    const want = steps[expected];
    const report = await rnn.panels.waitForReport(
      (r) => r.uri === doc.uri.toString() && r.stepIndex === expected,
      15_000,
    );
    assert.strictEqual(report.stepId, want.id, 'panel painted step id');
    assert.strictEqual(report.title, want.title, 'panel painted title');
  });
});
