// The extension is installed in the workbench and activates when a `.rnn.json` is opened.
import * as vscode from 'vscode';
import * as assert from './assert';
import { SEED_EXAMPLE, extension, openFixture, poll } from './util';

suite('activation', () => {
  test('the fixture workspace holds the examples and the broken fixture', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    const names = (await vscode.workspace.fs.readDirectory(folder.uri)).map(([n]) => n);
    assert.ok(names.includes(SEED_EXAMPLE), `workspace lacks ${SEED_EXAMPLE}: ${names.join(', ')}`);
    assert.ok(names.includes('invalid-token.rnn.json'), `workspace lacks the invalid fixture: ${names.join(', ')}`);
  });

  test('opening a .rnn.json activates RNN Stepper and returns its API', async () => {
    const doc = await openFixture(SEED_EXAMPLE);
    assert.strictEqual(doc.languageId, 'json', 'a .rnn.json stays the json language');
    const ext = extension();
    await poll(() => ext.isActive, 'the extension to activate', 15_000);
    const exported = ext.exports;
    assert.ok(exported && exported.sessions && exported.panels, 'activate() did not return { sessions, panels }');
    const session = await poll(() => exported.sessions.get(doc.uri), `a session for ${SEED_EXAMPLE}`);
    assert.ok(
      session.trace,
      `the seed example has no trace (problems: ${session.problems.map((p) => p.message).join('; ') || 'none'}${session.error ? '; engine error: ' + session.error : ''})`,
    );
  });
});
