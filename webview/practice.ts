// Practice mode in the panel: the progress line with Reset progress and Leave practice (in the
// header), and a card with one answer box per value the step asks — a number, a vector `0.46,
// -0.2` or a matrix with rows separated by `;` — checked by the host when Enter is pressed (the
// exact value never reaches the page before the answer is right or the last hint shows it). Under
// each box, a status line (role="status", so a screen reader announces the verdict) and the hint
// ladder, one rung at a time. Everything comes from the step message's PracticeInfo; the page
// judges nothing itself. The answer box takes the focus on each new step.

import katex from 'katex';
import type { HintPayload, PracticeInfo, PracticeQuestionInfo, WebviewMessage } from '../src/shared/protocol';
import { h } from './dom';
import { KATEX_OPTIONS } from './typesetCache';

/** "Correct: h₁ = 0.46…" → a bold "Correct" and the rest, as text. */
function verdictNodes(message: string): Node[] {
  const colon = message.indexOf(':');
  if (colon < 0) return [document.createTextNode(message)];
  return [h('strong', 'verdict-lead', message.slice(0, colon)), document.createTextNode(message.slice(colon))];
}

class QuestionBox {
  readonly element = h('div', 'practice-question');
  readonly input = h('input', 'practice-input');
  private readonly label = h('label', 'practice-label');
  private readonly check = h('button', 'practice-check', 'Check');
  private readonly hintButton = h('button', 'practice-hint-button');
  private readonly status = h('div', 'practice-status');
  private readonly hints = h('ol', 'practice-hints');
  private shownHints = '';
  private shownVerdict: string | null = null;

  constructor(
    readonly info: PracticeQuestionInfo,
    id: string,
    private readonly post: (m: WebviewMessage) => void,
    private readonly runId: number,
  ) {
    this.input.id = id;
    this.input.type = 'text';
    this.input.spellcheck = false;
    this.input.autocomplete = 'off';
    this.input.dataset.testid = 'practice-input';
    this.input.setAttribute('aria-label', `Your answer for ${info.label} (${info.shape})`);
    this.input.value = info.answer ?? '';
    this.label.htmlFor = id;
    this.label.textContent = `${info.label} =`;
    this.check.type = 'button';
    this.check.dataset.testid = 'practice-check';
    this.check.setAttribute('aria-label', `Check your answer for ${info.label}`);
    this.hintButton.type = 'button';
    this.hintButton.dataset.testid = 'practice-hint';
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.status.dataset.testid = 'practice-status';
    this.hints.dataset.testid = 'practice-hints';
    const row = h('div', 'practice-row');
    row.append(this.label, this.input, this.check, this.hintButton);
    this.element.append(row, h('div', 'practice-shape', `${info.shape}`), this.status, this.hints);
    this.input.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.isComposing) return;
      e.preventDefault();
      this.submit();
    });
    this.check.addEventListener('click', () => this.submit());
    this.hintButton.addEventListener('click', () =>
      this.post({ type: 'practiceHint', runId: this.runId, key: this.info.key }),
    );
    this.update(info);
  }

  private submit(): void {
    const text = this.input.value;
    if (text.trim() === '') {
      this.showStatus(`Type ${this.info.label} first: ${this.info.shape}.`, 'empty');
      return;
    }
    this.post({ type: 'practiceAnswer', runId: this.runId, key: this.info.key, text });
  }

  update(info: PracticeQuestionInfo): void {
    this.element.dataset.status = info.revealed && info.status !== 'correct' ? 'revealed' : info.status;
    this.hintButton.hidden = !info.moreHints;
    const next = info.hints.length + 1;
    this.hintButton.textContent = next === 3 ? 'Show the answer' : `Hint ${next} of 3`;
    this.hintButton.setAttribute(
      'aria-label',
      next === 3 ? `Show the answer for ${info.label}` : `Hint ${next} of 3 for ${info.label}`,
    );
    if (info.verdict !== this.shownVerdict) {
      this.shownVerdict = info.verdict;
      this.showStatus(info.verdict ?? '', info.status);
    }
    const hintsKey = info.hints.map((x) => x.level).join(',');
    if (hintsKey !== this.shownHints) {
      this.shownHints = hintsKey;
      this.hints.replaceChildren(...info.hints.map(hintItem));
    }
  }

  private showStatus(message: string, kind: string): void {
    this.status.dataset.kind = kind;
    this.status.replaceChildren(...verdictNodes(message));
  }
}

