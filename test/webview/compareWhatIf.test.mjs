// @ts-check
// The dynamics panel in real Chromium: the page is the real panelHtml with the real
// dist/webview/dynamics.js, fed the views host/dynamics/dynamicsViews.ts builds from real engine
// results. Compare Cells: three loss curves on ONE y scale — every chart's axis is exactly the
// global min/max of the three cells' losses, and each curve's points sit where that scale puts
// them; the six flow heatmaps share one colour scale. What-if: every changed tensor is drawn, each
// changed cell marked and its numbers "before → after" as text; the form starts from the change
// shown; the buttons post their messages. Both views pass axe-core in three themes. The README's
// compare-cells.png and what-if.png come from test-results/screenshots/ of this suite.

import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { seriousViolations } from './axe.mjs';
import { ROOT } from './harness.mjs';
import { test } from './runner.mjs';
import { openSidePanel, sidePanelHost } from './sidePanels.mjs';

/**
 * @typedef {{
 *   parseModel: typeof import('../../src/engine/parse/parse').parseModel,
 *   runModel: typeof import('../../src/engine/compute/run').runModel,
 *   compareCells: typeof import('../../src/engine/dynamics/compareCells').compareCells,
 *   applyWhatIf: typeof import('../../src/engine/dynamics/whatIf').applyWhatIf,
 *   diffRuns: typeof import('../../src/engine/dynamics/whatIf').diffRuns,
 *   compareView: typeof import('../../src/host/dynamics/dynamicsViews').compareView,
 *   whatIfView: typeof import('../../src/host/dynamics/dynamicsViews').whatIfView,
 *   panelHtml: typeof import('../../src/host/panel/panelHtml').panelHtml,
 * }} DynamicsHost
 */

/** @returns {Promise<DynamicsHost>} */
const dynamicsHost = async () =>
  /** @type {DynamicsHost} */ (
    await sidePanelHost(
      'dynamics',
      `export { parseModel } from './src/engine/parse/parse';
       export { runModel } from './src/engine/compute/run';
       export { compareCells } from './src/engine/dynamics/compareCells';
       export { applyWhatIf, diffRuns } from './src/engine/dynamics/whatIf';
       export { compareView, whatIfView } from './src/host/dynamics/dynamicsViews';
       export { panelHtml } from './src/host/panel/panelHtml';`,
    )
  );

/** Opens the dynamics page in `theme` and shows `view`; returns the page and its console errors.
 *  @param {import('./types').Ctx} ctx @param {import('../../src/shared/dynamicsProtocol').DynamicsView} view
 *  @param {import('./types').ThemeName} [theme] */
async function openView(ctx, view, theme = 'dark') {
  const host = await dynamicsHost();
  const opened = await openSidePanel(ctx, host.panelHtml, {
    name: 'dynamics',
    title: 'RNN dynamics',
    theme,
    reportPaints: true,
  });
  await opened.page.evaluate((view) => window.postMessage({ type: 'show', view }, '*'), view);
  await opened.page.waitForFunction(() => window.__posted.some((m) => m.type === 'rendered'));
  return opened;
}

/** @param {string} name */
const example = (name) => readFileSync(join(ROOT, 'examples', name), 'utf8');

