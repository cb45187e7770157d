// @ts-check
// The UI suite's oracle: the engine itself (pure TypeScript), bundled on the fly for Node, so the
// suite knows which step a person should see after each command without reading the extension's state.
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../../scripts/vscode-web.mjs';

/**
 * The engine's modules the suite uses, typed as their sources.
 * @typedef {{
 *   parseModel: typeof import('../../../src/engine/parse/parse').parseModel,
 *   runModel: typeof import('../../../src/engine/compute/run').runModel,
 *   stepEquation: typeof import('../../../src/engine/equations/equations').stepEquation,
 * }} Engine
 */
/** @typedef {import('../../../src/engine/trace/trace').Trace} Trace */
/** @typedef {import('../../../src/engine/trace/trace').Step} Step */

/** @type {Engine | undefined} */
let engine;

/** @returns {Promise<Engine>} */
async function loadEngine() {
  if (engine) return engine;
  const result = await esbuild.build({
    stdin: {
      contents: [
        "export { parseModel } from './src/engine/parse/parse';",
        "export { runModel } from './src/engine/compute/run';",
        "export { stepEquation } from './src/engine/equations/equations';",
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    mainFields: ['module', 'main'], // jsonc-parser's main is UMD with dynamic requires
    write: false,
    logLevel: 'silent',
  });
  const dir = mkdtempSync(join(tmpdir(), 'rnn-stepper-engine-'));
  const file = join(dir, 'engine.mjs');
  writeFileSync(file, result.outputFiles[0].text);
  try {
    /** @type {Engine} */
    const loaded = await import(pathToFileURL(file).href);
    engine = loaded;
    return loaded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The trace of a model file, as the extension computes it. Throws on a file with errors.
 *  @param {string} file @returns {Promise<Trace>} */
export async function traceOf(file) {
  const { parseModel, runModel } = await loadEngine();
  const parsed = parseModel(readFileSync(file, 'utf8'));
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (!parsed.model || errors.length)
    throw new Error(`${file}: ${errors.map((p) => p.message).join('; ') || 'no model'}`);
  return runModel(parsed.model);
}

/** The numbers of what a step computes, as its numeric equation ends ("… = 0.462117", or a
 *  matrix), concatenated the way KaTeX's text reads: ["0.213032", "-0.710426", …] → "0.213032-0.710426…". */
export async function resultDigits(/** @type {Trace} */ trace, /** @type {number} */ index) {
  const { stepEquation } = await loadEngine();
  const numeric = stepEquation(trace, index).numeric;
  const result = numeric.slice(numeric.lastIndexOf('=') + 1);
  return (result.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g) ?? []).join('');
}

/** KaTeX's textContent with its minus signs as '-' and without spaces or zero-width spaces. */
export function katexDigits(/** @type {string} */ text) {
  return text.replace(/\u2212/g, '-').replace(/[\s\u200b]/g, '');
}

/** "Step Forward": to the first step of the next timestep group (same phase and t). */
export function nextGroupStart(/** @type {readonly Step[]} */ steps, /** @type {number} */ from) {
  for (let i = from + 1; i < steps.length; i++) {
    if (steps[i].phase !== steps[i - 1].phase || steps[i].t !== steps[i - 1].t) return i;
  }
  return steps.length - 1;
}
