// @ts-check
// The UI suite's hands on the workbench (test/e2e/ui/workbench.mjs), plus what the desktop smoke
// needs in VS Code server: webviews told apart (the stepper panel, the document panel, VS Code's
// Markdown preview) and palette commands that ask for text.
import { Workbench } from '../ui/workbench.mjs';

/** @typedef {import('playwright-core').Frame} Frame */

export class DesktopWorkbench extends Workbench {
  /** The last webview made for the extension `extensionId` (its id is in the iframe's address). */
  webviewOf(/** @type {string} */ extensionId) {
    return this.page
      .frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`)
      .last()
      .frameLocator('#active-frame');
  }

  /** The stepper panel: the extension's webview (the tests read it before any other is open). */
  webview() {
    return this.webviewOf('rnn-stepper.rnn-stepper');
  }

  /**
   * The first frame (at any depth: webviews nest two) that shows `selector` and passes `accept`.
   * @param {string} selector @param {(frame: Frame) => boolean} [accept]
   * @returns {Promise<Frame>}
   */
  async frameWith(selector, timeoutMs = 20_000, accept = () => true) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (!accept(frame)) continue;
        const count = await frame
          .locator(selector)
          .count()
          .catch(() => 0);
        if (count > 0) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview shows ${selector} after ${timeoutMs} ms`);
      await this.page.waitForTimeout(200);
    }
  }

  /** Runs a palette command that asks for text (an input box): types `value` when its prompt shows. */
  /** @param {string} title @param {string} prompt @param {string} value */
  async runCommandWithInput(title, prompt, value) {
    const widget = this.page.locator('.quick-input-widget');
    await this.page.keyboard.press('F1');
    const input = widget.locator('.quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${title}`);
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
    await widget.locator('.quick-input-message', { hasText: prompt }).waitFor({ timeout: 10_000 });
    await input.fill(value);
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 10_000 });
  }
}
