// @ts-check
// What keeps a step cheap, in real Chromium: the equations the host says come next are staged
// while the panel is idle, and showing one changes which slot shows — the very node, no new
// subtree; a burst of steps (Play, a held key) draws only the newest, yet keeps every step's
// numbers; the MathML a screen reader reads is there once the step has settled.

import { strict as assert } from 'node:assert';
import { charModel } from './charModel.mjs';
import { test } from './runner.mjs';

/** @typedef {import('playwright-core').Page} Page */

/** Marks every equation slot now in the numeric region (a property, not an attribute: no change
 *  to the page), and records from now on the nodes put into the region.
 *  @param {Page} page */
const markSlots = (page) =>
  page.evaluate(() => {
    const w = /** @type {any} */ (window);
    const region = /** @type {HTMLElement} */ (document.querySelector('.eq-slots.eq-numeric'));
    for (const slot of region.children) /** @type {any} */ (slot).__marked = true;
    w.__added = [];
    w.__observer?.disconnect();
    w.__observer = new MutationObserver((records) => {
      for (const r of records) w.__added.push(...r.addedNodes);
    });
    w.__observer.observe(region, { childList: true, subtree: true });
  });

/** The shown numeric slot: whether it was in the page when marked, and how many nodes were put
 *  into it since, bar its MathML (added once it settles: typesetCache.ts withMathml). Slots
 *  staged meanwhile for the next steps are not counted.
 *  @param {Page} page */
const shownSlot = (page) =>
  page.evaluate(() => {
    const w = /** @type {any} */ (window);
    const slot = /** @type {any} */ (document.querySelector('[data-testid="equation-numeric"]'));
    const inserted = /** @type {Node[]} */ (w.__added).filter(
      (n) => slot?.contains(n) && !(n instanceof Element && n.classList.contains('katex-mathml')),
    ).length;
    return { marked: slot?.__marked === true, inserted };
  });

/** Waits until the panel has staged what the host's prefetch named: the prefetch has reached the
 *  page (it leaves the host PREFETCH_DELAY_MS after the step) and the panel's idle work is done
 *  (the staged slots stop changing across idle periods). @param {import('./types').Panel} p */
const idleStaged = async (p) => {
  await new Promise((ok) => setTimeout(ok, 50));
  await p.flush();
  await p.page.evaluate(async () => {
    const count = () => document.querySelectorAll('.eq-numeric .eq-staged').length;
    const idle = () => new Promise((ok) => requestIdleCallback(() => ok(undefined), { timeout: 500 }));
    let before = -1;
    for (let k = 0; k < 50 && count() !== before; k++) {
      before = count();
      await idle();
      await idle();
    }
  });
};

/** The panel of hi-there-class at its step forward:2:a (a₂). @param {import('./types').Ctx} ctx */
const openAtA2 = async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  const steps = p.session.trace.steps;
  const at = steps.findIndex((s) => s.id === 'forward:2:a');
  await p.goTo(at);
  return { p, steps, at };
};

/** Records from now on the tensor cards taken out of a section's grid (window.__moved).
 *  @param {Page} page */
const watchCardMoves = (page) =>
  page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__moved = [];
    w.__cardObserver?.disconnect();
    w.__cardObserver = new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.removedNodes) w.__moved.push(/** @type {HTMLElement} */ (n).dataset?.testid);
    });
    for (const g of document.querySelectorAll('.tensor-grid')) w.__cardObserver.observe(g, { childList: true });
  });

/** Each tensor card's test id → the class of the section that holds it. @param {Page} page */
const cardSections = (page) =>
  page.evaluate(() => {
    /** @type {Record<string, string>} */
    const section = {};
    for (const c of document.querySelectorAll('.tensor-card'))
      section[/** @type {HTMLElement} */ (c).dataset.testid ?? ''] = c.closest('section')?.className ?? '';
    return section;
  });

