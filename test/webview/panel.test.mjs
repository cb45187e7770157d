// @ts-check
// The panel in real Chromium, fed by the real host controller over the real engine: the seed's
// numbers and equations at chosen steps, hover and keyboard, the scrubber, stale edits, LSTM and GRU
// gates, a 128×128 model on canvas, the saved state, theme changes, a never-valid file, training.

import { strict as assert } from 'node:assert';
import { FakeSession } from './fakeSession.mjs';
import { openPanel } from './harness.mjs';
import { test } from './runner.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('./types').RunningSession} RunningSession */
/** @typedef {import('../../src/engine/trace/trace').Phase} Phase */
/** KaTeX's visible text (its MathML beside it is for screen readers).
 *  @param {Page} page @param {string} id */
const visibleMath = (page, id) =>
  page.$$eval(`[data-testid="${id}"] .katex-html`, (els) => els.map((e) => e.textContent).join(''));

/** `x`, failing the test when it is null or undefined.
 *  @template T @param {T | null | undefined} x @param {string} what @returns {T} */
const must = (x, what) => {
  assert.ok(x !== null && x !== undefined, `${what} is missing`);
  return x;
};
/** @param {string} id */
const tid = (id) => `[data-testid="${id}"]`;
/** @param {Page} page @param {string} id */
const text = async (page, id) => (await page.textContent(tid(id))) ?? '';
/** @param {Page} page @param {string} id */
const cells = (page, id) => page.$$eval(`${tid(id)} .cell`, (els) => els.map((e) => e.textContent));
/** @param {Page} page */
const tooltip = async (page) => (await page.textContent('#rnn-tooltip')) ?? '';
/** The index of the first step of `phase` at `t`, of `kind` if given (-1 if none).
 *  @param {RunningSession} session @param {Phase} phase @param {number | null} t @param {string} [kind] */
const index = (session, phase, t, kind) =>
  session.trace.steps.findIndex((s) => s.phase === phase && s.t === t && (kind === undefined || s.kind === kind));

/** What the panel shows, for before/after comparisons.
 *  @param {Page} page */
