// The first section of the worked example (explain.ts): the cell, the vocabulary and one-hot
// encodings, the inputs and targets, the loss, the initial state, the training settings, the
// model's equations in general form and its weights.

import { PARAM_NAMES, type Model, type Tensor } from '../model';
import type { Trace } from '../trace/trace';
import { fmtNum, tensorTex, texName, type TexOptions } from './latex';
import { mdEscape } from './markdown';

export const CELL_NAMES = { rnn: 'a vanilla RNN', lstm: 'an LSTM', gru: 'a GRU' } as const;

/** The cell's equations in general form (FORMAT.md), for the setup. */
export function cellEquations(m: Model): string[] {
  const act =
    m.activation === 'relu'
      ? '\\max(0,\\, W_{hh} h_{t-1} + W_{xh} x_{t} + b_{h})'
      : '\\tanh(W_{hh} h_{t-1} + W_{xh} x_{t} + b_{h})';
  const out = ['y_{t} = W_{hy} h_{t} + b_{y}'];
  if (m.loss === 'cross-entropy')
    out.push('p_{t} = \\operatorname{softmax}(y_{t}), \\quad \\ell_{t} = -\\log p_{t}[\\text{target}_{t}]');
  else out.push('\\ell_{t} = \\tfrac{1}{2}\\lVert y_{t} - y^{*}_{t} \\rVert^{2}');
  switch (m.cell) {
    case 'rnn':
      return [`h_{t} = ${act}`, ...out];
    case 'lstm':
      return [
        'i_{t} = \\sigma(W_{xi} x_{t} + W_{hi} h_{t-1} + b_{i}), \\quad f_{t} = \\sigma(W_{xf} x_{t} + W_{hf} h_{t-1} + b_{f})',
        'g_{t} = \\tanh(W_{xg} x_{t} + W_{hg} h_{t-1} + b_{g}), \\quad o_{t} = \\sigma(W_{xo} x_{t} + W_{ho} h_{t-1} + b_{o})',
        'c_{t} = f_{t} \\odot c_{t-1} + i_{t} \\odot g_{t}, \\quad h_{t} = o_{t} \\odot \\tanh(c_{t})',
        ...out,
      ];
    case 'gru':
      return [
        'r_{t} = \\sigma(W_{xr} x_{t} + W_{hr} h_{t-1} + b_{r}), \\quad z_{t} = \\sigma(W_{xz} x_{t} + W_{hz} h_{t-1} + b_{z})',
        'n_{t} = \\tanh(W_{xn} x_{t} + b_{xn} + r_{t} \\odot m_{t}), \\quad m_{t} = W_{hn} h_{t-1} + b_{hn}',
        'h_{t} = (1 - z_{t}) \\odot n_{t} + z_{t} \\odot h_{t-1}',
        ...out,
      ];
  }
}

export const display = (tex: string): string => `$$\n${tex}\n$$`;

/** The setup section's lines. */
export function setupSection(trace: Trace, o: TexOptions): string[] {
  const m = trace.model;
  const T = m.steps;
  const L: string[] = [];
  const tensor = (t: Tensor, to: TexOptions): string => tensorTex(t.shape, t.data, to).tex;

  L.push('## 1. The setup', '');
  const actName =
    m.cell === 'rnn' ? `, activation $${m.activation === 'relu' ? '\\operatorname{relu}' : '\\tanh'}$` : '';
  L.push(
    `- **Cell**: ${CELL_NAMES[m.cell]}${actName}; hidden size $H = ${m.hiddenSize}$, input size $I = ${m.inputSize}$, output size $O = ${m.outputSize}$, $T = ${T}$ timesteps.`,
  );
  if (m.vocab && m.inputs.kind === 'tokens') {
    const vocab = m.vocab;
    L.push('- **Vocabulary and one-hot encodings**:', '', '  | token | one-hot |', '  | --- | --- |');
    const shown = vocab.length <= 12 ? vocab.map((_, i) => i) : [...vocab.slice(0, 10).map((_, i) => i), -1];
    for (const i of shown) {
      if (i < 0) {
        L.push(`  | … | (${vocab.length} tokens in all) |`);
        continue;
      }
      const onehot =
        vocab.length <= 12
          ? `$[${vocab.map((_, j) => (j === i ? 1 : 0)).join(', ')}]$`
          : `$e_{${i + 1}}$ (1 at position ${i + 1})`;
      L.push(`  | ${mdEscape(vocab[i])} | ${onehot} |`);
    }
    L.push('');
    const ids = m.inputs.ids;
    L.push(
      `- **Inputs**: ${Array.from(ids.slice(0, 40), (id) => mdEscape(vocab[id])).join(', ')}${T > 40 ? ', …' : ''}`,
    );
  } else if (m.inputs.kind === 'vectors') {
    const rows = Math.min(T, 12);
    const data = m.inputs.data;
    const xs: string[] = [];
    for (let t = 1; t <= rows; t++)
      xs.push(
        `$x_{${t}} = ${tensor({ shape: [m.inputSize], data: data.subarray((t - 1) * m.inputSize, t * m.inputSize) }, o)}$`,
      );
    L.push(`- **Inputs** (vectors): ${xs.join(', ')}${T > rows ? ', …' : ''}`);
  }
  const tg = m.targets;
  if (tg.kind === 'tokens' && m.classes) {
    const classes = m.classes;
    L.push(
      `- **Targets**: ${Array.from(tg.ids.slice(0, 40), (id) => (id < 0 ? '(none)' : mdEscape(classes[id]))).join(', ')}${T > 40 ? ', …' : ''}`,
    );
  } else if (tg.kind === 'vectors') {
    const ys: string[] = [];
    for (let t = 1; t <= Math.min(T, 12); t++) {
      ys.push(
        tg.mask[t - 1]
          ? `$y^{*}_{${t}} = ${tensor({ shape: [m.outputSize], data: tg.data.subarray((t - 1) * m.outputSize, t * m.outputSize) }, o)}$`
          : `$y^{*}_{${t}}$: none`,
      );
    }
    L.push(`- **Targets** (vectors): ${ys.join(', ')}${T > 12 ? ', …' : ''}`);
  }
  const lossName =
    m.loss === 'cross-entropy'
      ? 'cross-entropy over $\\operatorname{softmax}(y_t)$'
      : 'mean squared error $\\tfrac12\\lVert y_t - y^{*}_t\\rVert^2$';
  L.push(
    `- **Loss**: ${lossName}, ${m.reduction === 'mean' ? `averaged over the ${trace.targetCount} steps that have a target` : 'summed over the steps that have a target'}.`,
  );
  L.push(
    `- **Initial state**: $h_{0} = ${tensor({ shape: [m.hiddenSize], data: m.h0 }, o)}$${m.c0 ? `, $c_{0} = ${tensor({ shape: [m.hiddenSize], data: m.c0 }, o)}$` : ''}`,
  );
  L.push(
    `- **Training**: learning rate $\\eta = ${fmtNum(m.train.learningRate, 17)}$, ${m.train.clipNorm === null ? 'no gradient clipping' : `gradients clipped to total norm $${fmtNum(m.train.clipNorm, 17)}$`}.`,
  );
  L.push(
    '',
    'The model:',
    '',
    display(
      `\\begin{aligned} ${cellEquations(m)
        .map((e) => e.replace(' = ', ' &= '))
        .join(' \\\\ ')} \\end{aligned}`,
    ),
    '',
  );
  L.push('Weights and biases:', '');
  for (const p of PARAM_NAMES[m.cell]) L.push(display(`${texName(p)} = ${tensor(m.params[p], o)}`), '');

  return L;
}
