// "RNN: Sample…": the generated text, then each step's distribution — the most probable tokens as
// bars with their probabilities as text, the chosen one highlighted — and the way into the stepper.

import type { SampleView } from '../../src/shared/dynamicsProtocol';
import { fmtShort, h } from '../dom';

/** A token readable in a list: spaces and line breaks made visible. */
export function shownToken(t: string): string {
  return t === ' ' ? '␣' : t.replace(/\n/g, '⏎').replace(/\t/g, '⇥');
}

export function renderSample(
  root: HTMLElement,
  v: SampleView,
  actions: { stepThrough(): void; fileRun(): void },
): void {
  root.append(h('h1', undefined, v.title));
  root.append(
    h(
      'p',
      'meta',
      `from ${JSON.stringify(v.from)} · temperature ${v.temperature} · seed ${v.seed} · ${v.tokens.length} tokens`,
    ),
  );
  root.append(h('pre', 'generated', v.from + v.tokens.join(v.tokens.every((t) => t.length === 1) ? '' : ' ')));
  const bar = h('div', 'toolbar');
  const step = h('button', 'btn', 'Step through in the stepper');
  step.addEventListener('click', actions.stepThrough);
  const back = h('button', 'btn secondary', 'Back to the file’s run');
  back.addEventListener('click', actions.fileRun);
  bar.append(step, back);
  root.append(bar);
  const list = h('ol', 'sample-steps');
  for (const st of v.steps) {
    const li = h('li', 'sample-step');
    li.dataset.t = String(st.t);
    li.append(
      h(
        'p',
        'sample-head',
        `t = ${st.t}: input ${shownToken(st.input)} → chose ${shownToken(st.chosen)} (p = ${fmtShort(st.chosenProbability)})`,
      ),
    );
    const bars = h('div', 'bars');
    for (const e of st.top) {
      const row = h('div', e.token === st.chosen ? 'bar-row chosen' : 'bar-row');
      const fill = h('span', 'bar-fill');
      fill.style.width = `${(100 * e.probability).toFixed(2)}%`;
      const track = h('span', 'bar-track');
      track.append(fill);
      row.append(h('span', 'bar-token', shownToken(e.token)), track, h('span', 'bar-p', fmtShort(e.probability)));
      row.title = `logit ${e.logit}, p ${e.probability}`;
      bars.append(row);
    }
    li.append(bars);
    list.append(li);
  }
  root.append(list);
}
