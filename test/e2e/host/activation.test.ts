// The extension activates where a person needs it, for the reasons package.json declares: at
// startup in a workspace that holds a `.rnn.json` (workspaceContains), and on opening any JSON
// document (onLanguage:json — a `.rnn.json` stays the json language). Each test fails when the
// event it relies on is removed from the manifest, or no longer matches what it must match.
// This suite runs first (suites.ts): no test has opened a document yet.
import * as vscode from 'vscode';
import * as assert from './assert';
import { SEED_EXAMPLE, extension, openFixture, poll } from './util';

const WORKSPACE_CONTAINS = 'workspaceContains:**/*.rnn.json';
const ON_JSON = 'onLanguage:json';

/** The activation events of the installed manifest (not the repository's copy). */
function declaredEvents(): string[] {
  const events: unknown = extension().packageJSON.activationEvents;
  assert.ok(Array.isArray(events), 'package.json declares no activationEvents');
  return events.filter((e): e is string => typeof e === 'string');
}

suite('activation', () => {
  test('the fixture workspace holds the examples and the broken fixture', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    const names = (await vscode.workspace.fs.readDirectory(folder.uri)).map(([n]) => n);
    assert.ok(names.includes(SEED_EXAMPLE), `workspace lacks ${SEED_EXAMPLE}: ${names.join(', ')}`);
    assert.ok(names.includes('invalid-token.rnn.json'), `workspace lacks the invalid fixture: ${names.join(', ')}`);
  });

  test('a workspace holding a .rnn.json activates it at startup, before any document opens', async () => {
    assert.ok(declaredEvents().includes(WORKSPACE_CONTAINS), `package.json does not declare ${WORKSPACE_CONTAINS}`);
    // The declared pattern finds the fixture's models: the event fires for this workspace.
    const glob = WORKSPACE_CONTAINS.slice('workspaceContains:'.length);
    const found = await vscode.workspace.findFiles(glob, undefined, 5);
    assert.ok(found.length > 0, `${glob} finds no file in the fixture workspace`);
    const open = vscode.workspace.textDocuments.map((d) => d.uri.toString());
    assert.ok(!open.some((u) => u.endsWith('.rnn.json')), `a model is already open: ${open.join(', ')}`);
    // Nothing else can have activated it: no model was opened, no panel restored, no debug session.
    await poll(() => extension().isActive, 'the extension to activate at startup (workspaceContains)', 20_000);
  });

  test('opening a .rnn.json activates RNN Stepper and returns its API', async () => {
    const doc = await openFixture(SEED_EXAMPLE);
    assert.strictEqual(doc.languageId, 'json', 'a .rnn.json stays the json language');
    // Outside a workspace with models, opening one activates the extension through its language.
    assert.ok(
      declaredEvents().includes(`onLanguage:${doc.languageId}`),
      `package.json does not declare ${ON_JSON}: a .rnn.json opened outside such a workspace would not activate it`,
    );
    const ext = extension();
    await poll(() => ext.isActive, 'the extension to activate', 15_000);
    const exported = ext.exports;
    assert.ok(exported && exported.sessions && exported.panels, 'activate() did not return { sessions, panels }');
    const session = await poll(() => exported.sessions.get(doc.uri), `a session for ${SEED_EXAMPLE}`);
    // The run lands from the run worker (src/host/session/session.ts), after activation.
    while (!(await session.whenRun()));
    assert.ok(
      session.trace,
      `the seed example has no trace (problems: ${session.problems.map((p) => p.message).join('; ') || 'none'}${session.error ? '; engine error: ' + session.error : ''})`,
    );
  });
});
