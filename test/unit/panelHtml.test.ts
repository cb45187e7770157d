// The webviews' Content-Security-Policy in the unit stage (the Chromium suite checks it in a real
// page too): the exact policy, a fresh 128-bit nonce per render on the only script, nothing inline,
// every string escaped — for the stepper panel and the document panel, which share panelHtml.
import { strict as assert } from 'node:assert';
import { contentSecurityPolicy, escapeHtml, makeNonce, panelHtml } from '../../src/host/panel/panelHtml';

const SRC = 'https://x.vscode-cdn.net';
const options = {
  cspSource: SRC,
  scriptUri: `${SRC}/dist/webview/main.js`,
  styleUri: `${SRC}/media/panel.css`,
  katexStyleUri: `${SRC}/media/katex/katex.min.css`,
  title: '<img src=x onerror="alert(1)"> \'"&',
};

describe('panelHtml (CSP)', () => {
  it('the exact policy: nothing by default, scripts by nonce, styles/fonts/images from the extension', () => {
    assert.equal(
      contentSecurityPolicy(SRC, 'abc'),
      `default-src 'none'; script-src 'nonce-abc'; style-src ${SRC}; font-src ${SRC}; img-src ${SRC} data:`,
    );
    const html = panelHtml(options).replace(/&#39;/g, "'");
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1] ?? '';
    assert.equal(csp, contentSecurityPolicy(SRC, nonce));
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('a fresh 128-bit nonce per render, on the one script, which has no inline code', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 50; i++) nonces.add(makeNonce());
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9_-]{22}$/);
    const a = panelHtml(options);
    const b = panelHtml(options);
    const nonceOf = (html: string) => /nonce="([^"]+)"/.exec(html)?.[1];
    assert.notEqual(nonceOf(a), nonceOf(b));
    const scripts = a.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0].includes(`nonce="${nonceOf(a)}"`));
    assert.doesNotMatch(a, /<script\b[^>]*>[^<]+<\/script>/, 'no inline script');
    assert.doesNotMatch(a, /\sstyle\s*=|<style/i, 'no inline style');
    assert.ok(panelHtml({ ...options, nonce: 'fixed' }).includes('nonce="fixed"'));
  });

  it('strings are escaped: a hostile title stays text', () => {
    const html = panelHtml(options);
    assert.ok(html.includes('<title>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &#39;&quot;&amp;</title>'));
    assert.doesNotMatch(html, /<img/);
    assert.equal(escapeHtml('<>&"\''), '&lt;&gt;&amp;&quot;&#39;');
  });
});