test('compare cells: three loss curves on one y scale (the global min/max), six heatmaps on one colour scale', async (ctx) => {
  const host = await dynamicsHost();
  const model = host.parseModel(example('gru-sine.rnn.json'), {}).model;
  assert.ok(model);
  const view = host.compareView(model, host.compareCells(model, 60));
  const { page, errors } = await openView(ctx, view);
  const all = view.cells.flatMap((c) => c.losses);
  const min = Math.min(...all),
    max = Math.max(...all);
  const charts = await page.evaluate(() =>
    [...document.querySelectorAll('section.cell')].map((sec) => {
      const svg = /** @type {SVGSVGElement} */ (sec.querySelector('svg.loss-chart'));
      const pts = (svg.querySelector('polyline')?.getAttribute('points') ?? '')
        .trim()
        .split(' ')
        .map((p) => Number(p.split(',')[1]));
      return {
        cell: /** @type {HTMLElement} */ (sec).dataset.cell,
        yMin: Number(svg.dataset.yMin),
        yMax: Number(svg.dataset.yMax),
        topText: svg.querySelector('.y-max')?.textContent,
        bottomText: svg.querySelector('.y-min')?.textContent,
        ys: pts,
        flows: [...sec.querySelectorAll('canvas.flow-canvas')].map((c) => [
          Number(/** @type {HTMLElement} */ (c).dataset.flowMin),
          Number(/** @type {HTMLElement} */ (c).dataset.flowMax),
        ]),
        sentences: [...sec.querySelectorAll('.sentence')].map((p) => p.textContent),
      };
    }),
  );
  assert.deepEqual(
    charts.map((c) => c.cell),
    ['rnn', 'lstm', 'gru'],
  );
  for (const c of charts) {
    assert.equal(c.yMin, min, `${c.cell}: the axis starts at the global minimum`);
    assert.equal(c.yMax, max, `${c.cell}: the axis ends at the global maximum`);
    assert.equal(c.ys.length, 60, `${c.cell}: every step drawn`);
    for (const f of c.flows)
      assert.deepEqual(f, [view.flowRange?.min, view.flowRange?.max], `${c.cell}: one colour scale`);
    assert.equal(c.sentences.length, 2);
    assert.ok(
      c.sentences.every((s) => s && /step/.test(s)),
      'a sentence reads each heatmap',
    );
  }
  // On the shared scale only the cell holding the global max touches the top, only the one holding
  // the global min the bottom (top = 10, bottom = 150 − 26 = 124 px: charts.ts CHART).
  const top = charts.map((c) => Math.min(...c.ys)),
    bottom = charts.map((c) => Math.max(...c.ys));
  const holder = (/** @type {number} */ v) => view.cells.findIndex((c) => c.losses.includes(v));
  top.forEach((y, i) => assert.equal(Math.abs(y - 10) < 0.01, i === holder(max), `${charts[i].cell} at the top`));
  bottom.forEach((y, i) =>
    assert.equal(Math.abs(y - 124) < 0.01, i === holder(min), `${charts[i].cell} at the bottom`),
  );
  assert.equal(charts[0].topText, fmt(max));
  assert.deepEqual(errors, [], 'no console error (CSP)');
  await page.screenshot({ path: `${ctx.screenshots}/compare-cells.png`, fullPage: true });
});

/** fmtShort of webview/dom.ts for the numbers of these examples (4 significant digits). */
function fmt(/** @type {number} */ x) {
  return x
    .toPrecision(4)
    .replace(/\.?0+$/, '')
    .replace('-', '−');
}

test('what-if: every changed tensor drawn, changed cells marked with "before → after" as text; buttons post', async (ctx) => {
  const host = await dynamicsHost();
  const model = host.parseModel(example('hi-there-2-unit.rnn.json'), {}).model;
  assert.ok(model);
  /** @type {import('../../src/engine/dynamics/whatIf').WhatIfChange} */
  const change = { kind: 'weight', param: 'W_hh', index: [0, 1], value: 0.75 };
  const before = host.runModel(model),
    after = host.runModel(host.applyWhatIf(model, change));
  const diff = host.diffRuns(before, after);
  const view = host.whatIfView(model, change, diff, { before: before.loss, after: after.loss }, null);
  const { page, errors } = await openView(ctx, view);
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll('section.diff')].map((sec) => ({
      id: /** @type {HTMLElement} */ (sec).dataset.tensor,
      changed: [...sec.querySelectorAll('td.changed')].map((td) => td.textContent),
      same: sec.querySelectorAll('td.same').length,
      outlined: [...sec.querySelectorAll('td.changed')].every((td) => getComputedStyle(td).outlineStyle === 'solid'),
    })),
  );
  assert.deepEqual(
    shown.map((s) => s.id),
    diff.changed.map((d) => d.id),
    'every changed tensor, in run order',
  );
  for (const d of diff.changed) {
    const s = shown.find((x) => x.id === d.id);
    assert.ok(s);
    assert.equal(s.changed.length, d.changed, `${d.id}: exactly the changed cells marked`);
    assert.equal(s.same, d.before.length - d.changed, `${d.id}: the others not`);
    assert.ok(s.outlined, `${d.id}: changed cells outlined`);
  }
  await page.screenshot({ path: `${ctx.screenshots}/what-if.png` }); // the top: the change, the loss, W_hh
  const whh = shown.find((x) => x.id === 'W_hh');
  assert.deepEqual(whh?.changed, [`${fmt(model.params.W_hh.data[1])} → 0.75`], 'the number changed, as text');
  const form = await page.evaluate(() =>
    ['.whatif-kind', '.whatif-param', '.whatif-row', '.whatif-col', '.whatif-value'].map(
      (sel) => /** @type {HTMLInputElement} */ (document.querySelector(sel)).value,
    ),
  );
  assert.deepEqual(form, ['weight', 'W_hh', '0', '1', '0.75'], 'the form starts from the change shown');
  await page.getByRole('button', { name: 'Apply to file' }).click();
  await page.getByRole('button', { name: 'Discard' }).click();
  await page.locator('.whatif-kind').selectOption('learningRate');
  await page.locator('.whatif-value').fill('0.25');
  await page.getByRole('button', { name: 'Run what-if' }).click();
  const posted = await page.evaluate(() => window.__posted.filter((m) => m.type !== 'rendered' && m.type !== 'ready'));
  assert.deepEqual(posted, [
    { type: 'apply' },
    { type: 'discard' },
    { type: 'whatIf', change: { kind: 'learningRate', value: 0.25 } },
  ]);
  assert.deepEqual(errors, [], 'no console error (CSP)');
});

