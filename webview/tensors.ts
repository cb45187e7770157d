// The tensors live at the current step, as heatmaps grouped by what the step did with them:
// written, read, or merely live (held in memory, e.g. the weights during the forward pass).
// Cards are kept across steps by tensor id, so stepping patches numbers instead of rebuilding.
// Hover (or focus a card and use the arrow keys) to read an element's exact value and, for a
// weight, its gradient at this step.

import type { TensorPayload } from '../src/shared/protocol';
import type { LiveGroup, LiveRole } from '../src/engine/trace/liveTensors';
import { fmtShort, h } from './dom';
import { Heatmap, layoutOf, maxAbs } from './heatmap';
import type { Palette } from './palette';
import type { Tooltip } from './tooltip';

/** A payload with its numbers resolved from the cache. */
export interface ResolvedTensor {
  readonly payload: TensorPayload;
  readonly values: Float64Array;
  readonly grad: Float64Array | null;
}

/** Sections in display order: what the step wrote, what it read, then the rest by kind. */
const SECTIONS: readonly { key: string; title: string }[] = [
  { key: 'write', title: 'Written by this step' },
  { key: 'read', title: 'Read by this step' },
  { key: 'live-param', title: 'Parameters' },
  { key: 'live-input', title: 'Inputs and targets' },
  { key: 'live-forward', title: 'Forward values' },
  { key: 'live-loss', title: 'Losses' },
  { key: 'live-backward', title: 'Backward deltas' },
  { key: 'live-grad', title: 'Gradients so far' },
  { key: 'live-scalar', title: 'Clipping' },
  { key: 'live-updated', title: 'Updated parameters' },
];

function sectionOf(p: TensorPayload): string {
  return p.role === 'live' ? `live-${p.group satisfies LiveGroup}` : p.role;
}

const ROLE_BADGE: Record<LiveRole, string> = { write: 'written', read: 'read', live: 'live' };

class TensorCard {
  readonly element = h('div', 'tensor-card');
  private readonly title = h('span', 'tensor-label');
  private readonly shapeText = h('span', 'tensor-shape');
  private readonly badge = h('span', 'tensor-role');
  private readonly scale = h('span', 'tensor-scale');
  readonly heatmap: Heatmap;
  current: ResolvedTensor | undefined;
  selected: number | null = null;
  /** The element last under the pointer: the one a right-click's "What If…" changes. */
  private pointed: number | null = null;

  constructor(
    readonly key: string,
    shape: readonly number[],
    private readonly panel: TensorsView,
  ) {
    this.heatmap = new Heatmap(shape, (i, x, y) => this.hover(i, x, y));
    const head = h('div', 'tensor-head');
    head.append(this.title, this.shapeText, this.badge, this.scale);
    this.element.append(head, this.heatmap.element);
    this.element.tabIndex = 0;
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('focus', () => this.select(this.selected ?? 0));
    this.element.addEventListener('blur', () => this.select(null));
    // VS Code's webview context menu reads data-vscode-context from the clicked element up
    // (package.json "webview/context"): on a parameter it offers "RNN: What If…" for that element.
    this.element.addEventListener('contextmenu', () => this.setMenuContext());
  }

  private setMenuContext(): void {
    const p = this.current?.payload;
    if (!p || p.group !== 'param') {
      delete this.element.dataset.vscodeContext;
      return;
    }
    const index = this.pointed ?? this.selected ?? 0;
    this.element.dataset.vscodeContext = JSON.stringify({ rnnWeight: p.name, rnnIndex: index });
  }

  update(t: ResolvedTensor, palette: Palette): void {
    const p = t.payload;
    const prev = this.current?.payload;
    // Only touch what changed: rewriting equal text still invalidates style and layout.
    const hidden = p.hidden === true;
    if (!prev || prev.id !== p.id || prev.role !== p.role || prev.label !== p.label || prev.hidden !== p.hidden) {
      this.element.dataset.testid = `tensor-${p.id}`;
      this.element.dataset.role = p.role;
      this.title.textContent = p.label;
      const shape = p.shape.length === 1 && p.shape[0] === 1 ? 'scalar' : p.shape.join('×');
      this.shapeText.textContent = shape;
      this.badge.textContent = ROLE_BADGE[p.role];
      this.badge.className = `tensor-role role-${p.role}`;
      this.element.dataset.hidden = String(hidden);
      this.element.setAttribute(
        'aria-label',
        hidden
          ? `${p.label}, ${shape}, ${ROLE_BADGE[p.role]}: hidden until you answer.`
          : `${p.label}, ${shape}, ${ROLE_BADGE[p.role]}. Arrow keys read its values.`,
      );
    }
    this.current = t;
    if (hidden) {
      if (this.scale.textContent !== '') this.scale.textContent = '';
      this.heatmap.blank(palette);
      if (document.activeElement === this.element && this.selected !== null) this.select(this.selected);
      return;
    }
    if (p.data.key === null || p.data.key !== prev?.data.key || prev.hidden) {
      const m = maxAbs(t.values);
      const scale = t.values.length > 1 && m > 0 ? `±${fmtShort(m, 3)}` : '';
      if (this.scale.textContent !== scale) this.scale.textContent = scale;
    }
    this.heatmap.update(t.values, p.data.key, palette);
    if (this.selected !== null && this.selected >= t.values.length) this.selected = null;
    if (document.activeElement === this.element && this.selected !== null) this.select(this.selected);
  }

