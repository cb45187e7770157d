// @ts-check
// A run with a NaN or ±Infinity in the panel, in real Chromium: the banner names the first one in
// the CLI's words with a "Go to first non-finite value" button, which posts 'goToNonFinite' and
// brings the stepper to the step that writes it; the timeline marks that step with an accessible
// name; a fixing edit clears both; a training run that diverged says where it stopped.

import { strict as assert } from 'node:assert';
import { seriousViolations } from './axe.mjs';
import { test } from './runner.mjs';

/** @param {string} id */
const tid = (id) => `[data-testid="${id}"]`;

// y₁ = W_hy h₁ + b_y = 1.7e308 + 1.7e308 (test/unit/nonFinite.test.ts has the same model).
const OVERFLOW = JSON.stringify(
  {
    name: 'overflow',
    vocab: ['a', 'b'],
    inputs: ['a', 'b'],
    targets: ['b', 'a'],
    weights: { W_xh: [[20, 20]], W_hh: [[0]], b_h: [0], W_hy: [[1.7e308], [0]], b_y: [1.7e308, 0] },
  },
  null,
  2,
);
const SENTENCE = 'non-finite value: y[0] at forward t=1 (overflowing weight: W_hy holds values up to 1.7e+308)';

test('a non-finite run: the banner, its button, the timeline mark; a fixing edit clears them', async (ctx) => {
  const p = await ctx.open(OVERFLOW);
  const y1 = p.session.trace.steps.findIndex((s) => s.id === 'forward:1:y');
  assert.equal(p.session.trace.nonFinite?.step, y1);
  assert.ok(y1 > 0 && p.session.cursor === 0, 'the panel starts elsewhere');
  const banner = tid('nonfinite-banner');
  await p.page.waitForSelector(`${banner}:not([hidden])`);
  assert.equal(
    await p.page.textContent(`${banner} .nonfinite-text`),
    `N${SENTENCE.slice(1)}, written at step ${y1 + 1}.`,
  );
  const button = p.page.getByRole('button', { name: 'Go to first non-finite value' });
  assert.equal(await button.isVisible(), true);

  const mark = tid('timeline-nonfinite');
  assert.equal(await p.page.isVisible(mark), true);
  const label = `First non-finite value, step ${y1 + 1}: ${SENTENCE}`;
  assert.equal(await p.page.getAttribute(mark, 'aria-label'), label);
  assert.equal(await p.page.getAttribute(tid('timeline'), 'aria-describedby'), 'timeline-nonfinite-mark');
  // The slider's accessible description is the mark's name.
  const description = await p.page.evaluate(async () => {
    const el = document.querySelector('[data-testid="timeline"]');
    const id = el?.getAttribute('aria-describedby') ?? '';
    return document.getElementById(id)?.getAttribute('aria-label');
  });
  assert.equal(description, label);
  assert.deepEqual(await seriousViolations(p.page), []);

  await button.click();
  const goto = await p.page.evaluate(() => window.__posted.find((m) => m.type === 'goToNonFinite'));
  assert.deepEqual(Object.keys(goto ?? {}), ['type', 'runId']);
  const r = await p.waitFor((x) => x.stepIndex === y1);
  assert.equal(r.stepId, 'forward:1:y');
  assert.equal(p.session.cursor, y1);
  // The mark stands over the step: where the thumb now is.
  /** @param {string} sel */
  const centre = (sel) =>
    p.page.$eval(sel, (e) => e.getBoundingClientRect().left + e.getBoundingClientRect().width / 2);
  const [markX, thumbX] = await Promise.all([centre(mark), centre('.timeline-thumb')]);
  assert.ok(Math.abs(markX - thumbX) < 1, `mark at x=${markX}, the thumb of step ${y1 + 1} at x=${thumbX}`);
  assert.match(
    (await p.page.getAttribute(tid('timeline'), 'aria-valuetext')) ?? '',
    new RegExp(`^step ${y1 + 1} of \\d+: .* — the first non-finite value: y\\[0\\] at forward t=1 `),
  );

  // Numbers only: the same run is kept, and the record goes with the overflow.
  p.session.setText(OVERFLOW.replace(/1\.7e\+308/g, '2'));
  await p.page.waitForSelector(`${banner}[hidden]`, { state: 'attached' });
  assert.equal(await p.page.isVisible(mark), false);
  assert.equal(await p.page.getAttribute(tid('timeline'), 'aria-describedby'), null);
});

test('non-finite: a finite run shows no banner and no mark', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  await p.flush();
  assert.equal(await p.page.isVisible(tid('nonfinite-banner')), false);
  assert.equal(await p.page.isVisible(tid('timeline-nonfinite')), false);
});

test('non-finite: a training run that diverged says at which step and why', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  const sentence =
    'non-finite value: gradNorm at clip (gradient norm overflow: the squares of gradients up to 2.18e+154 leave the float64 range)';
  p.controller.training({
    state: 'diverged',
    step: 322,
    total: 1000,
    losses: [0.5, 1.5, 7],
    divergence: { step: 321, sentence },
  });
  await p.page.waitForSelector(`${tid('training-divergence')}:not([hidden])`);
  assert.equal(await p.page.textContent('.training-status'), 'step 322 / 1000 · stopped');
  assert.equal(await p.page.textContent(tid('training-divergence')), `Training stopped at step 322: ${sentence}`);
});
