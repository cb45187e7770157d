// Training you can step into, in the real workbench: Train… records every step's loss, ‖g‖, clip
// factor and η; "Step into Training Iteration" replays iteration k in the worker and the stepper
// shows that iteration's run (its loss is the loss the curve recorded for k), labelled as such in
// the panel; "Back to the File's Run" returns to the file's run on the step it showed.
import * as vscode from 'vscode';
import * as assert from './assert';
import { api, openFixture, poll, sleep } from './util';

suite('training you can step into', () => {
  test('Train… then Step into iteration 7 shows that iteration in the stepper, and back', async function () {
    this.timeout(90_000);
    const rnn = await api();
    const doc = await openFixture('exploding-clipped.rnn.json');
    const original = doc.getText();
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('rnn.openStepper');
    const session = rnn.sessions.forDocument(doc);
    while (!(await session.whenRun()));
    const fileLoss = session.trace!.loss;
    const result = await vscode.commands.executeCommand('rnn.train', doc.uri, 40);
    assert.strictEqual(result, 'applied');
    const p = session.training!;
    assert.strictEqual(p.state, 'done');
    assert.strictEqual(p.losses.length, 40);
    assert.strictEqual(p.gradNorms?.length, 40, 'every step’s ‖g‖ recorded');
    assert.strictEqual(p.clipFactors?.length, 40, 'every step’s clip factor recorded');
    assert.ok(
      p.clipFactors!.some((c) => c < 1),
      'exploding-clipped clips some steps',
    );
    assert.ok(p.record, 'the run keeps a record to replay');
    // The trained weights were written: the file's run is now the trained one.
    await poll(() => (session.trace && session.trace.loss !== fileLoss ? true : undefined), 'the trained run');
    const trainedLoss = session.trace!.loss;
    session.setCursor(5);
    const ok = await vscode.commands.executeCommand('rnn.stepIntoIteration', doc.uri, 7);
    assert.strictEqual(ok, true, 'Step into iteration 7 succeeded');
    assert.strictEqual(session.recorded?.iteration, 6, 'iteration 7 (0-based 6) is shown');
    assert.strictEqual(session.recorded?.total, 40, 'of the 40-step run');
    assert.ok(Object.is(session.trace!.loss, p.losses[6]), `the replayed run has iteration 7's loss ${p.losses[6]}`);
    assert.ok(Object.is(session.trace!.gradNorm, p.gradNorms![6]), 'and its ‖g‖');
    assert.ok(Object.is(session.trace!.clipFactor, p.clipFactors![6]), 'and its clip factor');
    assert.strictEqual(session.cursor, 0, 'the recorded run starts at its first step');
    const steps = session.trace!.steps;
    await rnn.panels.waitForReport((r) => r.uri === doc.uri.toString() && r.stepId === steps[0].id, 15_000);
    // The stepper steps through the recorded run like any other.
    await vscode.commands.executeCommand('rnn.stepForward');
    assert.strictEqual(session.cursor, 1);
    await rnn.panels.waitForReport((r) => r.uri === doc.uri.toString() && r.stepIndex === 1, 15_000);
    await vscode.commands.executeCommand('rnn.showFileRun', doc.uri);
    assert.strictEqual(session.recorded, undefined);
    assert.ok(Object.is(session.trace!.loss, trainedLoss), "back on the file's run");
    assert.strictEqual(session.cursor, 5, 'on the step it showed before');
    // Leave the fixture as it was.
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
    for (let i = 0; i < 3 && doc.getText() !== original; i++) {
      await vscode.commands.executeCommand('undo');
      await sleep(50);
    }
    assert.strictEqual(doc.getText(), original);
  });
});
