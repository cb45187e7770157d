// "What if…": the change, a form for another one, and every tensor that changed as a diff heatmap
// (colour = after − before on a symmetric scale, the changed cells outlined). Small tensors show
// each cell's numbers as text ("before → after"); large ones a canvas and their largest changes.

import type { DiffTensorView, WhatIfRequest, WhatIfView } from '../../src/shared/dynamicsProtocol';
import { fmtShort, h } from '../dom';
import { cssColor, cssTextColor, packedColor, type Palette } from '../palette';

/** Tensors with at most this many elements show their numbers in the cells. */
export const TEXT_CELLS = 144;

function shapeOf(d: DiffTensorView): { rows: number; cols: number } {
  return d.shape.length === 2 ? { rows: d.shape[0], cols: d.shape[1] } : { rows: 1, cols: d.shape[0] ?? 1 };
}

function indexText(d: DiffTensorView, k: number): string {
  const { cols } = shapeOf(d);
  return d.shape.length === 2 ? `[${Math.floor(k / cols)}][${k % cols}]` : d.shape[0] === 1 ? '' : `[${k}]`;
}

function textGrid(d: DiffTensorView, p: Palette): HTMLElement {
  const { rows, cols } = shapeOf(d);
  const table = h('table', 'diff-grid');
  for (let r = 0; r < rows; r++) {
    const tr = h('tr');
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      const a = d.before[k],
        b = d.after[k];
      const same = Object.is(a, b);
      const td = h('td', same ? 'same' : 'changed', same ? fmtShort(a) : `${fmtShort(a)} → ${fmtShort(b)}`);
      td.title = `${d.label}${indexText(d, k)}: ${a} → ${b}`;
      if (!same) {
        const diff = Number.isFinite(b - a) ? b - a : 0;
        td.style.background = cssColor(p, diff, d.maxAbsDiff || 1);
        td.style.color = cssTextColor(p, diff, d.maxAbsDiff || 1);
      }
      tr.append(td);
    }
    table.append(tr);
  }
  return table;
}

