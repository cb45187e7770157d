// @ts-check
// The person's-eye tests, in the order a newcomer would go: open the seed example from the
// Explorer, open the stepper from the palette, step, hover a weight, open a broken file.
// Each test states its own precondition so that a failure names the part that broke.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INVALID_FIXTURE, SEED_EXAMPLE } from '../fixture.mjs';
import { katexDigits, nextGroupStart, resultDigits, traceOf } from './engine.mjs';

/** What every test receives (run.mjs): the workbench helper, its page, the fixture folder.
 *  @typedef {{ wb: import('./workbench.mjs').Workbench, page: import('playwright-core').Page, workspace: string }}
 *    UiContext */
/** @typedef {{ name: string, run(ctx: UiContext): Promise<string | void> }} UiTest */
/** @typedef {import('playwright-core').Locator} Locator */

/** @param {unknown} condition @param {string} message @returns {asserts condition} */
function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Waits until `locator` shows text matching `pattern`; the error says what it shows instead. */
async function waitForText(
  /** @type {Locator} */ locator,
  /** @type {RegExp} */ pattern,
  /** @type {string} */ what,
  timeout = 10_000,
) {
  await locator
    .filter({ hasText: pattern })
    .first()
    .waitFor({ timeout })
    .catch(async () => {
      const shown = await locator
        .first()
        .textContent({ timeout: 1000 })
        .catch(() => '(element missing)');
      throw new Error(`expected ${what} (${pattern}), the panel shows ${JSON.stringify(shown)}`);
    });
}

/** Opens the seed example and the stepper panel unless a previous test left them open. */
async function ensureStepperOpen(/** @type {UiContext['wb']} */ wb) {
  const panelOpen = await wb
    .byTestId('step-title')
    .count()
    .catch(() => 0);
  if (panelOpen) return;
  await wb.openFromExplorer(SEED_EXAMPLE);
  await wb.runCommand('RNN: Open Stepper');
  await wb.byTestId('step-title').waitFor({ timeout: 20_000 });
}

