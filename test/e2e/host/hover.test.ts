// Hovering a weight shows its gradient: W_hh's 0.2 in the seed example has ∂L/∂W_hh = 0.452094511014637.
import * as vscode from 'vscode';
import * as assert from './assert';
import { SEED_EXAMPLE, hoverText, openFixture, poll } from './util';

suite('gradient hover', () => {
  test("hovering W_hh's number shows ∂L/∂W_hh at full precision", async () => {
    const doc = await openFixture(SEED_EXAMPLE);
    const text = doc.getText();
    const offset = text.indexOf('[[0.2]]', text.indexOf('"W_hh"'));
    assert.ok(offset > 0, 'seed example changed: W_hh = [[0.2]] not found');
    const position = doc.positionAt(offset + 3); // inside "0.2"
    const shown = await poll(
      async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          doc.uri,
          position,
        );
        const all = hoverText(hovers ?? []);
        return /0\.452094511014637/.test(all) ? all : undefined;
      },
      'a hover on W_hh[0][0] containing 0.452094511014637',
      10_000,
    );
    assert.match(shown, /W\\?_hh/, 'the hover names the parameter'); // Markdown escapes the underscore
  });
});
