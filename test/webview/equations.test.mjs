// Equations that fit and never hide the result, in real Chromium: every step of every example at
// 480 px and 900 px — no KaTeX box reaches past its region, nothing scrolls sideways, the result
// (the last box of the last statement) is in view, and the sentence on why is under it. Too narrow
// a panel says visibly that it scrolls. The math carries MathML for screen readers.

import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import { test } from './runner.mjs';

const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.rnn.json'))
  .map((f) => f.replace(/\.rnn\.json$/, ''))
  .sort();

/** @typedef {{ scrolls: boolean, resultInView: boolean, scale: string, elided: boolean, mathml: number,
 *    lines: number }} Region */
/** @typedef {{ overflow: string[], regions: Record<string, Region>, note?: boolean, why?: string | null,
 *    pageOverflow?: number }} Layout */

/** How the equation sits in the panel, measured in the page.
 *  @param {import('playwright-core').Page} page @returns {Promise<Layout>} */
const layout = (page) =>
  page.evaluate(() => {
    /** @type {Layout} */
    const out = { overflow: [], regions: {} };
    for (const id of ['equation-symbolic', 'equation-numeric']) {
      const region = /** @type {HTMLElement} */ (document.querySelector(`[data-testid="${id}"]`));
      const box = region.getBoundingClientRect();
      const bases = [...region.querySelectorAll('.katex-html > .base')];
      for (const b of bases) {
        const r = b.getBoundingClientRect();
        if (r.right > box.right + 0.5 || r.left < box.left - 0.5)
          out.overflow.push(`${id}: a box spans ${r.left}–${r.right} in ${box.left}–${box.right}`);
      }
      const last = bases[bases.length - 1]?.getBoundingClientRect();
      out.regions[id] = {
        scrolls: region.scrollWidth > region.clientWidth,
        resultInView: !!last && last.right <= box.right + 0.5 && last.left >= box.left - 0.5 && last.width > 0,
        scale: region.querySelector('.eq-lines')?.className ?? '',
        elided: (region.textContent ?? '').includes('⋯'),
        mathml: region.querySelectorAll('math').length,
        lines: region.querySelectorAll('.eq-line').length,
      };
    }
    out.note = !(/** @type {HTMLElement} */ (document.querySelector('[data-testid="equation-scroll-note"]')).hidden);
    out.why = document.querySelector('[data-testid="equation-why"]')?.textContent;
    out.pageOverflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    return out;
  });

for (const width of [480, 900])
  for (const file of EXAMPLES)
    test(`${file} at ${width} px: every equation fits, its result in view`, async (ctx) => {
      const p = await ctx.open(ctx.example(file), { width, height: 700 });
      await p.page.evaluate(() => document.fonts.ready);
      const steps = p.session.trace.steps;
      const smaller = new Set();
      for (let i = 0; i < steps.length; i++) {
        await p.goTo(i);
        const l = await layout(p.page);
        const at = `${file} ${steps[i].id} at ${width} px`;
        assert.deepEqual(l.overflow, [], at);
        for (const [id, r] of Object.entries(l.regions)) {
          assert.equal(r.scrolls, false, `${at}: ${id} scrolls sideways`);
          assert.ok(r.resultInView, `${at}: the end of ${id} is out of view`);
          assert.ok(
            r.mathml >= r.lines && r.lines > 0,
            `${at}: ${id} has ${r.mathml} MathML formulas for ${r.lines} lines`,
          );
          if (!r.scale.includes('eq-scale-100') || r.elided) smaller.add(`${steps[i].kind}`);
        }
        assert.equal(l.note, false, `${at}: says it scrolls`);
        assert.ok((l.why ?? '').length > 20, `${at}: no sentence on why`);
        assert.ok((l.pageOverflow ?? 0) <= 0, `${at}: the page overflows by ${l.pageOverflow}px`);
      }
      // At 900 px every example shows every number at full size.
      if (width === 900) assert.deepEqual([...smaller], [], `${file}: smaller or elided at 900 px`);
      assert.deepEqual(p.errors, []);
    });

