// `rnn-step sample FILE [--from TOKEN] [--length N] [--temperature T] [--seed S] [--json]`: text
// generation (engine/dynamics/sampling.ts). Defaults: the file's first input token, 100 tokens,
// τ = 1, seed 0 — so the same command always prints the same tokens.
// Text: the generated tokens (joined without spaces when every token is one character), then one
// line per step: its input, the chosen token, that token's probability and the likeliest three.
// JSON: {"from", "length", "temperature", "seed", "text", "tokens", "inputs", "draws", "logits",
// "probabilities"} — row t−1 of logits / probabilities is step t's y_t and softmax(y_t / τ).
// Exit 1 when the model cannot be sampled (vector inputs or outputs, classes outside the vocab),
// 2 when --from is not a token of the vocab.

import { sample, sampleOptionsProblem, samplingRefusal, type SampleResult } from '../engine/dynamics/sampling';
import { fmtPlain } from '../engine/equations/latex';
import type { Model } from '../engine/model';
import type { Invocation } from './args';
import type { CliIo } from './commands';
import { EXIT_USAGE } from './dispatch';
import { load } from './loadModel';
import { table } from './output';
import { JsonMatrix } from './jsonStream';
import { printJson } from './printJson';

export const SAMPLE_DEFAULTS = { length: 100, temperature: 1, seed: 0 } as const;

export function sampleCommand(io: CliIo, inv: Invocation): number {
  const model = load(io, inv.file, 'err');
  if (!model) return 1;
  const refusal = samplingRefusal(model);
  if (refusal) {
    io.err(`rnn-step: ${inv.file}: cannot sample: ${refusal}`);
    return 1;
  }
  const ids = model.inputs.kind === 'tokens' ? model.inputs.ids : null;
  const options = {
    from: inv.from ?? (model.vocab as readonly string[])[(ids as Int32Array)[0]],
    length: inv.length ?? SAMPLE_DEFAULTS.length,
    temperature: inv.temperature ?? SAMPLE_DEFAULTS.temperature,
    seed: inv.seed ?? SAMPLE_DEFAULTS.seed,
  };
  const problem = sampleOptionsProblem(model, options);
  if (problem) {
    io.err(`rnn-step: ${inv.file}: ${problem}`);
    return EXIT_USAGE;
  }
  let result: SampleResult;
  try {
    result = sample(model, options);
  } catch (e) {
    io.err(`rnn-step: ${inv.file}: cannot sample: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const vocab = model.vocab as readonly string[];
  const text = joinTokens(result.tokens, vocab);
  if (inv.json) {
    const N = options.length,
      O = model.outputSize;
    printJson(io, inv.file, {
      ...options,
      text,
      tokens: result.tokens,
      inputs: Array.from(result.inputIds, (i) => vocab[i]),
      draws: Array.from(result.draws),
      logits: new JsonMatrix(result.logits, N, O),
      probabilities: new JsonMatrix(result.probabilities, N, O),
    });
  } else io.out(sampleText(model, options, result, text));
  return 0;
}

/** Tokens as text: concatenated when every vocab token is one character, else space-separated. */
export function joinTokens(tokens: readonly string[], vocab: readonly string[]): string {
  return vocab.every((v) => [...v].length === 1) ? tokens.join('') : tokens.join(' ');
}

function sampleText(
  model: Model,
  o: { from: string; length: number; temperature: number; seed: number },
  r: SampleResult,
  text: string,
): string {
  const classes = model.classes as readonly string[],
    vocab = model.vocab as readonly string[];
  const O = model.outputSize,
    N = o.length;
  const rows = [['t', 'input', 'chosen', 'p(chosen)', 'likeliest']];
  for (let t = 1; t <= N; t++) {
    if (N > 24 && t > 10 && t <= N - 10) {
      if (t === 11) rows.push(['…', '', '', '', '']);
      continue;
    }
    const p = r.probabilities.subarray((t - 1) * O, t * O);
    const top = [...p.keys()].sort((a, b) => p[b] - p[a] || a - b).slice(0, 3);
    rows.push([
      String(t),
      JSON.stringify(vocab[r.inputIds[t - 1]]),
      JSON.stringify(r.tokens[t - 1]),
      fmtPlain(p[r.ids[t - 1]], 3),
      top.map((k) => `${JSON.stringify(classes[k])} ${fmtPlain(p[k], 3)}`).join(', '),
    ]);
  }
  return [
    `${model.name}: ${N} token${N === 1 ? '' : 's'} from ${JSON.stringify(o.from)} (temperature ${o.temperature}, seed ${o.seed})`,
    text,
    '',
    table(rows),
    '',
    'Full precision: rnn-step sample FILE --json',
  ].join('\n');
}