test('a step to a neighbour shows the slot staged while idle: the same node, nothing inserted', async (ctx) => {
  const { p, steps, at } = await openAtA2(ctx);
  // The host's prefetch names Step Forward's, Step Backward's and Next Timestep's equations.
  await idleStaged(p);
  for (const next of [at + 1, at + 2]) {
    await markSlots(p.page);
    const before = await p.page.$eval('[data-testid="equation-numeric"] .katex-html', (e) => e.textContent);
    const r = await p.goTo(next);
    const slot = await shownSlot(p.page);
    assert.ok(slot.marked, `${steps[next].id}: shown in a new slot, not the staged one`);
    assert.equal(slot.inserted, 0, `${steps[next].id}: ${slot.inserted} nodes put into the region`);
    assert.notEqual(r.equationText, before, `${steps[next].id}: the equation did not change`);
    await idleStaged(p);
  }
  // Back: the step just left is staged too (it was shown), so Step Backward is as cheap.
  await markSlots(p.page);
  await p.goTo(at + 1);
  const back = await shownSlot(p.page);
  assert.ok(back.marked && back.inserted === 0, `Step Backward inserted ${back.inserted} nodes`);
  // Staged slots are out of the accessibility tree and not named for tests or screen readers.
  const names = await p.page.$$eval('.eq-staged', (els) =>
    els.map((e) => e.getAttribute('data-testid') ?? e.getAttribute('aria-label') ?? e.getAttribute('role')),
  );
  assert.ok(names.length > 0 && names.every((n) => n === null), `staged slots named: ${names}`);
  assert.deepEqual(p.errors, []);
});

test('a burst of steps draws only the newest, and keeps the numbers every step sent', async (ctx) => {
  // Large enough that tensors go by content key: each is sent once, later steps name it only.
  const p = await ctx.open(charModel('rnn', 24, 12, 12));
  const steps = p.session.trace.steps;
  const lossAt = steps.findIndex((s) => s.phase === 'loss');
  const end = lossAt + Math.floor((steps.length - lossAt) * 0.75);
  await p.goTo(lossAt - 1);
  // Every draw leaves a User Timing measure (webview/app.ts STEP_MEASURE): count them.
  await p.page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__draws = 0;
    new PerformanceObserver((list) => {
      w.__draws += list.getEntriesByName('rnn-step-render').length;
    }).observe({ type: 'measure' });
  });
  const from = p.reports.length;
  // Most of BPTT in one task, as Play at full speed or a held key can deliver it: the gradients
  // accumulated meanwhile go out once, in messages the panel does not draw.
  await p.burst(() => {
    for (let i = lossAt; i <= end; i++) p.session.setCursor(i);
  });
  const last = await p.waitFor((r) => r.stepIndex === end);
  await p.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50))));
  assert.equal(await p.page.evaluate(() => /** @type {any} */ (window).__draws), 1, 'steps drawn for the burst');
  const drawn = p.reports.slice(from).map((r) => r.stepIndex);
  assert.deepEqual(drawn, [end], `reported: ${drawn}`);
  assert.equal(last.title, steps[end].title);
  // The next steps name tensors that only the skipped messages carried: they resolve without a
  // resync, and the panel shows the engine's numbers.
  for (let i = end + 1; i < steps.length; i++) await p.goTo(i);
  /** @type {string[]} */
  const posted = await p.page.evaluate(() =>
    /** @type {any} */ (window).__posted.map((/** @type {any} */ m) => m.type),
  );
  assert.ok(!posted.includes('resync'), 'the panel lost numbers a skipped step carried');
  assert.equal(p.reports[p.reports.length - 1].stepId, steps[steps.length - 1].id);
  assert.deepEqual(p.errors, []);
});

test('the equation shown gets its MathML once the step settles, beside its HTML', async (ctx) => {
  const p = await ctx.open(ctx.example('lstm-hello'));
  const steps = p.session.trace.steps;
  for (const i of [3, 4, 5, Math.floor(steps.length / 2)]) {
    await p.goTo(i);
    const math = await p.page.evaluate(() => {
      const shown = [...document.querySelectorAll('[data-testid^="equation-"] .eq-line')];
      return {
        lines: shown.length,
        withMath: shown.filter((l) => l.querySelector('.katex-mathml > math')).length,
        hidden: shown.filter((l) => l.querySelector('.katex-html')?.getAttribute('aria-hidden') === 'true').length,
      };
    });
    assert.ok(math.lines >= 2, `step ${i}: ${math.lines} lines`);
    assert.equal(math.withMath, math.lines, `step ${i}: MathML on ${math.withMath} of ${math.lines} lines`);
    assert.equal(math.hidden, math.lines, `step ${i}: the HTML is not hidden from screen readers`);
  }
  assert.deepEqual(p.errors, []);
});