const snapshot = (page) =>
  page.evaluate(() => ({
    title: document.querySelector('[data-testid="step-title"]')?.textContent,
    symbolic: document.querySelector('[data-testid="equation-symbolic"]')?.textContent,
    numeric: document.querySelector('[data-testid="equation-numeric"]')?.textContent,
    tensors: [.../** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.tensor-card'))].map((c) => [
      c.dataset.testid,
      c.dataset.role,
      c.textContent,
    ]),
    unrolled: [...document.querySelectorAll('[data-testid="unrolled"] .read, [data-testid="unrolled"] .write')].map(
      (e) => `${e.getAttribute('class')}:${e.textContent}`,
    ),
    slider: document.querySelector('[data-testid="timeline"]')?.getAttribute('aria-valuenow'),
  }));

test('renders the seed example: first step, timeline, unrolled tokens', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  assert.equal(await text(p.page, 'step-title'), 'pre-activation a₁');
  assert.match(await text(p.page, 'equation-numeric'), /=0\.5$/);
  const slider = must(await p.page.$(tid('timeline')), 'the timeline');
  assert.equal(await slider.getAttribute('role'), 'slider');
  assert.equal(await slider.getAttribute('aria-valuenow'), '0');
  assert.equal(await slider.getAttribute('aria-valuemax'), String(p.session.trace.steps.length - 1));
  const tokens = await p.page.$$eval(`${tid('unrolled')} text.token.input`, (els) => els.map((e) => e.textContent));
  assert.deepEqual(tokens, ['hi', 'there', 'class', '!']);
  assert.deepEqual(p.errors, []);
});

test('forward t=1: h₁ = tanh(0.5) = 0.4621…, with h₁ written and a₁ read', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  const r = await p.goTo(index(p.session, 'forward', 1, 'h'));
  assert.equal(r.title, 'hidden state h₁');
  assert.match(r.equationText, /tanh\(0\.5\)=0\.4621/);
  assert.equal(r.equationText, await visibleMath(p.page, 'equation-numeric'));
  assert.deepEqual(await cells(p.page, 'tensor-h'), ['0.4621']);
  assert.equal(await p.page.getAttribute(tid('tensor-h'), 'data-role'), 'write');
  assert.equal(await p.page.getAttribute(tid('tensor-a'), 'data-role'), 'read');
  assert.equal(await p.page.$$eval(`${tid('unrolled')} .write`, (els) => els.map((e) => e.textContent).join()), 'h₁');
});

test('backward t=4: δa₄ = 0.28977 · (1 − h₄²) = 0.285066, the gradient drawn for t=4 only', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  const r = await p.goTo(index(p.session, 'backward', 4, 'da'));
  assert.equal(r.title, 'pre-activation gradient δa₄');
  assert.match(r.equationText, /0\.285066$/);
  assert.deepEqual(await cells(p.page, 'tensor-da'), ['0.2851']);
  const visible = await p.page.$$eval(`${tid('unrolled')} .edge.grad`, (els) =>
    els.map((e) => e.getAttribute('visibility')),
  );
  assert.deepEqual(visible, ['hidden', 'hidden', 'hidden', 'visible']);
  const bars = must(await p.page.getAttribute(`${tid('grad-chart')} path.bars`, 'd'), 'the bars');
  assert.equal((bars.match(/M/g) ?? []).length, 1, 'one bar: ‖δh₄‖');
  assert.match(await text(p.page, 'step-title'), /δa₄/);
});

test('BPTT fills the gradient-norm chart from t=T down to h₀', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  const counts = [];
  for (const t of [4, 3, 2, 1]) {
    await p.goTo(index(p.session, 'backward', t, 'dhprev'));
    const d = must(await p.page.getAttribute(`${tid('grad-chart')} path.bars`, 'd'), 'the bars');
    counts.push((d.match(/M/g) ?? []).length);
  }
  assert.deepEqual(counts, [1, 2, 3, 5]);
});

test('update: W_hh′ = 0.2 − 0.1 · 0.452095 = 0.154791', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  const r = await p.goTo(index(p.session, 'update', null, 'W_hh'));
  assert.equal(r.title, 'update W_hh');
  assert.match(r.equationText, /0\.154791/);
  assert.deepEqual(await cells(p.page, "tensor-W_hh'"), ['0.1548']);
});

test('hovering a cell shows its exact value, and a weight its gradient', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  await p.goTo(index(p.session, 'forward', 1, 'h'));
  await p.page.hover(`${tid('tensor-h')} .cell`);
  assert.equal(await tooltip(p.page), `h₁ = ${String(p.session.trace.series.h[0])}`);
  await p.goTo(index(p.session, 'update', null, 'W_hh'));
  await p.page.hover(`${tid('tensor-W_hh')} .cell`);
  const tip = await tooltip(p.page);
  assert.ok(tip.includes('W_hh[0, 0] = 0.2'), tip);
  assert.ok(tip.includes(`∂L/∂W_hh[0, 0] = ${String(p.session.trace.grads.W_hh.data[0])}`), tip);
  assert.ok(tip.includes('0.452094511014637'), tip);
});

test('keyboard: the timeline slider moves by step, by group, and to the ends', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  const last = p.session.trace.steps.length - 1;
  await p.page.focus(tid('timeline'));
  const press = async (/** @type {string} */ key, /** @type {number} */ expected) => {
    const n = p.reports.length;
    await p.page.keyboard.press(key);
    await p.waitFor((r) => r.stepIndex === expected && p.reports.indexOf(r) >= n);
    assert.equal(await p.page.getAttribute(tid('timeline'), 'aria-valuenow'), String(expected));
  };
  await press('ArrowRight', 1);
  await press('PageDown', 5);
  await press('PageUp', 0);
  await press('End', last);
  await press('ArrowLeft', last - 1);
  await press('Home', 0);
  assert.equal(p.session.cursor, 0);
});

test('dragging the scrubber moves the cursor, through BPTT to the end', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  const box = must(await p.page.locator('.timeline-track').boundingBox(), 'the track');
  const backward = must(await p.page.locator('.timeline-phase.phase-backward').boundingBox(), 'BPTT');
  await p.page.mouse.move(backward.x + backward.width * 0.1, box.y + box.height / 2);
  await p.page.mouse.down();
  await p.waitFor((r) => r.stepId.startsWith('backward:4:'));
  await p.page.mouse.move(box.x + box.width - 2, box.y + box.height / 2, { steps: 8 });
  await p.page.mouse.up();
  const last = p.session.trace.steps.length - 1;
  await p.waitFor((r) => r.stepIndex === last);
  assert.equal(p.session.cursor, last);
});

