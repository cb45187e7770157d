// The unrolled network's drawing (unrolled.ts shows it live): for each timestep of the window, the
// cell box with its chips (a, h; LSTM c, gates, h; GRU gates, h), x_t below, y_t above with its
// target, the recurrent edges between cells and the gradient lane under them; h₀ (and c₀) or an
// ellipsis on the left. Built when the run or the window changes, never per step.

import type { ModelInfo } from '../src/shared/protocol';
import type { CellKind } from '../src/engine/model';
import { subscript } from '../src/engine/trace/subscript';
import { visibleToken } from '../src/engine/trace/visibleToken';
import { s } from './dom';

/** Width of one timestep's column, and of the cell box in it. */
export const COL_W = 84;
export const BOX_W = 64;
export const LEFT = 70;
export const RIGHT = 26;
const CHIP_H = 18;
const GATE_H = 16;
const PAD = 4;
const GAP = 3;
/** Timesteps shown at most. */
export const MAX_WINDOW = 12;

const GATES: Record<CellKind, readonly string[]> = { rnn: [], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'] };

export interface Column {
  readonly t: number;
  readonly box: SVGRectElement;
  readonly chips: Map<string, SVGElement>;
  readonly x: SVGElement;
  readonly y: SVGElement;
  readonly inEdge: SVGElement;
  readonly outEdge: SVGElement;
  /** Edges from the previous column (h, and c for LSTM). */
  readonly recEdge: SVGElement;
  readonly cEdge: SVGElement | null;
  /** Gradient flowing from this column's h back to the previous one. */
  readonly gradEdge: SVGElement;
}

/** The elements a step marks: per column, and the initial state and the current-column highlight. */
export interface Skeleton {
  readonly columns: Column[];
  readonly h0: SVGElement | undefined;
  readonly c0: SVGElement | undefined;
  readonly current: SVGElement;
}

/** Draws the skeleton of timesteps start…start+size−1 into `svg` (replacing what it held). */
export function buildSkeleton(svg: SVGSVGElement, m: ModelInfo, start: number, size: number): Skeleton {
  const gates = GATES[m.cell];
  const chipNames = m.cell === 'lstm' ? ['c', 'gates', 'h'] : m.cell === 'gru' ? ['gates', 'h'] : ['a', 'h'];
  const boxH =
    PAD * 2 + chipNames.reduce((a, n) => a + (n === 'gates' ? GATE_H : CHIP_H), 0) + GAP * (chipNames.length - 1);
  const yTop = 24;
  const boxTop = yTop + 24 + 26;
  const xTop = boxTop + boxH + 26;
  const height = xTop + 24 + 22;
  const width = LEFT + size * COL_W + RIGHT;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  const defs = s('defs');
  // Arrowheads in user units: the gradient edges vary in width, their heads should not.
  for (const [id, size] of [
    ['arrow', 7],
    ['arrow-grad', 10],
  ] as const) {
    const mk = s('marker', {
      id,
      viewBox: '0 0 8 8',
      refX: 7,
      refY: 4,
      markerWidth: size,
      markerHeight: size,
      markerUnits: 'userSpaceOnUse',
      orient: 'auto-start-reverse',
      class: id,
    });
    mk.appendChild(s('path', { d: 'M0 0L8 4L0 8z' }));
    defs.appendChild(mk);
  }
  const bg = s('g');
  const edges = s('g');
  const grads = s('g', { class: 'grad-flow' });
  const nodes = s('g');
  const chipY = new Map<string, number>();
  let cy = boxTop + PAD;
  for (const n of chipNames) {
    chipY.set(n, cy);
    cy += (n === 'gates' ? GATE_H : CHIP_H) + GAP;
  }
  const hMid = (chipY.get('h') ?? 0) + CHIP_H / 2;
  const cMid = (chipY.get('c') ?? 0) + CHIP_H / 2;
  const colX = (t: number): number => LEFT + (t - start) * COL_W + (COL_W - BOX_W) / 2;
  const current = s('rect', { class: 'col-current', y: 4, width: COL_W - 6, height: height - 8, rx: 6 });
  current.setAttribute('visibility', 'hidden');
  bg.appendChild(current);

  // h_0 (and c_0): the state the first timestep reads, or an ellipsis when the window starts later.
  let h0: SVGElement | undefined;
  let c0: SVGElement | undefined;
  if (start === 1) {
    h0 = node(nodes, 'node state0', 8, hMid - CHIP_H / 2, 44, CHIP_H, 'h₀');
    c0 = m.cell === 'lstm' ? node(nodes, 'node state0', 8, cMid - CHIP_H / 2, 44, CHIP_H, 'c₀') : undefined;
  } else {
    nodes.appendChild(s('text', { class: 'ellipsis', x: 30, y: hMid + 4, 'text-anchor': 'middle' }, '⋯'));
  }
  if (start + size - 1 < m.steps) {
    nodes.appendChild(
      s('text', { class: 'ellipsis', x: width - RIGHT / 2 - 2, y: hMid + 4, 'text-anchor': 'middle' }, '⋯'),
    );
  }

  const columns: Column[] = [];
  for (let t = start; t < start + size; t++) {
    const x = colX(t);
    const cx = x + BOX_W / 2;
    const sub = subscript(t);
    const box = s('rect', { class: 'cell-box', x, y: boxTop, width: BOX_W, height: boxH, rx: 5 });
    nodes.appendChild(box);
    const chips = new Map<string, SVGElement>();
    for (const n of chipNames) {
      const y0 = chipY.get(n) ?? 0;
      if (n === 'gates') {
        const w = (BOX_W - PAD * 2 - GAP * (gates.length - 1)) / gates.length;
        gates.forEach((g, k) => {
          chips.set(g, node(nodes, 'chip gate', x + PAD + k * (w + GAP), y0, w, GATE_H, g));
        });
      } else {
        chips.set(n, node(nodes, `chip chip-${n}`, x + PAD, y0, BOX_W - PAD * 2, CHIP_H, `${n}${sub}`));
      }
    }
    const prevRight = t === start ? (start === 1 ? 52 : 44) : colX(t - 1) + BOX_W;
    const recEdge = edge(edges, `M${prevRight} ${hMid}H${x - 1}`, 'edge rec');
    const cEdge = m.cell === 'lstm' ? edge(edges, `M${prevRight} ${cMid}H${x - 1}`, 'edge rec-c') : null;
    const gradEdge = s('path', {
      d: `M${x - 1} ${hMid + 7}H${prevRight + 2}`,
      class: 'edge grad',
      'marker-end': 'url(#arrow-grad)',
    });
    gradEdge.setAttribute('visibility', 'hidden');
    grads.appendChild(gradEdge);
    const yNode = node(nodes, 'node io', x + 6, yTop, BOX_W - 12, 24, `y${sub}`);
    const xNode = node(nodes, 'node io', x + 6, xTop, BOX_W - 12, 24, `x${sub}`);
    const outEdge = edge(edges, `M${cx} ${boxTop - 1}V${yTop + 25}`, 'edge out');
    const inEdge = edge(edges, `M${cx} ${xTop - 1}V${boxTop + boxH + 1}`, 'edge in');
    const target = m.targetTokens[t - 1];
    if (target !== null && target !== undefined) {
      nodes.appendChild(
        s(
          'text',
          { class: 'token target', x: cx, y: yTop - 8, 'text-anchor': 'middle' },
          target === '' ? `target${sub}` : `→ ${short(target)}`,
        ),
      );
    }
    const token = m.inputTokens?.[t - 1];
    nodes.appendChild(
      s(
        'text',
        { class: 'token input', x: cx, y: xTop + 40, 'text-anchor': 'middle' },
        token === undefined ? '' : short(token),
      ),
    );
    columns.push({ t, box, chips, x: xNode, y: yNode, inEdge, outEdge, recEdge, cEdge, gradEdge });
  }
  svg.replaceChildren(defs, bg, edges, grads, nodes);
  return { columns, h0, c0, current };
}

function node(
  parent: SVGElement,
  cls: string,
  x: number,
  y: number,
  w: number,
  hgt: number,
  label: string,
): SVGElement {
  const g = s('g', { class: cls });
  // The plain label, for the δ a gradient write puts before it (unrolledMarks.ts setMarks).
  g.dataset.label = label;
  g.appendChild(s('rect', { x, y, width: w, height: hgt, rx: 4 }));
  g.appendChild(s('text', { x: x + w / 2, y: y + hgt / 2 + 4, 'text-anchor': 'middle' }, label));
  parent.appendChild(g);
  return g;
}

function edge(parent: SVGElement, d: string, cls: string): SVGElement {
  const p = s('path', { d, class: cls, 'marker-end': 'url(#arrow)' });
  parent.appendChild(p);
  return p;
}

/** A token as a short label (the full token stays in the tooltip of the tensors). */
function short(token: string): string {
  const chars = [...visibleToken(token)];
  return chars.length > 8 ? `${chars.slice(0, 7).join('')}…` : chars.join('');
}
