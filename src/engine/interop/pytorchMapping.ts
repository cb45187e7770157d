// A PyTorch state_dict → the parameters of a `.rnn.json` cell (docs/FORMAT.md, "Weights and
// equations"). Read: one single-layer, unidirectional nn.RNN / nn.LSTM / nn.GRU (`weight_ih_l0`,
// `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0` under any module prefix such as `rnn.`) and an optional
// linear head (`P.weight`, O × H, with its `P.bias`). The cell follows from the shapes: weight_hh
// is (gates · H) × H with 1 gate block (rnn), 3 (gru, PyTorch order r z n) or 4 (lstm, i f g o).
// PyTorch's two biases per gate are summed into the format's one, except the GRU's b_hn, which
// sits inside r ⊙ (W_hn h + b_hn) and so stays apart (the format's b_xn is bias_ih's n block).

import { PARAM_NAMES, type CellKind, type Tensor } from '../model';
import { DEFAULT_LIMITS } from '../parse/problems';
import { count } from '../parse/wording';
import { ImportError, shapeText, type NamedTensor, type StateDict } from './stateDict';

export interface ImportedWeights {
  readonly cell: CellKind;
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** The cell's parameters (PARAM_NAMES[cell] without W_hy, b_y). */
  readonly params: Readonly<Record<string, Tensor>>;
  /** W_hy and b_y from the linear head, or null when the state_dict has none. */
  readonly head: { readonly W_hy: Tensor; readonly b_y: Tensor } | null;
  /** Sentences about choices made (no biases, no head bias), for the person to read. */
  readonly notes: readonly string[];
  /** The state_dict names of weight_ih_l0 and of the head's weight, for messages. */
  readonly names: {
    readonly weightIh: string;
    readonly weightIhShape: readonly number[];
    readonly headWeight: string | null;
  };
}

/** PyTorch's gate blocks, in the order weight_ih / weight_hh / the biases stack them. */
export const GATE_ORDER: Readonly<Record<CellKind, readonly string[]>> = {
  rnn: ['h'],
  lstm: ['i', 'f', 'g', 'o'],
  gru: ['r', 'z', 'n'],
};
const CELL_OF_GATES: Readonly<Record<number, CellKind>> = { 1: 'rnn', 3: 'gru', 4: 'lstm' };
const MODULE: Readonly<Record<CellKind, string>> = { rnn: 'nn.RNN', lstm: 'nn.LSTM', gru: 'nn.GRU' };

const RECURRENT = /^(.*?)(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\d+)(_reverse)?$/;

/** b_ih + b_hh, except that a zero on either side leaves the other exactly as written (keeping a
 *  −0), so a bias split as (b, 0) by an export reads back bit for bit. */
export function sumBias(a: number, b: number): number {
  return b === 0 ? a : a === 0 ? b : a + b;
}

