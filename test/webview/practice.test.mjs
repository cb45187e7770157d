// @ts-check
// Practice mode in real Chromium, with the real host controller and PracticeSession over the real
// engine: at each asked step every value the step writes is absent from the page (not merely
// hidden by CSS) — in the heatmaps, the diagram, the equation and the header — and present again
// outside practice mode; answers typed into the answer box and checked on Enter, right and wrong,
// on the seed's h₁ and δa₄ with the exact verdicts; the hint ladder; the focus on each new step;
// progress kept by a new panel over the same store (a reload). Leaves test-results/screenshots/
// practice-dark.png, the README's picture of practice mode.

import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from './runner.mjs';

/** @typedef {import('./types').OpenedPanel} OpenedPanel */
/** @typedef {import('playwright-core').Page} Page */

/** A workspace-state stand-in: JSON in, JSON out, as VS Code's Memento. */
function memoryStore() {
  /** @type {Map<string, string>} */
  const map = new Map();
  return {
    map,
    /** @param {string} key */
    get: (key) => {
      const v = map.get(key);
      return v === undefined ? undefined : JSON.parse(v);
    },
    /** @param {string} key @param {unknown} value */
    update: (key, value) => {
      if (value === undefined) map.delete(key);
      else map.set(key, JSON.stringify(value));
    },
  };
}

/** Turns practice mode on and waits for the panel to show it.
 *  @param {import('./types').Ctx} ctx @param {OpenedPanel} p @param {ReturnType<typeof memoryStore>} store */
async function practise(ctx, p, store) {
  const n = p.reports.length;
  p.controller.setPractice(new ctx.host.PracticeSession(p.session, store));
  return p.waitFor((r) => r.practice !== undefined && p.reports.indexOf(r) >= n);
}

/** @param {OpenedPanel} p @param {string} id */
const stepIndex = (p, id) => {
  const i = p.session.trace.steps.findIndex((s) => s.id === id);
  assert.ok(i >= 0, `no step ${id}`);
  return i;
};

/** Whether `text` is anywhere in the page's DOM: text, attributes, KaTeX's MathML annotations.
 *  @param {Page} page @param {string} text */
const inDom = (page, text) => page.evaluate((t) => document.documentElement.outerHTML.includes(t), text);

/** @param {Page} page */
const statusText = (page) => page.$eval('[data-testid="practice-status"]', (e) => e.textContent ?? '');

/** Types an answer into the focused answer box and presses Enter; resolves with the new verdict.
 *  @param {OpenedPanel} p @param {string} label @param {string} answer */
async function answer(p, label, answer) {
  const box = p.page.getByRole('textbox', { name: new RegExp(`^Your answer for ${label}`) });
  await box.fill(answer);
  const before = await statusText(p.page);
  const n = p.reports.length;
  await box.press('Enter');
  await p.waitFor((r) => p.reports.indexOf(r) >= n);
  await p.page.waitForFunction(
    (b) => document.querySelector('[data-testid="practice-status"]')?.textContent !== b,
    before,
  );
  return statusText(p.page);
}

/** The accessible name of the focused element. @param {Page} page */
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');

// Each asked step of the seed with a string that only its own results put on the page.
const HIDDEN = [
  { id: 'forward:1:h', text: '0.462', card: 'h' },
  { id: 'backward:4:da', text: '0.285', card: 'da' },
  // L has no node of its own in the diagram (the per-step ℓ_t are its y nodes).
  { id: 'loss::total', text: '5.57', card: 'L', noNode: true },
  { id: 'update::W_hh', text: '0.154', card: "W_hh'" },
];

test('practice mode: what an asked step writes is not in the DOM in any view; outside practice it is', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  for (const { id, text } of HIDDEN) {
    await p.goTo(stepIndex(p, id));
    assert.ok(await inDom(p.page, text), `${id}: ${text} is shown outside practice mode`);
  }
  await practise(ctx, p, memoryStore());
  for (const { id, text, card, noNode } of HIDDEN) {
    await p.goTo(stepIndex(p, id));
    assert.equal(await inDom(p.page, text), false, `${id}: ${text} is in the page in practice mode`);
    const hidden = await p.page.$$eval('.tensor-card[data-role="write"]', (els) =>
      els.map((e) => /** @type {HTMLElement} */ (e).dataset.hidden),
    );
    assert.ok(hidden.length > 0 && hidden.every((h) => h === 'true'), `${id}: written cards ${hidden}`);
    assert.ok(await p.page.$(`[data-testid="tensor-${card}"][data-hidden="true"]`), `${id}: card ${card} hidden`);
    const cells = await p.page.$$eval(`[data-testid="tensor-${card}"] .cell`, (els) => els.map((e) => e.textContent));
    assert.ok(
      cells.every((c) => c === '?'),
      `${id}: cells ${cells}`,
    );
    const asked = (await p.page.$$('[data-testid="unrolled"] .asked')).length;
    assert.ok(noNode || asked > 0, `${id}: the diagram marks it asked`);
    const numeric = await p.page.$eval('[data-testid="equation-numeric"] .katex-html', (e) => e.textContent ?? '');
    assert.match(numeric, /=\s*\?/, `${id}: the equation ends in ?: ${numeric}`);
  }
  // Leaving practice shows the numbers again.
  const before = p.reports.length;
  await p.page.click('[data-testid="practice-exit"]');
  await p.waitFor(
    (r) => p.reports.indexOf(r) >= before && r.practice === undefined && r.stepIndex === stepIndex(p, 'update::W_hh'),
  );
  assert.ok(await inDom(p.page, '0.154'));
  assert.equal(await p.page.$('[data-hidden="true"]'), null);
  assert.deepEqual(p.errors, []);
});