test('stepper panel: a right-click on a weight element offers "What If…" for exactly that element', async (ctx) => {
  const tid = (/** @type {string} */ id) => `[data-testid="${id}"]`;
  const p = await ctx.open(ctx.example('hi-there-2-unit'));
  await p.goTo(p.session.trace.steps.findIndex((s) => s.phase === 'update' && s.kind === 'W_hh'));
  const context = (/** @type {string} */ id) =>
    p.page.$eval(tid(id), (el) => /** @type {HTMLElement} */ (el).dataset.vscodeContext ?? null);
  await p.page.click(`${tid('tensor-W_hh')} .cell[data-i="1"]`, { button: 'right' });
  assert.deepEqual(JSON.parse((await context('tensor-W_hh')) ?? 'null'), { rnnWeight: 'W_hh', rnnIndex: 1 });
  await p.page.click(`${tid('tensor-W_hh')} .cell[data-i="2"]`, { button: 'right' });
  assert.deepEqual(JSON.parse((await context('tensor-W_hh')) ?? 'null'), { rnnWeight: 'W_hh', rnnIndex: 2 });
  await p.page.click(`${tid("tensor-W_hh'")} .cell[data-i="0"]`, { button: 'right' });
  assert.equal(await context("tensor-W_hh'"), null, 'an updated weight is not a number of the file');

  const big = await ctx.open(ctx.charModel('rnn', 128, 65, 20), { width: 1200 });
  await big.goTo(big.session.trace.steps.findIndex((s) => s.phase === 'update' && s.kind === 'W_hh'));
  const canvas = big.page.locator(`${tid('tensor-W_hh')} canvas`);
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  assert.ok(box);
  await big.page.mouse.move(box.x + ((37 + 0.5) / 128) * box.width, box.y + ((10 + 0.5) / 128) * box.height);
  await big.page.mouse.down({ button: 'right' });
  await big.page.mouse.up({ button: 'right' });
  const onCanvas = await big.page.$eval(
    tid('tensor-W_hh'),
    (el) => /** @type {HTMLElement} */ (el).dataset.vscodeContext,
  );
  assert.deepEqual(JSON.parse(onCanvas ?? 'null'), { rnnWeight: 'W_hh', rnnIndex: 10 * 128 + 37 });
});

test('axe-core: no serious or critical violation in the dynamics panel (Compare Cells, What-if; three themes)', async (ctx) => {
  const host = await dynamicsHost();
  const gru = host.parseModel(example('gru-sine.rnn.json'), {}).model;
  const seed = host.parseModel(example('hi-there-2-unit.rnn.json'), {}).model;
  assert.ok(gru && seed);
  const compare = host.compareView(gru, host.compareCells(gru, 30));
  /** @type {import('../../src/engine/dynamics/whatIf').WhatIfChange} */
  const change = { kind: 'weight', param: 'W_hh', index: [0, 1], value: 0.75 };
  const before = host.runModel(seed),
    after = host.runModel(host.applyWhatIf(seed, change));
  const whatIf = host.whatIfView(
    seed,
    change,
    host.diffRuns(before, after),
    { before: before.loss, after: after.loss },
    null,
  );
  /** @type {string[]} */
  const found = [];
  for (const theme of /** @type {const} */ (['dark', 'light', 'high-contrast'])) {
    for (const [name, view] of /** @type {const} */ ([
      ['compare', compare],
      ['what-if', whatIf],
    ])) {
      const { page } = await openView(ctx, view, theme);
      for (const v of await seriousViolations(page)) found.push(`${name} ${theme}: ${v}`);
      await page.close();
    }
  }
  assert.deepEqual(found, []);
});
