// A broken model gets a diagnostic on the offending node: the token "thre" is not in the vocab.
// A model whose run overflows gets a warning naming the first non-finite value, at the weight it
// grew from, and loses it when an edit makes the run finite.
import * as vscode from 'vscode';
import * as assert from './assert';
import { INVALID_FIXTURE, OVERFLOW_FIXTURE, openFixture, poll, sleep } from './util';

/** 1-based line:column-line:column, as the Problems view shows it. */
function show(r: vscode.Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

suite('diagnostics', () => {
  test('an unknown input token is flagged at its line and column', async () => {
    const doc = await openFixture(INVALID_FIXTURE);
    const offset = doc.getText().indexOf('"thre"');
    assert.ok(offset > 0, 'fixture text changed: "thre" not found');
    const start = doc.positionAt(offset); // the string node, quotes included
    const end = doc.positionAt(offset + '"thre"'.length);
    const token = new vscode.Range(doc.positionAt(offset + 1), doc.positionAt(offset + 5));
    const onToken = await poll(
      () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.range.contains(token) && /thre/.test(d.message)),
      `a diagnostic on "thre" at ${show(token)} (have: ${vscode.languages
        .getDiagnostics(doc.uri)
        .map((d) => `${show(d.range)} ${d.message}`)
        .join(' | ')})`,
      15_000,
    );
    assert.strictEqual(onToken.severity, vscode.DiagnosticSeverity.Error, 'severity');
    assert.strictEqual(onToken.range.start.line, start.line, 'diagnostic line (0-based)');
    assert.ok(
      onToken.range.start.character >= start.character && onToken.range.start.character <= start.character + 1,
      `diagnostic starts at column ${onToken.range.start.character}, expected ${start.character} (the node "thre")`,
    );
    assert.ok(
      onToken.range.end.isBeforeOrEqual(end.translate(0, 1)),
      `diagnostic range ${onToken.range.end.character} runs past the token`,
    );

    // The file's only mistake is the token: its comment line (JSONC, allowed by our schema) and
    // everything else must not be flagged by any validator, ours or VS Code's JSON one.
    await sleep(1500);
    const all = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.strictEqual(
      all.length,
      1,
      `errors besides the token: ${all.map((d) => `${show(d.range)} ${d.message}`).join(' | ')}`,
    );
  });

  test('a run that overflows is named in a warning at the weight, and the warning goes when fixed', async () => {
    const doc = await openFixture(OVERFLOW_FIXTURE);
    const text = doc.getText();
    const offset = text.indexOf('1.7e308');
    assert.ok(offset > 0, 'fixture text changed: 1.7e308 not found');
    const weight = new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + '1.7e308'.length));
    const sentence = 'non-finite value: y[0] at forward t=1 (overflowing weight: W_hy holds values up to 1.7e+308)';
    const nonFinite = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'non-finite');
    const warning = await poll(() => nonFinite()[0], 'a non-finite warning on the overflowing model', 15_000);
    assert.strictEqual(warning.message, sentence);
    assert.strictEqual(warning.severity, vscode.DiagnosticSeverity.Warning, 'severity');
    assert.strictEqual(show(warning.range), show(weight), 'on W_hy[0][0], the number it grew from');
    assert.strictEqual(nonFinite().length, 1, 'one warning');

    const edit = new vscode.WorkspaceEdit();
    for (let at = text.indexOf('1.7e308'); at >= 0; at = text.indexOf('1.7e308', at + 1))
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + '1.7e308'.length)), '2');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applied');
    await poll(() => nonFinite().length === 0 || undefined, 'the warning to go after the fixing edit', 15_000);
    const left = vscode.languages.getDiagnostics(doc.uri).map((d) => `${show(d.range)} ${d.message}`);
    assert.strictEqual(left.join(' | '), '', 'nothing else is flagged');
  });
});
