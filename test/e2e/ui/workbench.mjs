// @ts-check
// A person's hands on the VS Code web workbench: the Explorer, the command palette, editor tabs,
// the stepper webview, hovers and the Problems view — each action waits for its visible effect
// (explicit waitFor with a timeout, never a fixed sleep), so a failure says what did not appear.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** @typedef {import('playwright-core').Page} Page */

export class Workbench {
  /** @param {Page} page @param {string} shotsDir */
  constructor(page, shotsDir) {
    this.page = page;
    this.shotsDir = shotsDir;
    mkdirSync(shotsDir, { recursive: true });
  }

  /** @param {string} url @param {string} expectFile */
  async load(url, expectFile) {
    await this.page.goto(url);
    await this.explorerRow(expectFile).waitFor({ timeout: 60_000 });
  }

  /** @param {string} name */
  explorerRow(name) {
    return this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name });
  }

  /** Clicks a file in the Explorer and waits for its editor tab to be the active one. An earlier
   *  test may have left another view in the side bar (Run and Debug after F5): show the Explorer. */
  async openFromExplorer(/** @type {string} */ name) {
    if (!(await this.explorerRow(name).isVisible())) {
      await this.runCommand('View: Show Explorer');
      await this.explorerRow(name).waitFor({ timeout: 10_000 });
    }
    await this.explorerRow(name).click();
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 20_000 });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor({ timeout: 20_000 });
  }

  /** Brings an open editor tab to the front. */
  async activateTab(/** @type {string} */ name) {
    await this.page.locator('.tabs-container .tab', { hasText: name }).first().click();
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: 10_000 });
  }

  /** F1, type the command's title, pick its row. `shot` saves a screenshot of the palette first. */
  async runCommand(/** @type {string} */ title, /** @type {string} */ shot = '') {
    const widget = this.page.locator('.quick-input-widget');
    await this.page.keyboard.press('F1');
    const input = widget.locator('.quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ timeout: 10_000 });
    } catch {
      const rows = await widget.locator('.quick-input-list .monaco-list-row').allInnerTexts();
      await this.page.keyboard.press('Escape');
      throw new Error(`the palette has no command "${title}" (rows: ${JSON.stringify(rows)})`);
    }
    if (shot) await this.screenshot(shot);
    await row.click();
    await widget.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** The stepper panel's document: webviews are an iframe (.webview.ready) holding #active-frame. */
  webview() {
    return this.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  }

  /** The webview whose page holds `selector` (the last one that does), as it appears: which of the
   *  open webviews is last in the page is VS Code's business (a panel restored after a reload may
   *  come after the one just opened). */
  async webviewWith(/** @type {string} */ selector, timeout = 20_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const n = await this.page.locator('iframe.webview.ready').count();
      for (let k = n - 1; k >= 0; k--) {
        const doc = this.page.frameLocator('iframe.webview.ready').nth(k).frameLocator('#active-frame');
        if (
          (await doc
            .locator(selector)
            .count()
            .catch(() => 0)) > 0
        )
          return doc;
      }
      if (Date.now() > deadline) throw new Error(`no webview shows ${selector} within ${timeout} ms`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Runs `wait` (a wait inside a webview that was just opened), again when VS Code swapped the
   *  webview's frame meanwhile — it loads a page into a pending frame, then makes it the active one,
   *  and Playwright then reports the frame it was waiting in as closed. Other errors throw. */
  async inNewWebview(/** @type {() => Promise<unknown>} */ wait, attempts = 3) {
    for (let k = 1; ; k++) {
      try {
        return await wait();
      } catch (e) {
        if (k >= attempts || !/has been closed|detached/i.test(String(e))) throw e;
        await this.page.waitForTimeout(300);
      }
    }
  }

  byTestId(/** @type {string} */ id) {
    return this.webview().locator(`[data-testid="${id}"]`);
  }

  /** Waits until the panel's step title contains `title`; returns what it shows. */
  async waitForStepTitle(/** @type {string} */ title, timeout = 15_000) {
    const el = this.byTestId('step-title');
    try {
      await el.filter({ hasText: title }).waitFor({ timeout });
    } catch {
      const shown = await el.textContent({ timeout: 1000 }).catch(() => '(no step-title element)');
      throw new Error(`the panel should show step "${title}", it shows ${JSON.stringify(shown)}`);
    }
    return ((await el.textContent()) ?? '').trim();
  }

  /** Hovers the first editor token whose text is exactly `token`; returns the hover's text. */
  async hoverToken(/** @type {string} */ token, /** @type {RegExp | string} */ expect, timeout = 20_000) {
    const span = this.page
      .locator('.editor-group-container.active .monaco-editor .view-lines span span', {
        hasText: new RegExp(`^${escape(token)}$`),
      })
      .first();
    await span.waitFor({ timeout: 10_000 });
    const box = await span.boundingBox();
    if (!box) throw new Error(`the token ${token} is not on screen`);
    const hover = this.page.locator('.monaco-hover:not(.hidden)', { hasText: expect });
    const deadline = Date.now() + timeout;
    // Hovers need the pointer to arrive and rest; re-approach if the first one shows another hover.
    for (let attempt = 0; ; attempt++) {
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height + 40);
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      try {
        await hover.first().waitFor({ timeout: Math.min(8_000, Math.max(1000, deadline - Date.now())) });
        return (await hover.first().innerText()).trim();
      } catch {
        // Not yet: approach again, until the deadline says why it never came.
        if (Date.now() >= deadline) {
          const shown = await this.page.locator('.monaco-hover:not(.hidden)').allInnerTexts();
          throw new Error(`no hover containing ${expect} over "${token}" (hovers shown: ${JSON.stringify(shown)})`);
        }
      }
    }
  }

  async screenshot(/** @type {string} */ name) {
    const file = join(this.shotsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}

function escape(/** @type {string} */ text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