  private lines(index: number): string[] {
    const t = this.current;
    if (!t) return [];
    const p = t.payload;
    const where = indexText(p.shape, index);
    if (p.hidden) return [`${p.label}${where} = ? (hidden until you answer)`];
    const out = [`${p.label}${where} = ${String(t.values[index])}`];
    if (t.grad && index < t.grad.length)
      out.push(`∂L/∂${p.name}${where} = ${String(t.grad[index])} (accumulated by this step)`);
    return out;
  }

  private hover(index: number | null, x: number, y: number): void {
    if (index !== null) this.pointed = index;
    if (index === null || !this.current) this.panel.tooltip.hide();
    else this.panel.tooltip.show(this.lines(index), x, y);
  }

  private select(index: number | null): void {
    this.selected = index;
    const box = this.heatmap.select(index);
    if (index === null || !box) this.panel.tooltip.hide();
    else this.panel.tooltip.show(this.lines(index), box.right - 10, box.bottom - 14);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const n = this.heatmap.length;
    const cols = this.heatmap.cols;
    const i = this.selected ?? 0;
    let next: number | null = null;
    switch (e.key) {
      case 'ArrowRight':
        next = Math.min(n - 1, i + 1);
        break;
      case 'ArrowLeft':
        next = Math.max(0, i - 1);
        break;
      case 'ArrowDown':
        next = i + cols < n ? i + cols : i;
        break;
      case 'ArrowUp':
        next = i - cols >= 0 ? i - cols : i;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = n - 1;
        break;
      case 'Escape':
        this.select(null);
        return;
      default:
        return;
    }
    e.preventDefault();
    this.select(next);
  }
}

/** "[2, 3]" for a matrix element, "[3]" for a vector's, "" for a scalar. */
export function indexText(shape: readonly number[], index: number): string {
  if (shape.length >= 2) return `[${Math.floor(index / shape[1])}, ${index % shape[1]}]`;
  return shape[0] === 1 ? '' : `[${index}]`;
}

export class TensorsView {
  readonly element = h('div', 'tensors');
  private readonly sections = new Map<string, { root: HTMLElement; grid: HTMLElement }>();
  private cards = new Map<string, TensorCard>();

  constructor(readonly tooltip: Tooltip) {
    for (const { key, title } of SECTIONS) {
      const root = h('section', `tensor-section section-${key}`);
      const grid = h('div', 'tensor-grid');
      root.append(h('h3', 'section-title', title), grid);
      this.sections.set(key, { root, grid });
      this.element.appendChild(root);
    }
  }

  /** Shows exactly `tensors`, reusing the cards of tensors that stay on screen. */
  update(tensors: readonly ResolvedTensor[], palette: Palette): void {
    const next = new Map<string, TensorCard>();
    const perSection = new Map<string, HTMLElement[]>();
    for (const t of tensors) {
      const key = `${t.payload.id}|${t.payload.shape.join('x')}|${layoutOf(t.payload.shape).cols}`;
      let card = this.cards.get(key);
      if (!card || next.has(key)) card = new TensorCard(key, t.payload.shape, this);
      card.update(t, palette);
      next.set(key, card);
      const section = sectionOf(t.payload);
      const list = perSection.get(section) ?? [];
      list.push(card.element);
      perSection.set(section, list);
    }
    for (const [key, { root, grid }] of this.sections) {
      const list = perSection.get(key) ?? [];
      root.hidden = list.length === 0;
      reconcile(grid, list);
    }
    if (this.cards.size > 0 && [...this.cards.values()].some((c) => !next.has(c.key))) this.tooltip.hide();
    this.cards = next;
  }
}

/** Makes `list` the children of `parent`, moving only the cards that changed place: a card taken
 *  out of the page and put back loses its style and layout, and costs both again at the step. */
function reconcile(parent: HTMLElement, list: readonly HTMLElement[]): void {
  const keep = new Set<Element>(list);
  for (const child of [...parent.children]) if (!keep.has(child)) child.remove();
  list.forEach((card, i) => {
    const at = parent.children[i] ?? null;
    if (at !== card) parent.insertBefore(card, at);
  });
}
