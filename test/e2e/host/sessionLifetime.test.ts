// The stepper panel keeps its run and cursor when VS Code closes the document under it: a single
// click on another file in the Explorer replaces the *preview* tab, which closes the TextDocument it
// showed. When the file opens again (a new TextDocument for the same URI) the same session follows
// it; the squiggles of a closed document go even while its panel stays; closing the panel then ends
// the session.
//
// Each test writes its own files: a document the extension host opened with openTextDocument stays
// open for minutes after its tab closes (VS Code keeps a reference), so the shared fixtures, opened
// that way by the other suites, would never close here. Files are opened with `vscode.open`, as the
// Explorer does, so that replacing the preview tab really closes the document.
import * as vscode from 'vscode';
import * as assert from './assert';
import { SEED_EXAMPLE, allTabs, api, fixtureUri, nextGroupStart, poll, sleep } from './util';

const CLOSE_TIMEOUT_MS = 10_000;

async function writeFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = fixtureUri(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function seedText(): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri(SEED_EXAMPLE)));
}

const isOpen = (uri: vscode.Uri): boolean =>
  vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
const tabOf = (uri: vscode.Uri): vscode.Tab | undefined =>
  allTabs().find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
const panelTab = (title: string): vscode.Tab | undefined =>
  allTabs().find((t) => t.input instanceof vscode.TabInputWebview && t.label === title);

/** Opens `uri` in the first editor group as a preview tab, as a single click in the Explorer does. */
async function openPreview(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', uri, { preview: true, viewColumn: vscode.ViewColumn.One });
  await poll(
    () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString(),
    `${uri.path} in the active editor`,
  );
}

/** Replaces the preview tab of `shown` by `other` and waits until VS Code has closed `shown`'s document. */
async function replacePreview(shown: vscode.Uri, other: vscode.Uri): Promise<void> {
  const tab = await poll(() => tabOf(shown), `a tab of ${shown.path}`);
  assert.ok(tab.isPreview, `${shown.path} should be in a preview tab`);
  await openPreview(other);
  await poll(() => !tabOf(shown), `the preview tab of ${shown.path} to be replaced`);
  await poll(() => !isOpen(shown), `VS Code to close the document ${shown.path}`, CLOSE_TIMEOUT_MS);
}

suite('session lifetime (preview tabs)', () => {
  test('the panel keeps its session and step when the preview tab is replaced, and follows the reopened document', async () => {
    const rnn = await api();
    const uri = await writeFile('lifetime-preview.rnn.json', await seedText());
    const other = await writeFile('lifetime-other.txt', 'another file, opened in the same preview slot\n');
    const key = uri.toString();

    await openPreview(uri);
    await vscode.commands.executeCommand('rnn.openStepper');
    const session = await poll(() => rnn.sessions.get(uri), 'a session for the model');
    await session.whenRun(); // the run lands from the run worker (src/host/session/session.ts)
    const trace = session.trace;
    assert.ok(trace, 'the model runs');
    await rnn.panels.waitForReport((r) => r.uri === key && r.stepIndex === 0, 15_000);
    // Next Timestep twice: into the third timestep.
    await vscode.commands.executeCommand('rnn.nextTimestep');
    await vscode.commands.executeCommand('rnn.nextTimestep');
    const step = nextGroupStart(trace.steps, nextGroupStart(trace.steps, 0));
    assert.strictEqual(session.cursor, step, 'cursor after two Next Timesteps');
    await rnn.panels.waitForReport((r) => r.uri === key && r.stepIndex === step, 15_000);

    await replacePreview(uri, other);

    assert.strictEqual(rnn.sessions.get(uri), session, 'the panel still holds the same session');
    assert.strictEqual(session.cursor, step, 'the cursor is where the person left it');
    assert.strictEqual(session.trace, trace, 'the run is kept, not recomputed');
    assert.ok(session.document.isClosed, 'the session is detached from the closed document');
    await sleep(300); // a panel that lost its session would repaint step 1 now
    assert.strictEqual(rnn.panels.lastReport(key)?.stepIndex, step, 'the panel still shows the same step');
    assert.ok(panelTab('Stepper: lifetime-preview'), 'the panel is still open');
    // The panel still follows the session while the document is closed.
    session.setCursor(step + 1);
    await rnn.panels.waitForReport((r) => r.uri === key && r.stepIndex === step + 1, 15_000);

    // Open the file again: a new TextDocument for the same URI, and the same session on it.
    await openPreview(uri);
    await poll(() => !session.document.isClosed, 'the session to re-attach to the reopened document');
    const live = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    assert.ok(live, 'the document is open again');
    assert.strictEqual(session.document, live, 'Session.document is the live TextDocument');
    assert.strictEqual(rnn.sessions.get(uri), session, 'same session after reopening');
    assert.strictEqual(session.trace, trace, 'same text: not re-run');
    assert.strictEqual(session.cursor, step + 1, 'cursor kept');
    assert.strictEqual(rnn.sessions.active, session, 'the commands act on it again');
    await vscode.commands.executeCommand('rnn.nextTimestep');
    const next = nextGroupStart(trace.steps, step + 1);
    assert.strictEqual(session.cursor, next, 'Next Timestep after reopening');
    await rnn.panels.waitForReport((r) => r.uri === key && r.stepIndex === next, 15_000);

    const panel = panelTab('Stepper: lifetime-preview');
    if (panel) await vscode.window.tabGroups.close(panel);
  });

  test('a closed document loses its squiggles though its panel stays; text changed on disk re-runs; closing the panel ends the session', async () => {
    const rnn = await api();
    const good = await seedText();
    // An input token missing from the vocab: one diagnostic, no run.
    const broken = good.replace(/"inputs": \[\s*"hi"/, '"inputs": ["hello"');
    assert.ok(broken !== good, 'the broken text differs from the seed');
    const uri = await writeFile('lifetime-broken.rnn.json', broken);
    const other = await writeFile('lifetime-other-2.txt', 'another file\n');

    await openPreview(uri);
    await vscode.commands.executeCommand('rnn.openStepper');
    await poll(() => panelTab('Stepper: lifetime-broken'), 'the stepper panel');
    const session = await poll(() => rnn.sessions.get(uri), 'a session for the model');
    assert.strictEqual(session.trace, undefined, 'the broken file has no run');
    await poll(() => vscode.languages.getDiagnostics(uri).length > 0, 'the diagnostic of the unknown token');

    await replacePreview(uri, other);
    await poll(
      () => vscode.languages.getDiagnostics(uri).length === 0,
      "the closed document's squiggles to be cleared",
    );
    assert.strictEqual(rnn.sessions.get(uri), session, 'the panel keeps the session');

    // Fixed on disk while closed: reopening re-runs on the new text.
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(good));
    await openPreview(uri);
    await poll(() => session.trace, 'the session to re-run on the text now on disk');
    assert.strictEqual(rnn.sessions.get(uri), session, 'same session after reopening');
    assert.strictEqual(session.problems.length, 0, 'the new text is valid');
    assert.strictEqual(vscode.languages.getDiagnostics(uri).length, 0, 'no squiggles on the fixed text');

    // Close the document again, then the panel: nothing holds the session any more.
    await replacePreview(uri, other);
    assert.strictEqual(rnn.sessions.get(uri), session, 'still held by the panel');
    const panel = await poll(() => panelTab('Stepper: lifetime-broken'), 'the stepper panel');
    await vscode.window.tabGroups.close(panel);
    await poll(() => rnn.sessions.get(uri) === undefined, 'the session to end with its last holder');
  });
});
