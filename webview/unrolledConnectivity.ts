// Connectivity on the unrolled network (unrolled.ts), as in Distill's "Memorization in RNNs":
// pointing at an output yₜ lights the inputs xₖ it depends on, each as strongly as ‖∂yₜ/∂xₖ‖_F is
// large relative to the strongest of them (engine/dynamics/connectivity.ts). Live: the matrix
// comes with the dynamics of the run shown (flowSection.ts) and follows every new run.

import { fmtShort, h } from './dom';
import { subscript } from '../src/engine/trace/subscript';
import type { Column } from './unrolledSkeleton';

export class ConnectivityHighlight {
  /** What the pointed output depends on, in words (placed under the diagram by the panel). */
  readonly readout = h('div', 'chart-readout conn-readout');
  private values: Float64Array | null = null;
  private T = 0;
  private columns: readonly Column[] = [];
  private lit: number | null = null;

  constructor() {
    this.readout.dataset.testid = 'connectivity-readout';
  }

  /** The connectivity of the run shown (T × T, (t, k) at (t−1)·T + k−1), or null when there is none. */
  set(values: Float64Array | null, T: number): void {
    this.values = values;
    this.T = T;
    const t = this.lit;
    this.clear();
    if (t !== null) this.light(t);
    else this.readout.textContent = values ? 'point at an output yₜ for the inputs it depends on' : '';
  }

  /** The diagram was rebuilt (a new window of timesteps): hook its outputs. */
  attach(columns: readonly Column[]): void {
    this.columns = columns;
    for (const c of columns) {
      c.y.addEventListener('pointerenter', () => this.light(c.t));
      c.y.addEventListener('pointerleave', () => this.light(null));
    }
    if (this.lit !== null) this.light(this.lit);
  }

  private clear(): void {
    for (const c of this.columns) {
      c.x.classList.remove('conn');
      c.y.classList.remove('conn-source');
      delete c.x.dataset.conn;
      const rect = c.x.querySelector('rect');
      if (rect) rect.style.fillOpacity = '';
    }
  }

  /** Lights the inputs output `t` depends on (null: none). */
  private light(t: number | null): void {
    this.clear();
    this.lit = t;
    const v = this.values;
    if (t === null || !v || t > this.T) {
      this.readout.textContent = v ? 'point at an output yₜ for the inputs it depends on' : '';
      return;
    }
    const T = this.T;
    let strongest = 1;
    let max = 0;
    for (let k = 1; k <= t; k++) {
      const x = v[(t - 1) * T + (k - 1)];
      if (x > max) {
        max = x;
        strongest = k;
      }
    }
    for (const c of this.columns) {
      if (c.t === t) c.y.classList.add('conn-source');
      if (c.t > t) continue;
      const x = v[(t - 1) * T + (c.t - 1)];
      c.x.classList.add('conn');
      c.x.dataset.conn = String(x);
      const rect = c.x.querySelector('rect');
      if (rect) rect.style.fillOpacity = String(max > 0 && Number.isFinite(x) ? 0.08 + 0.92 * (x / max) : 0);
    }
    const first = v[(t - 1) * T];
    this.readout.textContent =
      max > 0
        ? `y${subscript(t)} depends most on x${subscript(strongest)} (‖∂y${subscript(t)}/∂x${subscript(strongest)}‖ = ${fmtShort(max, 4)}); on x₁ ${fmtShort(first / max, 2)} times as much`
        : `y${subscript(t)} does not depend on any input`;
  }
}
