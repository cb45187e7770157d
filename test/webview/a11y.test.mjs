// @ts-check
// Accessibility of the stepper panel, checked by axe-core in real Chromium: on every example, at a
// forward, a backward and the update step, in the dark theme (the seed example also in the light and
// high-contrast themes), in practice mode, and with "Why it learns" and training statistics shown,
// no violation of impact "serious" or "critical" (axe.mjs).

import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { seriousViolations } from './axe.mjs';
import { ROOT } from './harness.mjs';
import { test } from './runner.mjs';

const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.rnn.json'))
  .map((f) => f.replace(/\.rnn\.json$/, ''));

// Every example in the dark theme; the seed example in the light and high-contrast themes too.
/** @typedef {[string, import('./types').ThemeName]} Run */
const RUNS = [
  ...EXAMPLES.map((name) => /** @type {Run} */ ([name, 'dark'])),
  /** @type {Run} */ (['hi-there-class', 'light']),
  /** @type {Run} */ (['hi-there-class', 'high-contrast']),
];

test('axe-core: no serious or critical violation in the panel (every example, three steps, three themes)', async (ctx) => {
  /** @type {string[]} */
  const found = [];
  for (const [name, theme] of RUNS) {
    {
      const p = await ctx.open(ctx.example(name), { theme, width: 600 });
      const steps = p.session.trace.steps;
      const picks = [
        steps.findIndex((s) => s.phase === 'forward'),
        steps.findIndex((s) => s.phase === 'backward'),
        steps.length - 1,
      ];
      for (const i of picks) {
        await p.goTo(i);
        for (const v of await seriousViolations(p.page)) found.push(`${name} ${theme} step ${i}: ${v}`);
      }
      await p.page.close();
    }
  }
  if (process.env.A11Y_DUMP) (await import('node:fs')).writeFileSync(process.env.A11Y_DUMP, found.join('\n'));
  assert.deepEqual(found, []);
});

test('axe-core: no serious or critical violation in practice mode (a verdict and a hint shown, three themes)', async (ctx) => {
  /** @type {string[]} */
  const found = [];
  for (const theme of /** @type {const} */ (['dark', 'light', 'high-contrast'])) {
    const p = await ctx.open(ctx.example('hi-there-class'), { theme, width: 600 });
    const store = new Map();
    const n = p.reports.length;
    p.controller.setPractice(
      new ctx.host.PracticeSession(p.session, { get: (k) => store.get(k), update: (k, v) => void store.set(k, v) }),
    );
    await p.waitFor((r) => r.practice !== undefined && p.reports.indexOf(r) >= n);
    await p.goTo(p.session.trace.steps.findIndex((s) => s.id === 'backward:4:da'));
    const box = p.page.getByRole('textbox', { name: /^Your answer for δa₄/ });
    await box.fill('0.3');
    await box.press('Enter');
    await p.page.waitForFunction(() => document.querySelector('[data-testid="practice-status"]')?.textContent);
    await p.page.click('[data-testid="practice-hint"]');
    await p.page.waitForSelector('[data-testid="practice-hints"] li');
    for (const v of await seriousViolations(p.page)) found.push(`${theme}: ${v}`);
    await p.page.close();
  }
  assert.deepEqual(found, []);
});

test('axe-core: no serious or critical violation with "Why it learns" open (gradient flow, training statistics, three themes)', async (ctx) => {
  /** @type {string[]} */
  const found = [];
  for (const theme of /** @type {const} */ (['dark', 'light', 'high-contrast'])) {
    const p = await ctx.open(ctx.example('hi-there-class'), { theme, width: 600 });
    await p.page.click('[data-testid="flow-toggle"]');
    await p.page.waitForFunction(() => document.querySelector('[data-testid="flow-sentence"]')?.textContent);
    const norms = [0.002, 0.05, 3, 120];
    p.controller.training({
      step: 4,
      total: 4,
      state: 'done',
      divergedAt: 3,
      losses: [3, 2.5, 2, 9],
      gradNorms: norms,
      clipFactors: norms.map((g) => Math.min(1, 5 / g)),
      learningRates: norms.map(() => 0.1),
      finalLoss: 0.6,
      record: {},
    });
    await p.page.waitForSelector('[data-testid="stats-chart"] .diverged', { state: 'attached' });
    for (const v of await seriousViolations(p.page)) found.push(`${theme}: ${v}`);
    await p.page.close();
  }
  assert.deepEqual(found, []);
});

test('axe-core finds a planted violation (the check is live)', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  await p.page.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'planted';
    document.body.append(b); // a button with no accessible name: "button-name", critical
  });
  const v = await seriousViolations(p.page);
  assert.ok(
    v.some((x) => x.startsWith('button-name')),
    `expected the planted unnamed button to be reported: ${v}`,
  );
});
