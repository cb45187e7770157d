// @ts-check
// The panel's security in a real browser: the exact CSP with a fresh nonce on the script and no
// inline code or style; hostile model strings (HTML, TeX \href, </script>) shown as text and never
// run; hostile messages from the webview refused by the host.

import { strict as assert } from 'node:assert';
import { FakeSession } from './fakeSession.mjs';
import { openPanel } from './harness.mjs';
import { test } from './runner.mjs';

test('panelHtml: the exact policy, a fresh nonce on every script, nothing inline', async (ctx) => {
  const { panelHtml, contentSecurityPolicy } = ctx.host;
  const opts = {
    cspSource: 'https://x.vscode-cdn.net',
    scriptUri: 'https://x.vscode-cdn.net/dist/webview/main.js',
    styleUri: 'https://x.vscode-cdn.net/media/panel.css',
    katexStyleUri: 'https://x.vscode-cdn.net/media/katex/katex.min.css',
    title: '<b>"x"</b>',
  };
  const a = panelHtml(opts).replace(/&#39;/g, "'");
  const b = panelHtml(opts).replace(/&#39;/g, "'");
  const nonceOf = (/** @type {string} */ html) => /script-src 'nonce-([^']+)'/.exec(html)?.[1];
  const na = nonceOf(a);
  assert.notEqual(na, nonceOf(b), 'a fresh nonce per render');
  assert.match(na ?? '', /^[A-Za-z0-9_-]{22}$/, '128 random bits, base64url');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(a)?.[1];
  assert.equal(
    csp,
    `default-src 'none'; script-src 'nonce-${na}'; style-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net data:`,
  );
  assert.equal(csp, contentSecurityPolicy('https://x.vscode-cdn.net', na ?? ''));
  const scripts = a.match(/<script\b[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  for (const s of scripts) assert.ok(s.includes(`nonce="${na}"`), s);
  assert.doesNotMatch(a, /<script\b[^>]*>[^<]+<\/script>/, 'no inline script');
  assert.doesNotMatch(a, /\son[a-z]+\s*=/i, 'no inline event handlers');
  assert.doesNotMatch(a, /\sstyle\s*=|<style/i, 'no inline styles');
  assert.doesNotMatch(a, /unsafe-inline|unsafe-eval|https?:\/\/(?!x\.vscode-cdn\.net)/);
  assert.ok(a.includes('<title>&lt;b&gt;&quot;x&quot;&lt;/b&gt;</title>'));
});

test('no CSP violation while stepping through a whole run (styles go through the CSSOM)', async (ctx) => {
  const p = await ctx.open(ctx.example('lstm-hello'));
  for (let i = 0; i < p.session.trace.steps.length; i += 3) await p.goTo(i);
  await p.page.hover(`[data-testid="tensor-W_hi"] .cell`);
  assert.deepEqual(await p.page.evaluate(() => window.__cspViolations), []);
  // The policy in force is the one panelHtml wrote.
  const meta = await p.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(
    meta ?? '',
    /^default-src 'none'; script-src 'nonce-[A-Za-z0-9_-]{22}'; style-src http:\/\/127\.0\.0\.1:\d+; font-src http:\/\/127\.0\.0\.1:\d+; img-src http:\/\/127\.0\.0\.1:\d+ data:$/,
  );
  // A script without the nonce is refused by that policy.
  await p.page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__ran = 1';
    document.body.appendChild(s);
  });
  assert.equal(await p.page.evaluate(() => window.__ran), undefined);
  assert.ok((await p.page.evaluate(() => window.__cspViolations)).some((v) => v.startsWith('script-src')));
});

const HOSTILE = [
  '<img src=x onerror=window.__pwned=1>',
  '\\href{javascript:alert(1)}{x}',
  '</script><script>window.__pwned=1</script>',
  '$(zap) {{x}} ${x}',
];

