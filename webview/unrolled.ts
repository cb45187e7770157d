// The network unrolled over time, live: per timestep x_t → cell → y_t, the recurrent edges between
// cells, the current column lit and the tensors the step reads (blue) and writes (orange) marked;
// a gradient written (δh₃, δa₃, δc…, ∂L/∂θ) is marked apart from a value: in the gradient colour,
// dashed, and the node's label turns into δ of it (h₃ → δh₃), so a value never looks like its
// gradient. Tokens show invisible characters visibly (unrolledSkeleton.ts, engine/trace/visibleToken.ts).
// In the backward pass the gradient flows right to left under the recurrent edges, each edge as
// wide as ‖∂L/∂h_t‖ is large, so a vanishing gradient shows as a thinning line. LSTM cells show
// their gates and the cell state c_t (with its own lane); GRU cells their gates.
//
// Long sequences show a window of timesteps (as many as fit, at most 12) around the current one.
// The skeleton (unrolledSkeleton.ts) is built when the run or the window changes; a step only swaps
// classes.

import type { ModelInfo, StepInfo } from '../src/shared/protocol';
import { s } from './dom';
import { BOX_W, buildSkeleton, COL_W, LEFT, MAX_WINDOW, RIGHT, type Column } from './unrolledSkeleton';
import { isGradient, setMarks, type Mark } from './unrolledMarks';
import { ConnectivityHighlight } from './unrolledConnectivity';

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
  private lastAsked = false;
  /** Pointing at an output lights the inputs it depends on (the dynamics' connectivity). */
  readonly connectivity = new ConnectivityHighlight();

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
    if (this.lastStep) this.update(this.lastStep, this.lastNorms, this.lastAsked);
  }

  /** `asked` (practice mode): what the step writes is the learner's to compute, marked "?". */
  update(step: StepInfo, norms: readonly (number | null)[], asked = false): void {
    const m = this.model;
    if (!m) return;
    this.lastStep = step;
    this.lastNorms = norms;
    this.lastAsked = asked;
    const fit = Math.floor((Math.max(this.width, 320) - LEFT - RIGHT) / COL_W);
    const size = Math.max(1, Math.min(m.steps, MAX_WINDOW, fit));
    let start = size === this.size ? this.start : 1;
    const t = step.t;
    if (t !== null && (t < start || t > start + size - 1 || size !== this.size)) start = t - Math.floor(size / 2);
    if (step.phase === 'loss' && this.size === 0) start = m.steps - size + 1;
    start = Math.max(1, Math.min(m.steps - size + 1, start));
    if (start !== this.start || size !== this.size || this.columns.length === 0) this.build(m, start, size);
    this.mark(step, asked);
    this.flow(step, norms);
    const label = `Unrolled ${m.cell.toUpperCase()}, timesteps ${this.start} to ${this.start + this.size - 1} of ${m.steps}`;
    if (this.element.getAttribute('aria-label') !== label) this.element.setAttribute('aria-label', label);
  }

  private build(m: ModelInfo, start: number, size: number): void {
    this.start = start;
    this.size = size;
    const sk = buildSkeleton(this.element, m, start, size);
    this.columns = sk.columns;
    this.h0 = sk.h0;
    this.c0 = sk.c0;
    this.current = sk.current;
    this.marked = [];
    this.connectivity.attach(this.columns);
  }

  /** Highlights the current column and every node/edge the step reads or writes. Only elements
   *  whose marking changes are touched (class changes cost style recalculation). */
  private mark(step: StepInfo, asked: boolean): void {
    const col = step.t === null ? undefined : this.columns.find((c) => c.t === step.t);
    if (this.current) {
      const vis = col ? 'visible' : 'hidden';
      if (this.current.getAttribute('visibility') !== vis) this.current.setAttribute('visibility', vis);
      if (col) {
        const x = String(Number(col.box.getAttribute('x')) - (COL_W - BOX_W) / 2 + 3);
        if (this.current.getAttribute('x') !== x) this.current.setAttribute('x', x);
      }
    }
    const next = new Map<Element, Set<Mark>>();
    const apply = (refs: StepInfo['reads'], write: boolean): void => {
      for (const r of refs) {
        const cls: Mark = !write ? 'read' : isGradient(r.name) ? 'grad-write' : 'write';
        for (const e of this.targets(r.name, r.t, step.t)) {
          const set = next.get(e) ?? new Set<Mark>();
          set.add(cls);
          if (write && asked) set.add('asked');
          next.set(e, set);
        }
      }
    };
    apply(step.reads, false);
    apply(step.writes, true);
    for (const e of this.marked) if (!next.has(e)) setMarks(e, new Set());
    for (const [e, set] of next) setMarks(e, set);
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
