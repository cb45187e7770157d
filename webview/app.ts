// The panel: lays out its parts once and routes each host message to them. Renders only from
// protocol messages; keeps no model state beyond what the last messages said.

import {
  assertNever,
  type HostMessage,
  type ProblemInfo,
  type RenderedMessage,
  type RunMessage,
  type StepMessage,
} from '../src/shared/protocol';
import { StaleBanner } from './banner';
import { fmtShort, h } from './dom';
import { EquationView } from './equation';
import { GradChart } from './gradChart';
import { NonFiniteBanner } from './nonFiniteBanner';
import { readPalette, type Palette } from './palette';
import { readState, TensorStore, type PanelState, type VsCodeApi } from './state';
import { TensorsView, type ResolvedTensor } from './tensors';
import { Timeline } from './timeline';
import { phaseAt, phaseSpan } from '../src/engine/trace/phases';
import { PlayControl } from './playControl';
import { PracticeView } from './practice';
import { Tooltip } from './tooltip';
import { TrainingChart } from './trainingChart';
import { UnrolledView } from './unrolled';
import { FlowSection } from './flowSection';
import { RecordedBanner } from './recordedBanner';
import { TrainingStats } from './trainingStats';
import { LatestPerFrame } from './latestPerFrame';
import { card, unrolledLegend } from './panelCards';
import { PaintReport, reportShown } from './paintReport';

