// "RNN: Compare Cells": the rnn, lstm and gru side by side — each its loss curve on one shared y
// scale (the smallest and largest loss of any cell) and its gradient flow at the start and after
// training on one shared log colour scale, with the plain sentence that reads it.

import type { CompareView } from '../../src/shared/dynamicsProtocol';
import { fmtShort, h } from '../dom';
import type { Palette } from '../palette';
import { flowHeatmap, lossChart } from './charts';

export function renderCompare(root: HTMLElement, v: CompareView, p: Palette): void {
  root.append(h('h1', undefined, v.title));
  root.append(h('p', 'sequence', `Sequence (T = ${v.T}): ${v.sequence}`));
  root.append(
    h(
      'p',
      'note',
      `Each cell trained for ${v.steps} step${v.steps === 1 ? '' : 's'} with the file’s loss, learning rate and clipping. ` +
        'The loss curves share one y axis; the gradient-flow heatmaps (‖∂ℓ_t/∂h_k‖, row t, column k) share one log colour scale.',
    ),
  );
  if (v.flowRange)
    root.append(
      h('p', 'scale', `Colour scale: ${fmtShort(v.flowRange.min)} (faint) … ${fmtShort(v.flowRange.max)} (strongest)`),
    );
  const grid = h('div', 'cells');
  for (const c of v.cells) {
    const col = h('section', 'cell');
    col.dataset.cell = c.cell;
    col.append(h('h2', undefined, c.cell.toUpperCase()));
    col.append(h('p', 'meta', `${c.parameters} parameters · ${c.weights}`));
    col.append(h('p', 'loss-line', `loss ${fmtShort(c.firstLoss, 6)} → ${fmtShort(c.lastLoss, 6)}`));
    if (v.lossRange)
      col.append(lossChart(`${c.cell} loss per training step`, c.lossSteps, c.losses, v.steps, v.lossRange));
    else col.append(h('p', 'note', 'No finite loss to draw.'));
    col.append(flowHeatmap(p, 'Gradient flow at the start', v.T, c.flowBefore, v.flowRange));
    col.append(h('p', 'sentence', c.sentenceBefore));
    col.append(flowHeatmap(p, `After ${v.steps} training steps`, v.T, c.flowAfter, v.flowRange));
    col.append(h('p', 'sentence', c.sentenceAfter));
    grid.append(col);
  }
  root.append(grid);
}