test("Play: each step is reported painted ('shown') after the next one's equation is staged; MathML waits for Pause", async (ctx) => {
  const { p, steps, at } = await openAtA2(ctx);
  await idleStaged(p);
  /** @type {number[]} */
  const shown = [];
  p.controller.onShown = () => shown.push(p.session.cursor);
  /** Moves as Play does (stepper/playScheduler.ts: the next step once the panel reported the last). */
  const playTo = async (/** @type {number} */ i) => {
    const n = shown.length;
    p.session.setCursor(i);
    assert.equal(p.controller.behind, true, `step ${i}: not waited for`);
    for (let k = 0; k < 200 && shown.length === n; k++) await new Promise((ok) => setTimeout(ok, 10));
    assert.deepEqual(shown.slice(n), [i], `step ${i}: reported painted`);
    assert.equal(p.controller.behind, false);
  };
  p.controller.playState(true, 60);
  await playTo(at + 1);
  for (const next of [at + 2, at + 3]) {
    // Reported only after the equation of the next step (sent with this one) was staged: showing
    // it now is a change of slot, nothing typeset on the step.
    await markSlots(p.page);
    const before = await p.page.$eval('[data-testid="equation-numeric"] .katex-html', (e) => e.textContent);
    await playTo(next);
    const slot = await shownSlot(p.page);
    assert.ok(slot.marked && slot.inserted === 0, `${steps[next].id}: not staged (${slot.inserted} nodes inserted)`);
    const now = await p.page.$eval('[data-testid="equation-numeric"] .katex-html', (e) => e.textContent);
    assert.notEqual(now, before, `${steps[next].id}: the equation did not change`);
  }
  // No MathML while playing, however long a step stays (EquationView MATHML_TIMEOUT_MS is 150 ms).
  const mathml = () => p.page.locator('[data-testid="equation-numeric"] .katex-mathml > math').count();
  await new Promise((ok) => setTimeout(ok, 400));
  assert.equal(await mathml(), 0, 'MathML added while playing');
  // A screen reader is not read every step: the title is not live, the equation card is busy.
  const readers = () =>
    p.page.evaluate(() => ({
      live: document.querySelector('[data-testid="step-title"]')?.getAttribute('aria-live'),
      busy: document.querySelector('.eq-card')?.getAttribute('aria-busy') ?? null,
      status: document.querySelector('[data-testid="play-status"]')?.textContent,
    }));
  assert.deepEqual(await readers(), { live: 'off', busy: 'true', status: '' });
  // Played for over a second, slower than the 60 steps/s set: the control says what it shows.
  const speed = () => p.page.$eval('[data-testid="play-speed"]', (e) => e.textContent);
  assert.equal(await speed(), '60 steps/s');
  const started = Date.now();
  let last = at + 3;
  while (Date.now() - started < 1300 && last + 1 < steps.length) await playTo(++last);
  assert.match(String(await speed()), /^60 steps\/s, showing \d+$/);
  p.controller.playState(false, 60);
  await p.flush();
  assert.equal(await speed(), '');
  const report = await p.waitFor((r) => r.stepIndex === last);
  assert.ok((await mathml()) > 0, 'no MathML once Play stopped');
  assert.equal(report.stepId, steps[last].id);
  // Stopped: the title is live again, and where Play stopped is said once.
  const after = await readers();
  assert.deepEqual([after.live, after.busy], ['polite', null]);
  assert.ok(
    after.status?.startsWith(`Play stopped at ${report.title}, step ${last + 1} of ${steps.length}`),
    String(after.status),
  );
  assert.deepEqual(p.errors, []);
});

test('a step moves only the tensor cards that change section; the others stay in place', async (ctx) => {
  const { p, steps, at } = await openAtA2(ctx);
  for (const next of [at + 1, at + 2, at + 3]) {
    await watchCardMoves(p.page);
    const before = await cardSections(p.page);
    await p.goTo(next);
    const after = await cardSections(p.page);
    const moved = await p.page.evaluate(() => /** @type {string[]} */ (/** @type {any} */ (window).__moved));
    // A card taken out is one that left the page or changed section, never one that stayed.
    const stayed = Object.keys(after).filter((id) => before[id] === after[id]);
    assert.ok(stayed.length >= 3, `${steps[next].id}: only ${stayed.length} cards stayed in their section`);
    const movedStaying = moved.filter((id) => stayed.includes(id));
    assert.deepEqual(movedStaying, [], `${steps[next].id}: cards taken out and put back in the same section`);
  }
  assert.deepEqual(p.errors, []);
});
