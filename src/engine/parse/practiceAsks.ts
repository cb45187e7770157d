// The entries of `practice.ask` (docs/FORMAT.md, "Practice"): each a string in the grammar of
// practice/askGrammar.ts ("backward t=4 δa") or the same as an object ({"phase": "backward",
// "t": 4, "tensor": "δa"}). Read here with their places in the file, so that a problem points at
// the very part of the entry that is wrong — the phase, the timesteps or the tensor — with the
// line and column an editor shows, also inside a string with escapes.

import type { Node } from 'jsonc-parser';
import { characterSpans, describe, elements, members } from './jsonNodes';
import { indexPath } from './jsonPath';
import type { ProblemList } from './problemList';
import { closest, listOf } from './suggest';
import { quote } from './wording';
import { parseAsk, PHASE_WORDS, type AskParts, type Span } from '../practice/askGrammar';
import type { AskPart } from '../practice/questions';
import type { PracticeAsk } from '../practice/practiceSettings';

/** An entry that reads, with where each of its parts is in the file (offset, length). */
export interface AskSource {
  readonly ask: PracticeAsk;
  readonly path: string;
  readonly node: Node;
  readonly place: (part: AskPart) => { offset: number; length: number };
}

export const ASK_OBJECT_KEYS = ['phase', 't', 'tensor'] as const;

/** Reads `practice.ask`; entries that do not read are reported and left out. Null when absent. */
export function readAsks(node: Node, path: string, problems: ProblemList): AskSource[] {
  if (node.type !== 'array') {
    problems.error(
      node,
      path,
      `ask must be an array of entries such as ["forward t=1 h", "backward t=4 δa"], found ${describe(node, problems.text)}`,
    );
    return [];
  }
  const items = elements(node);
  if (items.length === 0) {
    problems.error(
      node,
      path,
      'ask lists no step: name at least one, such as "forward t=1 h" (or leave out "ask" to ask every step)',
    );
    return [];
  }
  const out: AskSource[] = [];
  items.forEach((item, k) => {
    const p = indexPath(path, k);
    const source = item.type === 'object' ? readObjectEntry(item, p, problems) : readStringEntry(item, p, problems);
    if (source) out.push(source);
  });
  return out;
}

function readStringEntry(node: Node, path: string, problems: ProblemList): AskSource | null {
  if (node.type !== 'string') {
    problems.error(
      node,
      path,
      `an ask entry is a string such as "backward t=4 δa" or an object {"phase": …, "t": …, "tensor": …}, found ${describe(node, problems.text)}`,
    );
    return null;
  }
  const text = String(node.value);
  const at = unitOffsets(node, problems.text);
  const span = (s: Span): { offset: number; length: number } => {
    const offset = at(s[0]);
    return { offset, length: Math.max(1, at(s[1]) - offset) };
  };
  const parsed = parseAsk(text);
  if (!parsed.ok) {
    const { offset, length } = span(parsed.span);
    problems.add('error', path, offset, length, `${parsed.message} (in ${quote(text)})`);
    return null;
  }
  const parts: AskParts = parsed.parts;
  return {
    ask: parsed.ask,
    path,
    node,
    // A timestep written as the tensor's subscript (δa₄) is placed at the tensor.
    place: (part) => span(parts[part] ?? (part === 'time' ? parts.tensor : undefined) ?? parts.phase),
  };
}

function readObjectEntry(node: Node, path: string, problems: ProblemList): AskSource | null {
  const keys = members(node, path, problems);
  let ok = true;
  for (const m of keys.values()) {
    if ((ASK_OBJECT_KEYS as readonly string[]).includes(m.key)) continue;
    problems.error(
      m.keyNode,
      m.path,
      `an ask entry has the keys ${listOf(ASK_OBJECT_KEYS, true, 'and')}, not ${quote(m.key)}`,
    );
    ok = false;
  }
  const phase = keys.get('phase');
  const t = keys.get('t');
  const tensor = keys.get('tensor');
  if (!phase?.value || phase.value.type !== 'string') {
    problems.error(
      phase?.value ?? node,
      phase?.path ?? path,
      'an ask entry needs "phase": "forward", "loss", "backward", "clip" or "update"',
    );
    return null;
  }
  let times = '';
  if (t?.value) {
    const list = t.value.type === 'array' ? elements(t.value) : [t.value];
    const bad = list.find((n) => n.type !== 'number' || !Number.isInteger(n.value) || n.value < 0);
    if (bad || list.length === 0) {
      problems.error(
        bad ?? t.value,
        t.path,
        `t must be a timestep (a whole number such as 4) or an array of them, found ${describe(bad ?? t.value, problems.text)}`,
      );
      return null;
    }
    times = `t=${list.map((n) => String(n.value)).join(',')}`;
  }
  const phaseWord = String(phase.value.value);
  if (!Object.prototype.hasOwnProperty.call(PHASE_WORDS, phaseWord)) {
    const hint = closest(phaseWord, Object.keys(PHASE_WORDS));
    problems.error(
      phase.value,
      phase.path,
      `phase must be ${listOf(Object.keys(PHASE_WORDS))}, found ${describe(phase.value, problems.text)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}`,
    );
    return null;
  }
  if (
    tensor?.value &&
    (tensor.value.type !== 'string' || /\s/.test(String(tensor.value.value)) || tensor.value.value === '')
  ) {
    problems.error(
      tensor.value,
      tensor.path,
      `tensor must be one name such as "δa" or "∂L/∂W_hh", found ${describe(tensor.value, problems.text)}`,
    );
    return null;
  }
  if (!ok) return null;
  // The object is read as the string it stands for, each part placed at its own member.
  const words = [phaseWord, times, tensor?.value ? String(tensor.value.value) : ''];
  const text = words.filter((w) => w !== '').join(' ');
  const parsed = parseAsk(text);
  const nodeOf = (part: AskPart): Node =>
    (part === 'time' ? t?.value : part === 'tensor' ? tensor?.value : phase.value) ?? node;
  const place = (part: AskPart): { offset: number; length: number } => ({
    offset: nodeOf(part).offset,
    length: nodeOf(part).length,
  });
  if (!parsed.ok) {
    const [s] = parsed.span;
    const phaseEnd = words[0].length;
    const part: AskPart = s < phaseEnd ? 'phase' : times && s <= phaseEnd + 1 + times.length ? 'time' : 'tensor';
    const { offset, length } = place(part);
    problems.add('error', path, offset, length, parsed.message);
    return null;
  }
  return { ask: parsed.ask, path, node, place };
}

/** Maps an index into a string node's value (UTF-16 code units) to its offset in the text. */
function unitOffsets(node: Node, text: string): (unit: number) => number {
  const spans = characterSpans(node, text);
  const value = String(node.value);
  const starts: number[] = [];
  let unit = 0;
  let k = 0;
  for (const ch of value) {
    for (let j = 0; j < ch.length; j++) starts[unit + j] = spans[k].offset;
    unit += ch.length;
    k++;
  }
  const end = node.offset + node.length - 1; // the closing quote
  return (u) => (u < starts.length ? starts[u] : end);
}
