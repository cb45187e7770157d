// @ts-check
// The panel's "Why it learns" section and training statistics in real Chromium: the gradient-flow
// heatmap of hi-there-class with labelled t and k axes and each cell's value as `rnn-step dynamics
// --json` prints it; pointing at an output of the unrolled network lights the inputs by
// ‖∂y_t/∂x_k‖_F; the ‖g‖ curve on a log scale with the clip factor, the clipping sentence, the
// divergence mark, and scrubbing to an iteration that "Step into iteration" asks the host for.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import { test } from './runner.mjs';

/** @param {string} id */
const tid = (id) => `[data-testid="${id}"]`;

/** `rnn-step dynamics FILE --json` of an example (the built CLI, else the sources through tsx).
 *  @param {string} name */
function cliDynamics(name) {
  const file = join(ROOT, 'examples', `${name}.rnn.json`);
  const cli = join(ROOT, 'dist', 'cli.js');
  const args = existsSync(cli)
    ? [cli, 'dynamics', file, '--json']
    : ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'dynamics', file, '--json'];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `rnn-step dynamics failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The number a readout ends with ("… = 0.0169447" → 0.0169447; "2.02676e−4" too).
 *  @param {string | null} text */
function trailingNumber(text) {
  const m = /= ([−\d.e]+)$/.exec(text ?? '');
  assert.ok(m, `no value in ${JSON.stringify(text)}`);
  return Number(m[1].replace(/−/g, '-'));
}

test('gradient flow heatmap: t and k axes, every cell read out as rnn-step dynamics prints it', async (ctx) => {
  const want = cliDynamics('hi-there-class');
  const p = await ctx.open(ctx.example('hi-there-class'), { width: 900 });
  await p.page.click(tid('flow-toggle'));
  await p.page.waitForFunction(
    (sel) => (document.querySelector(sel)?.textContent ?? '').length > 0,
    tid('flow-sentence'),
  );
  assert.equal(await p.page.textContent(tid('flow-sentence')), want.sentences.flow);
  assert.equal(await p.page.textContent(tid('connectivity-sentence')), want.sentences.connectivity);
  assert.equal(await p.page.textContent(tid('spectral-sentence')), want.sentences.spectralRadius);
  assert.equal(await p.page.textContent(tid('saturation-sentence')), want.sentences.saturation);
  const kTicks = await p.page.$$eval('.flow-axes text.flow-k', (els) => els.map((e) => e.textContent));
  const tTicks = await p.page.$$eval('.flow-axes text.flow-t', (els) => els.map((e) => e.textContent));
  assert.deepEqual(kTicks, ['0', '1', '2', '3', '4'], 'k = 0…T under the columns');
  assert.deepEqual(tTicks, ['1', '2', '3', '4'], 't = 1…T beside the rows');
  const titles = await p.page.$$eval('.flow-axes text.axis-title', (els) => els.map((e) => e.textContent));
  assert.deepEqual(titles, ['k (state hₖ)', 't (loss ℓₜ)']);
  await p.page.locator(tid('flow-heatmap')).scrollIntoViewIfNeeded();
  const canvas = await p.page.locator('.flow-cells').boundingBox();
  assert.ok(canvas, 'the heatmap canvas is laid out');
  const T = 4;
  const cell = canvas.width / (T + 1);
  assert.ok(Math.abs(canvas.height - T * cell) < 0.5, 'square cells, T rows');
  const matrix = /** @type {number[][]} */ (want.lossToHidden);
  for (let t = 1; t <= T; t++) {
    for (let k = 0; k <= T; k++) {
      await p.page.mouse.move(canvas.x + (k + 0.5) * cell, canvas.y + (t - 0.5) * cell);
      const text = await p.page.textContent(tid('flow-readout'));
      if (k > t) {
        assert.match(text ?? '', /= 0: the loss at step/, `(t=${t}, k=${k}) is after the loss`);
        continue;
      }
      const shown = trailingNumber(text);
      const exact = matrix[t - 1][k];
      assert.ok(Math.abs(shown - exact) <= 5e-6 * exact, `(t=${t}, k=${k}): shown ${shown}, CLI ${exact}`);
    }
  }
  // The ends of the log colour scale are the smallest and largest norm.
  assert.equal(await p.page.textContent('.flow-axes text.flow-lo'), '2e−4');
  assert.equal(await p.page.textContent('.flow-axes text.flow-hi'), '0.69');
  const spectra = await p.page.$$eval(`${tid('spectra')} td`, (els) => els.map((e) => e.textContent));
  assert.deepEqual(spectra, ['W_hh', '0.2', '0.2']);
  // The canvas and the colours go through the CSSOM: the panel's strict policy is never violated.
  assert.deepEqual(await p.page.evaluate(() => window.__cspViolations), []);
  await p.page.locator(tid('flow-section')).screenshot({ path: `${ctx.screenshots}/flow-heatmap.png` });
});

test('connectivity: pointing at an output lights the inputs it depends on, by ‖∂y_t/∂x_k‖_F', async (ctx) => {
  const want = cliDynamics('hi-there-class');
  const p = await ctx.open(ctx.example('hi-there-class'), { width: 900 });
  await p.page.click(tid('flow-toggle'));
  await p.page.waitForSelector('.flow-body:not([hidden])');
  const outputs = p.page.locator('[data-testid="unrolled"] g.node.io').filter({ hasText: /^y/ });
  await outputs.nth(2).hover(); // y₃
  await p.page.waitForSelector('.unrolled g.conn');
  const lit = await p.page.$$eval('.unrolled g.node.io.conn', (els) =>
    els.map((e) => ({
      label: /** @type {SVGGElement} */ (e).dataset.label,
      conn: Number(/** @type {SVGGElement} */ (e).dataset.conn),
      opacity: Number(/** @type {SVGRectElement} */ (e.querySelector('rect')).style.fillOpacity),
    })),
  );
  assert.deepEqual(
    lit.map((l) => l.label),
    ['x₁', 'x₂', 'x₃'],
    'x₄ comes after y₃ and stays dark',
  );
  const row = /** @type {number[]} */ (want.outputToInput[2]);
  assert.deepEqual(
    lit.map((l) => l.conn),
    row.slice(0, 3),
    'each input carries ‖∂y₃/∂x_k‖_F exactly',
  );
  assert.ok(lit[2].opacity > lit[1].opacity && lit[1].opacity > lit[0].opacity, 'stronger inputs light more');
  assert.equal(lit[2].opacity, 1, 'the strongest input is fully lit');
  assert.match((await p.page.textContent(tid('connectivity-readout'))) ?? '', /^y₃ depends most on x₃/);
  await p.page.mouse.move(2, 2);
  await p.page.waitForFunction(() => document.querySelectorAll('.unrolled g.conn').length === 0);
});

const NORMS = [0.002, 0.05, 3, 120, 40, 0.9, 0.3, 0.2];
const FACTORS = NORMS.map((g) => Math.min(1, 5 / (g + 1e-6)));

test('training statistics: ‖g‖ on a log scale, clip factor and sentence, divergence mark, Step into', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'), { width: 700 });
  const base = {
    step: 8,
    total: 8,
    losses: [3, 2.5, 2, 9, 4, 1, 0.8, 0.7],
    gradNorms: NORMS,
    clipFactors: FACTORS,
    learningRates: NORMS.map(() => 0.1),
    finalLoss: 0.6,
  };
  p.controller.training({ ...base, state: 'done', divergedAt: null });
  await p.page.waitForSelector(`${tid('stats-chart')} path.norm-line`);
  const labels = await p.page.$$eval(`${tid('stats-chart')} text.axis-label`, (els) => els.map((e) => e.textContent));
  for (const tick of ['0.01', '1', '100']) assert.ok(labels.includes(tick), `log tick ${tick} in ${labels}`);
  // No two labels of the chart (ticks, titles, the divergence mark) overlap.
  const boxes = await p.page.$$eval(`${tid('stats-chart')} text`, (els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { text: e.textContent, x0: r.left, x1: r.right, y0: r.top, y1: r.bottom };
    }),
  );
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      assert.ok(a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0, `"${a.text}" overlaps "${b.text}"`);
  // The y-axis labels (right-aligned at the axis) stand apart by half a line at least.
  const axisRight = boxes.find((b) => b.text === '1')?.x1 ?? NaN;
  const yLabels = boxes
    .filter((b) => /^[\d.]+$/.test(b.text ?? '') && Math.abs(b.x1 - axisRight) < 0.5)
    .sort((a, b) => a.y0 - b.y0);
  assert.ok(yLabels.length >= 5, `the y labels of both panels: ${yLabels.map((b) => b.text)}`);
  for (const [i, b] of yLabels.slice(1).entries()) {
    const a = yLabels[i];
    assert.ok(b.y0 - a.y1 >= (a.y1 - a.y0) / 2, `y labels "${a.text}" and "${b.text}" crowd`);
  }
  assert.equal(
    await p.page.textContent(tid('clip-sentence')),
    'Clipping scaled the gradient down in 2 of 8 steps (c < 1), at most to c = 0.0417 at step 4 — there ‖g‖ was 120, and the update was as long as for ‖g‖ = 5. A clipped step keeps g’s direction and caps its length at clipNorm; the other steps were plain SGD.',
  );
  // Done: the last iteration is picked; no record to replay (a run without one) keeps the button off.
  assert.equal(
    await p.page.textContent(tid('stats-readout')),
    'iteration 8 · L = 0.7 · ‖g‖ = 0.2 · not clipped (c = 1) · η = 0.1',
  );
  assert.equal(await p.page.isDisabled(tid('step-into')), true);
  p.controller.training({ ...base, state: 'done', divergedAt: null, record: {} });
  await p.page.waitForSelector(`${tid('step-into')}:not([disabled])`);
  // Keyboard scrubbing: Home, then → three times: iteration 4, the clipped one.
  await p.page.focus(tid('stats-chart'));
  await p.page.keyboard.press('Home');
  for (let i = 0; i < 3; i++) await p.page.keyboard.press('ArrowRight');
  assert.equal(
    await p.page.textContent(tid('stats-readout')),
    'iteration 4 · L = 9 · ‖g‖ = 120 · clipped: c = 0.0416667 · η = 0.1',
  );
  // A click picks the nearest iteration: the left end is iteration 1.
  const box = await p.page.locator(tid('stats-chart')).boundingBox();
  assert.ok(box);
  await p.page.mouse.click(box.x + 57, box.y + 40);
  assert.match((await p.page.textContent(tid('stats-readout'))) ?? '', /^iteration 1 · /);
  await p.page.keyboard.press('ArrowRight');
  await p.page.click(tid('step-into'));
  const posted = await p.page.evaluate(() => window.__posted.filter((m) => m.type === 'stepIntoIteration'));
  assert.deepEqual(posted, [{ type: 'stepIntoIteration', iteration: 1 }]);
  // Divergence: marked at its step.
  p.controller.training({ ...base, state: 'done', divergedAt: 3 });
  await p.page.waitForSelector(`${tid('stats-chart')} .diverged`, { state: 'attached' });
  assert.equal(await p.page.textContent(`${tid('stats-chart')} .diverged-label`), 'non-finite at step 4');
  await p.page.locator(tid('training')).screenshot({ path: `${ctx.screenshots}/training-stats.png` });
});

test('gradient flow heatmap on T=100: both axes labelled at a readable round interval', async (ctx) => {
  const p = await ctx.open(ctx.charModel('rnn', 16, 20, 100), { width: 900 });
  await p.page.click(tid('flow-toggle'));
  await p.page.waitForSelector('.flow-body:not([hidden])', { timeout: 20_000 });
  for (const [cls, first] of [
    ['flow-k', '0'],
    ['flow-t', '1'],
  ]) {
    const ticks = await p.page.$$eval(`.flow-axes text.${cls}`, (els) => els.map((e) => Number(e.textContent)));
    assert.equal(String(ticks[0]), first, `${cls} starts at ${first}`);
    assert.equal(ticks[ticks.length - 1], 100, `${cls} ends at T`);
    assert.ok(ticks.length >= 5 && ticks.length <= 16, `${cls}: a readable number of labels (${ticks.length})`);
    const inner = ticks.slice(1, -1);
    const step = inner[1] - inner[0];
    assert.ok([10, 20, 25].includes(step) && inner.every((v) => v % step === 0), `${cls}: round interval ${inner}`);
  }
  const boxes = await p.page.$$eval('.flow-axes text.flow-k', (els) =>
    els.map((e) => /** @type {SVGTextElement} */ (e).getBBox()).map((b) => [b.x, b.x + b.width]),
  );
  for (let i = 1; i < boxes.length; i++) assert.ok(boxes[i][0] > boxes[i - 1][1], 'k labels do not overlap');
});