export function mapStateDict(dict: StateDict): ImportedWeights {
  const recurrent = new Map<string, NamedTensor>();
  let prefix: string | null = null;
  const others: string[] = [];
  for (const name of dict.keys()) {
    const m = RECURRENT.exec(name);
    if (!m) {
      others.push(name);
      continue;
    }
    const [, pre, kind, layer, reverse] = m;
    if (reverse)
      throw new ImportError(
        `${name} belongs to a bidirectional RNN (bidirectional=True), which is not supported: ` +
          'RNN Stepper steps through one direction of one layer',
      );
    if (layer !== '0')
      throw new ImportError(
        `${name} belongs to layer ${Number(layer) + 1} of a multi-layer RNN (num_layers > 1), which is not supported: ` +
          'RNN Stepper steps through one layer',
      );
    if (kind === 'weight_hr')
      throw new ImportError(
        `${name} is an LSTM projection (proj_size > 0), which is not supported: RNN Stepper reads an LSTM without proj_size`,
      );
    if (prefix !== null && pre !== prefix)
      throw new ImportError(
        `${name} and ${prefix}weight_hh_l0 belong to two recurrent modules ("${pre}" and "${prefix}"); the state_dict must hold one`,
      );
    prefix = pre;
    recurrent.set(kind, dict.get(name)!);
  }
  if (prefix === null)
    throw new ImportError(
      'no recurrent weights found: the state_dict must hold weight_ih_l0 and weight_hh_l0 of an nn.RNN, nn.LSTM or ' +
        `nn.GRU (under any prefix such as "rnn."); it holds ${listNames([...dict.keys()])}`,
    );
  const p = prefix;
  const missing = ['weight_ih', 'weight_hh'].filter((k) => !recurrent.has(k));
  const biases = ['bias_ih', 'bias_hh'].filter((k) => recurrent.has(k));
  if (biases.length === 1) missing.push(biases[0] === 'bias_ih' ? 'bias_hh' : 'bias_ih');
  if (missing.length > 0)
    throw new ImportError(
      `${listNames(missing.map((k) => `${p}${k}_l0`))} ${missing.length === 1 ? 'is' : 'are'} missing: ` +
        'an nn.RNN, nn.LSTM or nn.GRU has weight_ih_l0, weight_hh_l0 and (unless bias=False) bias_ih_l0 and bias_hh_l0',
    );
  const whh = matrix(`${p}weight_hh_l0`, recurrent.get('weight_hh')!);
  const H = whh.shape[1];
  const gates = whh.shape[0] / H;
  const cell = CELL_OF_GATES[gates];
  if (!cell || H === 0)
    throw new ImportError(
      `${p}weight_hh_l0 is ${shapeText(whh.shape)}; it must be H × H (nn.RNN), 3H × H (nn.GRU) or 4H × H (nn.LSTM)`,
    );
  limit(`${p}weight_hh_l0`, H, DEFAULT_LIMITS.maxHidden, 'hidden');
  const G = gates * H;
  const wih = matrix(`${p}weight_ih_l0`, recurrent.get('weight_ih')!);
  if (wih.shape[0] !== G)
    throw new ImportError(
      `${p}weight_ih_l0 is ${shapeText(wih.shape)} but ${p}weight_hh_l0 is ${shapeText(whh.shape)}: ` +
        `for an ${MODULE[cell]} with H = ${H}, weight_ih_l0 must have ${G} rows`,
    );
  const I = wih.shape[1];
  if (I === 0) throw new ImportError(`${p}weight_ih_l0 is ${shapeText(wih.shape)}: the input size must be at least 1`);
  limit(`${p}weight_ih_l0`, I, DEFAULT_LIMITS.maxInput, 'input');
  const notes: string[] = [];
  let bih: Float64Array, bhh: Float64Array;
  if (biases.length === 2) {
    bih = vector(`${p}bias_ih_l0`, recurrent.get('bias_ih')!, G, `${p}weight_hh_l0 is ${shapeText(whh.shape)}`);
    bhh = vector(`${p}bias_hh_l0`, recurrent.get('bias_hh')!, G, `${p}weight_hh_l0 is ${shapeText(whh.shape)}`);
  } else {
    bih = new Float64Array(G);
    bhh = new Float64Array(G);
    notes.push(`the ${MODULE[cell]} has no biases (bias=False): its biases are written as zeros`);
  }
  const params = splitGates(cell, H, I, wih.data, whh.data, bih, bhh);
  const head = readHead(dict, others, H, notes);
  const headWeight = head ? (others.find((n) => n === 'weight' || n.endsWith('.weight')) ?? null) : null;
  const names = { weightIh: `${p}weight_ih_l0`, weightIhShape: wih.shape, headWeight };
  return { cell, inputSize: I, hiddenSize: H, params, head, notes, names };
}

function splitGates(
  cell: CellKind,
  H: number,
  I: number,
  wih: Float64Array,
  whh: Float64Array,
  bih: Float64Array,
  bhh: Float64Array,
): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  const block = (data: Float64Array, k: number, cols: number): Float64Array =>
    data.slice(k * H * cols, (k + 1) * H * cols);
  GATE_ORDER[cell].forEach((gate, k) => {
    const bi = block(bih, k, 1);
    const bh = block(bhh, k, 1);
    out[`W_x${gate}`] = { shape: [H, I], data: block(wih, k, I) };
    out[`W_h${gate}`] = { shape: [H, H], data: block(whh, k, H) };
    if (cell === 'gru' && gate === 'n') {
      out.b_xn = { shape: [H], data: bi };
      out.b_hn = { shape: [H], data: bh };
    } else {
      out[`b_${gate}`] = { shape: [H], data: bi.map((v, j) => sumBias(v, bh[j])) };
    }
  });
  return out;
}