test('char-rnn-128 at 480 px: wide matrices elide their middle columns; every result in view', async (ctx) => {
  const p = await ctx.open(ctx.charModel('rnn', 128, 65, 100), { width: 480, height: 700 });
  await p.page.evaluate(() => document.fonts.ready);
  const trace = p.session.trace;
  const ids = [
    'forward:50:a',
    'forward:50:y',
    'loss::total',
    'backward:50:dh',
    'backward:50:dW',
    'backward:50:dhprev',
    'clip::clip',
    'update::W_hh',
  ];
  let elided = 0;
  for (const id of ids) {
    await p.goTo(trace.steps.findIndex((s) => s.id === id));
    const l = await layout(p.page);
    assert.deepEqual(l.overflow, [], id);
    for (const r of Object.values(l.regions)) {
      assert.ok(!r.scrolls && r.resultInView, `${id}: ${JSON.stringify(r)}`);
      if (r.elided) elided++;
    }
  }
  assert.ok(elided >= 3, `${elided} equations elided`);
});

test('a panel too narrow for one matrix says that it scrolls', async (ctx) => {
  const p = await ctx.open(ctx.example('sentiment-many-to-one'), { width: 260, height: 700 });
  await p.page.evaluate(() => document.fonts.ready);
  const i = p.session.trace.steps.findIndex((s) => s.id === 'forward:2:a');
  await p.goTo(i);
  const l = await layout(p.page);
  assert.equal(l.note, true, 'the scroll note is shown');
  assert.equal(await p.page.isVisible('[data-testid="equation-scroll-note"]'), true);
  assert.match((await p.page.textContent('[data-testid="equation-scroll-note"]')) ?? '', /scroll sideways/);
  assert.ok(l.regions['equation-numeric'].scale.includes('eq-scale-80'));
  // Widening the panel re-fits the same equation without the note.
  await p.page.setViewportSize({ width: 900, height: 700 });
  await p.page.waitForFunction(
    () => /** @type {HTMLElement} */ (document.querySelector('[data-testid="equation-scroll-note"]')).hidden,
  );
  const wide = await layout(p.page);
  assert.deepEqual(wide.overflow, []);
  assert.ok(wide.regions['equation-numeric'].scale.includes('eq-scale-100'));
});

test('the equation is a labelled region whose math a screen reader can read', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  const i = p.session.trace.steps.findIndex((s) => s.id === 'forward:1:h');
  await p.goTo(i);
  const a11y = await p.page.evaluate(() => {
    const region = document.querySelector('[role="region"][aria-label="Equation"] [data-testid="equation-numeric"]');
    const numeric = /** @type {HTMLElement} */ (document.querySelector('[data-testid="equation-numeric"]'));
    const math = numeric.querySelector('math');
    return {
      region: !!region,
      numericLabel: numeric.getAttribute('aria-label'),
      describedBy: document.getElementById(numeric.getAttribute('aria-describedby') ?? '')?.textContent,
      annotation: math?.querySelector('annotation')?.textContent,
      htmlHidden: numeric.querySelector('.katex-html')?.getAttribute('aria-hidden'),
    };
  });
  assert.equal(a11y.region, true);
  assert.equal(a11y.numericLabel, 'Equation with the numbers substituted');
  assert.match(a11y.describedBy ?? '', /^h₁ squashes a₁ into \(−1, 1\) with tanh/);
  assert.match(a11y.annotation ?? '', /h_\{1\} = \\tanh\(0\.5\) = 0\.462117/);
  assert.equal(a11y.htmlHidden, 'true');
  // What the accessibility tree holds: the MathML's numbers, not KaTeX's hidden glyph boxes —
  // as Playwright reads the DOM, and in Chromium's own tree (what a screen reader is given).
  const tree = await p.page.locator('[data-testid="equation-numeric"]').ariaSnapshot();
  assert.match(tree, /math/, tree);
  assert.match(tree, /0\.462117/, tree);
  const cdp = await p.page.context().newCDPSession(p.page);
  await cdp.send('Accessibility.enable');
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const shown = nodes.filter((n) => !n.ignored);
  const group = shown.find(
    (n) => n.role?.value === 'group' && n.name?.value === 'Equation with the numbers substituted',
  );
  assert.ok(group, 'the numeric equation is a named group');
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  /** @param {any} n @returns {any[]} */
  const below = (n) =>
    (n.childIds ?? []).flatMap((/** @type {string} */ id) =>
      byId.has(id) ? [byId.get(id), ...below(byId.get(id))] : [],
    );
  const roles = below(group)
    .filter((n) => !n.ignored)
    .map((n) => n.role?.value);
  assert.ok(roles.includes('MathMLMath'), roles.join(' '));
});