test('practice mode: right and wrong answers on h₁ and δa₄, hints, focus, and progress after a reload', async (ctx) => {
  const store = memoryStore();
  const p = await ctx.open(ctx.example('hi-there-class'));
  await p.goTo(stepIndex(p, 'forward:1:h'));
  await practise(ctx, p, store);
  assert.match(await focused(p.page), /^Your answer for h₁ \(a number\)/);
  assert.equal(await p.page.$eval('[data-testid="practice-status"]', (e) => e.getAttribute('role')), 'status');
  assert.equal(
    await answer(p, 'h₁', '-0.4621'),
    'Not quite: the sign is flipped — check each minus sign on the way to h₁.',
  );
  assert.equal(await inDom(p.page, '0.462'), false, 'a wrong answer reveals nothing');
  assert.equal(await answer(p, 'h₁', '0.4621'), 'Correct: h₁ = 0.46211715726000974');
  assert.deepEqual(await p.page.$$eval('[data-testid="tensor-h"] .cell', (els) => els.map((e) => e.textContent)), [
    '0.4621',
  ]);
  assert.equal(await p.page.textContent('[data-testid="practice-summary"]'), '1 of 51 steps correct, 0 hints');

  await p.goTo(stepIndex(p, 'backward:4:da'));
  assert.match(await focused(p.page), /^Your answer for δa₄/, 'the new step has the answer box focused');
  assert.equal(
    await answer(p, 'δa₄', '0.3'),
    'Not quite: this is not δa₄, and not a slip I recognize — check the equation term by term.',
  );
  const n = p.reports.length;
  await p.page.click('[data-testid="practice-hint"]');
  await p.waitFor((r) => p.reports.indexOf(r) >= n);
  await p.page.waitForSelector('[data-testid="practice-hints"] li');
  const hint = await p.page.textContent('[data-testid="practice-hints"]');
  assert.match(hint ?? '', /^The equation: /);
  assert.equal(await inDom(p.page, '0.285'), false, 'the first hint does not give δa₄ away');
  // The README's picture (media/screenshots/practice.png is a copy of it).
  await p.page.screenshot({ path: join(ctx.screenshots, 'practice-dark.png'), fullPage: false });
  assert.equal(await answer(p, 'δa₄', '2.851e-1'), 'Correct: δa₄ = 0.2850659086801632');
  assert.equal(await p.page.textContent('[data-testid="practice-summary"]'), '2 of 51 steps correct, 1 hint');

  // Back to h₁: the answer given is shown again.
  await p.goTo(stepIndex(p, 'forward:1:h'));
  const box = p.page.getByRole('textbox', { name: /^Your answer for h₁/ });
  assert.equal(await box.inputValue(), '0.4621');
  assert.equal(await statusText(p.page), 'Correct: h₁ = 0.46211715726000974');

  // A reload: a new panel over the same store keeps the progress.
  const q = await ctx.open(ctx.example('hi-there-class'));
  await q.goTo(stepIndex(q, 'backward:4:da'));
  await practise(ctx, q, store);
  assert.equal(await q.page.textContent('[data-testid="practice-summary"]'), '2 of 51 steps correct, 1 hint');
  assert.equal(await q.page.getByRole('textbox', { name: /^Your answer for δa₄/ }).inputValue(), '2.851e-1');
  // Reset progress forgets it.
  const m = q.reports.length;
  await q.page.click('[data-testid="practice-reset"]');
  await q.waitFor((r) => q.reports.indexOf(r) >= m && r.practice === '0 of 51 steps correct, 0 hints');
  assert.deepEqual([...p.errors, ...q.errors], []);
});