test('hostile tokens and names render as text and run nothing', async (ctx) => {
  const model = JSON.stringify({
    name: '<img src=x onerror=window.__pwned=2><script>window.__pwned=3</script>',
    vocab: HOSTILE,
    inputs: [HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3]],
    targets: [HOSTILE[1], HOSTILE[2], HOSTILE[3], HOSTILE[0]],
    hiddenSize: 2,
    weights: { init: { seed: 5 } },
  });
  const p = await ctx.open(model);
  const steps = p.session.trace.steps;
  for (let i = 0; i < steps.length; i++) await p.goTo(i);
  for (let t = 1; t <= 4; t++) {
    const i = steps.findIndex((s) => s.id === `forward:${t}:a`);
    const r = await p.goTo(i);
    // The token reaches the equation through \text{} with every TeX special escaped.
    if (t === 2) assert.ok(r.equationText.includes('\\href{javascript:alert(1)}{x}'), r.equationText);
    const label = await p.page.textContent('[data-testid="tensor-x"] .tensor-label');
    // Text, as written — its spaces shown as ␣ (engine/trace/visibleToken.ts).
    assert.equal(label, `x${'₀₁₂₃₄'[t]} (${HOSTILE[t - 1].replaceAll(' ', '␣')})`);
  }
  const dom = await p.page.evaluate(() => ({
    pwned: window.__pwned,
    imgs: document.querySelectorAll('img').length,
    links: document.querySelectorAll('a').length,
    scripts: document.querySelectorAll('script').length,
    name: document.querySelector('.model-name')?.textContent,
    tokens: [...document.querySelectorAll('[data-testid="unrolled"] text.token.input')].map((e) => e.textContent),
    violations: window.__cspViolations,
  }));
  assert.equal(dom.pwned, undefined);
  assert.equal(dom.imgs, 0, 'no <img> from a token');
  assert.equal(dom.links, 0, 'no link from \\href');
  assert.equal(dom.scripts, 1);
  assert.equal(dom.name, '<img src=x onerror=window.__pwned=2><script>window.__pwned=3</script>');
  assert.deepEqual(dom.tokens, ['<img␣sr…', '\\href{j…', '</scrip…', '$(zap)␣…']);
  assert.deepEqual(dom.violations, []);
  assert.deepEqual(p.errors, []);
});

test('outside test mode the panel reports no paint but that a step is shown, and the host would refuse one', async (ctx) => {
  const session = new FakeSession('file:///work/model.rnn.json', ctx.host, ctx.example('hi-there-class'));
  const p = await openPanel(ctx.browser, ctx.origin, ctx.host, session, { reportPaints: false });
  ctx.pages.push(p.page);
  await p.page.waitForFunction(() => document.querySelector('[data-testid="step-title"]')?.textContent !== '');
  session.setCursor(3);
  await p.page.waitForFunction(
    (t) => document.querySelector('[data-testid="step-title"]')?.textContent === t,
    session.trace?.steps[3].title,
  );
  await p.page.waitForTimeout(300);
  const posted = await p.page.evaluate(() => window.__posted);
  // 'ready', then for each step painted only its run and index ('shown': Play paces itself by it).
  assert.deepEqual(
    posted.map((/** @type {any} */ m) => (m.type === 'shown' ? `shown ${m.stepIndex}` : m.type)),
    ['ready', 'shown 0', 'shown 3'],
    'the page a person gets sends nothing but ready and shown',
  );
  assert.ok(posted.every((/** @type {any} */ m) => Object.keys(m).length <= 3));
  assert.deepEqual(p.reports, []);
  // A controller built without a report sink (the extension outside test mode) refuses one.
  /** @type {string[]} */
  const warnings = [];
  const bare = new ctx.host.PanelController(session, () => {}, { warn: (m) => warnings.push(m) });
  bare.receive({ type: 'rendered', stepIndex: 0, stepId: 'x', title: 'x', equationText: 'x', stale: false });
  assert.deepEqual(warnings, ['stepper panel of file:///work/model.rnn.json: refused a paint report (test mode only)']);
  assert.deepEqual(p.errors, []);
});

test('hostile messages from the webview are refused and change nothing', async (ctx) => {
  const p = await ctx.open(ctx.example('hi-there-class'));
  await p.goTo(3);
  const before = p.log.warnings.length;
  await p.page.evaluate(() => {
    const api = window.acquireVsCodeApi();
    for (const m of [
      { type: 'setCursor', runId: 1, stepIndex: -5 },
      { type: 'setCursor', runId: 1, stepIndex: 1e12 },
      { type: 'setCursor', runId: 1, stepIndex: '7' },
      { type: 'command', command: 'workbench.action.terminal.new' },
      { type: 'rendered', stepIndex: 1, stepId: 'x', title: 'x', equationText: 'x', stale: 'no' },
      { type: 'ready', __proto__: { admin: true } },
      'ready',
    ])
      // Not WebviewMessages on purpose: what a subverted webview could send.
      api.postMessage(/** @type {any} */ (m));
  });
  await p.page.waitForTimeout(200);
  assert.equal(p.log.warnings.length - before, 6, 'six refused (the __proto__ one is a plain ready once cloned)');
  assert.equal(p.session.cursor, 3);
});
