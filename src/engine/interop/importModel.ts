// "Bring your own model": a state_dict's weights written into a `.rnn.json` template. The template
// gives the sequence (inputs, vocab or input size), the targets, the loss and the training
// settings; its `cell`, `hiddenSize`, `h0`/`c0` and `weights` are replaced by what the tensors say.
// The text is edited in place (jsonc-parser's tree gives the ranges), so the template's comments,
// key order and layout stay; the weights are written one matrix row per line (weightsText.ts).
// The result is parsed again and its parameters compared with the imported ones bit for bit, so a
// file that is written always runs with exactly the numbers PyTorch holds.

import { findNodeAtLocation, modify, applyEdits, parseTree, type Node } from 'jsonc-parser';
import { PARAM_NAMES, type Activation, type Model, type Tensor } from '../model';
import { parseModel } from '../parse/parse';
import { formatProblem, hasErrors } from '../parse/problems';
import { defaultInitScale, initParams } from '../parse/init';
import { plural } from '../parse/wording';
import { allParams, mapStateDict, type ImportedWeights } from './pytorchMapping';
import { ImportError, shapeText, type StateDict } from './stateDict';
import { detectLayout, formatWeights } from './weightsText';

export interface ImportOptions {
  /** nn.RNN's nonlinearity, which a state_dict does not record (default: the template's, else tanh). */
  readonly activation?: Activation;
}

export interface ImportResult {
  /** The new `.rnn.json` text. */
  readonly text: string;
  /** The model it parses to. */
  readonly model: Model;
  /** Sentences about what was dropped or chosen, for the person to read. */
  readonly notes: readonly string[];
}

/** The template: a `.rnn.json` text and the model it validated to. */
export interface Template {
  readonly text: string;
  readonly model: Model;
}

export function importWeights(template: Template, dict: StateDict, options: ImportOptions = {}): ImportResult {
  const w = mapStateDict(dict);
  const t = template.model;
  const notes = [...w.notes];
  const H = w.hiddenSize;
  if (w.inputSize !== t.inputSize)
    throw new ImportError(
      `${w.names.weightIh} is ${shapeText(w.names.weightIhShape)} but ${inputPhrase(t)}: ` +
        `its columns (the input size) must be ${t.inputSize}`,
    );
  const head = chooseHead(template, w, notes);
  if (options.activation === 'relu' && w.cell !== 'rnn')
    throw new ImportError(`activation relu is for nn.RNN only, but the weights are an nn.${w.cell.toUpperCase()}`);
  const activation: Activation =
    w.cell !== 'rnn' ? 'tanh' : (options.activation ?? (t.cell === 'rnn' ? t.activation : 'tanh'));
  const params = allParams(w, head);

  let text = template.text;
  const root = (): Node => parseTree(text, [], { allowTrailingComma: true })!;
  const set = (key: string, value: string | number | undefined, after: string[] = []): void => {
    const node = findNodeAtLocation(root(), [key]);
    if (node && value !== undefined) text = replace(text, node, JSON.stringify(value));
    else if (node) text = applyEdits(text, modify(text, [key], undefined, { formattingOptions: formatting(text) }));
    else if (value !== undefined) text = insertProperty(text, root(), key, JSON.stringify(value), after);
  };
  set('cell', w.cell, ['name', '$schema']);
  set('hiddenSize', H, ['cell']);
  if (w.cell === 'rnn') {
    if (options.activation || findNodeAtLocation(root(), ['activation']))
      set('activation', activation, ['hiddenSize', 'cell']);
  } else if (findNodeAtLocation(root(), ['activation'])) {
    set('activation', undefined);
    notes.push(
      `the template's "activation" was removed: ${w.cell === 'lstm' ? 'an' : 'a'} ${w.cell} has no activation setting`,
    );
  }
  keepState('h0', true, H, t.h0, root, set, notes);
  keepState('c0', w.cell === 'lstm', H, t.c0, root, set, notes);
  const weights = findNodeAtLocation(root(), ['weights'])!;
  text = replace(text, weights, formatWeights(text, weights.offset, params, PARAM_NAMES[w.cell]));

  const parsed = parseModel(text);
  const model = parsed.model;
  if (!model || hasErrors(parsed.problems)) {
    const first = parsed.problems.find((p) => p.severity === 'error');
    throw new ImportError(`the imported model does not validate: ${first ? formatProblem('line', first) : 'unknown'}`);
  }
  for (const name of PARAM_NAMES[w.cell]) {
    const a = model.params[name].data;
    const b = params[name].data;
    if (a.length !== b.length || a.some((v, k) => !Object.is(v, b[k])))
      throw new Error(`${name} does not read back bit for bit from the written file`);
  }
  return { text, model, notes };
}