/** The tensors that are not the recurrent module's must be one linear layer (`P.weight`, `P.bias`). */
function readHead(dict: StateDict, others: string[], H: number, notes: string[]): ImportedWeights['head'] {
  if (others.length === 0) return null;
  // The head: the one `P.weight` that is O × H with its `P.bias` beside it, else a lone `P.weight`
  // (nn.Linear(bias=False)). Everything else is extra.
  const weights = others.filter((n) => n === 'weight' || n.endsWith('.weight'));
  const prefixOf = (n: string): string => n.slice(0, -'weight'.length);
  const paired = weights.filter((n) => {
    const t = dict.get(n)!;
    return others.includes(`${prefixOf(n)}bias`) && t.shape.length === 2 && t.shape[1] === H;
  });
  const chosen = paired.length === 1 ? paired[0] : weights.length === 1 ? weights[0] : null;
  const headPrefix = chosen === null ? null : prefixOf(chosen);
  const expected = headPrefix === null ? [] : [`${headPrefix}weight`, `${headPrefix}bias`];
  const extra = others.filter((n) => !expected.includes(n));
  if (headPrefix === null || extra.length > 0)
    throw new ImportError(
      `${listNames(extra)} ${extra.length === 1 ? 'is' : 'are'} not part of what is read: ` +
        'one nn.RNN / nn.LSTM / nn.GRU and at most one nn.Linear head (its weight and bias)',
    );
  const w = matrix(`${headPrefix}weight`, dict.get(`${headPrefix}weight`)!);
  if (w.shape[1] !== H)
    throw new ImportError(
      `${headPrefix}weight is ${shapeText(w.shape)} but the hidden size is ${H}: the linear head must be O × ${H} (nn.Linear(${H}, O))`,
    );
  const O = w.shape[0];
  if (O === 0)
    throw new ImportError(`${headPrefix}weight is ${shapeText(w.shape)}: the output size must be at least 1`);
  limit(`${headPrefix}weight`, O, DEFAULT_LIMITS.maxOutput, 'output');
  const biasTensor = dict.get(`${headPrefix}bias`);
  let b: Float64Array;
  if (biasTensor) b = vector(`${headPrefix}bias`, biasTensor, O, `${headPrefix}weight is ${shapeText(w.shape)}`);
  else {
    b = new Float64Array(O);
    notes.push(`the linear head has no bias (bias=False): b_y is written as zeros`);
  }
  return { W_hy: { shape: [O, H], data: w.data }, b_y: { shape: [O], data: b } };
}

function matrix(name: string, t: NamedTensor): { shape: [number, number]; data: Float64Array } {
  if (t.shape.length !== 2)
    throw new ImportError(`${name} is ${shapeText(t.shape)}; a weight must be a matrix (2 dimensions)`);
  return { shape: [t.shape[0], t.shape[1]], data: t.data };
}

function vector(name: string, t: NamedTensor, n: number, because: string): Float64Array {
  if (t.shape.length !== 1 || t.shape[0] !== n)
    throw new ImportError(`${name} is ${shapeText(t.shape)} but ${because}: ${name} must be a vector of ${n}`);
  return t.data;
}

function limit(name: string, size: number, max: number, what: string): void {
  if (size > max)
    throw new ImportError(
      `${name} gives ${what === 'hidden' ? 'a' : 'an'} ${what} size of ${count(size)}, more than the limit of ${count(max)}`,
    );
}

function listNames(names: readonly string[]): string {
  const shown = names.map((n) => JSON.stringify(n));
  if (shown.length > 8) return `${shown.slice(0, 8).join(', ')} and ${shown.length - 8} more`;
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Every parameter of the cell in PARAM_NAMES order, the head's included. */
export function allParams(w: ImportedWeights, head: { W_hy: Tensor; b_y: Tensor }): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const name of PARAM_NAMES[w.cell])
    out[name] = name === 'W_hy' ? head.W_hy : name === 'b_y' ? head.b_y : w.params[name];
  return out;
}
