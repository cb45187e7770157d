// Every written parameter against the shape the cell needs (paramShape(name, I, H, O)), with the
// message saying what was found, what was expected and why:
//   "W_xh has 2 columns but the vocab has 4 tokens (W_xh must be hidden × input = 2 × 4)".
// A size that is unknown (its source already had a problem) is not checked, so one mistake is
// reported once rather than echoed by every parameter. A ragged matrix (reported where it is read)
// still has its width — the length of its row 0 — checked.

import { PARAM_NAMES, type CellKind } from '../model';
import { plural } from './wording';
import type { ProblemList } from './problemList';
import type { Dim } from './sizes';
import type { ParamInfo } from './weights';

type Role = 'input' | 'hidden' | 'output';

/** The roles of a parameter's dimensions: W_xh is hidden × input, W_hy output × hidden, b_y output. */
export function paramRoles(name: string): [Role] | [Role, Role] {
  if (name === 'W_hy') return ['output', 'hidden'];
  if (name === 'b_y') return ['output'];
  if (name.startsWith('W_x')) return ['hidden', 'input'];
  if (name.startsWith('W_h')) return ['hidden', 'hidden'];
  return ['hidden'];
}

const LETTER: Record<Role, string> = { input: 'I', hidden: 'H', output: 'O' };

export function checkParamShapes(
  params: Map<string, ParamInfo>,
  cell: CellKind | null,
  dims: Record<Role, Dim | null>,
  problems: ProblemList,
): void {
  const order = cell ? PARAM_NAMES[cell] : [...params.keys()];
  for (const name of order) {
    const p = params.get(name);
    if (p) checkParam(p, dims, problems);
  }
}

function checkParam(p: ParamInfo, dims: Record<Role, Dim | null>, problems: ProblemList): void {
  const roles = paramRoles(p.name);
  const size = (r: Role): string => (dims[r] ? String(dims[r]!.value) : LETTER[r]);
  if (roles.length === 1) {
    const d = dims[roles[0]];
    if (d && p.rows !== d.value) {
      problems.error(
        p.node,
        p.member.path,
        `${p.name} has ${plural(p.rows, 'number')} but ${d.phrase} (${p.name} must have ${roles[0]} = ${plural(d.value, 'number')})`,
      );
    }
    return;
  }
  const [rowRole, colRole] = roles;
  const R = dims[rowRole];
  const C = dims[colRole];
  const must = `${p.name} must be ${rowRole} × ${colRole} = ${size(rowRole)} × ${size(colRole)}`;
  const rowsBad = R !== null && p.rows !== R.value;
  const colsBad = C !== null && p.cols !== null && p.cols !== C.value;
  if (rowsBad && colsBad) {
    const why = R === C ? R!.phrase : `${R!.phrase}; ${C!.phrase}`;
    problems.error(
      p.node,
      p.member.path,
      `${p.name} is ${p.rows} × ${p.cols} but ${must.slice(p.name.length + 1)} (${why})`,
    );
  } else if (rowsBad) {
    problems.error(p.node, p.member.path, `${p.name} has ${plural(p.rows, 'row')} but ${R!.phrase} (${must})`);
  } else if (colsBad) {
    problems.error(p.node, p.member.path, `${p.name} has ${plural(p.cols!, 'column')} but ${C!.phrase} (${must})`);
  } else if (rowRole === 'hidden' && colRole === 'hidden' && !R && p.cols !== null && p.rows !== p.cols) {
    // H unknown, but a hidden × hidden matrix must still be square.
    problems.error(p.node, p.member.path, `${p.name} is ${p.rows} × ${p.cols} but must be square (hidden × hidden)`);
  }
  if (C !== null && p.cols === null && p.firstRow !== null && p.firstRow !== C.value)
    problems.error(
      p.node,
      p.member.path,
      `row 0 of ${p.name} has ${plural(p.firstRow, 'number')} but ${C.phrase} (${must})`,
    );
}

/** h0 / c0: a vector of H numbers. */
export function checkStateLength(
  name: string,
  path: string,
  length: number,
  node: ParamInfo['node'],
  H: Dim | null,
  problems: ProblemList,
): void {
  if (H && length !== H.value) {
    problems.error(
      node,
      path,
      `${name} has ${plural(length, 'number')} but ${H.phrase} (${name} must have hidden = ${plural(H.value, 'number')})`,
    );
  }
}