/** W_hy and b_y: the state_dict's head; else the template's when they fit; else drawn from its init. */
function chooseHead(template: Template, w: ImportedWeights, notes: string[]): { W_hy: Tensor; b_y: Tensor } {
  const t = template.model;
  const fixedO = t.classes !== null || t.targets.kind === 'vectors';
  const H = w.hiddenSize;
  if (w.head) {
    const O = w.head.W_hy.shape[0];
    if (fixedO && O !== t.outputSize)
      throw new ImportError(
        `${w.names.headWeight} is ${shapeText(w.head.W_hy.shape)} but ${outputPhrase(t)}: the linear head must be ${t.outputSize} × ${H}`,
      );
    return w.head;
  }
  const O = t.outputSize;
  if (t.hiddenSize === H && !t.init) {
    notes.push(`the state_dict has no linear head: W_hy and b_y are the template's`);
    return { W_hy: t.params.W_hy, b_y: t.params.b_y };
  }
  if (t.init) {
    const scaleNode = findNodeAtLocation(parseTree(template.text, [], { allowTrailingComma: true })!, [
      'weights',
      'init',
      'scale',
    ]);
    const scale = scaleNode ? t.init.scale : defaultInitScale(H);
    const drawn = initParams(w.cell, w.inputSize, H, O, t.init.seed, scale);
    notes.push(
      `the state_dict has no linear head: W_hy (${O} × ${H}) and b_y are drawn from the template's init ` +
        `(seed ${t.init.seed}, scale ${scale})`,
    );
    return { W_hy: drawn.W_hy, b_y: drawn.b_y };
  }
  throw new ImportError(
    `the state_dict has no linear head and the template's W_hy is ${shapeText(t.params.W_hy.shape)}, not ${O} × ${H}: ` +
      `save the model with its nn.Linear(${H}, ${O}) head, ` +
      'or use a template whose weights are {"init": …} so that W_hy and b_y are drawn',
  );
}

/** Keeps the template's h0 / c0 when the cell has it and its size fits, else removes it (with a note). */
function keepState(
  key: 'h0' | 'c0',
  applies: boolean,
  H: number,
  value: Float64Array | null,
  root: () => Node,
  set: (key: string, value: undefined) => void,
  notes: string[],
): void {
  if (!findNodeAtLocation(root(), [key])) return;
  if (applies && value && value.length === H) return;
  set(key, undefined);
  notes.push(
    applies
      ? `the template's ${key} has ${plural(value?.length ?? 0, 'number')} but the hidden size is now ${H}: ` +
          `${key} was removed (it starts at zeros)`
      : `the template's ${key} was removed: only an lstm has a cell state`,
  );
}

function replace(text: string, node: Node, content: string): string {
  return text.slice(0, node.offset) + content + text.slice(node.offset + node.length);
}

function formatting(text: string) {
  const { eol, unit } = detectLayout(text);
  return { insertSpaces: unit !== '\t', tabSize: unit === '\t' ? 1 : unit.length, eol };
}

/** Adds `"key": value` after the first of `after` that the object has, else before its first
 *  property (below any comment that opens the file), on a line of its own in the file's layout. */
function insertProperty(text: string, root: Node, key: string, value: string, after: readonly string[]): string {
  const props = root.children ?? [];
  const { eol, unit } = detectLayout(text);
  const entry = `${JSON.stringify(key)}: ${value}`;
  const indentOf = (offset: number): string => {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const lead = text.slice(lineStart, offset);
    return /^[ \t]*$/.test(lead) ? lead : unit;
  };
  const anchor = after.map((k) => props.find((p) => p.children?.[0]?.value === k)).find((p) => p !== undefined);
  if (anchor) {
    const end = anchor.offset + anchor.length;
    return `${text.slice(0, end)},${eol}${indentOf(anchor.offset)}${entry}${text.slice(end)}`;
  }
  const first = props[0];
  if (!first) return text.replace('{', `{${eol}${unit}${entry}${eol}`);
  const at = first.offset;
  const onOwnLine = /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', at - 1) + 1, at));
  return `${text.slice(0, at)}${entry},${onOwnLine ? eol + indentOf(at) : ' '}${text.slice(at)}`;
}

function inputPhrase(m: Model): string {
  return m.vocab
    ? `the template's vocab has ${plural(m.vocab.length, 'token')}`
    : `the template's input vectors have ${plural(m.inputSize, 'number')}`;
}

function outputPhrase(m: Model): string {
  if (m.targets.kind === 'vectors') return `the template's target vectors have ${plural(m.outputSize, 'number')}`;
  return `the template has ${plural(m.outputSize, 'output class', 'output classes')}`;
}
