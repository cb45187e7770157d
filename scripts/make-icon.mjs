// Renders media/icon.png (128×128, the Marketplace icon) from the SVG below with headless Chromium:
// an RNN unrolled over three timesteps — hidden states passing right, a gradient flowing back
// left — on the gallery banner's colour. Run `node scripts/make-icon.mjs` after changing the SVG.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { ROOT, launchChromium } from './vscode-web.mjs';

const SVG = `
<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2a2a40"/><stop offset="1" stop-color="#1e1e2e"/>
    </linearGradient>
    <marker id="fwd" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4" markerHeight="4" orient="auto">
      <path d="M0,0 L10,5 L0,10 z" fill="#89b4fa"/>
    </marker>
    <marker id="bwd" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4" markerHeight="4" orient="auto">
      <path d="M0,0 L10,5 L0,10 z" fill="#f38ba8"/>
    </marker>
  </defs>
  <rect x="2" y="2" width="124" height="124" rx="24" fill="url(#bg)"/>
  <!-- inputs x_t -->
  <g fill="#6c7086">
    <rect x="17" y="92" width="14" height="14" rx="3"/><rect x="57" y="92" width="14" height="14" rx="3"/><rect x="97" y="92" width="14" height="14" rx="3"/>
  </g>
  <g stroke="#6c7086" stroke-width="3">
    <line x1="24" y1="91" x2="24" y2="76"/><line x1="64" y1="91" x2="64" y2="76"/><line x1="104" y1="91" x2="104" y2="76"/>
  </g>
  <!-- forward: h_{t-1} -> h_t -->
  <g stroke="#89b4fa" stroke-width="5" fill="none" marker-end="url(#fwd)">
    <line x1="37" y1="62" x2="49" y2="62"/><line x1="77" y1="62" x2="89" y2="62"/>
  </g>
  <!-- backward: the gradient flowing back through time -->
  <path d="M 100 40 C 88 22, 40 22, 30 38" stroke="#f38ba8" stroke-width="5" fill="none" stroke-linecap="round" marker-end="url(#bwd)"/>
  <!-- cells h_t: the current one lit -->
  <circle cx="24" cy="62" r="12" fill="#313244" stroke="#89b4fa" stroke-width="4"/>
  <circle cx="64" cy="62" r="12" fill="#f9e2af" stroke="#f9e2af" stroke-width="4"/>
  <circle cx="104" cy="62" r="12" fill="#313244" stroke="#89b4fa" stroke-width="4"/>
</svg>`;

const context = await launchChromium(chromium, { viewport: { width: 128, height: 128 } });
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setContent(`<html><body style="margin:0;background:transparent">${SVG}</body></html>`);
  const out = join(ROOT, 'media', 'icon.png');
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
  console.log(`wrote ${out}`);
} finally {
  await context.close();
}
