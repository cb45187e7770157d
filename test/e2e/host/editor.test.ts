// The editor features in a real workbench: hover contents, a diagnostic that follows an edit,
// CodeLens, Apply SGD Step and its undo (byte for byte), Materialize, Train… in a worker without
// stalling the host, edits that race a write (never overwritten, never garbled), Check Gradients,
// New Model… and Export Worked Example.
import * as vscode from 'vscode';
import * as assert from './assert';
import { SEED_EXAMPLE, api, hoverText, openFixture, poll, sleep } from './util';

/** The seed's W_hh after one SGD step: 0.2 − 0.1 · 0.45209451101463705. */
const SEED_WHH_AFTER = '0.1547905488985363';

async function hoverAt(doc: vscode.TextDocument, offset: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    doc.uri,
    doc.positionAt(offset),
  );
  return hoverText(hovers ?? []);
}

/** Undoes in the document's editor until its text is `text` again (each command undoes one edit). */
async function undoUntil(doc: vscode.TextDocument, text: string, maxUndos = 3): Promise<void> {
  // `undo` acts on the focused editor: make sure it is this document's (a webview may have focus).
  await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
  await poll(() => vscode.window.activeTextEditor?.document === doc, "the document's editor to be active");
  for (let i = 0; i < maxUndos && doc.getText() !== text; i++) {
    await vscode.commands.executeCommand('undo');
    await sleep(50);
  }
  assert.strictEqual(doc.getText(), text, `undo restores the text (after up to ${maxUndos} undos)`);
}

/**
 * Opens a fixture with the text it has on disk: a test that failed midway may have left its edits
 * in the (shared, never saved) document, and later tests must not start from those.
 */
async function pristineFixture(name: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await openFixture(name);
  const disk = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  if (doc.getText() !== disk) {
    assert.ok(
      await editor.edit((b) =>
        b.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), disk),
      ),
    );
  }
  assert.strictEqual(doc.getText(), disk, `${name} as on disk`);
  return { doc, editor };
}

/** The text with every number token replaced by #: equal for two texts that differ only in numbers. */
function shape(text: string): string {
  return text.replace(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g, '#');
}

/** The visible editor of `doc` (TextEditor.edit is applied by the window in the order it is sent, like typing). */
function editorOf(doc: vscode.TextDocument): vscode.TextEditor {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  if (!editor) throw new Error(`${doc.uri.path} is not in a visible editor`);
  return editor;
}

async function sessionOf(doc: vscode.TextDocument) {
  const session = (await api()).sessions.forDocument(doc);
  // The run of the text as it is now (it runs in the run worker: src/host/session/session.ts).
  while (!(await session.whenRun()));
  return session;
}

