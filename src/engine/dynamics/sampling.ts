// Sampling: generate N tokens from a start token, each step's output distribution at a temperature
// and one seeded draw choosing the token that becomes the next input: text generation.
//
// Step t (t = 1…N): x_t = the start token (t = 1) or the token chosen at t − 1; the state and
// y_t = W_hy h_t + b_y are one step of the model from h_0 (c_0) (singleStep.ts); then
//   p_t = softmax(y_t / τ), computed as e_j = exp((y_tj − max y_t) / τ), p_tj = e_j / Σ e;
//   u_t = the next number of Mulberry32(seed) (parse/init.ts, the generator of seeded weights);
//   the chosen class is the first j with u_t < p_t1 + … + p_tj (the last class with p > 0 if
//   rounding leaves u_t above the total).
// τ = 0 is greedy: p_t is one-hot at the first largest y_tj (u_t is still drawn, and ignored), so
// that the same seed gives the same draws at every temperature. At τ = 1, p_t is bit for bit the
// softmax the engine records for the run (loss.ts).
//
// The sampled run is also a model (`run`): inputs x_1…x_N, targets the chosen tokens. runModel of it
// recomputes exactly these y_t (the same sums in the same order), so the stepper can step through
// the generation like any run, and its losses are −log of each chosen token's probability at τ = 1.

import { DEFAULT_LIMITS } from '../parse/problems';
import { mulberry32 } from '../parse/init';
import type { Model } from '../model';
import { stepToken, stepWeights } from './singleStep';

export interface SampleOptions {
  /** The first input: a token of the vocab. */
  readonly from: string;
  /** N ≥ 1: how many tokens to generate. */
  readonly length: number;
  /** τ ≥ 0 (0: greedy). */
  readonly temperature: number;
  /** Any integer; taken mod 2³² like an init seed. */
  readonly seed: number;
}

export interface SampleResult {
  /** The generated tokens s_1…s_N (class names). */
  readonly tokens: string[];
  /** Their class ids. */
  readonly ids: Int32Array;
  /** x_1…x_N as vocab ids: the start token, then each generated token. */
  readonly inputIds: Int32Array;
  /** y_t (N × O) and p_t = softmax(y_t / τ) (N × O), row t−1 = step t. */
  readonly logits: Float64Array;
  readonly probabilities: Float64Array;
  /** u_t, the uniform draw of each step. */
  readonly draws: Float64Array;
  /** The generation as a model the stepper can run: inputs x_1…x_N, targets s_1…s_N. */
  readonly run: Model;
}

/** The most tokens one sample may generate (the format's limit on timesteps). */
export const MAX_SAMPLE_LENGTH = DEFAULT_LIMITS.maxSteps;

/** Why `model` cannot be sampled (each output must be an input token), or null when it can. */
export function samplingRefusal(model: Model): string | null {
  if (model.inputs.kind !== 'tokens' || !model.vocab)
    return 'sampling feeds each output back as the next input, so it needs token inputs (a "vocab"); this model reads vectors';
  if (!model.classes) return 'sampling needs token outputs ("classes" or a "vocab"); this model predicts vectors';
  const vocab = new Set(model.vocab);
  const missing = model.classes.find((c) => !vocab.has(c));
  if (missing !== undefined)
    return `sampling feeds each output back as the next input, but the class ${JSON.stringify(missing)} is not a token of the vocab`;
  return null;
}

/** Why these options are not valid for `model`, or null (the model itself: samplingRefusal). */
export function sampleOptionsProblem(model: Model, o: SampleOptions): string | null {
  if (model.vocab && !model.vocab.includes(o.from)) {
    const shown = model.vocab.slice(0, 12).map((v) => JSON.stringify(v));
    return `the start token ${JSON.stringify(o.from)} is not in the vocab (${shown.join(', ')}${model.vocab.length > 12 ? ', …' : ''})`;
  }
  if (!Number.isInteger(o.length) || o.length < 1 || o.length > MAX_SAMPLE_LENGTH)
    return `the length must be an integer from 1 to ${MAX_SAMPLE_LENGTH}, not ${o.length}`;
  if (!Number.isFinite(o.temperature) || o.temperature < 0)
    return `the temperature must be a finite number ≥ 0, not ${o.temperature}`;
  if (!Number.isSafeInteger(o.seed)) return `the seed must be an integer, not ${o.seed}`;
  return null;
}

export function sample(model: Model, options: SampleOptions): SampleResult {
  const refusal = samplingRefusal(model) ?? sampleOptionsProblem(model, options);
  if (refusal) throw new Error(refusal);
  const vocab = model.vocab as readonly string[],
    classes = model.classes as readonly string[];
  const N = options.length,
    O = model.outputSize,
    tau = options.temperature;
  const vocabId = new Map(vocab.map((v, i) => [v, i]));
  const w = stepWeights(model);
  const h = Float64Array.from(model.h0);
  const c = model.cell === 'lstm' ? Float64Array.from(model.c0 ?? new Float64Array(model.hiddenSize)) : null;
  const S = new Float64Array(w.Wh.length / model.hiddenSize);
  const next = mulberry32(options.seed);
  const ids = new Int32Array(N),
    inputIds = new Int32Array(N);
  const logits = new Float64Array(N * O),
    probabilities = new Float64Array(N * O),
    draws = new Float64Array(N);
  let input = vocabId.get(options.from) as number;
  for (let t = 0; t < N; t++) {
    inputIds[t] = input;
    const y = logits.subarray(t * O, (t + 1) * O),
      p = probabilities.subarray(t * O, (t + 1) * O);
    stepToken(w, h, c, input, y, S);
    if (!y.every(Number.isFinite))
      throw new Error(`the output at step ${t + 1} is not finite (NaN or ±Infinity): nothing can be sampled from it`);
    distribution(y, tau, p);
    const u = next();
    draws[t] = u;
    const k = tau === 0 ? p.indexOf(1) : choose(p, u);
    ids[t] = k;
    input = vocabId.get(classes[k]) as number;
  }
  const tokens = Array.from(ids, (k) => classes[k]);
  const run: Model = {
    ...model,
    name: `${model.name} (sampled from ${JSON.stringify(options.from)}, τ = ${tau}, seed ${options.seed})`,
    steps: N,
    inputs: { kind: 'tokens', ids: inputIds.slice() },
    targets: { kind: 'tokens', ids: ids.slice() },
    loss: 'cross-entropy',
  };
  return { tokens, ids, inputIds, logits, probabilities, draws, run };
}

/** p = softmax(y / τ) (τ > 0), or one-hot at the first largest y (τ = 0); y must be finite. */
export function distribution(y: ArrayLike<number>, tau: number, p: Float64Array): void {
  let m = -Infinity,
    arg = 0;
  for (let j = 0; j < y.length; j++)
    if (y[j] > m) {
      m = y[j];
      arg = j;
    }
  if (tau === 0) {
    p.fill(0);
    p[arg] = 1;
    return;
  }
  let s = 0;
  for (let j = 0; j < y.length; j++) {
    const e = Math.exp((y[j] - m) / tau);
    p[j] = e;
    s += e;
  }
  for (let j = 0; j < y.length; j++) p[j] /= s;
}

/** The first j with u < p_0 + … + p_j; the last j with p_j > 0 when rounding leaves u above. */
export function choose(p: ArrayLike<number>, u: number): number {
  let acc = 0,
    last = 0;
  for (let j = 0; j < p.length; j++) {
    acc += p[j];
    if (p[j] > 0) last = j;
    if (u < acc) return j;
  }
  return last;
}
