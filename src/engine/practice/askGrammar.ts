// The grammar of one entry of `practice.ask` (docs/FORMAT.md, "Practice"), e.g. "forward t=1 h",
// "backward t=4 δa", "backward ∂L/∂W_hh", "update W_hh", "forward t=1..4 h", "backward δa₄":
//
//   entry  := phase [ time ] [ tensor ]          (time and tensor in either order, spaces between)
//   phase  := forward | loss | backward | bptt | clip | update      (lower case, as in the schema)
//   time   := "t" "=" range { "," range }        range := n | n ".." n | n "…" n | n "-" n
//   tensor := a name as the equations write it, optionally with its timestep as a subscript:
//             h, a, y, p, ℓ (or loss), δa (or da), δh_prev, ∂L/∂W_hh (or dW_hh, δW_hh), W_hh′,
//             ‖g‖ (or gradNorm), κ (or clipFactor); h₁ = h_1 = h1 is "t=1 h"
//
// This file only reads the text; whether the step exists in a given run is questions.ts's to say.
// Positions are UTF-16 code unit ranges of the entry, so the parser can point into the file.

import type { Phase } from '../trace/trace';
import { closest } from '../parse/suggest';
import type { PracticeAsk } from './practiceSettings';

/** [start, end) in the entry's text. */
export type Span = readonly [number, number];

export interface AskParts {
  readonly phase: Span;
  readonly time?: Span;
  readonly tensor?: Span;
}

export type AskParse =
  | { readonly ok: true; readonly ask: PracticeAsk; readonly parts: AskParts }
  | { readonly ok: false; readonly message: string; readonly span: Span };

export const PHASE_WORDS: Readonly<Record<string, Phase>> = {
  forward: 'forward',
  loss: 'loss',
  backward: 'backward',
  bptt: 'backward',
  clip: 'clip',
  update: 'update',
};

/** Timesteps a single entry may list (a range such as 1..100000 is fine, one of 10⁹ is a typo). */
const MAX_TIMES = 1_000_000;
const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const SUPER_LETTERS: Readonly<Record<string, string>> = { ⁱ: 'i', ᶠ: 'f', ᵍ: 'g', ᵒ: 'o', ʳ: 'r', ᶻ: 'z', ⁿ: 'n' };
const SPACE = /\s/;

class Failure {
  constructor(
    readonly message: string,
    readonly span: Span,
  ) {}
}

export function parseAsk(text: string): AskParse {
  try {
    return parseOrThrow(text);
  } catch (e) {
    if (e instanceof Failure) return { ok: false, message: e.message, span: e.span };
    throw e;
  }
}

function parseOrThrow(text: string): AskParse {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && SPACE.test(text[i])) i++;
  };
  skip();
  const start = i;
  while (i < text.length && /[A-Za-z]/.test(text[i])) i++;
  const word = text.slice(start, i);
  const phase = Object.prototype.hasOwnProperty.call(PHASE_WORDS, word) ? PHASE_WORDS[word] : undefined;
  if (!phase || (i < text.length && !SPACE.test(text[i]))) {
    const end = wordEnd(text, start);
    const found = text.slice(start, end);
    const hint = closest(found, Object.keys(PHASE_WORDS));
    throw new Failure(
      found === ''
        ? 'an entry starts with a phase: forward, loss, backward, clip or update (as in "forward t=1 h")'
        : `"${found}" is not a phase: an entry starts with forward, loss, backward, clip or update${hint ? ` (did you mean "${hint}"?)` : ''}`,
      [start, Math.max(end, start)],
    );
  }
  const parts: { phase: Span; time?: Span; tensor?: Span } = { phase: [start, i] };
  let times: number[] | null = null;
  let tensor: { name: string; t: number | null } | null = null;
  for (skip(); i < text.length; skip()) {
    const at = i;
    if (/^t\s*=/.test(text.slice(i))) {
      if (parts.time) throw new Failure('the timesteps are given twice; one "t=…" per entry', [at, wordEnd(text, at)]);
      const read = readTimes(text, i);
      times = read.times;
      i = read.end;
      parts.time = [at, i];
    } else {
      const end = wordEnd(text, at);
      if (parts.tensor) throw new Failure('one tensor per entry: write each in an entry of its own', [at, end]);
      tensor = normalizeTensor(text.slice(at, end), at);
      i = end;
      parts.tensor = [at, end];
    }
  }
  if (tensor?.t !== null && tensor?.t !== undefined) {
    if (times && !(times.length === 1 && times[0] === tensor.t))
      throw new Failure(`the subscript says t=${tensor.t} but the entry also says ${text.slice(...parts.time!)}`, [
        parts.tensor![0],
        parts.tensor![1],
      ]);
    times = [tensor.t];
  }
  return { ok: true, ask: { text: text.trim(), phase, times, tensor: tensor?.name ?? null }, parts };
}

function wordEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && !SPACE.test(text[i])) i++;
  return i;
}

/** `t=1`, `t=1..4`, `t = 1, 3`, `t=4-1` from `at` (which holds the "t"). */
function readTimes(text: string, at: number): { times: number[]; end: number } {
  let i = text.indexOf('=', at) + 1;
  const set = new Set<number>();
  const int = (): number => {
    while (i < text.length && text[i] === ' ') i++;
    const m = /^\d+/.exec(text.slice(i));
    if (!m) {
      const end = Math.max(wordEnd(text, i), i + 1);
      throw new Failure('expected a timestep: a whole number such as t=1, a range t=1..4, or a list t=1,3', [at, end]);
    }
    i += m[0].length;
    return Number(m[0]);
  };
  for (;;) {
    const from = int();
    const range = /^ *(\.\.|…|-|–) */.exec(text.slice(i));
    let to = from;
    if (range) {
      i += range[0].length;
      to = int();
    }
    const [lo, hi] = from <= to ? [from, to] : [to, from];
    if (hi - lo + set.size >= MAX_TIMES)
      throw new Failure(`too many timesteps in one entry (at most ${MAX_TIMES})`, [at, i]);
    for (let t = lo; t <= hi; t++) set.add(t);
    const comma = /^ *, */.exec(text.slice(i));
    if (!comma) break;
    i += comma[0].length;
  }
  if (i < text.length && !SPACE.test(text[i]))
    throw new Failure(`unexpected "${text[i]}" after the timesteps`, [i, wordEnd(text, i)]);
  return { times: [...set].sort((a, b) => a - b), end: i };
}

/** A tensor as typed → the name questions.ts looks up, and the timestep of its subscript if any.
 *  δ/∂L/∂ become `d`, ℓ becomes `loss`, superscript gate letters and `^` become `_`, a prime marks
 *  the updated parameter. */
export function normalizeTensor(raw: string, offset = 0): { name: string; t: number | null } {
  let s = raw.replace(/[{}]/g, '');
  let t: number | null = null;
  const sub = /(?:_(\d+)|([₀-₉]+)|(?<=[A-Za-zδℓ])(\d+))$/.exec(s);
  if (sub) {
    const digits = sub[1] ?? sub[3] ?? Array.from(sub[2], (d) => String(SUBSCRIPTS.indexOf(d))).join('');
    t = Number(digits);
    s = s.slice(0, sub.index);
  }
  const updated = /['′’]$/.test(s);
  if (updated) s = s.slice(0, -1);
  s = s
    .replace(/^(?:∂L\/∂|dL\/d|∂ℓ\/∂)/, 'd')
    .replace(/^[δΔ∂]/, 'd')
    .replace(/\^/g, '_')
    .replace(/[ⁱᶠᵍᵒʳᶻⁿ]/gu, (c) => `_${SUPER_LETTERS[c]}`);
  const lower = s.toLowerCase();
  if (s === 'ℓ' || lower === 'loss' || lower === 'ell') s = 'loss';
  else if (['‖g‖', '||g||', '|g|', 'gradnorm', 'norm'].includes(lower)) s = 'gradNorm';
  else if (['κ', 'kappa', 'clipfactor'].includes(lower)) s = 'clipFactor';
  if (s === '' || /[^A-Za-z0-9_]/.test(s))
    throw new Failure(`"${raw}" is not a tensor name: write it as the equations do, such as h, δa, ∂L/∂W_hh or W_hh′`, [
      offset,
      offset + raw.length,
    ]);
  return { name: updated ? `${s}'` : s, t };
}
