// "Why it learns, why it doesn't": the dynamics of the run shown (engine/dynamics/dynamics.ts, the
// numbers and sentences of `rnn-step dynamics`). Collapsed at first: opening it asks the host,
// which computes them off its thread (trainingWorker.ts) and keeps them current while it stays
// open. Gradient flow over time as a heatmap (flowHeatmap.ts); connectivity drawn on the unrolled
// network (hover an output yₜ: unrolled.ts); spectral radius of each recurrent matrix; for an LSTM
// or GRU the saturation of each gate; one plain sentence per measure.

import type { DynamicsMessage, DynamicsPayload } from '../src/shared/protocol';
import { fmtShort, h } from './dom';
import { FlowHeatmap } from './flowHeatmap';
import type { Palette } from './palette';
import { toFloat64 } from './state';

/** A share as the panel shows it: 62.5%, 0.4%, 0%. */
function percent(x: number): string {
  return x === 0 ? '0%' : `${Number((100 * x).toPrecision(3))}%`;
}

export class FlowSection {
  readonly element = h('section', 'card flow-card');
  private readonly details = h('details', 'flow-details');
  private readonly status = h('p', 'flow-status');
  private readonly flowSentence = h('p', 'sentence flow-sentence');
  private readonly heatmap = new FlowHeatmap();
  private readonly connSentence = h('p', 'sentence conn-sentence');
  private readonly spectra = h('table', 'dyn-table spectra-table');
  private readonly spectralSentence = h('p', 'sentence spectral-sentence');
  private readonly saturation = h('table', 'dyn-table saturation-table');
  private readonly saturationSentence = h('p', 'sentence saturation-sentence');
  private readonly body = h('div', 'flow-body');
  private runId: number | undefined;
  private palette: Palette;
  /** The dynamics of the run shown, for the unrolled network's connectivity. */
  data: DynamicsPayload | null = null;

  constructor(
    palette: Palette,
    private readonly request: (runId: number) => void,
    private readonly onData: (d: DynamicsPayload | null) => void,
  ) {
    this.palette = palette;
    this.element.dataset.testid = 'flow-section';
    this.element.setAttribute('role', 'region');
    this.element.setAttribute('aria-label', 'Why it learns: gradient flow over time');
    const summary = h('summary', 'card-title', 'Why it learns — gradient flow over time');
    summary.dataset.testid = 'flow-toggle';
    this.status.dataset.testid = 'flow-status';
    this.flowSentence.dataset.testid = 'flow-sentence';
    this.connSentence.dataset.testid = 'connectivity-sentence';
    this.spectra.dataset.testid = 'spectra';
    this.spectralSentence.dataset.testid = 'spectral-sentence';
    this.saturation.dataset.testid = 'saturation';
    this.saturationSentence.dataset.testid = 'saturation-sentence';
    const scroll = h('div', 'scroll-x');
    scroll.append(this.heatmap.element);
    this.body.append(
      h('h3', 'sub-title', 'Gradient flow ‖∂ℓₜ/∂hₖ‖₂: how much the loss at step t depends on the state at step k'),
      this.flowSentence,
      scroll,
      this.heatmap.readout,
      h('h3', 'sub-title', 'Connectivity ‖∂yₜ/∂xₖ‖_F'),
      this.connSentence,
      h('p', 'hint', 'Point at an output yₜ in the unrolled network: the inputs it depends on light up, by strength.'),
      h('h3', 'sub-title', 'Spectral radius of the recurrent matrices'),
      this.spectra,
      this.spectralSentence,
      this.saturation,
      this.saturationSentence,
    );
    this.body.hidden = true;
    this.details.append(summary, this.status, this.body);
    this.element.append(this.details);
    this.details.addEventListener('toggle', () => {
      if (this.details.open && this.runId !== undefined && this.data === null) this.request(this.runId);
    });
  }

  /** Whether the section is open (then the host keeps it current). */
  get open(): boolean {
    return this.details.open;
  }

  /** A new run: what was shown belongs to the old one. */
  setRun(runId: number): void {
    this.runId = runId;
    this.clear('');
    if (this.details.open) this.request(runId);
  }

  resize(width: number): void {
    this.heatmap.resize(width);
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.heatmap.setPalette(p);
  }

  update(m: DynamicsMessage): void {
    if (m.runId !== this.runId) return;
    switch (m.state) {
      case 'computing':
        this.status.textContent = 'computing the gradient flow, connectivity, spectra and saturation…';
        return;
      case 'refused':
      case 'failed':
        this.clear(`${m.state === 'refused' ? 'Not analysed' : 'The analysis failed'}: ${m.reason ?? ''}`);
        return;
      case 'ready':
        if (m.data) this.show(m.data);
        if (m.partial) {
          this.connSentence.textContent = 'Computing the connectivity (it costs about min(O, H) times the flow)…';
          this.status.textContent = 'computing the connectivity…';
        }
        return;
      default: {
        const never: never = m.state;
        throw new Error(`unknown state ${String(never)}`);
      }
    }
  }

  private clear(status: string): void {
    this.data = null;
    this.onData(null);
    this.body.hidden = true;
    this.status.textContent = status;
  }

  private show(raw: DynamicsPayload): void {
    // Typed arrays arrive as typed arrays from VS Code; as plain arrays over other transports.
    const d: DynamicsPayload = {
      ...raw,
      flow: toFloat64(raw.flow),
      connectivity: raw.connectivity === null ? null : toFloat64(raw.connectivity),
    };
    this.data = d;
    this.status.textContent = '';
    this.body.hidden = false;
    this.flowSentence.textContent = d.sentences.flow;
    this.heatmap.show(d.T, d.flow, d.flowRows, this.palette);
    this.connSentence.textContent = d.sentences.connectivity;
    this.spectra.replaceChildren(
      row('th', ['matrix', 'spectral radius ρ', 'largest singular value ‖·‖₂']),
      ...d.spectra.map((sp) => row('td', [sp.name, fmtShort(sp.radius, 4), fmtShort(sp.norm, 4)])),
    );
    this.spectralSentence.textContent = d.sentences.spectralRadius;
    this.saturation.hidden = d.saturation.length === 0;
    this.saturation.replaceChildren(
      row('th', ['gate', 'saturated', 'low side', 'high side']),
      ...d.saturation.map((g) => row('td', [g.gate, percent(g.fraction), percent(g.low), percent(g.high)])),
    );
    this.saturationSentence.textContent = d.sentences.saturation;
    this.onData(d);
  }
}

function row(cell: 'th' | 'td', texts: readonly string[]): HTMLTableRowElement {
  const tr = h('tr');
  for (const t of texts) tr.append(h(cell, undefined, t));
  return tr;
}