function canvasGrid(d: DiffTensorView, p: Palette): HTMLElement {
  const { rows, cols } = shapeOf(d);
  const box = h('div', 'diff-large');
  const canvas = h('canvas', 'diff-canvas');
  canvas.width = cols;
  canvas.height = rows;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${d.label}: after − before`);
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const img = ctx.createImageData(cols, rows);
    const px = new Uint32Array(img.data.buffer);
    for (let k = 0; k < rows * cols; k++) {
      const diff = d.after[k] - d.before[k];
      px[k] = packedColor(p, Number.isFinite(diff) ? diff : d.maxAbsDiff, d.maxAbsDiff || 1);
    }
    ctx.putImageData(img, 0, 0);
  }
  const order = Array.from(d.before.keys())
    .filter((k) => !Object.is(d.before[k], d.after[k]))
    .sort((x, y) => Math.abs(d.after[y] - d.before[y]) - Math.abs(d.after[x] - d.before[x]) || x - y)
    .slice(0, 5);
  const list = h('ul', 'largest');
  for (const k of order)
    list.append(
      h('li', undefined, `${d.id}${indexText(d, k)}: ${fmtShort(d.before[k], 6)} → ${fmtShort(d.after[k], 6)}`),
    );
  box.append(canvas, h('p', 'note', 'Largest changes:'), list);
  return box;
}

function form(v: WhatIfView, post: (change: WhatIfRequest) => void): HTMLElement {
  const f = h('div', 'whatif-form');
  const kind = h('select', 'whatif-kind');
  kind.setAttribute('aria-label', 'What to change');
  for (const [value, text] of [
    ['weight', 'a weight'],
    ['learningRate', 'the learning rate'],
    ['clipNorm', 'clipNorm'],
  ] as const) {
    const o = h('option', undefined, text);
    o.value = value;
    kind.append(o);
  }
  const param = h('select', 'whatif-param');
  param.setAttribute('aria-label', 'Parameter');
  for (const q of v.params) {
    const o = h('option', undefined, `${q.name} (${q.shape.join('×')})`);
    o.value = q.name;
    param.append(o);
  }
  const num = (label: string, cls: string, value: string) => {
    const i = h('input', cls);
    i.type = 'text';
    i.value = value;
    i.setAttribute('aria-label', label);
    i.size = 8;
    return i;
  };
  const row = num('Row (or index)', 'whatif-row', '0');
  const col = num('Column', 'whatif-col', '0');
  const value = num('New value (empty clipNorm: none)', 'whatif-value', '');
  const run = h('button', 'btn', 'Run what-if');
  const problem = h('span', 'problem');
  const sync = () => {
    const w = kind.value === 'weight';
    param.hidden = row.hidden = !w;
    const shape = v.params.find((q) => q.name === param.value)?.shape ?? [];
    col.hidden = !w || shape.length !== 2;
  };
  kind.addEventListener('change', sync);
  param.addEventListener('change', sync);
  run.addEventListener('click', () => {
    problem.textContent = '';
    const text = value.value.trim();
    const x = Number(text);
    if (kind.value === 'clipNorm' && text === '') return post({ kind: 'clipNorm', value: null });
    if (text === '' || !Number.isFinite(x)) {
      problem.textContent = 'Enter a number.';
      return;
    }
    if (kind.value === 'learningRate') return post({ kind: 'learningRate', value: x });
    if (kind.value === 'clipNorm') return post({ kind: 'clipNorm', value: x });
    const index = col.hidden ? [Number(row.value)] : [Number(row.value), Number(col.value)];
    if (!index.every((i) => Number.isInteger(i) && i >= 0)) {
      problem.textContent = 'Indices are whole numbers from 0.';
      return;
    }
    post({ kind: 'weight', param: param.value, index, value: x });
  });
  // The form starts from the change shown: trying another number is one edit.
  const shown = v.request;
  kind.value = shown.kind;
  if (shown.kind === 'weight') {
    param.value = shown.param;
    row.value = String(shown.index[0]);
    col.value = String(shown.index[1] ?? 0);
  }
  value.value = shown.value === null ? '' : String(shown.value);
  sync();
  f.append(h('span', undefined, 'What if '), kind, param, row, col, h('span', undefined, ' = '), value, run, problem);
  return f;
}

export function renderWhatIf(
  root: HTMLElement,
  v: WhatIfView,
  p: Palette,
  actions: { whatIf(change: WhatIfRequest): void; apply(): void; discard(): void; stepThrough(): void },
): void {
  root.append(h('h1', undefined, v.title));
  root.append(h('p', 'change', `Changed: ${v.change}`));
  root.append(h('p', 'loss-line', `L: ${fmtShort(v.lossBefore, 8)} → ${fmtShort(v.lossAfter, 8)}`));
  const bar = h('div', 'toolbar');
  if (v.settled === null) {
    const apply = h('button', 'btn', 'Apply to file');
    apply.addEventListener('click', actions.apply);
    const discard = h('button', 'btn secondary', 'Discard');
    discard.addEventListener('click', actions.discard);
    const step = h('button', 'btn secondary', 'Step through');
    step.addEventListener('click', actions.stepThrough);
    bar.append(apply, discard, step);
  } else {
    bar.append(
      h(
        'span',
        'settled',
        v.settled === 'applied' ? 'Applied to the file.' : 'Discarded: the stepper shows the file’s run.',
      ),
    );
  }
  root.append(bar, form(v, actions.whatIf));
  root.append(h('h2', undefined, `${v.changed.length} tensors changed`));
  for (const d of v.changed) {
    const sec = h('section', 'diff');
    sec.dataset.tensor = d.id;
    const n = d.before.length;
    sec.append(
      h('h3', undefined, `${d.label} (${d.shape.join('×')})`),
      h('p', 'meta', `${d.changed} of ${n} changed · largest |Δ| ${fmtShort(d.maxAbsDiff)}`),
    );
    sec.append(n <= TEXT_CELLS ? textGrid(d, p) : canvasGrid(d, p));
    root.append(sec);
  }
  if (v.unchanged.length) root.append(h('p', 'unchanged', `Unchanged: ${v.unchanged.join(', ')}`));
}
