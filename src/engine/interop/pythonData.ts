// What both exported scripts (numpyScript.ts, pytorchScript.ts) share: the model file's numbers as
// Python literals — every float64 written as the shortest text Python reads back to the same
// double, strings as JSON string literals (which are Python literals too, so a token can never
// close its quotes) — and the Python helpers that print JSON in the shape of `rnn-step run --json`
// and `rnn-step train --json` (src/cli/commands.ts).

import { PARAM_NAMES, type Model, type Tensor } from '../model';
import { formatNumber } from './weightsText';

/** A float literal that Python reads back to exactly `x` ("1.0", "-0.0", "0.1", "1e+21"). */
export function pyNumber(x: number): string {
  const s = formatNumber(x);
  return /[.eEn]/.test(s) ? s : `${s}.0`;
}

/** A list of items, wrapped before `width` columns with continuation lines at `indent`. */
export function pyList(items: readonly string[], indent: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const piece = line === '' ? item : `, ${item}`;
    if (line !== '' && indent.length + line.length + piece.length + 2 > width) {
      lines.push(`${line},`);
      line = item;
    } else line += piece;
  }
  lines.push(line);
  return `[${lines.join(`\n${indent} `)}]`;
}

/** A vector as one list, a matrix as a list of rows, one row per line. */
export function pyTensor(t: Tensor | { shape: readonly number[]; data: Float64Array }, indent: string): string {
  if (t.shape.length === 1) return pyList(Array.from(t.data, pyNumber), indent);
  const [r, c] = t.shape;
  const rows: string[] = [];
  for (let i = 0; i < r; i++)
    rows.push(pyList(Array.from(t.data.subarray(i * c, (i + 1) * c), pyNumber), `${indent} `));
  return `[${rows.join(`,\n${indent} `)}]`;
}

const str = (s: string): string => JSON.stringify(s);

/** A comment line safe for any model name (no line break can end the comment). */
export function pyComment(text: string): string {
  return `# ${text.replace(/[\r\n\u2028\u2029]+/g, ' ')}`;
}

/** The model file's sequence, targets, sizes and settings as Python assignments. */
export function sequenceSection(m: Model): string {
  const lines: string[] = [`T, I, H, O = ${m.steps}, ${m.inputSize}, ${m.hiddenSize}, ${m.outputSize}`];
  const inp = m.inputs;
  if (inp.kind === 'tokens') {
    const vocab = m.vocab ?? [];
    lines.push(`vocab = ${pyList(vocab.map(str), '        ')}`);
    lines.push(
      `inputs = ${pyList(
        Array.from(inp.ids, (id) => str(vocab[id])),
        '         ',
      )}  # x_t = one-hot of inputs[t-1]`,
    );
  } else {
    const rows: string[] = [];
    for (let t = 0; t < m.steps; t++)
      rows.push(pyList(Array.from(inp.data.subarray(t * m.inputSize, (t + 1) * m.inputSize), pyNumber), '          '));
    lines.push(`inputs = [${rows.join(',\n          ')}]`);
  }
  const tg = m.targets;
  if (tg.kind === 'tokens') {
    const classes = m.classes ?? [];
    lines.push(`classes = ${pyList(classes.map(str), '          ')}`);
    const items = Array.from(tg.ids, (id) => (id < 0 ? 'None' : str(classes[id])));
    lines.push(`targets = ${pyList(items, '          ')}  # None: no loss at that step`);
  } else if (tg.kind === 'vectors') {
    const rows: string[] = [];
    for (let t = 0; t < m.steps; t++)
      rows.push(
        tg.mask[t] === 1
          ? pyList(Array.from(tg.data.subarray(t * m.outputSize, (t + 1) * m.outputSize), pyNumber), '           ')
          : 'None',
      );
    lines.push(`targets = [${rows.join(',\n           ')}]  # None: no loss at that step`);
  } else {
    lines.push(`targets = [None] * T  # the file has no targets: L = 0 and every gradient is 0`);
  }
  lines.push(
    `LOSS, REDUCTION = ${str(m.loss)}, ${str(m.reduction)}`,
    `LEARNING_RATE, CLIP_NORM = ${pyNumber(m.train.learningRate)}, ${m.train.clipNorm === null ? 'None' : pyNumber(m.train.clipNorm)}`,
  );
  return lines.join('\n');
}

/** h0, c0 and every parameter of the cell (PARAM_NAMES order) as nested Python lists. */
export function weightsSection(m: Model): string {
  const lines = [`h0 = ${pyTensor({ shape: [m.hiddenSize], data: m.h0 }, '     ')}`];
  if (m.c0) lines.push(`c0 = ${pyTensor({ shape: [m.hiddenSize], data: m.c0 }, '     ')}`);
  lines.push('params = {');
  for (const name of PARAM_NAMES[m.cell]) {
    const lead = `    ${str(name)}: `;
    lines.push(`${lead}${pyTensor(m.params[name], ' '.repeat(lead.length))},`);
  }
  lines.push('}', `PARAM_NAMES = ${pyList(PARAM_NAMES[m.cell].map(str), '              ')}`);
  return lines.join('\n');
}

/** Python: JSON printing with NaN/±Infinity as null, like the CLI (src/cli/output.ts). */
export const PY_MAIN_HELPERS = `def finite(value):
    """JSON has no NaN or Infinity: write them as null, as rnn-step does."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [finite(v) for v in value]
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    return value


def print_json(value):
    print(json.dumps(finite(value), allow_nan=False, separators=(",", ":")))`;

/** The header comment both scripts start with. */
export function scriptHeader(m: Model, what: string, extraUsage: readonly string[] = []): string {
  return [
    '#!/usr/bin/env python3',
    pyComment(`${m.name}: ${what}`),
    '# exported by RNN Stepper (rnn-step export).',
    `# ${m.cell}${m.cell === 'rnn' ? ` (${m.activation})` : ''}, input ${m.inputSize}, hidden ${m.hiddenSize}, output ${m.outputSize}, ${m.steps} timesteps; every number is float64.`,
    '#',
    '#   python3 THIS.py             one forward pass, BPTT, clipping and one SGD update, printed as the',
    '#                               JSON of `rnn-step run FILE --json`',
    '#   python3 THIS.py --steps N   N training steps, printed as the JSON of `rnn-step train FILE --json`',
    ...extraUsage,
  ].join('\n');
}