test('Step Forward then Step Backward shows an identical panel', async (ctx) => {
  const p = await ctx.open(ctx.example('lstm-hello'));
  const ids = ['forward:2:c', 'backward:3:da_f', 'clip::clip', 'update::W_hf'];
  for (const id of ids) {
    const i = p.session.trace.steps.findIndex((s) => s.id === id);
    await p.goTo(i);
    const before = await snapshot(p.page);
    const next = Math.min(i + 1, p.session.trace.steps.length - 1);
    await p.goTo(next);
    assert.notDeepEqual(await snapshot(p.page), before);
    await p.goTo(i);
    assert.deepEqual(await snapshot(p.page), before, id);
  }
});

test('an invalid edit keeps the last run on screen, marked stale with line:column', async (ctx) => {
  const good = ctx.example('hi-there-class');
  const p = await ctx.open(good);
  await p.goTo(7);
  p.session.setText(good.replace('"W_hh": [[0.2]]', '"W_hh": [[0.2, 0.1]]'));
  const r = await p.waitFor((x) => x.stale);
  assert.equal(r.stepIndex, 7);
  assert.equal(await p.page.isVisible(tid('stale-banner')), true);
  const banner = await text(p.page, 'stale-banner');
  assert.match(banner, /last good run/);
  const pos = await p.page.$$eval('.problem-pos', (els) => els.map((e) => e.textContent));
  const lines = p.session.problems.filter((x) => x.severity === 'error').map((x) => `${x.line}:${x.column}`);
  assert.deepEqual(pos, lines);
  assert.ok(pos.length > 0);
  // Fixing the file brings a fresh run back, on the same step.
  p.session.setText(good.replace('"W_hh": [[0.2]]', '"W_hh": [[0.3]]'));
  const fixed = await p.waitFor((x) => !x.stale && p.reports.indexOf(x) > p.reports.indexOf(r));
  assert.equal(fixed.stepIndex, 7);
  assert.equal(await p.page.isVisible(tid('stale-banner')), false);
});

test('a number-only edit keeps the timeline and the diagram, and shows the new numbers', async (ctx) => {
  const good = ctx.example('hi-there-class');
  const p = await ctx.open(good);
  const at = index(p.session, 'forward', 2, 'a');
  const before = await p.goTo(at);
  assert.match(before.equationText, /0\.2/);
  // Nodes built once per run: a new run would replace them.
  await p.page.evaluate(() => {
    window.__phase = document.querySelector('.timeline-phase');
    window.__diagram = document.querySelector('[data-testid="unrolled"]')?.firstElementChild;
  });
  p.session.setText(good.replace('"W_hh": [[0.2]]', '"W_hh": [[0.3]]'));
  const after = await p.waitFor((x) => p.reports.indexOf(x) > p.reports.indexOf(before));
  assert.equal(after.stepIndex, at);
  assert.match(after.equationText, /0\.3/);
  assert.notEqual(after.equationText, before.equationText);
  const kept = await p.page.evaluate(() => [
    window.__phase === document.querySelector('.timeline-phase') && /** @type {Element} */ (window.__phase).isConnected,
    window.__diagram === document.querySelector('[data-testid="unrolled"]')?.firstElementChild,
  ]);
  assert.deepEqual(kept, [true, true]);
  assert.deepEqual(await cells(p.page, 'tensor-W_hh'), ['0.3']);
  assert.deepEqual(p.errors, []);
});

test('keyboard: arrow keys in a tensor card read its values', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  const main = () => p.page.textContent('#rnn-tooltip .tooltip-main');
  await p.page.focus(tid('tensor-W_hy'));
  assert.equal(await main(), 'W_hy[0, 0] = 1');
  assert.equal(await p.page.textContent('#rnn-tooltip .tooltip-sub'), '∂L/∂W_hy[0, 0] = 0 (accumulated by this step)');
  await p.page.keyboard.press('ArrowDown');
  await p.page.keyboard.press('ArrowDown');
  assert.equal(await main(), 'W_hy[2, 0] = -0.5');
  await p.page.keyboard.press('Escape');
  assert.equal(await p.page.isVisible('#rnn-tooltip'), false);
});

