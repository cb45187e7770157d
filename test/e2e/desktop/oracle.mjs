// @ts-check
// The desktop UI smoke's oracle: the engine itself (pure TypeScript), bundled on the fly for Node, so
// the smoke knows what a person should see — each step's title, what "RNN: Train…" ends with, what
// the worked example holds — without reading the extension's state.
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../../scripts/vscode-web.mjs';

/** @typedef {import('../../../src/engine/trace/trace').Trace} Trace */
/** @typedef {import('../../../src/engine/trace/trace').Step} Step */
/** @typedef {import('../../../src/engine/model').Model} Model */
/**
 * The engine functions the oracle uses (the bundle below exports exactly these).
 * @typedef {{
 *   parseModel: typeof import('../../../src/engine/parse/parse').parseModel,
 *   runModel: typeof import('../../../src/engine/compute/run').runModel,
 *   train: typeof import('../../../src/engine/compute/optimize').train,
 *   withParams: typeof import('../../../src/engine/compute/optimize').withParams,
 *   stepEquation: typeof import('../../../src/engine/equations/equations').stepEquation,
 *   explainMarkdown: typeof import('../../../src/engine/equations/explain').explainMarkdown,
 * }} Engine
 */

/** @type {Engine | undefined} */
let engine;

/** @returns {Promise<Engine>} */
export async function loadEngine() {
  if (engine) return engine;
  const result = await esbuild.build({
    stdin: {
      contents: [
        "export { parseModel } from './src/engine/parse/parse';",
        "export { runModel } from './src/engine/compute/run';",
        "export { train, withParams } from './src/engine/compute/optimize';",
        "export { stepEquation } from './src/engine/equations/equations';",
        "export { explainMarkdown } from './src/engine/equations/explain';",
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
  const dir = mkdtempSync(join(tmpdir(), 'rnn-stepper-oracle-'));
  const file = join(dir, 'engine.mjs');
  writeFileSync(file, result.outputFiles[0].text);
  /** @type {Engine} */
  let loaded;
  try {
    loaded = await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  engine = loaded;
  return loaded;
}

/** The model of a .rnn.json text. Throws on a file with errors. */
/** @param {string} text @returns {Promise<Model>} */
export async function modelOf(text, what = 'the model') {
  const { parseModel } = await loadEngine();
  const parsed = parseModel(text);
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  if (!parsed.model || errors.length)
    throw new Error(`${what}: ${errors.map((p) => p.message).join('; ') || 'no model'}`);
  return parsed.model;
}

/** The trace the extension computes for a model file. */
/** @param {string} file */
export async function traceOfFile(file) {
  const { runModel } = await loadEngine();
  return runModel(await modelOf(readFileSync(file, 'utf8'), file));
}

/** What "RNN: Train…" for `steps` steps ends with: the first loss and the loss of the trained weights
 *  (the loss of one more pass, as src/host/training/trainingWorker.ts reports it). */
/** @param {string} file @param {number} steps */
export async function trainingOutcome(file, steps) {
  const { train, withParams } = await loadEngine();
  const model = await modelOf(readFileSync(file, 'utf8'), file);
  const result = train(model, steps);
  const finalLoss = train(withParams(model, result.params), 1).losses[0];
  return { firstLoss: result.losses[0], finalLoss, params: result.params };
}

/** The numbers of what step `index` computes, as its numeric equation ends ("… = 0.462117"), joined
 *  the way KaTeX's text reads them (see katexDigits). */
/** @param {Trace} trace @param {number} index */
export async function resultDigits(trace, index) {
  const { stepEquation } = await loadEngine();
  const numeric = stepEquation(trace, index).numeric;
  const result = numeric.slice(numeric.lastIndexOf('=') + 1);
  return (result.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g) ?? []).join('');
}

/** KaTeX's textContent with its minus signs as '-' and without spaces or zero-width spaces. */
/** @param {string} text */
export function katexDigits(text) {
  return text.replace(/\u2212/g, '-').replace(/[\s\u200b]/g, '');
}

/** The worked example the exporter writes for `trace` (Markdown, $$ math). */
/** @param {Trace} trace */
export async function workedExample(trace) {
  const { explainMarkdown } = await loadEngine();
  return explainMarkdown(trace);
}

/** "Step Forward": to the first step of the next timestep group (same phase and t). */
/** @param {readonly Step[]} steps @param {number} from */
export function nextGroupStart(steps, from) {
  for (let i = from + 1; i < steps.length; i++) {
    if (steps[i].phase !== steps[i - 1].phase || steps[i].t !== steps[i - 1].t) return i;
  }
  return steps.length - 1;
}
