// @ts-check
// The panel's charts in real Chromium: the training loss curve with step and loss ticks, its log
// scale and pointer readout, "Show Loss Curve" scrolling it into view; the gradient-norm chart
// labelling timesteps at a readable interval and reading out each bar's exact norm.

import { strict as assert } from 'node:assert';
import { test } from './runner.mjs';

/** @typedef {import('playwright-core').Page} Page */

/** `x`, failing the test when it is null or undefined.
 *  @template T @param {T | null | undefined} x @param {string} what @returns {T} */
const must = (x, what) => {
  assert.ok(x !== null && x !== undefined, `${what} is missing`);
  return x;
};
/** @param {string} id */
const tid = (id) => `[data-testid="${id}"]`;
/** @param {Page} page @param {string} sel */
const labels = (page, sel) => page.$$eval(`${sel} text.axis-label`, (els) => els.map((e) => e.textContent));

const LOSSES = [5.5735, 5.2, 4.9, 4.6, 4.4, 4.2, 4.1, 4.0, 3.9, 3.85, 0.02, 0.001];

test('loss curve: step and loss ticks, log scale toggle, pointer readout of the exact loss', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'), { width: 700 });
  p.controller.training({ state: 'done', step: 12, total: 12, losses: LOSSES, finalLoss: 0.0009 });
  await p.page.waitForSelector(`${tid('training')}:not([hidden])`);
  await p.page.waitForFunction(() => document.querySelector('.training-status')?.textContent?.includes('done'));
  const linear = await labels(p.page, '.loss-chart');
  for (const step of ['1', '12']) assert.ok(linear.includes(step), `step tick ${step} in ${linear}`);
  assert.ok(linear.includes('0') || linear.includes('2'), `round loss ticks: ${linear}`);
  const titles = await p.page.$$eval('.loss-chart text.axis-title', (els) => els.map((e) => e.textContent));
  assert.deepEqual(titles, ['step', 'loss']);
  // Log scale: powers of ten from 10⁻³ to 1 on the loss axis.
  await p.page.click(tid('loss-log-toggle'));
  assert.equal(await p.page.getAttribute(tid('loss-log-toggle'), 'aria-pressed'), 'true');
  const log = await labels(p.page, '.loss-chart');
  for (const tick of ['10⁻³', '0.01', '0.1', '1']) assert.ok(log.includes(tick), `log tick ${tick} in ${log}`);
  assert.equal(await p.page.textContent('.loss-chart text.axis-title:last-of-type'), 'loss (log)');
  // The pointer at the right end reads the last loss exactly as formatted.
  const box = must(await p.page.locator('.loss-chart').boundingBox(), 'the loss chart');
  await p.page.mouse.move(box.x + box.width - 14, box.y + box.height / 2);
  assert.equal(await p.page.textContent('.training .chart-readout'), 'step 12: L = 0.001');
  await p.page.mouse.move(box.x + 58, box.y + box.height / 2);
  assert.equal(await p.page.textContent('.training .chart-readout'), 'step 1: L = 5.5735');
  await p.page.locator(tid('training')).screenshot({ path: `${ctx.screenshots}/loss-curve-log.png` });
});

test('"Show Loss Curve" scrolls the loss curve into view', async (ctx) => {
  const p = await ctx.open(ctx.example('lstm-hello'), { width: 480, height: 500 });
  p.controller.training({ state: 'done', step: 3, total: 3, losses: [1.5, 1.2, 1.1], finalLoss: 1.0 });
  await p.page.waitForSelector(`${tid('training')}:not([hidden])`);
  const inView = () =>
    p.page.$eval(tid('training'), (e) => {
      const r = e.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
  assert.equal(await inView(), false, 'below the fold at first (else this test proves nothing)');
  p.controller.reveal('training');
  await p.page.waitForFunction(
    (sel) => {
      const r = /** @type {Element} */ (document.querySelector(sel)).getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    },
    tid('training'),
    { timeout: 5000 },
  );
});

test('gradient-norm chart on T=100: timesteps labelled at a readable interval, each norm read out', async (ctx) => {
  const p = await ctx.open(ctx.charModel('rnn', 16, 20, 100), { width: 700 });
  await p.goTo(p.session.trace.steps.length - 1);
  const shown = await labels(p.page, tid('grad-chart'));
  assert.ok(shown.includes('h₀') && shown.includes('h₁₀₀'), `both ends labelled: ${shown}`);
  assert.ok(shown.length >= 5 && shown.length <= 14, `a readable number of labels: ${shown.length}`);
  const xs = await p.page.$$eval(`${tid('grad-chart')} text.axis-label`, (els) =>
    els
      .filter((e) => /^h/.test(e.textContent ?? ''))
      .map((e) => {
        const b = /** @type {SVGTextElement} */ (e).getBBox();
        return { x: b.x, width: b.width };
      }),
  );
  for (let i = 1; i < xs.length; i++)
    assert.ok(xs[i].x >= xs[i - 1].x + xs[i - 1].width, `labels do not overlap: ${JSON.stringify(xs)} ${shown}`);
  // Point at the bar of h₅₀: the readout is the norm the panel received for it.
  const norms = p.session.host.hiddenGradNorms(p.session.trace, p.session.cursor);
  const box = must(await p.page.locator(tid('grad-chart')).boundingBox(), 'the gradient chart');
  const plotLeft = 52;
  const plotW = box.width - 52 - 10;
  await p.page.mouse.move(box.x + plotLeft + ((50 + 0.5) / 101) * plotW, box.y + box.height / 2);
  const readout = must(await p.page.textContent(tid('grad-chart-readout')), 'the readout');
  assert.match(readout, /^‖∂L\/∂h₅₀‖ = /);
  await p.page.locator('.grad-card').screenshot({ path: `${ctx.screenshots}/grad-chart-100.png` });
  const expected = Number(must(norms[50], 'the norm of h₅₀').toPrecision(6));
  assert.equal(Number(readout.split('= ')[1].replace('−', '-')), expected);
});
