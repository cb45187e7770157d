// "RNN: Open Stepper" opens the panel on the seed example's first step (a₁ = 0.5; Step Forward then
// shows h₁ = tanh(0.5) = 0.4621…); Step Forward ×3 then Step Backward lands one step back, Next
// Timestep ×3 then Previous Timestep one timestep back, in the session and in what the panel
// painted; Play advances on its own and Pause stops it.
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

    // Step Forward: the next equation of the timestep, h_1 = tanh(0.5) = 0.4621… (the seed's first number)
    await vscode.commands.executeCommand('rnn.stepForward');
    assert.strictEqual(session.cursor, 1, 'cursor after Step Forward');
    const second = await rnn.panels.waitForReport((r) => r.uri === doc.uri.toString() && r.stepIndex === 1, 15_000);
    assert.strictEqual(second.title, steps[1].title, 'panel painted title after Step Forward');
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

    for (let i = 1; i <= 3; i++) {
      await vscode.commands.executeCommand('rnn.stepForward');
      assert.strictEqual(session.cursor, i, `cursor after Step Forward #${i} (one step of "step N of M")`);
    }
    await vscode.commands.executeCommand('rnn.stepBackward');
    const expected = 2;
    assert.strictEqual(session.cursor, expected, 'cursor after Step Backward: exactly one step back');

    const want = steps[expected];
    const report = await rnn.panels.waitForReport(
      (r) => r.uri === doc.uri.toString() && r.stepIndex === expected,
      15_000,
    );
    assert.strictEqual(report.stepId, want.id, 'panel painted step id');
    assert.strictEqual(report.title, want.title, 'panel painted title');
  });

  test('Next Timestep ×3 then Previous Timestep lands on the start of the previous timestep', async () => {
    const rnn = await api();
    const doc = await openFixture(SEED_EXAMPLE);
    await vscode.commands.executeCommand('rnn.openStepper');
    const session = rnn.sessions.get(doc.uri);
    assert.ok(session?.trace, 'no session with a trace for the seed example');
    const steps = session.trace.steps;
    session.setCursor(0);
    const starts = [0];
    for (let i = 1; i <= 3; i++) {
      await vscode.commands.executeCommand('rnn.nextTimestep');
      starts.push(nextGroupStart(steps, starts[i - 1]));
      assert.strictEqual(session.cursor, starts[i], `cursor after Next Timestep #${i}`);
    }
    await vscode.commands.executeCommand('rnn.previousTimestep');
    assert.strictEqual(session.cursor, starts[2], 'Previous Timestep undoes Next Timestep');
    assert.strictEqual(steps[starts[2]].id, 'forward:3:a');
    await rnn.panels.waitForReport((r) => r.uri === doc.uri.toString() && r.stepIndex === starts[2], 15_000);
  });

  test('Play steps forward on its own, one step at a time; Pause stops it', async () => {
    const rnn = await api();
    const doc = await openFixture(SEED_EXAMPLE);
    await vscode.commands.executeCommand('rnn.openStepper');
    const session = rnn.sessions.get(doc.uri);
    assert.ok(session?.trace, 'no session with a trace for the seed example');
    const config = vscode.workspace.getConfiguration();
    await config.update('rnnStepper.playSpeed', 20, vscode.ConfigurationTarget.Global);
    session.setCursor(0);
    const seen: number[] = [];
    const watch = session.onDidMoveCursor(() => seen.push(session.cursor));
    try {
      await vscode.commands.executeCommand('rnn.play');
      await poll(() => session.cursor >= 4 || undefined, 'Play to reach step 5', 5_000);
      await vscode.commands.executeCommand('rnn.pause');
      const stoppedAt = session.cursor;
      await new Promise((r) => setTimeout(r, 400));
      assert.strictEqual(session.cursor, stoppedAt, 'no step after Pause');
      assert.strictEqual(seen.join(','), seen.map((_, k) => k + 1).join(','), 'Play moved exactly one step at a time');
      await rnn.panels.waitForReport((r) => r.uri === doc.uri.toString() && r.stepIndex === stoppedAt, 15_000);
    } finally {
      watch.dispose();
      await vscode.commands.executeCommand('rnn.pause');
      await config.update('rnnStepper.playSpeed', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
