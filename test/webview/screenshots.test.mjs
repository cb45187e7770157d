// @ts-check
// Screenshots of the panel as test artifacts (test-results/screenshots/): the seed example in the
// dark, light and high-contrast themes, an LSTM in BPTT, a 128-unit model, a narrow panel, and the
// equation card alone in a 480 px panel.
// Each also checks the page does not overflow sideways (wide content scrolls inside its card).

import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from './runner.mjs';

/** @typedef {{ name: string, model: (c: Ctx) => string, step: string, theme: ThemeName, width: number,
 *    element?: string }} Shot */
/** @typedef {import('./types').Ctx} Ctx */
/** @typedef {import('./types').ThemeName} ThemeName */
/** @type {Shot[]} */
const SHOTS = [
  { name: 'panel-dark', model: (c) => c.example('hi-there-class'), step: 'backward:3:da', theme: 'dark', width: 1100 },
  { name: 'panel-light', model: (c) => c.example('hi-there-class'), step: 'forward:2:a', theme: 'light', width: 1100 },
  {
    name: 'panel-high-contrast',
    model: (c) => c.example('hi-there-class'),
    step: 'update::W_hh',
    theme: 'high-contrast',
    width: 1100,
  },
  {
    name: 'panel-lstm-dark',
    model: (c) => c.example('lstm-hello'),
    step: 'backward:2:da_f',
    theme: 'dark',
    width: 1100,
  },
  { name: 'panel-gru-light', model: (c) => c.example('gru-sine'), step: 'forward:3:z', theme: 'light', width: 1100 },
  {
    name: 'panel-char-rnn-128-dark',
    model: (c) => c.charModel('rnn', 128, 65, 100),
    step: 'backward:60:dW',
    theme: 'dark',
    width: 1280,
  },
  {
    name: 'panel-narrow-dark',
    model: (c) => c.example('hi-there-class'),
    step: 'backward:2:dh',
    theme: 'dark',
    width: 560,
  },
  // The equation card alone at a 480 px panel: long sums wrap, the result stays in view.
  {
    name: 'equation-lstm-narrow-dark',
    model: (c) => c.example('lstm-hello'),
    step: 'forward:1:i',
    theme: 'dark',
    width: 480,
    element: '.eq-card',
  },
  {
    name: 'equation-many-to-one-narrow-light',
    model: (c) => c.example('sentiment-many-to-one'),
    step: 'forward:2:a',
    theme: 'light',
    width: 480,
    element: '.eq-card',
  },
];

for (const shot of SHOTS) {
  test(`screenshot ${shot.name}`, async (ctx) => {
    const p = await ctx.open(shot.model(ctx), { theme: shot.theme, width: shot.width, height: 800 });
    const i = p.session.trace.steps.findIndex((s) => s.id === shot.step);
    assert.ok(i >= 0, shot.step);
    await p.goTo(i);
    await p.page.evaluate(() => document.fonts.ready);
    const overflow = await p.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `${shot.name}: the page overflows sideways by ${overflow}px`);
    const path = join(ctx.screenshots, `${shot.name}.png`);
    if (shot.element) await p.page.locator(shot.element).screenshot({ path });
    else await p.page.screenshot({ path, fullPage: true });
    assert.deepEqual(p.errors, []);
  });
}