function hintItem(hint: HintPayload): HTMLElement {
  const li = h('li', `practice-hint hint-${hint.level}`);
  const math = h('div', 'practice-hint-math');
  katex.render(`\\displaystyle ${hint.tex}`, math, KATEX_OPTIONS);
  li.append(h('strong', 'practice-hint-title', `${hint.title}: `), h('span', 'practice-hint-text', hint.text), math);
  return li;
}

export class PracticeView {
  /** The header's progress line. */
  readonly header = h('div', 'header-line practice-line');
  /** The card with the step's questions. */
  readonly element = h('section', 'card practice-card');
  private readonly summary = h('span', 'practice-summary');
  private readonly intro = h('p', 'practice-intro');
  private readonly list = h('div', 'practice-questions');
  private readonly previous = h('button', 'practice-nav', '← Previous question');
  private readonly next = h('button', 'practice-nav', 'Next question →');
  private boxes: QuestionBox[] = [];
  private shownStep = -1;
  private info: PracticeInfo | undefined;
  private runId = -1;

  constructor(private readonly post: (m: WebviewMessage) => void) {
    const reset = h('button', 'practice-control', 'Reset progress');
    const exit = h('button', 'practice-control', 'Leave practice');
    for (const b of [reset, exit, this.previous, this.next]) b.type = 'button';
    reset.dataset.testid = 'practice-reset';
    exit.dataset.testid = 'practice-exit';
    this.summary.dataset.testid = 'practice-summary';
    reset.addEventListener('click', () => this.post({ type: 'practiceControl', action: 'reset' }));
    exit.addEventListener('click', () => this.post({ type: 'practiceControl', action: 'exit' }));
    this.header.append(h('span', 'practice-badge', 'Practice'), this.summary, reset, exit);
    this.element.setAttribute('role', 'region');
    this.element.setAttribute('aria-label', 'Practice: your answer');
    this.element.dataset.testid = 'practice-card';
    const nav = h('div', 'practice-navs');
    nav.append(this.previous, this.next);
    this.previous.addEventListener('click', () => this.go(this.info?.previous ?? null));
    this.next.addEventListener('click', () => this.go(this.info?.next ?? null));
    this.element.append(h('h2', 'card-title', 'Your answer'), this.intro, this.list, nav);
    this.header.hidden = true;
    this.element.hidden = true;
  }

  private go(index: number | null): void {
    if (index !== null) this.post({ type: 'setCursor', runId: this.runId, stepIndex: index });
  }

  get summaryText(): string | undefined {
    return this.info?.summary;
  }

  /** Shows the step's practice part (or hides it all: not in practice mode). */
  update(info: PracticeInfo | undefined, stepIndex: number, runId: number): void {
    this.info = info;
    this.header.hidden = info === undefined;
    this.element.hidden = info === undefined;
    if (!info) {
      this.shownStep = -1;
      this.boxes = [];
      this.list.replaceChildren();
      return;
    }
    this.summary.textContent = info.summary;
    this.previous.disabled = info.previous === null;
    this.next.disabled = info.next === null;
    this.intro.textContent =
      info.questions.length === 0
        ? 'This step asks nothing: its numbers are shown. Go on to the next question.'
        : `Compute ${info.questions.map((q) => q.label).join(' and ')} by hand and press Enter. ` +
          `Type a vector as 0.46, -0.2 and a matrix with its rows separated by ; — right to ${info.tolerance}.`;
    const sameStep =
      stepIndex === this.shownStep &&
      runId === this.runId &&
      this.boxes.length === info.questions.length &&
      this.boxes.every((b, i) => b.info.key === info.questions[i].key);
    this.runId = runId;
    if (sameStep) {
      info.questions.forEach((q, i) => this.boxes[i].update(q));
      return;
    }
    this.shownStep = stepIndex;
    this.boxes = info.questions.map((q, i) => new QuestionBox(q, `practice-answer-${i}`, this.post, runId));
    this.list.replaceChildren(...this.boxes.map((b) => b.element));
    // A new step: the first box not yet answered right has the focus (keyboard-only practice).
    const first = this.boxes.find((b) => b.info.status !== 'correct') ?? this.boxes[0];
    if (first) first.input.focus({ preventScroll: false });
  }
}