/** @type {UiTest[]} */
export const tests = [
  {
    name: 'the workbench loads the fixture workspace with RNN Stepper installed',
    async run({ wb }) {
      await wb.explorerRow(SEED_EXAMPLE).waitFor({ timeout: 30_000 });
      await wb.explorerRow(INVALID_FIXTURE).waitFor({ timeout: 10_000 });
      await wb.screenshot('workbench');
    },
  },
  {
    name: 'the seed example opens from the Explorer',
    async run({ wb, page }) {
      await wb.openFromExplorer(SEED_EXAMPLE);
      const text = await page.locator('.editor-group-container.active .monaco-editor .view-lines').innerText();
      check(text.includes('"W_hh"'), `the editor does not show the seed example: ${text.slice(0, 200)}`);
    },
  },
  {
    name: '"RNN: Open Stepper" from the palette shows the first step with its numbers',
    async run({ wb, workspace }) {
      const steps = (await traceOf(join(workspace, SEED_EXAMPLE))).steps;
      await wb.openFromExplorer(SEED_EXAMPLE);
      await wb.runCommand('RNN: Open Stepper', 'palette');
      await wb.waitForStepTitle(steps[0].title, 20_000);
      await waitForText(wb.byTestId('equation-numeric'), /0\.5/, 'a₁ = 0.2·0 + 0.5 + 0 = 0.5');
      const symbolic = (await wb.byTestId('equation-symbolic').textContent()) ?? '';
      check(symbolic.trim().length > 0, 'equation-symbolic is empty');
      await wb.byTestId('timeline').waitFor({ timeout: 5_000 });
      // The next equation of timestep 1 is the seed's first number: h₁ = tanh(0.5) = 0.4621…
      await wb.runCommand('RNN: Step Forward');
      await wb.waitForStepTitle(steps[1].title);
      await waitForText(wb.byTestId('equation-numeric'), /0\.4621/, 'h₁ = tanh(0.5) = 0.4621…');
      await waitForText(wb.byTestId('tensor-h'), /0\.4621/, 'the tensor h₁ = 0.4621…');
      await wb.screenshot('panel');
    },
  },
  {
    name: '"RNN: Step Forward" ×3 then "RNN: Step Backward" moves one step each, forwards and back',
    async run({ wb, workspace }) {
      const steps = (await traceOf(join(workspace, SEED_EXAMPLE))).steps;
      await ensureStepperOpen(wb);
      // "Go to Start" is offered only away from the start (its when-clause), as a person would find it.
      const atStart = await wb.byTestId('step-title').filter({ hasText: steps[0].title }).count();
      if (!atStart) await wb.runCommand('RNN: Go to Start');
      await wb.waitForStepTitle(steps[0].title);
      let index = 0;
      for (let i = 1; i <= 3; i++) {
        await wb.runCommand('RNN: Step Forward');
        index += 1;
        await wb.waitForStepTitle(steps[index].title);
        await waitForText(wb.byTestId('step-pos'), new RegExp(`step ${index + 1} of ${steps.length}`), 'the counter');
      }
      await wb.runCommand('RNN: Step Backward');
      index -= 1;
      const shown = await wb.waitForStepTitle(steps[index].title);
      await waitForText(wb.byTestId('step-pos'), new RegExp(`step ${index + 1} of ${steps.length}`), 'the counter');
      await wb.screenshot('panel-stepped');
      return `step ${index}: ${shown}`;
    },
  },
  {
    name: 'stepping on into backpropagation through time shows each gradient with its number',
    async run({ wb, workspace }) {
      const trace = await traceOf(join(workspace, SEED_EXAMPLE));
      const steps = trace.steps;
      const target = steps.findIndex((s) => s.phase === 'backward' && s.t === 2);
      check(target > 0, 'the seed example has no backward step at t = 2');
      await ensureStepperOpen(wb);
      const atStart = await wb.byTestId('step-title').filter({ hasText: steps[0].title }).count();
      if (!atStart) await wb.runCommand('RNN: Go to Start');
      await wb.waitForStepTitle(steps[0].title);
      let index = 0;
      while (index < target) {
        await wb.runCommand('RNN: Next Timestep');
        index = nextGroupStart(steps, index);
        await wb.waitForStepTitle(steps[index].title);
      }
      check(
        index === target,
        `Next Timestep skipped past the first backward step at t = 2 (landed on ${index}, expected ${target})`,
      );
      // The numeric equation ends with the step's result, every number of it (δy₂ is a 4-vector).
      const digits = await resultDigits(trace, index);
      check(digits.length > 0, `no number in the engine's equation of step ${index}`);
      let shown = '';
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await wb.page.waitForTimeout(100)) {
        shown = katexDigits((await wb.byTestId('equation-numeric').textContent()) ?? '');
        if (shown.endsWith(digits)) break;
      }
      check(
        shown.endsWith(digits),
        `equation-numeric of ${steps[index].title} should end with ${digits}, it reads ${shown}`,
      );
      await wb.byTestId('grad-chart').waitFor({ timeout: 5_000 });
      await wb.screenshot('panel-bptt');
      return `step ${index}: ${steps[index].title} ends with ${digits}`;
    },
  },
  {
    name: '"RNN: Go to Step…": picking a step moves the panel there; Esc returns to where it was',
    async run({ wb, page, workspace }) {
      const steps = (await traceOf(join(workspace, SEED_EXAMPLE))).steps;
      await ensureStepperOpen(wb);
      const widget = page.locator('.quick-input-widget');
      const input = widget.locator('.quick-input-box input');
      const openGoToStep = async () => {
        await page.keyboard.press('F1');
        await input.waitFor({ timeout: 10_000 });
        await input.fill('>RNN: Go to Step');
        await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'RNN: Go to Step' }).first().click();
        await widget.locator('.quick-input-title', { hasText: `Go to Step — ${steps.length} steps` }).waitFor({
          timeout: 10_000,
        });
      };
      // A step whose title no other step has: typing it leaves one row.
      const target = steps.findIndex(
        (s) => s.phase === 'backward' && steps.filter((o) => o.title === s.title).length === 1,
      );
      check(target > 0, 'the seed example has a backward step with a unique title');
      await openGoToStep();
      await input.fill(steps[target].title);
      const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: `step ${target + 1} ·` }).first();
      await row.waitFor({ timeout: 10_000 });
      await row.click();
      await widget.waitFor({ state: 'hidden', timeout: 10_000 });
      await wb.waitForStepTitle(steps[target].title);
      await waitForText(wb.byTestId('step-pos'), new RegExp(`step ${target + 1} of ${steps.length}`), 'the counter');

      // Again, move through the list (the panel previews each row), then Esc: back to the target.
      await openGoToStep();
      for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowDown');
      const previewed = steps[Math.min(steps.length - 1, target + 3)].title;
      await wb.waitForStepTitle(previewed);
      check(previewed !== steps[target].title, 'the preview shows another step');
      await page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 10_000 });
      await wb.waitForStepTitle(steps[target].title);
      await waitForText(wb.byTestId('step-pos'), new RegExp(`step ${target + 1} of ${steps.length}`), 'the counter');
      return `picked step ${target + 1} (${steps[target].title}); Esc after previewing "${previewed}" returned`;
    },
  },
  {
    name: "hovering W_hh's 0.2 shows ∂L/∂W_hh = 0.452094511014637",
    async run({ wb }) {
      await wb.activateTab(SEED_EXAMPLE).catch(() => wb.openFromExplorer(SEED_EXAMPLE));
      const text = await wb.hoverToken('0.2', /0\.452094511014637/);
      check(/W_hh/.test(text), `the hover does not name W_hh: ${text}`);
      await wb.page
        .locator('.monaco-hover:not(.hidden)')
        .first()
        .evaluate((el) => el.getAnimations?.().forEach((a) => a.finish()));
      await wb.screenshot('hover');
    },
  },
  {
    name: 'a broken file shows its squiggle and a Problems entry at the right line and column',
    async run({ wb, page, workspace }) {
      const text = readFileSync(join(workspace, INVALID_FIXTURE), 'utf8');
      const offset = text.indexOf('"thre"');
      const before = text.slice(0, offset).split('\n');
      const line = before.length;
      const column = before[before.length - 1].length + 1;
      await wb.openFromExplorer(INVALID_FIXTURE);
      await page
        .locator('.editor-group-container.active .monaco-editor .squiggly-error')
        .first()
        .waitFor({ timeout: 20_000 });
      await wb.runCommand('Problems: Focus on Problems View');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'thre' }).first();
      await row.waitFor({ timeout: 20_000 }).catch(async () => {
        const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
        throw new Error(`no Problems entry about "thre" (entries: ${JSON.stringify(rows)})`);
      });
      const entry = (await row.innerText()).replace(/\s+/g, ' ');
      const at = entry.match(/\[Ln (\d+), Col (\d+)\]/);
      check(at, `the Problems entry has no position: ${entry}`);
      check(+at[1] === line, `Problems entry on line ${at[1]}, expected ${line}: ${entry}`);
      check(
        +at[2] === column || +at[2] === column + 1,
        `Problems entry at column ${at[2]}, expected ${column} ("thre"): ${entry}`,
      );
      await wb.screenshot('problems');
      return entry;
    },
  },
  {
    name: "F5 debugs the seed example: the toolbar's Step Over / Step Back move it, the Variables view shows h₁",
    async run({ wb, page, workspace }) {
      const steps = (await traceOf(join(workspace, SEED_EXAMPLE))).steps;
      const open = await page.locator('.tabs-container .tab', { hasText: SEED_EXAMPLE }).count();
      await (open ? wb.activateTab(SEED_EXAMPLE) : wb.openFromExplorer(SEED_EXAMPLE));
      // F5 with no launch.json: the RNN debugger is the one for this file; it stops on step 1.
      await page.keyboard.press('F5');
      const toolbar = page.locator('.debug-toolbar');
      await toolbar.waitFor({ timeout: 20_000 });
      const frame = (/** @type {string} */ title) =>
        page.locator('.debug-call-stack .monaco-list-row', { hasText: title }).first();
      await frame(steps[0].title).waitFor({ timeout: 20_000 });
      const button = (/** @type {string} */ icon) => toolbar.locator(`.action-label.codicon-${icon}`);
      // Step Over ×2 then Step Back, with the toolbar's buttons.
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
      // The Variables view's Step scope at a₂ lists h₁ = tanh(0.5); expanding it shows every digit.
      const row = page.locator('.debug-variables .monaco-list-row', { hasText: 'h₁' }).first();
      await row.waitFor({ timeout: 10_000 }).catch(async () => {
        const rows = await page.locator('.debug-variables .monaco-list-row').allInnerTexts();
        throw new Error(`the Variables view has no h₁ (rows: ${JSON.stringify(rows)})`);
      });
      const preview = (await row.innerText()).replace(/\s+/g, ' ');
      check(/\[0\.4621\] \(1\)/.test(preview), `h₁ should preview as [0.4621] (1): ${preview}`);
      await row.click();
      const element = page.locator('.debug-variables .monaco-list-row', { hasText: '0.46211715726000974' }).first();
      await element.waitFor({ timeout: 10_000 }).catch(async () => {
        const rows = await page.locator('.debug-variables .monaco-list-row').allInnerTexts();
        throw new Error(`expanding h₁ should show 0.46211715726000974 (rows: ${JSON.stringify(rows)})`);
      });
      // Watch expressions, typed as a person would: h₁'s exact value, and h₂, which this step has
      // not computed yet (the Watch says where it will be).
      const watchHeader = page.locator('.pane-header', { hasText: /watch/i }).first();
      const watchRow = (/** @type {string} */ text) =>
        page.locator('.debug-watch .monaco-list-row', { hasText: text }).first();
      for (const [expression, shows] of [
        ['h_1[0]', '0.46211715726000974'],
        ['h_2', 'not computed yet'],
      ]) {
        await watchHeader.hover();
        await watchHeader.locator('.action-label.codicon-watch-expressions-add').click();
        await page.keyboard.type(expression);
        await page.keyboard.press('Enter');
        await watchRow(shows)
          .waitFor({ timeout: 10_000 })
          .catch(async () => {
            const rows = await page.locator('.debug-watch .monaco-list-row').allInnerTexts();
            throw new Error(`the Watch of ${expression} should show ${shows} (rows: ${JSON.stringify(rows)})`);
          });
      }
      // The stepper's own command moves the same cursor: the Call Stack and Variables follow.
      await wb.runCommand('RNN: Step Forward');
      await frame(steps[index + 1].title).waitFor({ timeout: 10_000 });
      await page
        .locator('.debug-variables .monaco-list-row', { hasText: 'h₂ (computed)' })
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(async () => {
          const rows = await page.locator('.debug-variables .monaco-list-row').allInnerTexts();
          throw new Error(
            `after RNN: Step Forward the Variables view should show h₂ (computed) (rows: ${JSON.stringify(rows)})`,
          );
        });
      await wb.runCommand('RNN: Step Backward');
      await frame(steps[index].title).waitFor({ timeout: 10_000 });
      await row.waitFor({ timeout: 10_000 });
      if (!(await element.isVisible())) await row.click();
      await element.waitFor({ timeout: 10_000 });
      // For the picture: the bottom panel (the Debug Console) closed.
      await wb.runCommand('View: Hide Panel');
      await page.mouse.move(700, 600);
      await wb.screenshot('debugger');
      await page.keyboard.press('Shift+F5');
      await toolbar.waitFor({ state: 'hidden', timeout: 10_000 });
      return `stopped at ${steps[index].title}; Variables: ${preview.trim()}`;
    },
  },
  {
    name: 'Ctrl+Alt+→ / Ctrl+Alt+Page Down / Ctrl+Alt+← in the editor move the panel by a step, a timestep, a step back',
    async run({ wb, page, workspace }) {
      const steps = (await traceOf(join(workspace, SEED_EXAMPLE))).steps;
      await ensureStepperOpen(wb);
      const atStart = await wb.byTestId('step-title').filter({ hasText: steps[0].title }).count();
      if (!atStart) await wb.runCommand('RNN: Go to Start');
      await wb.waitForStepTitle(steps[0].title);
      await wb.activateTab(SEED_EXAMPLE);
      await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
      await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ timeout: 10_000 });
      // Step Forward (Ctrl+Alt+→) moves one step of the panel's counter, Next Timestep (Ctrl+Alt+Page
      // Down) to the next timestep's start, Step Backward (Ctrl+Alt+←) one step back.
      let index = 0;
      for (let i = 0; i < 2; i++) {
        await page.keyboard.press('Control+Alt+ArrowRight');
        index += 1;
        await wb.waitForStepTitle(steps[index].title);
      }
      await page.keyboard.press('Control+Alt+PageDown');
      index = nextGroupStart(steps, index);
      await wb.waitForStepTitle(steps[index].title);
      await page.keyboard.press('Control+Alt+ArrowLeft');
      index -= 1;
      return `step ${index}: ${await wb.waitForStepTitle(steps[index].title)}`;
    },
  },
  {
    name: '"RNN: Export Worked Example" typesets every formula with our KaTeX in VS Code for the web',
    async run({ wb, page }) {
      const open = await page.locator('.tabs-container .tab', { hasText: SEED_EXAMPLE }).count();
      await (open ? wb.activateTab(SEED_EXAMPLE) : wb.openFromExplorer(SEED_EXAMPLE));
      await wb.runCommand('RNN: Export Worked Example');
      const doc = await wb.webviewWith('.doc-body');
      await wb.inNewWebview(() =>
        doc.locator('.doc-body h1', { hasText: 'Worked example' }).waitFor({ timeout: 20_000 }),
      );
      const typeset = await doc.locator('.doc-math .katex-display').count();
      const errors = await doc.locator('.katex-error').count();
      const text = await doc.locator('.doc-body').innerText();
      check(typeset > 20, `the worked example should show its formulas typeset, found ${typeset}`);
      check(errors === 0, `${errors} formulas failed to typeset`);
      check(!/\$\$|\\begin\{/.test(text), 'TeX source shown as text: the math was not typeset');
      check(text.includes('0.45209451101463705'), 'the exact ∂L/∂W_hh should be in the worked example');
      await doc.getByRole('button', { name: 'Save as Markdown…' }).waitFor();
      await wb.screenshot('worked-example');
      return `${typeset} display formulas typeset`;
    },
  },
  {
    name: '"RNN: Practice": answer a₁ and h₁ in the panel, step, reload the window — the progress is kept',
    async run({ wb, workspace }) {
      const steps = (await traceOf(join(workspace, SEED_EXAMPLE))).steps;
      await wb.runCommand('View: Close All Editors');
      await wb.openFromExplorer(SEED_EXAMPLE);
      await wb.runCommand('RNN: Practice', 'palette-practice');
      await waitForText(wb.byTestId('practice-summary'), /^0 of 51 steps correct, 0 hints$/, 'the progress line');
      if (!(await wb.byTestId('step-title').filter({ hasText: steps[0].title }).count()))
        await wb.runCommand('RNN: Go to Start');
      await wb.waitForStepTitle(steps[0].title);
      const box = (/** @type {string} */ label) =>
        wb.webview().getByRole('textbox', { name: new RegExp(`^Your answer for ${label}`) });
      // The step's result is not on the page until it is answered.
      const tensorA = (await wb.byTestId('tensor-a').textContent()) ?? '';
      check(!tensorA.includes('0.5'), `a₁ should be hidden in practice mode: ${tensorA}`);
      await box('a₁').fill('0.5');
      await box('a₁').press('Enter');
      await waitForText(wb.byTestId('practice-status'), /^Correct: a₁ = 0\.5$/, 'the verdict on a₁');
      await wb.runCommand('RNN: Step Forward');
      await wb.waitForStepTitle(steps[1].title);
      await box('h₁').fill('-0.4621');
      await box('h₁').press('Enter');
      await waitForText(wb.byTestId('practice-status'), /^Not quite: the sign is flipped/, 'the verdict on −0.4621');
      await box('h₁').fill('0.4621');
      await box('h₁').press('Enter');
      await waitForText(wb.byTestId('practice-status'), /^Correct: h₁ = 0\.46211715726000974$/, 'the verdict on h₁');
      await waitForText(wb.byTestId('practice-summary'), /^2 of 51 steps correct, 0 hints$/, 'the progress line');
      await wb.screenshot('practice');
      // Reload the window: the panel comes back on h₁, in practice mode, with the answers given.
      await wb.runCommand('Developer: Reload Window');
      await wb.explorerRow(SEED_EXAMPLE).waitFor({ timeout: 60_000 });
      await waitForText(
        wb.byTestId('practice-summary'),
        /^2 of 51 steps correct, 0 hints$/,
        'progress after reload',
        30_000,
      );
      await wb.waitForStepTitle(steps[1].title, 20_000);
      const kept = await box('h₁').inputValue();
      check(kept === '0.4621', `the answer given to h₁ should be shown again after the reload: ${kept}`);
      // Leave practice mode: the numbers are back.
      await wb.runCommand('RNN: Practice');
      await waitForText(wb.byTestId('tensor-h'), /0\.4621/, 'h₁ shown again after leaving practice mode');
      return 'progress kept across a window reload';
    },
  },
  {
    name: '"RNN: Export Exercise Sheet" typesets the exercises and their answer key',
    async run({ wb }) {
      await wb.runCommand('View: Close All Editors');
      await wb.openFromExplorer(SEED_EXAMPLE);
      await wb.runCommand('RNN: Export Exercise Sheet');
      const doc = await wb.webviewWith('.doc-body');
      await wb.inNewWebview(() => doc.locator('.doc-body h2', { hasText: 'Answer key' }).waitFor({ timeout: 20_000 }));
      const errors = await doc.locator('.katex-error').count();
      check(errors === 0, `${errors} formulas failed to typeset`);
      const text = await doc.locator('.doc-body').innerText();
      check(text.includes('0.46211715726000974'), 'the answer key should hold h₁ exactly');
      await doc.getByRole('button', { name: 'Save as Markdown…' }).waitFor();
      await wb.screenshot('exercise-sheet');
    },
  },
];
