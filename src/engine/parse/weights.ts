// `weights`: either every parameter of the cell written out (names exactly as in the math,
// PARAM_NAMES), or `{"init": {"seed": S, "scale"?: s}}` to draw them all. This file reads the
// object and each parameter's shape as written; checking the shapes against I, H and O is
// shapes.ts's job, once those sizes are known.

import type { Node } from 'jsonc-parser';
import { PARAM_NAMES, paramShape, type CellKind } from '../model';
import { INVALID, readNumber, type Field } from './fields';
import { describe, members, type Member } from './jsonNodes';
import { listOf, closest } from './suggest';
import type { ProblemList } from './problemList';
import { readMatrix, readVector } from './numericArrays';
import { clip, quote } from './wording';

/** A parameter as written: a vector has `cols` null and `rows` = its length. */
export interface ParamInfo {
  readonly name: string;
  readonly member: Member;
  readonly node: Node;
  readonly rank: 1 | 2;
  readonly rows: number;
  /** Columns of a matrix; null for a vector, or for a ragged or empty matrix (already reported). */
  readonly cols: number | null;
  /** The length of a matrix's row 0, also when the matrix is ragged (its width is still checked
   *  against the input or hidden size); null for a vector. */
  readonly firstRow: number | null;
}

export type WeightsInfo =
  | { readonly kind: 'explicit'; readonly member: Member; readonly params: Map<string, ParamInfo> }
  | {
      readonly kind: 'init';
      readonly member: Member;
      readonly init: Member;
      readonly seed: Field<number>;
      readonly scale: Field<number>;
    };

const CELL_OF = new Map<string, CellKind>();
for (const cell of ['rnn', 'lstm', 'gru'] as const)
  for (const name of PARAM_NAMES[cell])
    if (!CELL_OF.has(name) && name !== 'W_hy' && name !== 'b_y') CELL_OF.set(name, cell);
const ALL_NAMES = new Set<string>([...PARAM_NAMES.rnn, ...PARAM_NAMES.lstm, ...PARAM_NAMES.gru]);
const INIT_KEYS = ['seed', 'scale'];

export function readWeights(
  member: Member | undefined,
  root: Node,
  cell: CellKind | null,
  problems: ProblemList,
): WeightsInfo | undefined {
  if (!member) {
    problems.add(
      'error',
      '',
      root.offset,
      1,
      `the model has no "weights": write every parameter out (${cell ? PARAM_NAMES[cell].join(', ') : 'see FORMAT.md'}) or draw them with "weights": {"init": {"seed": 1}} and a "hiddenSize"`,
    );
    return undefined;
  }
  const node = member.value;
  if (!node) return undefined;
  if (node.type !== 'object') {
    problems.error(
      node,
      member.path,
      `weights must be an object: {"W_xh": [[…]], …} with every parameter, or {"init": {"seed": 1}}; found ${describe(node, problems.text)}`,
    );
    return undefined;
  }
  const keys = members(node, member.path, problems);
  const init = keys.get('init');
  if (init) return readInit(member, init, keys, problems);
  return readExplicit(member, keys, cell, problems);
}

function readInit(
  weights: Member,
  init: Member,
  keys: Map<string, Member>,
  problems: ProblemList,
): WeightsInfo | undefined {
  for (const m of keys.values()) {
    if (m.key !== 'init')
      problems.error(
        m.keyNode,
        m.path,
        `weights has both "init" and ${clip(m.key)}: either draw every parameter with init, or write them all out and remove "init"`,
      );
  }
  const node = init.value;
  if (!node) return undefined;
  if (node.type !== 'object') {
    problems.error(
      node,
      init.path,
      `weights.init must be an object {"seed": an integer, "scale": a number > 0 (optional)}, found ${describe(node, problems.text)}`,
    );
    return undefined;
  }
  const fields = members(node, init.path, problems);
  for (const m of fields.values()) {
    if (INIT_KEYS.includes(m.key)) continue;
    const hint = closest(
      m.key,
      INIT_KEYS.filter((k) => !fields.has(k)),
    );
    problems.error(
      m.keyNode,
      m.path,
      `weights.init has no setting ${quote(m.key)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}; it takes "seed" and optionally "scale"`,
    );
  }
  const seedMember = fields.get('seed');
  let seed: Field<number> = INVALID;
  if (!seedMember)
    problems.error(
      init.keyNode,
      init.path,
      `weights.init needs a "seed" (an integer): the same seed always draws the same weights`,
    );
  else
    seed = readNumber(
      seedMember,
      { integer: true, why: 'it picks the random draw; the same seed always gives the same weights' },
      problems,
    );
  const scale = readNumber(
    fields.get('scale'),
    { min: 0, exclusive: true, why: 'weights are drawn uniformly from [−scale, scale]; the default is 1/√hiddenSize' },
    problems,
  );
  return { kind: 'init', member: weights, init, seed, scale };
}

function readExplicit(
  weights: Member,
  keys: Map<string, Member>,
  cell: CellKind | null,
  problems: ProblemList,
): WeightsInfo {
  const params = new Map<string, ParamInfo>();
  const names = cell ? PARAM_NAMES[cell] : null;
  const takes = cell ? `${cell} takes ${PARAM_NAMES[cell].join(', ')}` : '';
  for (const m of keys.values()) {
    const known = names ? names.includes(m.key) : ALL_NAMES.has(m.key);
    if (!known) {
      const other = CELL_OF.get(m.key);
      if (cell && other) {
        problems.error(
          m.keyNode,
          m.path,
          `${clip(m.key)} is a parameter of the ${other} cell, but cell is ${JSON.stringify(cell)}; ${takes}`,
        );
      } else {
        // Suggest only names not already written: the misspelt one is most likely a missing one.
        const hint = closest(
          m.key,
          [...(names ?? ALL_NAMES)].filter((n) => !keys.has(n)),
        );
        problems.error(
          m.keyNode,
          m.path,
          `weights has no parameter ${clip(m.key)}${cell ? ` for the ${cell} cell` : ''}${hint ? ` (did you mean ${hint}?)` : ''}${takes ? `; ${takes}` : ''}`,
        );
      }
      continue;
    }
    const node = m.value;
    if (!node) continue;
    if (paramShape(m.key, 1, 1, 1).length === 1) {
      const n = readVector(node, m.path, m.key, problems, 'a vector (a flat array of numbers)');
      if (n !== undefined)
        params.set(m.key, { name: m.key, member: m, node, rank: 1, rows: n, cols: null, firstRow: null });
    } else {
      const shape = readMatrix(node, m.path, m.key, problems);
      if (shape)
        params.set(m.key, {
          name: m.key,
          member: m,
          node,
          rank: 2,
          rows: shape.rows,
          cols: shape.cols,
          firstRow: shape.firstRow,
        });
    }
  }
  if (names && cell) {
    const missing = names.filter((n) => !keys.has(n));
    if (missing.length > 0) {
      problems.error(
        weights.keyNode,
        weights.path,
        `weights is missing ${listOf(missing, false, 'and')} (the ${cell} cell needs ${names.join(', ')})`,
      );
    }
  }
  return { kind: 'explicit', member: weights, params };
}
