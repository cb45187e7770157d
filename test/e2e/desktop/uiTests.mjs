// @ts-check
// The desktop UI smoke's tests, in the order a person goes: the extension activates in the Node
// extension host, the stepper opens and steps (palette and the desktop keybindings), the worked
// example is typeset in its panel, saved to disk and typeset again by VS Code's Markdown preview,
// F5 debugs with Step Back, and Train… runs in a worker_threads Worker, its result saved to the
// real file on disk. Expected values come from the engine (oracle.mjs), never from the extension
// under test.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_EXAMPLE } from '../fixture.mjs';
import {
  katexDigits,
  loadEngine,
  modelOf,
  nextGroupStart,
  resultDigits,
  traceOfFile,
  trainingOutcome,
  workedExample,
} from './oracle.mjs';
import { ExtensionHost } from './extensionHost.mjs';

/**
 * What each test gets: the workbench, its page, the workspace folder on disk, the extension host.
 * @typedef {{ wb: import('./desktopWorkbench.mjs').DesktopWorkbench, page: import('playwright-core').Page,
 *   workspace: string, extensionHost: ExtensionHost }} SmokeEnv
 * @typedef {{ name: string, run(env: SmokeEnv): Promise<string | void>, cleanup?(env: SmokeEnv): Promise<void> }}
 *   SmokeTest
 * @typedef {import('../../../src/engine/trace/trace').Trace} Trace
 * @typedef {import('playwright-core').Frame} Frame
 */

/** Enough steps of the seed example to keep the worker busy for a second or more. */
const TRAIN_STEPS = 300_000;

/** @param {unknown} condition @param {string} message @returns {asserts condition} */
function check(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * Polls `probe` until it returns something truthy; fails saying `what` never happened.
 * @template T
 * @param {() => T | Promise<T>} probe @param {string} what
 * @returns {Promise<Exclude<T, false | null | undefined>>}
 */
async function until(probe, what, timeoutMs = 10_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return /** @type {Exclude<T, false | null | undefined>} */ (value);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits until the panel shows step `index` of `trace`: its title, its counter and the result of its
 *  numeric equation (every digit the engine prints). Returns what the counter reads.
 * @param {SmokeEnv['wb']} wb @param {Trace} trace @param {number} index */
async function expectStep(wb, trace, index) {
  await wb.waitForStepTitle(trace.steps[index].title);
  const counter = `step ${index + 1} of ${trace.steps.length}`;
  const position = wb.webview().locator('.step-pos');
  await position
    .filter({ hasText: counter })
    .waitFor({ timeout: 10_000 })
    .catch(async () => {
      throw new Error(
        `the step counter should read "${counter}", it reads ${JSON.stringify(await position.textContent())}`,
      );
    });
  const digits = await resultDigits(trace, index);
  let shown = '';
  await until(async () => {
    shown = katexDigits((await wb.byTestId('equation-numeric').textContent()) ?? '');
    return shown.endsWith(digits);
  }, `equation-numeric of ${trace.steps[index].title} to end with ${digits} (it reads ${shown})`).catch(() => {
    throw new Error(`equation-numeric of ${trace.steps[index].title} should end with ${digits}, it reads ${shown}`);
  });
  return ((await position.textContent()) ?? '').trim();
}

/** KaTeX's stylesheet is in effect: the MathML copy of each formula (for screen readers) is
 *  clipped out of sight — without the stylesheet every formula would show twice. */
/** @param {Frame} frame @param {string} where */
async function expectStyledMath(frame, where) {
  const position = await frame
    .locator('.katex-mathml')
    .first()
    .evaluate((el) => getComputedStyle(el).position);
  check(position === 'absolute', `KaTeX's stylesheet is not applied in ${where}: its MathML shows (${position})`);
}

/** The number of display-math blocks ($$ … $$) of a worked example. */
function displayMathBlocks(/** @type {string} */ markdown) {
  return (markdown.match(/^\$\$$/gm) ?? []).length / 2;
}

/** What the extension host log says about a failed activation of RNN Stepper, if anything. */
function activationError(/** @type {string} */ log) {
  const at = log.indexOf('Activating extension rnn-stepper.rnn-stepper failed');
  return at < 0
    ? 'the extension host log has no activation error'
    : log
        .slice(at, at + 300)
        .split('\n')
        .slice(0, 2)
        .join(' ');
}

/** @param {SmokeEnv['wb']} wb @param {SmokeEnv['page']} page */
async function focusSeedEditor(wb, page) {
  const open = await page.locator('.tabs-container .tab', { hasText: SEED_EXAMPLE }).count();
  await (open ? wb.activateTab(SEED_EXAMPLE) : wb.openFromExplorer(SEED_EXAMPLE));
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ timeout: 10_000 });
}

