// Import PyTorch Weights and the two script exports in a real workbench: the weights file is passed
// as the command's argument (no file dialog), the import lands in the template as one edit that one
// undo reverts, or in a new untitled model; weights that do not fit leave the document untouched;
// each export opens an untitled .py beside the model.
import * as vscode from 'vscode';
import * as assert from './assert';
import { fixtureUri, openFixture, poll, sleep } from './util';

const WEIGHTS = 'seed-rnn.state_dict.json';
const TEMPLATE = 'hi-there-2-unit.rnn.json';

/** The document's text as it is on disk (an earlier failed test may have left edits in it). */
async function pristine(name: string): Promise<vscode.TextDocument> {
  const doc = await openFixture(name);
  const disk = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri));
  if (doc.getText() !== disk) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), disk);
    await vscode.workspace.applyEdit(edit);
  }
  return doc;
}

suite('interop', () => {
  test('Import PyTorch Weights replaces the model in the template as one undoable edit', async () => {
    const doc = await pristine(TEMPLATE);
    const before = doc.getText();
    const result = await vscode.commands.executeCommand<vscode.TextDocument>('rnn.importWeights', fixtureUri(WEIGHTS), {
      into: 'document',
    });
    assert.ok(result === doc, 'the template document is the result');
    const text = doc.getText();
    assert.match(text, /"W_hh": \[\[0\.3\]\]/, 'the imported W_hh');
    assert.match(text, /"b_h": \[0\]/, 'bias_ih + bias_hh = 0.25 + (−0.25)');
    assert.match(text, /"hiddenSize": 1/, 'the hidden size the tensors say');
    assert.match(text, /"inputs": \["hi", "there"\]/, "the template's sequence kept");
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
    await poll(() => vscode.window.activeTextEditor?.document === doc, "the document's editor to be active");
    await vscode.commands.executeCommand('undo');
    await poll(() => doc.getText() === before, 'one undo to restore the template');
  });

  test('Import PyTorch Weights opens the result as a new untitled model when asked', async () => {
    const template = await pristine(TEMPLATE);
    const before = template.getText();
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('rnn.importWeights', fixtureUri(WEIGHTS), {
      template: template.uri,
      into: 'new',
    });
    assert.ok(doc, 'a new document');
    assert.strictEqual(doc.uri.scheme, 'untitled');
    assert.match(doc.uri.path, /seed-rnn\.state_dict\.rnn\.json$/);
    assert.match(doc.getText(), /"W_hh": \[\[0\.3\]\]/);
    assert.strictEqual(template.getText(), before, 'the template is untouched');
  });

  test('weights that do not fit the template are refused and change nothing', async () => {
    const doc = await pristine('gru-sine.rnn.json');
    const before = doc.getText();
    const result = await vscode.commands.executeCommand('rnn.importWeights', fixtureUri(WEIGHTS), { into: 'document' });
    assert.strictEqual(result, undefined);
    await sleep(100);
    assert.strictEqual(doc.getText(), before);
  });

  for (const [command, kind, pattern] of [
    ['rnn.exportNumpy', 'numpy', /a\[t\] = W_hh @ h\[t - 1\] \+ W_xh @ x\[t\] \+ b_h/],
    ['rnn.exportPytorch', 'pytorch', /self\.rnn = nn\.RNN\(I, H\)/],
  ] as const) {
    test(`${command} opens <model>.${kind}.py beside the model`, async () => {
      const model = await pristine(TEMPLATE);
      const doc = await vscode.commands.executeCommand<vscode.TextDocument>(command, model.uri);
      assert.ok(doc, 'a Python document');
      assert.strictEqual(doc.uri.scheme, 'untitled');
      assert.match(doc.uri.path, new RegExp(`hi-there-2-unit\\.${kind}\\.py$`));
      assert.match(doc.getText(), /^#!\/usr\/bin\/env python3\n/);
      assert.match(doc.getText(), pattern);
    });
  }
});
