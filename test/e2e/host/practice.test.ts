// "RNN: Practice" in the real workbench: the panel switches to practice mode (its header reports
// the progress line) and the painted equation of an asked step ends in "?" instead of its result;
// on a file with a practice section the stepping commands skip to the asked steps; run again, the
// command leaves practice mode and the numbers are back. "RNN: Export Exercise Sheet" opens the
// sheet with its answer key. The debugger hides what the asked step computes, as the panel does.
// (Typing answers is the UI suite's part: test/e2e/ui/tests.mjs.)
import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as assert from './assert';
import { SEED_EXAMPLE, api, hoverText, openFixture, poll } from './util';

/** The CodeLens titles above a model, once the provider has them. */
async function lensTitles(doc: vscode.TextDocument, expect: RegExp): Promise<string> {
  return poll(async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const titles = (lenses ?? []).map((l) => l.command?.title ?? '').join(' | ');
    return expect.test(titles) ? titles : undefined;
  }, `CodeLens titles matching ${expect}`);
}

/** The hover on W_hh's number 0.2 in the seed example. */
async function hoverOnWhh(doc: vscode.TextDocument): Promise<string> {
  const text = doc.getText();
  const offset = text.indexOf('[[0.2]]', text.indexOf('"W_hh"'));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    doc.uri,
    doc.positionAt(offset + 3),
  );
  return hoverText(hovers ?? []);
}