/** @type {SmokeTest[]} */
export const tests = [
  {
    name: 'opening the seed example activates RNN Stepper in the Node extension host',
    async run({ wb, page, workspace, extensionHost }) {
      const trace = await traceOfFile(join(workspace, SEED_EXAMPLE));
      await wb.openFromExplorer(SEED_EXAMPLE);
      const text = await page.locator('.editor-group-container.active .monaco-editor .view-lines').innerText();
      check(text.includes('"W_hh"'), `the editor does not show the seed example: ${text.slice(0, 200)}`);
      // The extension at work: its CodeLens above the model, with the loss the engine computes.
      const loss = `Loss ${Number(trace.loss.toPrecision(5))}`;
      await page
        .locator('.editor-group-container.active .monaco-editor .codelens-decoration', { hasText: loss })
        .first()
        // The server's first activation: 5–25 s on a busy 2-core machine.
        .waitFor({ timeout: 60_000 })
        .catch(() => {
          throw new Error(`no CodeLens "${loss}" above the model: ${activationError(extensionHost.log())}`);
        });
      const log = extensionHost.log();
      const line = log.match(/^.*_doActivateExtension rnn-stepper\.rnn-stepper.*$/m)?.[0];
      check(line, 'the remote (Node) extension host log does not record activating rnn-stepper.rnn-stepper');
      check(!/Activating extension rnn-stepper\.rnn-stepper failed/.test(log), activationError(log));
      return `extension host pid ${extensionHost.pid()}: ${line.replace(/^.*?(ExtensionService)/, '$1')}`;
    },
  },
  {
    name: '"RNN: Open Stepper" shows a₁ = 0.5, step 1 of the run',
    async run({ wb, page, workspace }) {
      const trace = await traceOfFile(join(workspace, SEED_EXAMPLE));
      await focusSeedEditor(wb, page);
      await wb.runCommand('RNN: Open Stepper');
      const counter = await expectStep(wb, trace, 0);
      await wb.screenshot('panel');
      return `${trace.steps[0].title}, ${counter}`;
    },
  },
  {
    name: 'Step Forward / Step Backward / Next Timestep from the palette, Ctrl+Alt+→ / Ctrl+Alt+← in the editor',
    async run({ wb, page, workspace }) {
      const trace = await traceOfFile(join(workspace, SEED_EXAMPLE));
      let index = 0;
      await expectStep(wb, trace, index);
      // Step Forward moves one step of the panel's counter; Step Backward is its exact inverse.
      for (let i = 0; i < 3; i++) {
        await wb.runCommand('RNN: Step Forward');
        index += 1;
        await expectStep(wb, trace, index);
      }
      await wb.runCommand('RNN: Step Backward');
      index -= 1;
      await expectStep(wb, trace, index);
      // Next Timestep: to the first step of the next timestep.
      await wb.runCommand('RNN: Next Timestep');
      index = nextGroupStart(trace.steps, index);
      await expectStep(wb, trace, index);
      // The keybindings (package.json: ctrl+alt+right / ctrl+alt+left when a .rnn.json editor has focus).
      await focusSeedEditor(wb, page);
      for (let i = 0; i < 2; i++) {
        await page.keyboard.press('Control+Alt+ArrowRight'); // RNN: Step Forward
        index += 1;
        await expectStep(wb, trace, index);
      }
      await page.keyboard.press('Control+Alt+ArrowLeft');
      index -= 1;
      const counter = await expectStep(wb, trace, index);
      await wb.screenshot('panel-stepped');
      return `${trace.steps[index].title}, ${counter}`;
    },
  },
  {
    name: '"RNN: Export Worked Example": every equation typeset; Save as Markdown… writes it to disk',
    async run({ wb, page, workspace }) {
      const trace = await traceOfFile(join(workspace, SEED_EXAMPLE));
      const markdown = await workedExample(trace);
      const blocks = displayMathBlocks(markdown);
      await focusSeedEditor(wb, page);
      await wb.runCommand('RNN: Export Worked Example');
      // The document panel: the extension's own webview, typeset with the KaTeX it ships.
      const doc = await wb.frameWith('.doc-body h1');
      const heading = (await doc.locator('.doc-body h1').first().textContent()) ?? '';
      check(heading.includes('Worked example: hi there class !'), `the document is titled ${JSON.stringify(heading)}`);
      const shown = await doc.locator('.doc-math .katex-display').count();
      check(shown === blocks, `the panel should typeset ${blocks} display equations ($$ … $$), it shows ${shown}`);
      await expectStyledMath(doc, 'the document panel');
      await wb.screenshot('worked-example');
      // Save as Markdown…: VS Code's save dialog proposes <model>.worked-example.md beside the model.
      const file = join(workspace, 'hi-there-class.worked-example.md');
      check(!existsSync(file), `${file} exists before the test saves it`);
      await doc.getByRole('button', { name: 'Save as Markdown…' }).click();
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ timeout: 10_000 });
      // The dialog shows the folder first, then fills in the proposed name.
      let proposed = '';
      await until(
        async () => (proposed = await input.inputValue()).endsWith('/hi-there-class.worked-example.md'),
        'the save dialog to propose hi-there-class.worked-example.md',
      ).catch(() => {
        throw new Error(
          `the save dialog should propose hi-there-class.worked-example.md beside the model: ${proposed}`,
        );
      });
      check(proposed === file, `the save dialog proposes ${proposed}, not ${file} beside the model`);
      await page.keyboard.press('Enter');
      const saved = await until(() => existsSync(file) && readFileSync(file, 'utf8'), `${file} to be written`);
      check(saved === markdown, `the saved file is not the worked example the engine writes (${saved.length} chars)`);
      return `${blocks} display equations typeset; saved ${saved.length} characters to ${file}`;
    },
  },
  {
    name: "the saved worked example in desktop VS Code's Markdown preview: every equation typeset",
    async run({ wb, workspace }) {
      const markdown = await workedExample(await traceOfFile(join(workspace, SEED_EXAMPLE)));
      const blocks = displayMathBlocks(markdown);
      await wb.openFromExplorer('hi-there-class.worked-example.md');
      await wb.runCommand('Markdown: Open Preview to the Side');
      // The preview's webview: the inner frame of the iframe VS Code made for markdown-language-features.
      const ofPreview = (/** @type {Frame} */ f) =>
        /extensionId=vscode\.markdown-language-features/.test(f.parentFrame()?.url() ?? '');
      const preview = await wb.frameWith('.katex-display', 30_000, ofPreview);
      let shown = 0;
      await until(
        async () => (shown = await preview.locator('.katex-display').count()) === blocks,
        `${blocks} typeset display equations in the preview`,
        20_000,
      ).catch(() => {
        throw new Error(`the preview should typeset ${blocks} display equations ($$ … $$), it shows ${shown}`);
      });
      const errors = await preview.locator('.katex-error').count();
      check(errors === 0, `${errors} equations failed to typeset (.katex-error)`);
      check(!(await preview.locator('body').innerText()).includes('$$'), 'raw $$ math is visible in the preview');
      await expectStyledMath(preview, 'the Markdown preview');
      await wb.screenshot('markdown-preview');
      return `${blocks} display equations typeset by VS Code's markdown-math`;
    },
  },
  {
    name: 'F5 debugs the seed example: Step Over ×2, then Step Back; the Variables view shows h₁',
    async run({ wb, page, workspace }) {
      const steps = (await traceOfFile(join(workspace, SEED_EXAMPLE))).steps;
      await focusSeedEditor(wb, page);
      await page.keyboard.press('F5');
      const toolbar = page.locator('.debug-toolbar');
      await toolbar.waitFor({ timeout: 20_000 });
      // The Call Stack and Variables views live in Run and Debug, which F5 leaves closed here.
      // The Call Stack and Variables live in the Run and Debug view: open it if F5 left it closed.
      if (!(await page.locator('.debug-call-stack').isVisible()))
        await page
          .locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Run and Debug"]') })
          .click();
      const frame = (/** @type {string} */ title) =>
        page.locator('.debug-call-stack .monaco-list-row', { hasText: title }).first();
      await frame(steps[0].title).waitFor({ timeout: 20_000 });
      const button = (/** @type {string} */ icon) => toolbar.locator(`.action-label.codicon-${icon}`);
      let index = 0;
      for (let i = 1; i <= 2; i++) {
        await button('debug-step-over').click();
        index = nextGroupStart(steps, index);
        await frame(steps[index].title).waitFor({ timeout: 10_000 });
      }
      await button('debug-step-back').click();
      index = nextGroupStart(steps, 0);
      await frame(steps[index].title).waitFor({ timeout: 10_000 });
      check(steps[index].id === 'forward:2:a', `Step Back should land on forward t=2, it is ${steps[index].id}`);
      const row = page.locator('.debug-variables .monaco-list-row', { hasText: 'h₁' }).first();
      await row.waitFor({ timeout: 10_000 }).catch(async () => {
        const rows = await page.locator('.debug-variables .monaco-list-row').allInnerTexts();
        throw new Error(`the Variables view has no h₁ (rows: ${JSON.stringify(rows)})`);
      });
      const preview = (await row.innerText()).replace(/\s+/g, ' ');
      check(/\[0\.4621\] \(1\)/.test(preview), `h₁ should preview as [0.4621] (1): ${preview}`);
      await wb.screenshot('debugger');
      await page.keyboard.press('Shift+F5');
      await toolbar.waitFor({ state: 'hidden', timeout: 10_000 });
      return `stopped at ${steps[index].title}; ${preview.trim()}`;
    },
    /** After a failure: no debug session left running into the next test. */
    async cleanup({ page }) {
      if (await page.locator('.debug-toolbar').isVisible()) await page.keyboard.press('Shift+F5');
    },
  },
  {
    name: '"RNN: Train…" trains in a worker_threads Worker; Save writes the trained weights to the file on disk',
    async run({ wb, page, workspace, extensionHost }) {
      const file = join(workspace, SEED_EXAMPLE);
      const expected = await trainingOutcome(file, TRAIN_STEPS);
      const pid = extensionHost.pid();
      const workers = () => ExtensionHost.threadNames(pid).filter((n) => n === 'WorkerThread').length;
      const before = workers();
      await focusSeedEditor(wb, page);
      await wb.runCommandWithInput('RNN: Train…', 'Training steps', String(TRAIN_STEPS));
      // Watch the extension host's threads while it trains: a worker_threads Worker adds one.
      const short = (/** @type {number} */ x) => Number(x.toPrecision(5));
      const losses = `loss ${short(expected.firstLoss)} → ${short(expected.finalLoss)}`;
      const message = `RNN: trained ${TRAIN_STEPS} steps: ${losses}`;
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'RNN: trained' }).first();
      let most = before;
      let done = false;
      void toast.waitFor({ timeout: 60_000 }).then(
        () => (done = true),
        () => (done = true),
      );
      while (!done) {
        most = Math.max(most, workers());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const shown = ((await toast.textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ');
      check(shown.includes(message), `the notification should say "${message}", it says ${JSON.stringify(shown)}`);
      check(
        most > before,
        `no worker thread appeared in the extension host (pid ${pid}) while it trained: ` +
          `${before} WorkerThread before, at most ${most} during`,
      );
      await wb.screenshot('trained');
      // Desktop files are real files: Save writes the trained weights through to disk.
      const original = readFileSync(file, 'utf8');
      const dirtyTab = page.locator('.tabs-container .tab.dirty', { hasText: SEED_EXAMPLE });
      await dirtyTab.waitFor({ timeout: 10_000 }).catch(() => {
        throw new Error(`the trained weights did not make ${SEED_EXAMPLE} dirty (an unsaved edit)`);
      });
      await focusSeedEditor(wb, page);
      await page.keyboard.press('Control+S');
      await dirtyTab.waitFor({ state: 'detached', timeout: 10_000 });
      const saved = await until(() => {
        const text = readFileSync(file, 'utf8');
        return text !== original && text;
      }, `${SEED_EXAMPLE} to change on disk after Save`);
      const { runModel } = await loadEngine();
      const loss = runModel(await modelOf(saved, `${SEED_EXAMPLE} as saved`)).loss;
      check(
        Object.is(loss, expected.finalLoss),
        `the saved file's loss is ${loss}, the engine trains the seed to ${expected.finalLoss}`,
      );
      return `WorkerThread in extension host pid ${pid} (${before} before, ${most} during); saved loss ${loss}`;
    },
  },
];
