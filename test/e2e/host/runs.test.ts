// Runs off the extension host's thread (src/host/session/session.ts, runScheduler.ts): editing a
// large model re-runs it in the run worker while the host's event loop — measured here, inside the
// extension host, by a timer that notes how late it fires — never stops for 50 ms, and a hover
// during the re-run answers within 200 ms, saying its values are the previous run's. The figures
// are printed on a "RUNS-BENCH" line that test/bench/hostRuns.bench.mjs reads.
import * as vscode from 'vscode';
import * as assert from './assert';
import { api, fixtureUri, hoverText, poll, sleep } from './util';

declare const __RUNS_MODEL__: string; // "HxT" (test/e2e/build.mjs)
const [RUNS_H, RUNS_T] = __RUNS_MODEL__.split('x').map(Number);

const vocab = Array.from({ length: 65 }, (_, i) => String.fromCharCode(48 + i));

/** A char-rnn-like model (65 tokens, drawn weights): H=2048, T=100 (the default) runs for a second or two. */
function largeModel(H: number, T: number): string {
  const inputs = Array.from({ length: T }, (_, i) => vocab[(i * 7) % 65]);
  const model = {
    name: 'large',
    hiddenSize: H,
    vocab,
    inputs,
    targets: [...inputs.slice(1), vocab[0]],
    train: { learningRate: 0.1 },
    weights: { init: { seed: 1 } },
  };
  return JSON.stringify(model, null, 1);
}

/** How late a 5 ms timer fires at worst: the longest stretch the event loop was held. */
function lagMonitor(): { stop(): number } {
  const interval = 5;
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - interval);
    last = now;
  }, interval);
  return {
    stop: () => {
      clearInterval(timer);
      return worst;
    },
  };
}

async function hoverMs(doc: vscode.TextDocument, offset: number): Promise<{ ms: number; text: string }> {
  const t0 = performance.now();
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    doc.uri,
    doc.positionAt(offset),
  );
  return { ms: performance.now() - t0, text: hoverText(hovers ?? []) };
}

suite('runs off the host thread', () => {
  test('editing a large model: the host never blocks 50 ms, hovers answer within 200 ms, the latest run lands', async function () {
    this.timeout(600_000);
    // What the run itself costs the host: no panel of an earlier test repainting meanwhile.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sleep(1000);
    const uri = fixtureUri('large-run.rnn.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(largeModel(RUNS_H, RUNS_T)));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const { sessions } = await api();
    const session = sessions.forDocument(doc);
    await poll(() => session.trace && !session.rerunning, 'the first run of the large model', 300_000);
    const first = session.trace!;
    session.setCursor(Math.floor(first.steps.length / 2));
    const stepId = session.step!.id;

    const text = doc.getText();
    const rate = text.indexOf('0.1', text.indexOf('"learningRate"'));
    const token = text.indexOf('"', text.indexOf('"inputs"') + 10) + 1; // inside the first input token
    // The same monitor with nothing to do: what this machine's scheduling alone costs.
    const idle = lagMonitor();
    await sleep(3000);
    const idleWorst = idle.stop();
    const monitor = lagMonitor();
    const t0 = performance.now();
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(rate), doc.positionAt(rate + 3)), '0.2');
    assert.ok(await vscode.workspace.applyEdit(edit));

    // During the re-run: hovers come back fast and say whose values they show.
    const hovers: number[] = [];
    await poll(() => session.rerunning, 'the re-run to start', 10_000);
    let sawPrevious = false;
    let sawRunning = false;
    while (session.rerunning) {
      const h = await hoverMs(doc, token);
      if (session.rerunning || h.text.includes('previous run')) {
        hovers.push(h.ms);
        if (h.text.includes('previous run')) sawPrevious = true;
      }
      if (session.running) sawRunning = true;
      await sleep(100);
    }
    await poll(() => session.trace !== first && !session.rerunning, 'the re-run to land', 300_000);
    const runMs = performance.now() - t0;
    await sleep(300); // what the views do when it lands counts too
    const worst = monitor.stop();
    const trace = session.trace!;
    console.log(
      `RUNS-BENCH ${JSON.stringify({ model: `rnn H=${RUNS_H} T=${RUNS_T}`, runMs: Math.round(runMs), worstBlockMs: Number(worst.toFixed(1)), idleWorstMs: Number(idleWorst.toFixed(1)), hoverMs: hovers.map((x) => Math.round(x)), runner: session.runner })}`,
    );
    assert.strictEqual(trace.model.train.learningRate, 0.2, 'the run of the edited text landed');
    assert.strictEqual(session.step!.id, stepId, 'the cursor stayed on its step');
    assert.ok(hovers.length > 0, 'a hover was asked while the model re-ran');
    assert.ok(sawPrevious, 'a hover during the re-run says its values are from the previous run');
    assert.ok(runMs < 300 || sawRunning, 'a run longer than 300 ms is shown as running');
    // The median: on a loaded machine a single hover can wait for the workbench itself.
    const median = [...hovers].sort((a, b) => a - b)[Math.floor(hovers.length / 2)];
    assert.ok(median < 200, `hover latencies during the re-run: ${hovers.map((x) => x.toFixed(0)).join(', ')} ms`);
    // On a machine shared with other work the timer fires late even when nothing here runs: the
    // budget is 50 ms beyond what the same monitor saw idle (a synchronous run takes seconds).
    assert.ok(
      worst < 50 + idleWorst,
      `the extension host's event loop was held ${worst.toFixed(1)} ms (idle: ${idleWorst.toFixed(1)} ms)`,
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
