// @ts-check
// axe-core in a page of real Chromium, for the accessibility tests of the stepper panel
// (a11y.test.mjs) and the dynamics panel (compareWhatIf.test.mjs). axe runs through the DevTools
// protocol (page.evaluate), so the page's CSP is untouched.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The violations of impact "serious" or "critical" in `page`, one line each (rule, help, where).
 *  @param {import('playwright-core').Page} page @returns {Promise<string[]>} */
export async function seriousViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'], rules: { 'color-contrast': { enabled: true } } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}