suite('practice mode', () => {
  test('while practising, the editor keeps the answers too: no loss in the CodeLens, no gradient in the hover', async () => {
    const rnn = await api();
    const doc = await openFixture(SEED_EXAMPLE);
    await rnn.sessions.get(doc.uri)?.whenRun();
    await vscode.window.showTextDocument(doc, { preview: false });
    assert.match(await hoverOnWhh(doc), /0\.452094511014637/, 'the gradient before practice');
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('rnn.practice'), true);
    const hidden = await lensTitles(doc, /Loss hidden while practising/);
    assert.ok(!/5\.5735/.test(hidden), `no loss in the CodeLens: ${hidden}`);
    const hover = await hoverOnWhh(doc);
    assert.match(hover, /Practice is on/);
    assert.ok(!hover.includes('0.452'), `no gradient in the hover: ${hover}`);
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('rnn.practice'), false);
    await lensTitles(doc, /Loss 5\.5735/);
    assert.match(await hoverOnWhh(doc), /0\.452094511014637/, 'the gradient after practice');
  });

  test('RNN: Practice hides the result of the asked step; run again, it shows it', async () => {
    const rnn = await api();
    const doc = await openFixture(SEED_EXAMPLE);
    const uri = doc.uri.toString();
    const session = rnn.sessions.get(doc.uri);
    await session?.whenRun(); // the run lands from the run worker (src/host/session/session.ts)
    assert.ok(session?.trace, 'no session with a trace for the seed example');
    session.setCursor(1); // h₁ = tanh(0.5)
    const on = await vscode.commands.executeCommand<boolean>('rnn.practice');
    assert.strictEqual(on, true, 'RNN: Practice turns practice mode on');
    const hidden = await rnn.panels.waitForReport(
      (r) => r.uri === uri && r.stepIndex === 1 && r.practice !== undefined,
      20_000,
    );
    assert.match(hidden.practice ?? '', /^\d+ of 51 steps correct, \d+ hints?$/, 'the progress line');
    assert.match(hidden.equationText, /0\.5/, 'the operand tanh(0.5) stays');
    assert.ok(!hidden.equationText.includes('0.4621'), `h₁ must be hidden: ${hidden.equationText}`);
    assert.match(hidden.equationText, /\?/, 'the result is a ?');
    // Without a practice section every step is asked: Step Forward moves one step.
    await vscode.commands.executeCommand('rnn.stepForward');
    assert.strictEqual(session.cursor, 2, 'Step Forward in practice mode on a file without a practice section');
    await vscode.commands.executeCommand('rnn.stepBackward');
    const off = await vscode.commands.executeCommand<boolean>('rnn.practice');
    assert.strictEqual(off, false, 'RNN: Practice again leaves practice mode');
    const shown = await rnn.panels.waitForReport(
      (r) => r.uri === uri && r.stepIndex === 1 && r.practice === undefined,
      20_000,
    );
    assert.match(shown.equationText, /0\.4621/, 'h₁ = 0.4621… shown again');
  });

  test('while practising, the debugger keeps the answer too: no number in Variables or Watch until practice ends', async () => {
    const rnn = await api();
    const doc = await openFixture(SEED_EXAMPLE);
    const session = rnn.sessions.get(doc.uri);
    await session?.whenRun();
    assert.ok(session?.trace, 'no session with a trace for the seed example');
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('rnn.practice'), true);
    session.setCursor(5); // the entry stop brings it to step 1: a cursor at 0 is that stop
    const started = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(doc.uri), {
      type: 'rnn',
      request: 'launch',
      name: 'seed, practising',
      model: doc.uri.toString(),
    });
    assert.ok(started, 'startDebugging');
    try {
      const ds = await poll(() => vscode.debug.activeDebugSession, 'the debug session');
      await poll(() => session.cursor === 0, 'the entry stop');
      session.setCursor(1); // h₁ = tanh(0.5): the stepper moves, the debugger follows
      /** The Step scope of the top frame: name → value. */
      const stepScope = async (): Promise<Map<string, string>> => {
        const scopes = (await ds.customRequest('scopes', { frameId: 1 })) as DebugProtocol.ScopesResponse['body'];
        const step = scopes.scopes.find((s) => s.name === 'Step');
        assert.ok(step, 'a Step scope');
        const vars = (await ds.customRequest('variables', {
          variablesReference: step.variablesReference,
        })) as DebugProtocol.VariablesResponse['body'];
        return new Map(vars.variables.map((v) => [v.name, v.value]));
      };
      const hidden = await poll(async () => {
        const vars = await stepScope();
        return vars.has('h₁ (computed)') ? vars : undefined;
      }, 'the Step scope at h₁');
      assert.match(hidden.get('h₁ (computed)') ?? '', /hidden while you practise/);
      assert.strictEqual(hidden.get('a₁'), '[0.5] (1)', 'what the step reads keeps its number');
      const refused = await Promise.resolve(
        ds.customRequest('evaluate', { expression: 'h_1[0]', context: 'watch', frameId: 1 }),
      ).then(
        () => 'answered',
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      assert.match(refused, /h₁ is what step 2 .* asks you to compute/, 'Watch refuses h₁');
      assert.strictEqual(await vscode.commands.executeCommand<boolean>('rnn.practice'), false);
      const shown = await poll(async () => {
        const value = (await stepScope()).get('h₁ (computed)');
        return value && !value.includes('hidden') ? value : undefined;
      }, 'h₁ shown again once practice ends');
      assert.strictEqual(shown, '[0.4621] (1)');
      const h1 = (await ds.customRequest('evaluate', {
        expression: 'h_1[0]',
        context: 'watch',
        frameId: 1,
      })) as DebugProtocol.EvaluateResponse['body'];
      assert.strictEqual(h1.result, '0.46211715726000974');
    } finally {
      if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
      await poll(() => vscode.debug.activeDebugSession === undefined, 'the debug session to end');
    }
  });

  test('on a file with a practice section the stepper skips to the asked steps', async () => {
    const rnn = await api();
    const doc = await openFixture('exercise-forward.rnn.json');
    const session = rnn.sessions.get(doc.uri);
    await session?.whenRun();
    assert.ok(session?.trace, 'no session with a trace for exercise-forward');
    const steps = session.trace.steps;
    session.setCursor(0);
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('rnn.practice'), true);
    await rnn.panels.waitForReport((r) => r.uri === doc.uri.toString() && r.practice !== undefined, 20_000);
    // "ask": ["forward a", "forward h"]: a₁, h₁, then a₂ — past y₁, p₁ and ℓ₁.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      await vscode.commands.executeCommand('rnn.stepForward');
      ids.push(steps[session.cursor].id);
    }
    assert.strictEqual(ids.join(' '), 'forward:1:h forward:2:a forward:2:h', 'the asked steps, in order');
    await vscode.commands.executeCommand('rnn.stepBackward');
    assert.strictEqual(steps[session.cursor].id, 'forward:2:a', 'Step Backward: the previous asked step');
    // Play too goes from asked step to asked step, and ends at the last one.
    const config = vscode.workspace.getConfiguration();
    await config.update('rnnStepper.playSpeed', 30, vscode.ConfigurationTarget.Global);
    const played: string[] = [];
    const watch = session.onDidMoveCursor(() => played.push(steps[session.cursor].id));
    try {
      await vscode.commands.executeCommand('rnn.play');
      await poll(() => played.includes('forward:4:h') || undefined, 'Play to reach h₄', 15_000);
      await new Promise((r) => setTimeout(r, 300)); // ten ticks at 30 steps/s: nothing moves past h₄
      assert.strictEqual(
        played.join(' '),
        'forward:2:h forward:3:a forward:3:h forward:4:a forward:4:h',
        'Play shows the asked steps only',
      );
    } finally {
      watch.dispose();
      await vscode.commands.executeCommand('rnn.pause');
      await config.update('rnnStepper.playSpeed', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('rnn.practice'), false);
  });

  test('RNN: Export Exercise Sheet shows the sheet with its answer key', async () => {
    await openFixture('exercise-bptt.rnn.json');
    const shown = await vscode.commands.executeCommand<{ markdown: string; suggestedPath: string }>(
      'rnn.exportExerciseSheet',
    );
    assert.ok(shown, 'no document shown');
    assert.match(shown.markdown, /## Answer key/);
    assert.ok(shown.markdown.includes('0.2850659086801632'), 'δa₄ in the answer key');
    assert.match(shown.suggestedPath, /exercise-bptt\.exercises\.md$/);
  });
});
