// The current equation, typeset twice with KaTeX: symbolic, then with the numbers substituted.
// katex.render builds DOM nodes itself (no innerHTML of ours); trust:false refuses \href, \url,
// \includegraphics and friends, and the size limits stop pathological macros. The TeX comes from
// the engine (equations.ts), which puts any model string through \text{} with every special escaped.

import katex from 'katex';
import { h } from './dom';

const KATEX_OPTIONS = {
  trust: false,
  throwOnError: false,
  maxSize: 10,
  maxExpand: 1000,
  output: 'html',
  displayMode: true,
  strict: 'ignore',
} as const;

/** Typeset equations kept per element, by TeX: stepping back and forth re-shows them without
 *  typesetting again (a node is only ever shown in its own element, so no cloning is needed). */
const CACHE_SIZE = 256;

class TypesetCache {
  private readonly nodes = new Map<string, HTMLElement>();

  has(tex: string): boolean {
    return this.nodes.has(tex);
  }

  get(tex: string): HTMLElement {
    let node = this.nodes.get(tex);
    if (node) {
      this.nodes.delete(tex);
    } else {
      node = h('div', 'eq-body');
      if (tex !== '') {
        katex.render(tex, node, KATEX_OPTIONS);
        // KaTeX's html output is visual only; screen readers get the TeX source.
        node.setAttribute('role', 'math');
        node.setAttribute('aria-label', tex);
      }
      if (this.nodes.size >= CACHE_SIZE) this.nodes.delete(this.nodes.keys().next().value as string);
    }
    this.nodes.set(tex, node);
    return node;
  }
}

export class EquationView {
  readonly element = h('div', 'equation');
  readonly symbolic = h('div', 'eq eq-symbolic');
  readonly numeric = h('div', 'eq eq-numeric');
  private readonly symbolicCache = new TypesetCache();
  private readonly numericCache = new TypesetCache();
  private lastSymbolic: string | undefined;
  private lastNumeric: string | undefined;
  private queue: { cache: TypesetCache; tex: string }[] = [];
  private idleScheduled = false;

  constructor() {
    // A wide numeric equation scrolls: the region takes keyboard focus so it can be scrolled
    // without a mouse, and says what it is.
    this.numeric.tabIndex = 0;
    this.numeric.setAttribute('role', 'group');
    this.numeric.setAttribute('aria-label', 'Equation with the numbers substituted');
    this.symbolic.dataset.testid = 'equation-symbolic';
    this.numeric.dataset.testid = 'equation-numeric';
    this.element.append(this.symbolic, this.numeric);
  }

  update(symbolic: string, numeric: string): void {
    if (symbolic !== this.lastSymbolic) {
      this.symbolic.replaceChildren(this.symbolicCache.get(symbolic));
      this.lastSymbolic = symbolic;
    }
    if (numeric !== this.lastNumeric) {
      this.numeric.replaceChildren(this.numericCache.get(numeric));
      this.lastNumeric = numeric;
    }
  }

  /** Typesets equations the person is likely to step to next, while the panel is idle, so that
   *  the step itself only has to insert them. A newer list replaces an unfinished one. */
  prefetch(equations: readonly { readonly symbolic: string; readonly numeric: string }[]): void {
    this.queue = [];
    for (const e of equations) {
      if (!this.symbolicCache.has(e.symbolic)) this.queue.push({ cache: this.symbolicCache, tex: e.symbolic });
      if (!this.numericCache.has(e.numeric)) this.queue.push({ cache: this.numericCache, tex: e.numeric });
    }
    if (this.queue.length === 0 || this.idleScheduled) return;
    this.idleScheduled = true;
    const work = (deadline?: IdleDeadline): void => {
      this.idleScheduled = false;
      do {
        const next = this.queue.shift();
        if (!next) return;
        next.cache.get(next.tex);
      } while (deadline && deadline.timeRemaining() > 6);
      if (this.queue.length > 0) {
        this.idleScheduled = true;
        schedule(work);
      }
    };
    schedule(work);
  }

  /** The numeric equation as text (what the 'rendered' report carries for assertions). */
  get numericText(): string {
    return this.numeric.textContent ?? '';
  }
}

function schedule(work: (deadline?: IdleDeadline) => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 500 });
  else setTimeout(() => work(), 30);
}
