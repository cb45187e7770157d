// Reads a state_dict saved as JSON — `{name: nested list}`, as
// `json.dump({k: v.tolist() for k, v in m.state_dict().items()}, f)` writes it. Python writes every
// float as the shortest text that reads back to the same double, so a float64 state_dict arrives
// bit for bit (and a float32 one exactly, every float32 being a double). Python also writes NaN and
// Infinity, which are not JSON: those are found and named rather than reported as a syntax error.

import { createScanner, getLocation } from 'jsonc-parser';
import { findExcessiveNesting } from '../parse/depth';
import { checkFinite, checkValueCount, ImportError, type NamedTensor, type StateDict } from './stateDict';

/** A state_dict's tensors are nested at most this deep; anything deeper is not one. */
const MAX_DEPTH = 16;
const UNKNOWN_TOKEN = 16; // jsonc-parser's SyntaxKind.Unknown (a const enum isolatedModules cannot read)

export function readJsonStateDict(text: string): StateDict {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '')
    throw new ImportError('the file is empty: a JSON state_dict is one object {name: nested list}');
  if (findExcessiveNesting(text, MAX_DEPTH))
    throw new ImportError(`the JSON is nested deeper than ${MAX_DEPTH} levels, which no state_dict tensor is`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ImportError(nonFiniteToken(text) ?? `the file is not valid JSON (${e instanceof Error ? e.message : e})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ImportError('the JSON is not an object: a state_dict maps each tensor name to a nested list of numbers');
  const out = new Map<string, NamedTensor>();
  let total = 0;
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const t = toTensor(name, v);
    total += t.data.length;
    checkValueCount(total);
    checkFinite(name, t);
    out.set(name, t);
  }
  if (out.size === 0) throw new ImportError('the state_dict holds no tensors');
  return out;
}

/** "rnn.weight_ih_l0[2][1] is NaN: …" when the text holds Python's NaN/Infinity, else undefined. */
function nonFiniteToken(text: string): string | undefined {
  const scanner = createScanner(text, true);
  for (let token: number = scanner.scan(); token !== 17; token = scanner.scan()) {
    if (token !== UNKNOWN_TOKEN) continue;
    const word = scanner.getTokenValue();
    if (word !== 'NaN' && word !== 'Infinity') continue;
    const path = getLocation(text, scanner.getTokenOffset()).path;
    const name = typeof path[0] === 'string' ? path[0] : 'a value';
    const index = path
      .slice(1)
      .map((i) => `[${i}]`)
      .join('');
    return `${name}${index} is ${word} (Python's json writes it, but it is not JSON): a model's weights must be finite numbers`;
  }
  return undefined;
}

/** A number or a rectangular nested list of numbers → a tensor; anything else is refused. */
function toTensor(name: string, value: unknown): NamedTensor {
  if (typeof value === 'number') return { shape: [], data: Float64Array.of(value) };
  if (!Array.isArray(value))
    throw new ImportError(
      `${name} is ${value === null ? 'null' : `a ${typeof value}`}; a state_dict entry is a number or a nested list of numbers`,
    );
  const shape: number[] = [];
  for (let v: unknown = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const n = shape.reduce((a, b) => a * b, 1);
  checkValueCount(n);
  const data = new Float64Array(n);
  let k = 0;
  const walk = (v: unknown, depth: number, where: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number')
        throw new ImportError(`${name}${where} is ${describe(v)}; a tensor holds numbers only`);
      data[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth])
      throw new ImportError(
        `${name}${where} is ${describe(v)} but ${name} is ${shape.join(' × ')} (from its first elements): ` +
          'the nested lists must be rectangular',
      );
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${where}[${i}]`);
  };
  walk(value, 0, '');
  return { shape, data };
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v === null) return 'null';
  return typeof v === 'number' ? `the number ${v}` : `a ${typeof v}`;
}