/** The User Timing measure each drawn step leaves (the equation's share: equation.ts RENDER_MEASURE). */
export const STEP_MEASURE = 'rnn-step-render';

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export class PanelApp {
  private readonly modelName = h('span', 'model-name');
  private readonly modelMeta = h('span', 'model-meta');
  private readonly phaseBadge = h('span', 'phase-badge');
  private readonly title = h('h1', 'step-title');
  private readonly position = h('span', 'step-pos');
  private readonly lossText = h('span', 'loss-value');
  /** "running… 42%" while the edited text runs (off the editor's thread); the run shown is the previous one. */
  private readonly runningNote = h('span', 'running-note');
  private readonly banner = new StaleBanner();
  private readonly nonFiniteBanner: NonFiniteBanner;
  private readonly emptyNote = h('div', 'empty-note');
  private readonly body = h('main', 'panel-grid');
  private readonly timeline: Timeline;
  private readonly equation = new EquationView();
  private readonly unrolled = new UnrolledView();
  private readonly gradChart = new GradChart();
  private readonly training = new TrainingChart();
  private readonly trainingStats: TrainingStats;
  private readonly flow: FlowSection;
  private readonly recorded: RecordedBanner;
  private readonly tooltip: Tooltip;
  private readonly tensors: TensorsView;
  private readonly play: PlayControl;
  private readonly practice: PracticeView;
  private readonly store = new TensorStore();
  private readonly paints: PaintReport;
  private readonly frame = new LatestPerFrame((s: { msg: StepMessage; resolved: ResolvedTensor[] }) =>
    this.showStep(s),
  );
  private palette: Palette;
  private run: RunMessage | undefined;
  private step: StepMessage | undefined;
  private resolved: ResolvedTensor[] = [];
  private norms: readonly (number | null)[] = [];
  private stale = false;
  private uri = '';
  private restoredScroll: number | undefined;
  /** Kept from scroll events: reading window.scrollY while rendering would force a layout. */
  private scrollY = 0;

  constructor(
    root: HTMLElement,
    private readonly api: VsCodeApi,
    options: { readonly reportPaints: boolean },
  ) {
    const saved: PanelState | undefined = readState(api.getState());
    this.uri = saved?.uri ?? '';
    this.restoredScroll = saved?.scrollY;
    this.palette = readPalette();
    this.paints = new PaintReport(
      options.reportPaints,
      (m) => this.api.postMessage(m),
      () => this.snapshot(),
      (done) => this.equation.whenAccessible(done),
    );
    this.tooltip = new Tooltip(document.body);
    this.tensors = new TensorsView(this.tooltip);
    this.timeline = new Timeline((i) => {
      if (this.run) this.api.postMessage({ type: 'setCursor', runId: this.run.runId, stepIndex: i });
    });
    this.play = new PlayControl((m) => this.api.postMessage(m));
    this.practice = new PracticeView((m) => this.api.postMessage(m));
    this.nonFiniteBanner = new NonFiniteBanner(() => {
      if (this.run) this.api.postMessage({ type: 'goToNonFinite', runId: this.run.runId });
    });
    this.trainingStats = new TrainingStats((iteration) =>
      this.api.postMessage({ type: 'stepIntoIteration', iteration }),
    );
    this.training.element.append(this.trainingStats.element);
    this.recorded = new RecordedBanner(() => this.api.postMessage({ type: 'backToFile' }));
    this.flow = new FlowSection(
      this.palette,
      (runId) => this.api.postMessage({ type: 'requestDynamics', runId }),
      (d) => this.unrolled.connectivity.set(d?.connectivity ?? null, d?.T ?? 0),
    );
    this.title.dataset.testid = 'step-title';
    this.position.dataset.testid = 'step-pos';
    this.title.setAttribute('aria-live', 'polite');

    const header = h('header', 'panel-header');
    const line1 = h('div', 'header-line');
    this.runningNote.dataset.testid = 'running-note';
    this.runningNote.setAttribute('role', 'status');
    this.runningNote.title = 'The edited model is running; the numbers shown are the previous run’s until it ends';
    this.runningNote.hidden = true;
    line1.append(this.modelName, this.modelMeta, this.runningNote, this.lossText, this.play.element);
    const line2 = h('div', 'header-line');
    line2.append(this.phaseBadge, this.title, this.position);
    header.append(
      line1,
      this.practice.header,
      line2,
      this.recorded.element,
      this.banner.element,
      this.nonFiniteBanner.element,
      this.timeline.element,
    );

    const netScroll = h('div', 'scroll-x');
    netScroll.appendChild(this.unrolled.element);
    const legend = unrolledLegend();
    const eqCard = card('eq-card', 'Equation', this.equation.element);
    this.play.forReaders(
      this.title,
      eqCard,
      () => `${this.title.textContent ?? ''}, ${this.position.textContent ?? ''}`,
    );
    const netCard = card('net-card', 'Unrolled network', legend, netScroll, this.unrolled.connectivity.readout);
    const gradCard = card(
      'grad-card',
      'Gradient norm ‖∂L/∂hₜ‖ by timestep',
      this.gradChart.element,
      this.gradChart.readout,
    );
    const tensorCard = card('tensors-card', 'Tensors at this step', this.tensors.element);
    this.body.append(
      this.practice.element,
      eqCard,
      netCard,
      gradCard,
      this.training.element,
      this.flow.element,
      tensorCard,
    );
    this.emptyNote.hidden = true;
    root.append(header, this.emptyNote, this.body);

    new ResizeObserver(() => {
      this.timeline.fitLabels(this.timeline.element.clientWidth);
      this.unrolled.resize(netCard.clientWidth - 24);
      this.gradChart.resize(gradCard.clientWidth - 24);
      this.training.resize(this.training.element.clientWidth - 24);
      this.trainingStats.resize(this.training.element.clientWidth - 24);
      this.flow.resize(this.flow.element.clientWidth - 24);
    }).observe(this.body);
    // VS Code swaps the body's theme class: rebuild the palette and repaint the heatmaps.
    new MutationObserver(() => {
      this.palette = readPalette();
      this.tensors.update(this.resolved, this.palette);
      this.flow.setPalette(this.palette);
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    let scrollTimer: ReturnType<typeof setTimeout> | undefined;
    window.addEventListener('scroll', () => {
      this.scrollY = window.scrollY;
      if (scrollTimer) clearTimeout(scrollTimer);
      scrollTimer = setTimeout(() => this.saveState(), 200);
    });
  }

  handle(msg: HostMessage): void {
    switch (msg.type) {
      case 'run':
        return this.onRun(msg);
      case 'step':
        return this.onStep(msg);
      case 'nonFinite': {
        if (!this.run || msg.runId !== this.run.runId) return;
        this.nonFiniteBanner.show(msg.nonFinite);
        const mark = this.nonFiniteBanner.mark;
        this.timeline.setMark(mark?.step ?? null, mark?.label ?? '');
        if (this.step) this.showCursor(this.step);
        return;
      }
      case 'prefetch':
        if (this.run && msg.runId === this.run.runId) this.equation.prefetch(msg.equations);
        return;
      case 'problems':
        this.stale = msg.stale;
        this.showStale(msg.problems);
        this.paints.now();
        return;
      case 'empty':
        this.run = undefined;
        this.step = undefined;
        this.frame.cancel();
        this.nonFiniteBanner.show(null);
        this.uri = msg.uri;
        this.body.hidden = true;
        this.timeline.element.hidden = true;
        this.emptyNote.hidden = false;
        this.emptyNote.textContent = msg.message;
        this.practice.update(undefined, -1, -1);
        this.banner.show('The file has errors; there is no run to show yet:', msg.problems);
        return;
      case 'training':
        this.trainingStats.update(msg);
        return this.training.update(msg);
      case 'dynamics':
        return this.flow.update(msg);
      case 'reveal':
        return this.training.reveal();
      case 'playState':
        this.equation.setPlaying(msg.playing);
        return this.play.show(msg);
      case 'running':
        this.runningNote.hidden = msg.progress === null;
        setText(this.runningNote, msg.progress === null ? '' : `running… ${Math.floor(100 * msg.progress)}%`);
        return;
      default:
        return assertNever(msg);
    }
  }

  private onRun(msg: RunMessage): void {
    this.runningNote.hidden = true;
    this.run = msg;
    this.uri = msg.uri;
    this.step = undefined;
    this.frame.cancel();
    this.store.clear();
    this.stale = msg.stale;
    // A new run has no record until the host's 'nonFinite' (sent only when it has one).
    this.nonFiniteBanner.show(null);
    this.body.hidden = false;
    this.timeline.element.hidden = false;
    this.emptyNote.hidden = true;
    const m = msg.model;
    this.modelName.textContent = m.name;
    const act = m.cell === 'rnn' ? ` · ${m.activation}` : '';
    this.modelMeta.textContent = `${m.cell.toUpperCase()}${act} · I=${m.inputSize} · H=${m.hiddenSize} · O=${m.outputSize} · T=${m.steps}`;
    this.timeline.setRun(msg.timeline, m.steps);
    this.unrolled.setRun(m);
    this.norms = new Array(m.steps + 1).fill(null);
    this.recorded.show(msg.recorded);
    this.flow.setRun(msg.runId);
    this.showStale(msg.problems);
  }

  private onStep(msg: StepMessage): void {
    const run = this.run;
    if (!run || msg.runId !== run.runId) return;
    const resolved: ResolvedTensor[] = [];
    for (const p of msg.tensors) {
      if (p.hidden) {
        // Practice mode: no numbers were sent, and none are looked up.
        resolved.push({ payload: p, values: new Float64Array(0), grad: null });
        continue;
      }
      const values = this.store.resolve(p.data);
      const grad = p.grad ? this.store.resolve(p.grad) : null;
      if (!values || grad === undefined) {
        // Out of step with the host's cache mirror: ask for everything again.
        this.store.clear();
        this.api.postMessage({ type: 'resync' });
        return;
      }
      resolved.push({ payload: p, values, grad });
    }
    // Every message's numbers go into the store and its norms are kept (a later message carries
    // only what changed), but only the newest step of a burst is drawn, at the next frame.
    if (msg.gradNorms) this.norms = msg.gradNorms;
    this.frame.push({ msg, resolved });
  }

  private showStep({ msg, resolved }: { msg: StepMessage; resolved: ResolvedTensor[] }): void {
    const run = this.run;
    if (!run || msg.runId !== run.runId) return;
    const start = performance.now();
    this.step = msg;
    this.resolved = resolved;
    this.stale = msg.stale;
    const st = msg.step;

    setText(this.phaseBadge, phaseAt(st.phase, st.t));
    const badgeClass = `phase-badge phase-${st.phase}`;
    if (this.phaseBadge.className !== badgeClass) this.phaseBadge.className = badgeClass;
    setText(this.title, st.title);
    const eq = st.groupSize > 1 ? ` · equation ${st.groupPos + 1} of ${st.groupSize}` : '';
    setText(this.position, `step ${st.index + 1} of ${run.timeline.stepCount}${eq}`);
    setText(this.lossText, msg.loss === null ? '' : `L = ${fmtShort(msg.loss, 6)}`);
    this.showCursor(msg);
    this.unrolled.update(
      st,
      this.norms,
      msg.tensors.some((p) => p.hidden),
    );
    this.gradChart.update(this.norms, st.phase === 'backward' ? st.t : null);
    this.tensors.update(resolved, this.palette);
    this.equation.update(msg.equation);
    if (msg.practice) this.equation.dropStaged();
    this.practice.update(msg.practice, st.index, run.runId);
    this.showStale(undefined);
    this.saveState();
    if (this.restoredScroll !== undefined) {
      window.scrollTo(0, this.restoredScroll);
      this.restoredScroll = undefined;
    }
    // Its cost, for the benchmark and DevTools' timeline: one entry, replaced at every step.
    performance.clearMeasures(STEP_MEASURE);
    performance.measure(STEP_MEASURE, { start });
    this.paints.afterPaint(st.index);
    // Play's next step waits for this report; playing, the panel first prepares that step's
    // equation (sent with this one), so that it is drawn as fast as a prepared Step Forward.
    this.play.stepDrawn();
    const next = msg.next;
    reportShown((m) => this.api.postMessage(m), run.runId, st.index, next && (() => this.equation.prepareNow(next)));
  }

  /** The timeline's thumb at the step, its spoken value saying so when it is the non-finite one. */
  private showCursor(msg: StepMessage): void {
    const run = this.run;
    if (!run) return;
    const st = msg.step;
    const here = this.nonFiniteBanner.cursorNote(st.index);
    this.timeline.setCursor(
      st.index,
      `step ${st.index + 1} of ${run.timeline.stepCount}: ${phaseSpan(st.phase, run.model.steps)}, ${st.title}${here}`,
    );
  }

  private showStale(problems: readonly ProblemInfo[] | undefined): void {
    document.body.classList.toggle('is-stale', this.stale);
    if (problems === undefined) {
      if (!this.stale) this.banner.show(null, []);
      return;
    }
    this.banner.show(this.stale ? 'Showing the last good run — the file now has errors:' : null, problems);
  }

  private saveState(): void {
    const st = this.step?.step;
    this.api.setState({ uri: this.uri, stepIndex: st?.index ?? 0, stepId: st?.id ?? '', scrollY: this.scrollY });
  }

  /** What the panel shows now, for the tests in the extension host (test mode only). */
  private snapshot(): RenderedMessage | undefined {
    const st = this.step?.step;
    if (!st) return undefined;
    return {
      type: 'rendered',
      stepIndex: st.index,
      stepId: st.id,
      title: this.title.textContent ?? '',
      equationText: this.equation.numericText,
      stale: this.stale,
      ...(this.step?.practice ? { practice: this.step.practice.summary } : {}),
    };
  }
}
