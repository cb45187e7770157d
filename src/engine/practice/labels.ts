// Plain-text names of the values a learner is asked for — "h₁", "δa₄", "∂L/∂W_hh", "W_hh′" — and of
// their shapes ("a 4×1 vector"), written the way the equations write them (trace.ts's SERIES), for
// answer boxes, verdicts, hints and the exercise sheet.

import { subscript } from '../trace/subscript';
import type { TensorRef } from '../trace/trace';

const SUP: Readonly<Record<string, string>> = { i: 'ⁱ', f: 'ᶠ', g: 'ᵍ', o: 'ᵒ', r: 'ʳ', z: 'ᶻ', n: 'ⁿ' };
const PLAIN: Readonly<Record<string, string>> = {
  dy: 'δy',
  dh: 'δh',
  da: 'δa',
  dc: 'δc',
  hn: 'm',
  dhn: 'δm',
  loss: 'ℓ',
  target: 'y*',
};

/** The value's name as the equations write it, in plain text. */
export function refLabel(ref: TensorRef): string {
  const { name, t } = ref;
  if (t !== undefined) {
    const s = subscript(t);
    if (name === 'dh_prev') return `δh${subscript(t - 1)}`;
    if (name === 'dc_prev') return `δc${subscript(t - 1)}`;
    if (name === 'dh_out') return `δh${s}ᵒᵘᵗ`;
    if (name === 'dh_next') return `δh${s}ⁿᵉˣᵗ`;
    if (name === 'dc_next') return `δc${s}ⁿᵉˣᵗ`;
    if (name === 'tc') return `tanh(c${s})`;
    const gate = /^(d?)a_([a-z])$/.exec(name);
    if (gate && SUP[gate[2]]) return `${gate[1] ? 'δ' : ''}a${SUP[gate[2]]}${s}`;
    return `${PLAIN[name] ?? name}${s}`;
  }
  switch (name) {
    case 'gradNorm':
      return '‖g‖';
    case 'clipFactor':
      return 'κ';
    case 'dh0':
      return '∂L/∂h₀';
    case 'dc0':
      return '∂L/∂c₀';
    case 'losses':
      return 'ℓ';
  }
  if (name.endsWith("'")) return `${name.slice(0, -1)}′`;
  if (/^d[Wb]_/.test(name)) return `∂L/∂${name.slice(1)}`;
  return name;
}

/** How many numbers a value of `shape` has. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** "a number", "a 4×1 vector", "a 2×4 matrix". */
export function shapeWords(shape: readonly number[]): string {
  if (elementCount(shape) === 1) return 'a number';
  if (shape.length === 1) return `a ${shape[0]}×1 vector`;
  return `a ${shape[0]}×${shape[1]} matrix`;
}

/** Where an element sits, 1-based: "element 2" of a vector, "row 1, column 3" of a matrix. */
export function elementWords(shape: readonly number[], flat: number): string {
  if (shape.length === 2 && shape[0] > 1 && shape[1] > 1)
    return `row ${Math.floor(flat / shape[1]) + 1}, column ${(flat % shape[1]) + 1}`;
  return `element ${flat + 1}`;
}