for (const [file, gates, c] of /** @type {[string, string[], boolean][]} */ ([
  ['lstm-hello', ['i', 'f', 'g', 'o'], true],
  ['gru-sine', ['r', 'z', 'n'], false],
])) {
  test(`${file}: every step paints its own title and equation; the cell shows its gates`, async (ctx) => {
    const p = await ctx.open(ctx.example(file));
    const steps = p.session.trace.steps;
    for (let i = 0; i < steps.length; i++) {
      const r = await p.goTo(i);
      assert.equal(r.title, steps[i].title);
      assert.ok(r.equationText.length > 0, steps[i].id);
    }
    const chipText = await p.page.$$eval(`${tid('unrolled')} .chip.gate text`, (els) => els.map((e) => e.textContent));
    const T = p.session.trace.model.steps;
    assert.deepEqual(chipText, Array.from({ length: T }, () => gates).flat());
    assert.equal((await p.page.$$(`${tid('unrolled')} .chip-c`)).length, c ? T : 0);
    assert.deepEqual(p.errors, []);
    // Each gate's forward step marks its own chip as written.
    for (const g of gates) {
      await p.goTo(index(p.session, 'forward', 2, g === 'n' ? 'n' : g));
      const written = await p.page.$$eval(`${tid('unrolled')} .write`, (els) => els.map((e) => e.textContent));
      assert.ok(written.includes(g), `${g}: ${written}`);
    }
  });
}

test('char-rnn-128: 128×128 weights on a canvas, exact values on hover', async (ctx) => {
  const p = await ctx.open(ctx.charModel('rnn', 128, 65, 100), { width: 1200 });
  const trace = p.session.trace;
  const i = index(p.session, 'backward', 50, 'dW');
  await p.goTo(i);
  const size = await p.page.$eval(`${tid('tensor-W_hh')} canvas`, (c) => [
    /** @type {HTMLCanvasElement} */ (c).width,
    /** @type {HTMLCanvasElement} */ (c).height,
  ]);
  assert.deepEqual(size, [128, 128]);
  const canvas = p.page.locator(`${tid('tensor-W_hh')} canvas`);
  await canvas.scrollIntoViewIfNeeded();
  const box = must(await canvas.boundingBox(), 'the canvas');
  // Row 10, column 37: the centre of that cell.
  await p.page.mouse.move(box.x + ((37 + 0.5) / 128) * box.width, box.y + ((10 + 0.5) / 128) * box.height);
  const tip = await tooltip(p.page);
  assert.ok(tip.startsWith(`W_hh[10, 37] = ${String(trace.model.params.W_hh.data[10 * 128 + 37])}`), tip);
  assert.match(tip, /∂L\/∂W_hh\[10, 37\] = /);
  // 20 consecutive steps each paint (their speed is measured by `npm run bench`, not here).
  for (let k = 1; k <= 20; k++) assert.equal((await p.goTo(i + k)).stepIndex, i + k);
});

test('the panel saves its document and step for the serializer', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'), { uri: 'file:///ws/hi-there-class.rnn.json' });
  await p.goTo(24);
  const state = /** @type {import('../../webview/state').PanelState} */ (
    await p.page.evaluate(() => window.__savedState)
  );
  assert.equal(state.uri, 'file:///ws/hi-there-class.rnn.json');
  assert.equal(state.stepIndex, 24);
  assert.equal(state.stepId, p.session.trace.steps[24].id);
});

test('switching the theme repaints the heatmaps from the new theme colours', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'), { theme: 'dark' });
  const colour = () => p.page.$eval(`${tid('tensor-W_xh')} .cell`, (c) => getComputedStyle(c).backgroundColor);
  const dark = await colour();
  await p.setTheme('light');
  await p.page.waitForFunction(
    (d) =>
      getComputedStyle(/** @type {Element} */ (document.querySelector('[data-testid="tensor-W_xh"] .cell')))
        .backgroundColor !== d,
    dark,
  );
  assert.notEqual(await colour(), dark);
});

test('a file that never parsed shows its problems and no run', async (ctx) => {
  const bad = ctx.example('hi-there-class').replace('"W_hh": [[0.2]]', '"W_hh": [[0.2, 0.1]]');
  const session = new FakeSession('file:///w/bad.rnn.json', ctx.host, bad);
  const p = await openPanel(ctx.browser, ctx.origin, ctx.host, session, {});
  ctx.pages.push(p.page);
  await p.page.waitForSelector('[data-testid="stale-banner"]:not([hidden])');
  const pos = await p.page.$$eval('.problem-pos', (els) => els.map((e) => e.textContent));
  assert.deepEqual(
    pos,
    session.problems.filter((x) => x.severity === 'error').map((x) => `${x.line}:${x.column}`),
  );
  assert.equal(await p.page.isVisible('.panel-grid'), false);
  assert.match((await p.page.textContent('.empty-note')) ?? '', /Fix the problems/);
  // Fixing it brings the first run.
  session.setText(ctx.example('hi-there-class'));
  const r = await p.waitFor((x) => x.stepIndex === 0);
  assert.equal(r.stale, false);
  assert.equal(await p.page.isVisible('[data-testid="stale-banner"]'), false);
});

