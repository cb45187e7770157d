// The network unrolled over time, live: per timestep x_t → cell → y_t, the recurrent edges between
// cells, the current column lit and the tensors the step reads (blue) and writes (orange) marked.
// In the backward pass the gradient flows right to left under the recurrent edges, each edge as
// wide as ‖∂L/∂h_t‖ is large, so a vanishing gradient shows as a thinning line. LSTM cells show
// their gates and the cell state c_t (with its own lane); GRU cells their gates.
//
// Long sequences show a window of timesteps (as many as fit, at most 12) around the current one.
// The skeleton is built when the run or the window changes; a step only swaps classes.

import type { ModelInfo, StepInfo } from '../src/shared/protocol';
import type { CellKind } from '../src/engine/model';
import { subscript } from '../src/engine/trace/subscript';
import { s } from './dom';

const COL_W = 84;
const BOX_W = 64;
const LEFT = 70;
const RIGHT = 26;
const CHIP_H = 18;
const GATE_H = 16;
const PAD = 4;
const GAP = 3;
const MAX_WINDOW = 12;

const GATES: Record<CellKind, readonly string[]> = { rnn: [], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'] };

interface Column {
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

export class UnrolledView {
  readonly element = s('svg', { class: 'unrolled', role: 'img' });
  private model: ModelInfo | undefined;
  private start = 1;
  private size = 0;
  private width = 0;
  private columns: Column[] = [];
  private h0: SVGElement | undefined;
  private c0: SVGElement | undefined;
  private marked: Element[] = [];
  private current: SVGElement | undefined;
  private lastStep: StepInfo | undefined;
  private lastNorms: readonly (number | null)[] = [];

  constructor() {
    this.element.dataset.testid = 'unrolled';
  }

  setRun(model: ModelInfo): void {
    this.model = model;
    this.start = 1;
    this.size = 0;
    this.lastStep = undefined;
  }

  /** Available width changed (ResizeObserver): the window size may change. */
  resize(width: number): void {
    if (Math.abs(width - this.width) < 1) return;
    this.width = width;
    if (this.lastStep) this.update(this.lastStep, this.lastNorms);
  }

  update(step: StepInfo, norms: readonly (number | null)[]): void {
    const m = this.model;
    if (!m) return;
    this.lastStep = step;
    this.lastNorms = norms;
    const fit = Math.floor((Math.max(this.width, 320) - LEFT - RIGHT) / COL_W);
    const size = Math.max(1, Math.min(m.steps, MAX_WINDOW, fit));
    let start = size === this.size ? this.start : 1;
    const t = step.t;
    if (t !== null && (t < start || t > start + size - 1 || size !== this.size)) start = t - Math.floor(size / 2);
    if (step.phase === 'loss' && this.size === 0) start = m.steps - size + 1;
    start = Math.max(1, Math.min(m.steps - size + 1, start));
    if (start !== this.start || size !== this.size || this.columns.length === 0) this.build(m, start, size);
    this.mark(step);
    this.flow(step, norms);
    const label = `Unrolled ${m.cell.toUpperCase()}, timesteps ${this.start} to ${this.start + this.size - 1} of ${m.steps}`;
    if (this.element.getAttribute('aria-label') !== label) this.element.setAttribute('aria-label', label);
  }

  private build(m: ModelInfo, start: number, size: number): void {
    this.start = start;
    this.size = size;
    const gates = GATES[m.cell];
    const chipNames = m.cell === 'lstm' ? ['c', 'gates', 'h'] : m.cell === 'gru' ? ['gates', 'h'] : ['a', 'h'];
    const boxH =
      PAD * 2 + chipNames.reduce((a, n) => a + (n === 'gates' ? GATE_H : CHIP_H), 0) + GAP * (chipNames.length - 1);
    const yTop = 24;
    const boxTop = yTop + 24 + 26;
    const xTop = boxTop + boxH + 26;
    const height = xTop + 24 + 22;
    const width = LEFT + size * COL_W + RIGHT;
    const svg = this.element;
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
    this.current = s('rect', { class: 'col-current', y: 4, width: COL_W - 6, height: height - 8, rx: 6 });
    this.current.setAttribute('visibility', 'hidden');
    bg.appendChild(this.current);

    // h_0 (and c_0): the state the first timestep reads, or an ellipsis when the window starts later.
    if (start === 1) {
      this.h0 = node(nodes, 'node state0', 8, hMid - CHIP_H / 2, 44, CHIP_H, 'h₀');
      this.c0 = m.cell === 'lstm' ? node(nodes, 'node state0', 8, cMid - CHIP_H / 2, 44, CHIP_H, 'c₀') : undefined;
    } else {
      this.h0 = undefined;
      this.c0 = undefined;
      nodes.appendChild(s('text', { class: 'ellipsis', x: 30, y: hMid + 4, 'text-anchor': 'middle' }, '⋯'));
    }
    if (start + size - 1 < m.steps) {
      nodes.appendChild(
        s('text', { class: 'ellipsis', x: width - RIGHT / 2 - 2, y: hMid + 4, 'text-anchor': 'middle' }, '⋯'),
      );
    }

    this.columns = [];
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
      this.columns.push({ t, box, chips, x: xNode, y: yNode, inEdge, outEdge, recEdge, cEdge, gradEdge });
    }
    svg.replaceChildren(defs, bg, edges, grads, nodes);
    this.marked = [];
  }

  /** Highlights the current column and every node/edge the step reads or writes. Only elements
   *  whose marking changes are touched (class changes cost style recalculation). */
  private mark(step: StepInfo): void {
    const col = step.t === null ? undefined : this.columns.find((c) => c.t === step.t);
    if (this.current) {
      const vis = col ? 'visible' : 'hidden';
      if (this.current.getAttribute('visibility') !== vis) this.current.setAttribute('visibility', vis);
      if (col) {
        const x = String(Number(col.box.getAttribute('x')) - (COL_W - BOX_W) / 2 + 3);
        if (this.current.getAttribute('x') !== x) this.current.setAttribute('x', x);
      }
    }
    const next = new Map<Element, Set<string>>();
    const apply = (refs: StepInfo['reads'], cls: 'read' | 'write'): void => {
      for (const r of refs)
        for (const e of this.targets(r.name, r.t, step.t)) {
          const set = next.get(e) ?? new Set<string>();
          set.add(cls);
          next.set(e, set);
        }
    };
    apply(step.reads, 'read');
    apply(step.writes, 'write');
    for (const e of this.marked) if (!next.has(e)) e.classList.remove('read', 'write');
    for (const [e, set] of next) {
      for (const cls of ['read', 'write'])
        if (e.classList.contains(cls) !== set.has(cls)) e.classList.toggle(cls, set.has(cls));
    }
    this.marked = [...next.keys()];
  }

  /** The SVG elements that stand for a tensor reference. */
  private targets(name: string, t: number | null, stepT: number | null): Element[] {
    if (t === null) {
      if (name === 'dh0') return this.h0 ? [this.h0] : [];
      if (name === 'dc0') return this.c0 ? [this.c0] : [];
      if (name === 'losses') return this.columns.map((c) => c.y);
      const param = name.replace(/^d(?=[Wb]_)/, '').replace(/'$/, '');
      const cols = stepT === null ? this.columns : this.columns.filter((c) => c.t === stepT);
      if (/^W_h/.test(param) && param !== 'W_hy')
        return cols.flatMap((c) => [c.recEdge, ...(c.cEdge ? [c.cEdge] : [])]);
      if (/^W_x/.test(param)) return cols.map((c) => c.inEdge);
      if (param === 'W_hy' || param === 'b_y') return cols.map((c) => c.outEdge);
      return [];
    }
    // A gradient sent to the previous timestep lands on that timestep's state.
    const at = name === 'dh_prev' || name === 'dc_prev' ? t - 1 : t;
    const stateName = name === 'dh_prev' ? 'h' : name === 'dc_prev' ? 'c' : name;
    if (at === 0) return stateName === 'h' && this.h0 ? [this.h0] : stateName === 'c' && this.c0 ? [this.c0] : [];
    const col = this.columns.find((c) => c.t === at);
    if (!col) return [];
    if (stateName === 'x') return [col.x];
    if (['y', 'p', 'dy', 'loss', 'target'].includes(name)) return [col.y];
    const key = chipFor(stateName);
    const chip = key ? col.chips.get(key) : undefined;
    return chip ? [chip] : [col.box];
  }

  /** The backward flow: an edge under each recurrent edge, as wide as ‖δh_t‖ is large. */
  private flow(step: StepInfo, norms: readonly (number | null)[]): void {
    let max = 0;
    for (const n of norms) if (n !== null && n > max && Number.isFinite(n)) max = n;
    const show = step.phase === 'backward' || step.phase === 'clip' || step.phase === 'update';
    for (const c of this.columns) {
      const n = norms[c.t];
      const visible = show && n !== null && n !== undefined && max > 0;
      const vis = visible ? 'visible' : 'hidden';
      if (c.gradEdge.getAttribute('visibility') !== vis) c.gradEdge.setAttribute('visibility', vis);
      if (visible) {
        const w = `${(0.75 + 6.25 * Math.min(1, (n as number) / max)).toFixed(2)}px`;
        if (c.gradEdge.style.strokeWidth !== w) c.gradEdge.style.strokeWidth = w;
      }
    }
  }
}

function chipFor(name: string): string | undefined {
  if (name === 'h' || name === 'dh' || name === 'dh_out' || name === 'dh_next') return 'h';
  if (name === 'a' || name === 'da') return 'a';
  if (name === 'c' || name === 'tc' || name === 'dc' || name === 'dc_next') return 'c';
  if (name === 'hn' || name === 'dhn') return 'n';
  const gate = /^(?:d?a_)?([ifgorzn])$/.exec(name);
  return gate ? gate[1] : undefined;
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
  const chars = [...token];
  return chars.length > 8 ? `${chars.slice(0, 7).join('')}…` : token;
}