suite('editor', () => {
  test('the hover on W_hh lists the contributions and the value after one SGD step', async () => {
    const doc = await openFixture(SEED_EXAMPLE);
    const text = doc.getText();
    const md = await poll(async () => {
      const h = await hoverAt(doc, text.indexOf('0.2]]'));
      return h.includes(SEED_WHH_AFTER) ? h : undefined;
    }, `a hover with ${SEED_WHH_AFTER}`);
    assert.match(md, /\| 2 \| 0\.330034247477236\d* \|/, 'the contribution of t = 2');
    assert.match(md, /\| Σ \| \*\*0\.452094511014637\d*\*\* \|/, 'the sum is the gradient');
  });

  test('the hover on an input token shows its step; a broken file says so instead', async () => {
    const doc = await openFixture(SEED_EXAMPLE);
    const original = doc.getText();
    const at = original.indexOf('"class"', original.indexOf('"inputs"')) + 2;
    const md = await hoverAt(doc, at);
    assert.match(md, /x₃/);
    assert.match(md, /ℓ₃/);
    // Break the vocab: the same hover now reports the problem, not the old numbers.
    const edit = new vscode.WorkspaceEdit();
    const bad = original.indexOf('"!"]');
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(bad), doc.positionAt(bad + 3)), '"?"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const broken = await hoverAt(doc, at);
    assert.match(broken, /This file has \d+ problems?/);
    assert.ok(!/ℓ₃/.test(broken), 'no stale numbers');
    await undoUntil(doc, original);
    assert.strictEqual(doc.getText(), original);
  });

  test('an error typed into the file gets its diagnostic on the offending token, and goes when undone', async () => {
    const doc = await openFixture(SEED_EXAMPLE);
    const original = doc.getText();
    const offset = original.indexOf('"there"', original.indexOf('"inputs"'));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + 7)), '"thre"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const d = await poll(
      () => vscode.languages.getDiagnostics(doc.uri).find((x) => /thre/.test(x.message)),
      'a diagnostic mentioning "thre"',
    );
    assert.strictEqual(d.source, 'rnn-stepper');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(
      d.range.start.isEqual(doc.positionAt(offset)),
      `starts at the token (${d.range.start.line}:${d.range.start.character})`,
    );
    assert.ok(
      d.range.end.isEqual(doc.positionAt(offset + 6)),
      `ends after it (${d.range.end.line}:${d.range.end.character})`,
    );
    await undoUntil(doc, original);
    // Only ours: VS Code's JSON support may add its own (e.g. about the schema).
    const ours = () => vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'rnn-stepper');
    await poll(
      () => ours().length === 0,
      `our diagnostics to go after undo (have ${JSON.stringify(ours().map((x) => x.message))})`,
    );
  });

  test('CodeLens above the model: step through, the loss, check gradients, apply an SGD step', async () => {
    const doc = await openFixture(SEED_EXAMPLE);
    const lenses = await poll(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return l && l.length >= 4 ? l : undefined;
    }, 'four CodeLenses');
    const titles = lenses.map((l) => l.command?.title);
    assert.strictEqual(titles.join(' | '), '▶ Step | Loss 5.5735 | Check gradients | SGD step');
    assert.strictEqual(lenses[0].range.start.line, 0, 'on the line of the opening brace');
    assert.strictEqual(lenses[0].command?.command, 'rnn.openStepper');
  });

  test('Apply SGD Step writes W_hh = 0.1547905488985363 as one edit; one undo restores the text byte for byte', async () => {
    const doc = await openFixture(SEED_EXAMPLE);
    const original = doc.getText();
    const changed = await vscode.commands.executeCommand<number>('rnn.applySgdStep', doc.uri);
    assert.ok(changed !== undefined && changed > 0, `numbers rewritten: ${changed}`);
    assert.ok(doc.getText().includes(`"W_hh": [[${SEED_WHH_AFTER}]],`), 'W_hh after the step');
    assert.ok(doc.getText().includes("// The seed's worked example"), 'comment kept');
    assert.ok(doc.isDirty, 'left dirty for the person to save');
    await undoUntil(doc, original, 1); // exactly one undo
  });

  test('Materialize Initial Weights writes exactly the drawn numbers', async () => {
    const doc = await openFixture('lstm-hello.rnn.json');
    const original = doc.getText();
    const before = (await sessionOf(doc)).parse.model!;
    assert.ok(before.init, 'the example draws its weights');
    await vscode.commands.executeCommand('rnn.materializeInit', doc.uri);
    assert.ok(!doc.getText().includes('"init"'), 'the init object is gone');
    const after = (await sessionOf(doc)).parse.model!;
    assert.strictEqual(after.init, null);
    for (const name of Object.keys(before.params)) {
      before.params[name].data.forEach((x, k) => assert.ok(Object.is(after.params[name].data[k], x), `${name}[${k}]`));
    }
    await undoUntil(doc, original);
    assert.strictEqual(doc.getText(), original);
  });

  test('Train… runs in a worker, keeps the host responsive, writes the trained weights', async function () {
    this.timeout(60_000);
    const { doc } = await pristineFixture('gru-sine.rnn.json');
    const original = doc.getText();
    const session = await sessionOf(doc);
    const lossBefore = session.trace!.loss;
    // Turns of the host's event loop while training runs (a setTimeout(0) chain from the moment it
    // starts). Structural, not timed: one turn before 'done' already proves the training did not hold
    // the host's thread; the count and the longest gap depend on the machine, so they are only logged.
    let turns = 0;
    let worst = 0;
    let chain: ReturnType<typeof setTimeout> | undefined;
    const sub = session.onDidTrain((p) => {
      if (chain !== undefined || p.state !== 'running') return;
      let last = Date.now();
      const turn = () => {
        if (session.training?.state !== 'running') return;
        const now = Date.now();
        worst = Math.max(worst, now - last);
        last = now;
        turns++;
        chain = setTimeout(turn, 0);
      };
      chain = setTimeout(turn, 0);
    });
    let result: unknown;
    try {
      result = await vscode.commands.executeCommand('rnn.train', doc.uri, 10_000);
    } finally {
      sub.dispose();
      clearTimeout(chain);
    }
    assert.strictEqual(result, 'applied');
    const progress = session.training!;
    assert.strictEqual(progress.state, 'done');
    assert.strictEqual(progress.runner, 'worker', 'trained in a worker thread, not on the host');
    assert.strictEqual(progress.losses.length, 10_000);
    assert.ok(turns >= 1, `the host's event loop turned while the worker trained (${turns} turns)`);
    console.log(`      (training 10000 steps: ${turns} event-loop turns on the host, longest gap ${worst} ms)`);
    const now = await sessionOf(doc);
    assert.ok(now.trace!.loss < lossBefore, `loss ${lossBefore} → ${now.trace!.loss}`);
    assert.ok(Object.is(now.trace!.loss, progress.finalLoss), 'the written weights give the loss the worker reported');
    await undoUntil(doc, original);
    assert.strictEqual(doc.getText(), original);
  });

  for (const ifChanged of ['discard', 'apply'] as const) {
    test(`an edit during training is never overwritten silently (${ifChanged})`, async function () {
      this.timeout(60_000);
      const { doc } = await pristineFixture('gru-sine.rnn.json');
      const original = doc.getText();
      const at = original.indexOf('GRU: next value');
      assert.ok(at >= 0, 'the fixture has the name the test edits');
      const edited = original.slice(0, at) + 'Edited' + original.slice(at + 3);
      const session = await sessionOf(doc);
      // The person's edit, made the moment training reports 'running' — before the worker has even
      // started, so the trained weights come after it whatever the machine's speed. TextEditor.edit
      // (like typing) is applied by the window in the order it was sent, before the command's write;
      // whether that edit has reached the extension host when training ends is left to chance on
      // purpose: both orders must end in the question (here answered by the `ifChanged` option).
      let typed: Thenable<boolean> | undefined;
      const sub = session.onDidTrain((p) => {
        if (typed || p.state !== 'running') return;
        typed = editorOf(doc).edit((b) =>
          b.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 3)), 'Edited'),
        );
      });
      let result: string | undefined;
      try {
        result = await vscode.commands.executeCommand<string>('rnn.train', doc.uri, 2_000, { ifChanged });
      } finally {
        sub.dispose();
      }
      assert.ok(typed, 'the edit was made while training was running');
      assert.strictEqual(await typed, true, 'the edit was applied');
      const progress = session.training!;
      assert.strictEqual(progress.state, 'done');
      if (ifChanged === 'discard') {
        assert.strictEqual(result, 'discarded');
        assert.strictEqual(doc.getText(), edited, 'the text is exactly as the person left it');
        await undoUntil(doc, original, 1);
      } else {
        assert.strictEqual(result, 'applied');
        assert.ok(
          doc.getText().startsWith(edited.slice(0, edited.indexOf('"weights"'))),
          "the person's edit is kept, all before the weights untouched",
        );
        assert.ok(!doc.getText().includes('"init"'), 'the trained weights are written out');
        const now = await sessionOf(doc);
        assert.strictEqual(
          now.problems.length,
          0,
          `the written text is a valid model: ${JSON.stringify(now.problems.map((p) => p.message))}`,
        );
        assert.ok(
          Object.is(now.trace!.loss, progress.finalLoss),
          'the written weights give the loss the worker reported',
        );
        await undoUntil(doc, original, 2);
      }
      assert.strictEqual(doc.getText(), original);
    });
  }

  test("a write overtaken by the person's typing is recomputed on the new text, never applied over it", async () => {
    const { doc } = await pristineFixture(SEED_EXAMPLE);
    const original = doc.getText();
    const session = await sessionOf(doc);
    const updated = session.trace!.updated;
    const at = original.indexOf('worked example');
    assert.ok(at >= 0 && at < original.indexOf('"weights"'), 'the comment before the weights');
    const typedText = original.slice(0, at) + 'EDITED ' + original.slice(at);
    // The "keystroke" is sent to the window but has not reached the extension host when the command
    // computes its edit (same turn of the event loop): the command's first edit is for the old text.
    const version = doc.version;
    const typed = editorOf(doc).edit((b) => b.insert(doc.positionAt(at), 'EDITED '));
    const changed = vscode.commands.executeCommand<number>('rnn.applySgdStep', doc.uri);
    assert.strictEqual(doc.version, version, 'the typed edit is still on its way');
    assert.strictEqual(await typed, true, 'the typed edit was applied');
    const n = await changed;
    assert.ok(n !== undefined && n > 0, `numbers rewritten: ${n}`);
    assert.strictEqual(
      shape(doc.getText()),
      shape(typedText),
      'only numbers differ from the typed text (nothing garbled)',
    );
    assert.ok(doc.getText().startsWith(typedText.slice(0, typedText.indexOf('"weights"'))), 'the typed text is kept');
    assert.ok(doc.getText().includes(`"W_hh": [[${SEED_WHH_AFTER}]],`), 'W_hh after the step');
    const now = await sessionOf(doc);
    assert.strictEqual(now.problems.length, 0);
    for (const name of Object.keys(updated)) {
      updated[name].data.forEach((x, k) =>
        assert.ok(Object.is(now.parse.model!.params[name].data[k], x), `${name}[${k}] is the SGD step's`),
      );
    }
    await undoUntil(doc, original, 2);
  });

  test('Check Gradients agrees with finite differences', async () => {
    const doc = await openFixture(SEED_EXAMPLE);
    const r = await vscode.commands.executeCommand<{ maxError: number; checked: number }>(
      'rnn.checkGradients',
      doc.uri,
    );
    assert.ok(r && r.checked === 4 + 1 + 1 + 4 + 4 + 1, `entries checked: ${r?.checked}`);
    assert.ok(r.maxError < 1e-6, `max error ${r.maxError}`);
  });

  test('New Model… opens an untitled .rnn.json that runs', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('rnn.newModel', 'GRU: abc pattern');
    assert.ok(editor, 'an editor opened');
    const doc = editor.document;
    assert.strictEqual(doc.uri.scheme, 'untitled');
    assert.match(doc.uri.path, /gru-pattern(-\d+)?\.rnn\.json$/);
    assert.strictEqual(doc.languageId, 'json');
    const session = await sessionOf(doc);
    assert.strictEqual(session.problems.length, 0);
    assert.ok(session.trace && Number.isFinite(session.trace.loss), 'it runs');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Export Worked Example typesets the run in our document panel, Save proposes <name>.worked-example.md', async () => {
    const doc = await openFixture(SEED_EXAMPLE);
    const shown = await vscode.commands.executeCommand<{ markdown: string; suggestedPath: string } | undefined>(
      'rnn.exportWorkedExample',
      doc.uri,
    );
    assert.ok(shown, 'the document panel opened');
    assert.ok(shown.markdown.includes('$$'), 'display math');
    assert.match(shown.markdown, /0\.45209451101463705/, 'the seed gradient ∂L/∂W_hh in full');
    assert.ok(shown.markdown.includes(SEED_WHH_AFTER), 'W_hh after the update');
    assert.match(vscode.Uri.parse(shown.suggestedPath).path, /\/hi-there-class\.worked-example\.md$/);
    assert.strictEqual(vscode.Uri.parse(shown.suggestedPath).scheme, doc.uri.scheme, 'beside the model');
    await poll(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && /rnn\.document/.test(t.input.viewType)),
      'a document panel tab',
    );
  });

  test('Toggle Gradient Hints flips the setting', async () => {
    const get = () => vscode.workspace.getConfiguration('rnnStepper').get<boolean>('gradientHints');
    const before = get();
    await vscode.commands.executeCommand('rnn.toggleGradientHints');
    await poll(() => get() === !before, 'the setting to flip');
    await vscode.commands.executeCommand('rnn.toggleGradientHints');
    await poll(() => get() === before, 'the setting to flip back');
  });
});
