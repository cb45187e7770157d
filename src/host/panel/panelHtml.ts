// The stepper panel's HTML: a strict Content-Security-Policy with a fresh nonce per render, the
// KaTeX stylesheet and ours, and the bundled script. Pure (no vscode import) so the webview tests
// and the benchmark load exactly this page; the nonce comes from Web Crypto, which both the Node
// and the web extension hosts provide as globalThis.crypto.
//
// The policy (docs/ARCHITECTURE.md, "The webview"): nothing by default; scripts only with the nonce; styles, fonts and
// images only from the extension (cspSource). No 'unsafe-inline' (style attributes are blocked;
// the panel sets dynamic styles through the CSSOM), no 'unsafe-eval', no remote hosts.

export interface PanelHtmlOptions {
  /** webview.cspSource */
  readonly cspSource: string;
  /** webview.asWebviewUri(…) of dist/webview/main.js, media/panel.css, media/katex/katex.min.css */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly katexStyleUri: string;
  /** Shown until the script runs (plain text; escaped here). */
  readonly title: string;
  /** For tests: a fixed nonce. Defaults to a fresh random one. */
  readonly nonce?: string;
  /** Test mode only: the panel reports each step it paints ('rendered', read through PanelsApi). */
  readonly reportPaints?: boolean;
}

/** 128 random bits, base64url (a valid CSP nonce). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The exact policy for a nonce and a cspSource. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

/** Escapes text for an HTML attribute or element body. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export function panelHtml(o: PanelHtmlOptions): string {
  const nonce = o.nonce ?? makeNonce();
  const csp = contentSecurityPolicy(o.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(o.katexStyleUri)}">
<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<div id="app"${o.reportPaints ? ' data-report-paints="true"' : ''}></div>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}
