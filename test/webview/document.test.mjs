// @ts-check
// The document panel (worked example) in real Chromium: the page is the real panelHtml with the
// real dist/webview/document.js, fed the tree that host/documents/markdownTree.ts makes of the
// real `explain` Markdown of every example. Every formula must be typeset by KaTeX (no raw `$`
// left, no KaTeX error), with MathML for screen readers, under the strict CSP with no violation.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import { test } from './runner.mjs';
import { openSidePanel, sidePanelHost } from './sidePanels.mjs';

/**
 * The host code the document page needs, bundled for Node and typed as its sources.
 * @typedef {{
 *   parseModel: typeof import('../../src/engine/parse/parse').parseModel,
 *   runModel: typeof import('../../src/engine/compute/run').runModel,
 *   explainMarkdown: typeof import('../../src/engine/equations/explain').explainMarkdown,
 *   markdownTree: typeof import('../../src/host/documents/markdownTree').markdownTree,
 *   documentTitle: typeof import('../../src/host/documents/markdownTree').documentTitle,
 *   panelHtml: typeof import('../../src/host/panel/panelHtml').panelHtml,
 * }} DocumentHost
 */
/** @typedef {import('../../src/shared/documentProtocol').Block} Block */
/** @typedef {import('../../src/shared/documentProtocol').Inline} Inline */

/** @returns {Promise<DocumentHost>} */
const documentHost = async () =>
  /** @type {DocumentHost} */ (
    await sidePanelHost(
      'document',
      `export { parseModel } from './src/engine/parse/parse';
       export { runModel } from './src/engine/compute/run';
       export { explainMarkdown } from './src/engine/equations/explain';
       export { markdownTree, documentTitle } from './src/host/documents/markdownTree';
       export { panelHtml } from './src/host/panel/panelHtml';`,
    )
  );

/** Opens the document page for `markdown` at `width` px; returns the page and what it posted.
 *  @param {import('./types').Ctx} ctx @param {string} markdown @param {number} width */
async function openDocument(ctx, markdown, width) {
  const host = await documentHost();
  const blocks = host.markdownTree(markdown);
  const title = host.documentTitle(blocks, 'Worked example');
  const { page, errors: violations } = await openSidePanel(ctx, host.panelHtml, {
    name: 'document',
    title,
    width,
    height: 800,
  });
  /** @type {import('../../src/shared/documentProtocol').DocumentHostMessage} */
  const message = { type: 'show', view: { title, blocks }, markdown, suggestedPath: 'file:///w/x.worked-example.md' };
  await page.evaluate((m) => window.postMessage(m, '*'), message);
  await page.locator('.doc-body').waitFor();
  return { page, blocks, violations };
}

/** @param {readonly Block[]} blocks */
function countMath(blocks) {
  let display = 0;
  let inline = 0;
  /** @param {readonly Inline[]} xs */
  const inl = (xs) => xs.forEach((x) => (inline += x.kind === 'math' ? 1 : 0));
  /** @param {readonly Block[]} bs */
  const walk = (bs) => {
    for (const b of bs) {
      if (b.kind === 'math') display++;
      else if (b.kind === 'heading' || b.kind === 'paragraph') inl(b.content);
      else if (b.kind === 'list') b.items.forEach(walk);
      else if (b.kind === 'table') [b.header, ...b.rows].forEach((r) => r.forEach(inl));
    }
  };
  walk(blocks);
  return { display, inline };
}

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.rnn.json'));

test('worked example panel: every example typeset by KaTeX, no raw $, MathML, no CSP violation', async (ctx) => {
  const host = await documentHost();
  for (const file of EXAMPLES) {
    const text = readFileSync(join(ROOT, 'examples', file), 'utf8');
    const model = host.parseModel(text, { fileName: file }).model;
    assert.ok(model, `${file} parses`);
    const markdown = host.explainMarkdown(host.runModel(model));
    const { page, blocks, violations } = await openDocument(ctx, markdown, 900);
    const { display, inline } = countMath(blocks);
    assert.ok(display > 10, `${file}: display formulas found`);
    const shown = await page.evaluate(() => ({
      display: document.querySelectorAll('.doc-math .katex-display').length,
      inline: document.querySelectorAll('.doc-math-inline .katex').length,
      errors: document.querySelectorAll('.katex-error').length,
      mathml: document.querySelectorAll('.doc-math math').length,
      text: /** @type {HTMLElement} */ (document.querySelector('.doc-body')).innerText,
      h1: document.querySelector('h1')?.textContent,
    }));
    assert.equal(shown.display, display, `${file}: every display formula typeset`);
    assert.equal(shown.inline, inline, `${file}: every inline formula typeset`);
    assert.equal(shown.errors, 0, `${file}: no KaTeX error`);
    assert.equal(shown.mathml, display, `${file}: MathML beside the HTML of every display formula`);
    assert.doesNotMatch(shown.text, /\$\$|\\begin\{|\\frac/, `${file}: no TeX shown as text`);
    assert.match(shown.h1 ?? '', /^Worked example: /);
    assert.deepEqual(violations, [], `${file}: console errors (CSP)`);
    await page.close();
  }
});

test('worked example panel: the seed numbers in the typeset page, Save and Open Source buttons post', async (ctx) => {
  const host = await documentHost();
  const text = readFileSync(join(ROOT, 'examples', 'hi-there-class.rnn.json'), 'utf8');
  const model = host.parseModel(text, {}).model;
  assert.ok(model);
  const markdown = host.explainMarkdown(host.runModel(model));
  const { page } = await openDocument(ctx, markdown, 480);
  const body = await page.locator('.doc-body').innerText();
  assert.ok(body.includes('0.45209451101463705'), 'the exact ∂L/∂W_hh in the page');
  await page.getByRole('button', { name: 'Save as Markdown…' }).click();
  await page.getByRole('button', { name: 'Open Markdown Source' }).click();
  const posted = await page.evaluate(() => window.__posted.map((m) => m.type));
  assert.deepEqual(posted, ['ready', 'save', 'openMarkdown']);
  const state = /** @type {import('../../src/shared/documentProtocol').DocumentState} */ (
    await page.evaluate(() => window.__state)
  );
  assert.equal(state.markdown, markdown, 'the Markdown kept for a reload, unchanged');
  await page.screenshot({ path: join(ctx.screenshots, 'document-480.png') });
});
