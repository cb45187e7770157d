// Compare Cells, What If… and Sample… in a real workbench: each computes in the dynamics worker
// while the host keeps turning its event loop, and the dynamics panel shows the result. A what-if
// is shown in the stepper, leaves the file alone until "Apply to file" writes the one number as
// one edit that one undo reverts; Discard and "Back to the File's Run" return to the file's run.
import * as vscode from 'vscode';
import * as assert from './assert';
import { api, openFixture, poll, sleep } from './util';

const TWO_UNIT = 'hi-there-2-unit.rnn.json';

/** The fixture with the text it has on disk (an earlier failed test may have left edits in it). */
async function pristine(name: string): Promise<vscode.TextDocument> {
  const doc = await openFixture(name);
  const disk = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  if (doc.getText() !== disk)
    await editor.edit((b) =>
      b.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), disk),
    );
  assert.strictEqual(doc.getText(), disk, `${name} as on disk`);
  return doc;
}

async function sessionOf(doc: vscode.TextDocument) {
  const session = (await api()).sessions.forDocument(doc);
  while (!(await session.whenRun()));
  return session;
}

/** Counts turns of the host's event loop until `stop()` (a setTimeout(0) chain). */
function countTurns(): { stop(): number } {
  let turns = 0;
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(function turn() {
    turns++;
    timer = setTimeout(turn, 0);
  }, 0);
  return {
    stop: () => {
      clearTimeout(timer);
      timer = undefined;
      return turns;
    },
  };
}

suite('dynamics', () => {
  test('Compare Cells runs the rnn, lstm and gru in the worker and shows the three side by side', async function () {
    this.timeout(60_000);
    const doc = await pristine('gru-sine.rnn.json');
    const turns = countTurns();
    const result = await vscode.commands.executeCommand<{ lastLosses: Record<string, number> }>(
      'rnn.compareCells',
      doc.uri,
      200,
    );
    const n = turns.stop();
    assert.ok(result, 'the comparison finished');
    assert.strictEqual(Object.keys(result.lastLosses).join(' '), 'rnn lstm gru');
    assert.ok(n > 1, `the host's event loop kept turning while the cells trained (${n} turns)`);
    const text = await (await api()).dynamics.waitForRendered('compare', (t) => t.includes('GRU'));
    for (const cell of ['RNN', 'LSTM', 'GRU']) assert.ok(text.includes(cell), `${cell} shown`);
    assert.strictEqual(text.split('Gradient flow at the start').length - 1, 3, 'three flow heatmaps at the start');
    assert.ok(text.includes('the file’s weights'), 'the file’s own cell says so');
  });

  test('What if W_hh[0][1] = 0.75: diff shown, file untouched; Apply writes the number as one edit, one undo restores', async function () {
    this.timeout(60_000);
    const doc = await pristine(TWO_UNIT);
    const original = doc.getText();
    const session = await sessionOf(doc);
    const fileTrace = session.fileTrace;
    const change = { kind: 'weight', param: 'W_hh', index: [0, 1], value: 0.75 };
    const r = await vscode.commands.executeCommand<{ changed: string[] }>('rnn.whatIf', doc.uri, change);
    assert.ok(r, 'the what-if ran');
    for (const id of ['W_hh', 'h', 'L', 'dW_hh', "W_hh'"]) assert.ok(r.changed.includes(id), `${id} changed`);
    const text = await (await api()).dynamics.waitForRendered('whatIf', (t) => t.includes('W_hh[0][1]: 0.4 → 0.75'));
    assert.ok(text.includes('0.4 → 0.75'), 'the changed cell shows before → after as text');
    assert.strictEqual(doc.getText(), original, 'the file is not touched by a what-if');
    assert.ok(session.trace?.model.name.includes('what if W_hh[0][1] = 0.75'), 'the stepper shows the what-if run');
    assert.strictEqual(session.fileTrace, fileTrace, 'the file’s own run is kept');

    assert.strictEqual(await vscode.commands.executeCommand('rnn.whatIfApply'), 'applied');
    assert.ok(doc.getText().includes('"W_hh": [[0.3, 0.75],'), 'the new number in the text');
    assert.strictEqual(
      doc.getText().replace('[[0.3, 0.75],', '[[0.3, 0.4],'),
      original,
      'nothing else in the text changed',
    );
    await poll(() => (session.ensureParsed(), session.parse.model?.params.W_hh.data[1] === 0.75), 'the file to parse');
    while (!(await session.whenRun()));
    assert.strictEqual(session.shownRun, undefined, 'the stepper is back on the file’s run');
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
    await poll(() => vscode.window.activeTextEditor?.document === doc, "the document's editor to be active");
    await vscode.commands.executeCommand('undo');
    await sleep(50);
    assert.strictEqual(doc.getText(), original, 'one undo restores the text byte for byte');
  });

  test('Discard a learning-rate what-if: the stepper returns to the file’s run, the text is unchanged', async () => {
    const doc = await pristine(TWO_UNIT);
    const original = doc.getText();
    const session = await sessionOf(doc);
    await vscode.commands.executeCommand('rnn.whatIf', doc.uri, { kind: 'learningRate', value: 0.5 });
    assert.ok(session.shownRun?.startsWith('what if learningRate'));
    assert.strictEqual(await vscode.commands.executeCommand('rnn.whatIfDiscard'), 'discarded');
    assert.strictEqual(session.shownRun, undefined);
    assert.strictEqual(session.trace, session.fileTrace, 'the file’s run in the stepper');
    assert.strictEqual(doc.getText(), original);
  });

  test('Sample… generates reproducibly per seed, and the stepper steps through the sampled run', async function () {
    this.timeout(30_000);
    const doc = await pristine('hi-there-class.rnn.json');
    const session = await sessionOf(doc);
    const options = { from: 'hi', length: 6, temperature: 1, seed: 4 };
    const a = await vscode.commands.executeCommand<{ tokens: string[] }>('rnn.sample', doc.uri, options);
    assert.ok(a && a.tokens.length === 6, 'six tokens');
    assert.ok(session.trace?.model.name.startsWith('sample, seed 4: '), 'the stepper shows the sample, labelled');
    assert.strictEqual(session.trace?.model.steps, 6);
    const b = await vscode.commands.executeCommand<{ tokens: string[] }>('rnn.sample', doc.uri, options);
    assert.strictEqual(b?.tokens.join('|'), a.tokens.join('|'), 'the same seed, the same tokens');
    const text = await (await api()).dynamics.waitForRendered('sample', (t) => t.includes('seed 4'));
    assert.ok(text.includes('t = 6'), 'every step’s distribution listed');
    assert.strictEqual(await vscode.commands.executeCommand('rnn.showFileRun', doc.uri), true);
    assert.strictEqual(session.trace, session.fileTrace, 'back on the file’s run');
  });
});