test('a training run draws its loss curve', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  assert.equal(await p.page.isVisible(tid('training')), false);
  p.controller.training({ state: 'running', step: 3, total: 10, losses: [5.5735, 5.2, 4.9] });
  await p.page.waitForSelector(`${tid('training')}:not([hidden])`);
  assert.equal(await p.page.textContent('.training-status'), 'step 3 / 10 · training…');
  p.controller.training({
    state: 'done',
    step: 10,
    total: 10,
    losses: [5.5735, 5.2, 4.9, 4.6, 4.4, 4.2, 4.1, 4.0, 3.9, 3.85],
    finalLoss: 3.8,
  });
  await p.page.waitForFunction(() => document.querySelector('.training-status')?.textContent?.includes('done'));
  assert.equal(await p.page.textContent('.training-status'), 'step 10 / 10 · done · final L = 3.8');
  const d = must(await p.page.getAttribute('.loss-line', 'd'), 'the loss line');
  assert.equal((d.match(/[ML]/g) ?? []).length, 10, 'one point per completed step');
});

test('the unrolled network tells a value from its gradient: forward marks h₂, BPTT marks δh₂ (not h₂)', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  /** @param {string} cls */
  const marks = (cls) =>
    p.page.$$eval(`${tid('unrolled')} .${cls}`, (els) =>
      els.filter((e) => e.tagName === 'g').map((e) => e.textContent),
    );
  await p.goTo(index(p.session, 'forward', 2, 'h'));
  assert.deepEqual(await marks('write'), ['h₂']);
  assert.deepEqual(await marks('grad-write'), []);
  const dh = p.session.trace.steps.findIndex(
    (s) => s.phase === 'backward' && s.t === 2 && s.writes.some((w) => w.name === 'dh' && w.t === 2),
  );
  assert.ok(dh > 0, 'a BPTT step writes δh₂');
  await p.goTo(dh);
  assert.ok((await marks('grad-write')).includes('δh₂'), `δh₂ marked: ${await marks('grad-write')}`);
  assert.ok(!(await marks('write')).includes('h₂'), 'h₂ is not marked as written by a gradient step');
  // Back to the forward step: the label is h₂ again, marked as a value.
  await p.goTo(index(p.session, 'forward', 2, 'h'));
  assert.deepEqual(await marks('write'), ['h₂']);
  assert.equal(await p.page.$$eval(`${tid('unrolled')} .grad-write`, (els) => els.length), 0);
  const legend = (await p.page.textContent('.legend')) ?? '';
  assert.match(legend, /gradient written \(δ\)/);
  assert.deepEqual(p.errors, []);
});

test('tokens that print as nothing show visibly: a space as ␣, a newline as ⏎', async (ctx) => {
  const text = ctx
    .example('hi-there-class')
    .replace('"vocab": ["hi", "there", "class", "!"]', '"vocab": [" ", "\\n", "a", "!"]')
    .replace('"inputs": ["hi", "there", "class", "!"]', '"inputs": [" ", "\\n", "a", " "]')
    .replace('"targets": ["there", "class", "!", "!"]', '"targets": ["\\n", "a", " ", "!"]');
  const p = await ctx.open(text);
  const tokens = await p.page.$$eval(`${tid('unrolled')} text.token.input`, (els) => els.map((e) => e.textContent));
  assert.deepEqual(tokens, ['␣', '⏎', 'a', '␣']);
  const targets = await p.page.$$eval(`${tid('unrolled')} text.token.target`, (els) => els.map((e) => e.textContent));
  assert.deepEqual(targets, ['→ ⏎', '→ a', '→ ␣', '→ !']);
  await p.goTo(index(p.session, 'forward', 1, 'a'));
  const names = await p.page.$$eval('.tensor-card', (els) => els.map((e) => e.textContent));
  assert.ok(
    names.some((n) => n.includes('x₁ (␣)')),
    `x₁'s label shows ␣: ${names.map((n) => n.slice(0, 20))}`,
  );
  assert.deepEqual(p.errors, []);
});
