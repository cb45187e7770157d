// The "given" part of an exercise sheet (exerciseSheet.ts): everything a learner needs to compute
// the asked values by hand and nothing computed — the cell's equations, the sizes, the inputs and
// targets, the initial state, the training settings and every weight. Model strings go into text
// Markdown-escaped (markdown.ts's mdEscape) and into math \text{}-escaped (latex.ts).

import { PARAM_NAMES } from '../model';
import type { Trace } from '../trace/trace';
import { CELL_NAMES, cellEquations, display } from '../equations/explainSetup';
import { mdEscape } from '../equations/markdown';
import { fmtNum, tensorTex, texName, type TexOptions } from '../equations/latex';

const SHOWN = 40;

/** The given values; with `backward`, also the equations of backpropagation in general form. */
export function setupMarkdown(trace: Trace, o: TexOptions, backward = false): string[] {
  const m = trace.model;
  const T = m.steps;
  const L: string[] = [];
  const act = m.cell === 'rnn' ? `, activation ${m.activation}` : '';
  L.push(
    `- **Cell**: ${CELL_NAMES[m.cell]}${act}; hidden size $H = ${m.hiddenSize}$, input size $I = ${m.inputSize}$, output size $O = ${m.outputSize}$, $T = ${T}$ timesteps.`,
  );
  const more = T > SHOWN ? ', …' : '';
  if (m.inputs.kind === 'tokens' && m.vocab) {
    const vocab = m.vocab;
    const list = vocab.length <= 12 ? vocab.map((v) => mdEscape(v)).join(', ') : `${vocab.length} tokens`;
    L.push(`- **Vocabulary** (each input is the one-hot vector of its token, in this order): ${list}`);
    L.push(
      `- **Inputs** $x_1 \\ldots x_{${T}}$: ${Array.from(m.inputs.ids.slice(0, SHOWN), (id) => mdEscape(vocab[id])).join(', ')}${more}`,
    );
  } else if (m.inputs.kind === 'vectors') {
    const data = m.inputs.data;
    const I = m.inputSize;
    const xs: string[] = [];
    for (let t = 1; t <= Math.min(T, SHOWN); t++)
      xs.push(`$x_{${t}} = ${tensorTex([I], data.subarray((t - 1) * I, t * I), o).tex}$`);
    L.push(`- **Inputs**: ${xs.join(', ')}${more}`);
  }
  const tg = m.targets;
  if (tg.kind === 'tokens' && m.classes) {
    const classes = m.classes;
    const ids = Array.from(tg.ids.slice(0, SHOWN), (id) => (id < 0 ? '(none)' : mdEscape(classes[id])));
    L.push(`- **Targets**: ${ids.join(', ')}${more}`);
  } else if (tg.kind === 'vectors') {
    const O = m.outputSize;
    const ys: string[] = [];
    for (let t = 1; t <= Math.min(T, SHOWN); t++)
      ys.push(
        tg.mask[t - 1]
          ? `$y^{*}_{${t}} = ${tensorTex([O], tg.data.subarray((t - 1) * O, t * O), o).tex}$`
          : `$y^{*}_{${t}}$: none`,
      );
    L.push(`- **Targets**: ${ys.join(', ')}${more}`);
  }
  if (tg.kind !== 'none')
    L.push(
      `- **Loss**: ${m.loss === 'cross-entropy' ? 'cross-entropy of softmax($y_t$)' : 'mean squared error, $\\tfrac12\\lVert y_t - y^{*}_t\\rVert^2$ per step'}, ${m.reduction === 'mean' ? `averaged over the ${trace.targetCount} steps that have a target` : 'summed over the steps that have a target'}.`,
    );
  L.push(
    `- **Initial state**: $h_{0} = ${tensorTex([m.hiddenSize], m.h0, o).tex}$${m.c0 ? `, $c_{0} = ${tensorTex([m.hiddenSize], m.c0, o).tex}$` : ''}`,
  );
  L.push(
    `- **Training**: learning rate $\\eta = ${fmtNum(m.train.learningRate, 17)}$, ${m.train.clipNorm === null ? 'no gradient clipping' : `gradients clipped to total norm $${fmtNum(m.train.clipNorm, 17)}$`}.`,
  );
  L.push(
    '',
    display(
      `\\begin{aligned} ${cellEquations(m)
        .map((e) => e.replace(' = ', ' &= '))
        .join(' \\\\ ')} \\end{aligned}`,
    ),
    '',
  );
  if (backward) {
    L.push(
      'Backpropagation through time ($\\delta X = \\partial L / \\partial X$; the terms from $t + 1$ are 0 at $t = T$; each parameter gradient sums one term per timestep):',
      '',
      display(`\\begin{aligned} ${backwardEquations(trace).join(' \\\\ ')} \\end{aligned}`),
      '',
    );
  }
  for (const p of PARAM_NAMES[m.cell]) {
    const w = m.params[p];
    L.push(display(`${texName(p)} = ${tensorTex(w.shape, w.data, o).tex}`), '');
  }
  return L;
}

/** The derivatives of equations/backwardEquations.ts in general form, aligned at their `=`. */
function backwardEquations(trace: Trace): string[] {
  const m = trace.model;
  const mean = m.reduction === 'mean' ? `\\tfrac{1}{${trace.targetCount}}` : '';
  const dy =
    m.loss === 'cross-entropy'
      ? `\\delta y_{t} &= ${mean}(p_{t} - e_{\\text{target}_{t}})`
      : `\\delta y_{t} &= ${mean}(y_{t} - y^{*}_{t})`;
  const out = 'W_{hy}^{\\top} \\delta y_{t}';
  const gate = (k: string, operand: string): string =>
    `\\delta W_{h${k}} &= \\textstyle\\sum_{t} \\delta a^{${k}}_{t} ${operand}`;
  const lines = [dy];
  switch (m.cell) {
    case 'rnn':
      lines.push(
        `\\delta h_{t} &= ${out} + W_{hh}^{\\top} \\delta a_{t+1}`,
        m.activation === 'relu'
          ? '\\delta a_{t} &= \\delta h_{t} \\odot \\mathbb{1}[a_{t} > 0]'
          : '\\delta a_{t} &= \\delta h_{t} \\odot (1 - h_{t}^{2})',
        '\\delta W_{hh} &= \\textstyle\\sum_{t} \\delta a_{t} h_{t-1}^{\\top}, \\quad \\delta W_{xh} = \\textstyle\\sum_{t} \\delta a_{t} x_{t}^{\\top}, \\quad \\delta b_{h} = \\textstyle\\sum_{t} \\delta a_{t}',
      );
      break;
    case 'lstm':
      lines.push(
        `\\delta h_{t} &= ${out} + \\textstyle\\sum_{k \\in \\{i,f,g,o\\}} W_{hk}^{\\top} \\delta a^{k}_{t+1}`,
        '\\delta c_{t} &= \\delta h_{t} \\odot o_{t} \\odot (1 - \\tanh^{2} c_{t}) + f_{t+1} \\odot \\delta c_{t+1}',
        '\\delta a^{o}_{t} &= \\delta h_{t} \\odot \\tanh(c_{t}) \\odot o_{t} \\odot (1 - o_{t}), \\quad \\delta a^{i}_{t} = \\delta c_{t} \\odot g_{t} \\odot i_{t} \\odot (1 - i_{t})',
        '\\delta a^{f}_{t} &= \\delta c_{t} \\odot c_{t-1} \\odot f_{t} \\odot (1 - f_{t}), \\quad \\delta a^{g}_{t} = \\delta c_{t} \\odot i_{t} \\odot (1 - g_{t}^{2})',
        gate(
          'k',
          'h_{t-1}^{\\top}, \\quad \\delta W_{xk} = \\textstyle\\sum_{t} \\delta a^{k}_{t} x_{t}^{\\top}, \\quad \\delta b_{k} = \\textstyle\\sum_{t} \\delta a^{k}_{t}',
        ),
      );
      break;
    case 'gru':
      lines.push(
        `\\delta h_{t} &= ${out} + \\delta h_{t+1} \\odot z_{t+1} + W_{hz}^{\\top} \\delta a^{z}_{t+1} + W_{hr}^{\\top} \\delta a^{r}_{t+1} + W_{hn}^{\\top} \\delta m_{t+1}`,
        '\\delta a^{n}_{t} &= \\delta h_{t} \\odot (1 - z_{t}) \\odot (1 - n_{t}^{2}), \\quad \\delta a^{z}_{t} = \\delta h_{t} \\odot (h_{t-1} - n_{t}) \\odot z_{t} \\odot (1 - z_{t})',
        '\\delta m_{t} &= \\delta a^{n}_{t} \\odot r_{t}, \\quad \\delta a^{r}_{t} = \\delta a^{n}_{t} \\odot m_{t} \\odot r_{t} \\odot (1 - r_{t})',
        gate(
          'k',
          'h_{t-1}^{\\top} \\text{ for } k = r, z; \\quad \\delta W_{hn} = \\textstyle\\sum_{t} \\delta m_{t} h_{t-1}^{\\top}',
        ),
      );
      break;
  }
  lines.push(
    '\\delta W_{hy} &= \\textstyle\\sum_{t} \\delta y_{t} h_{t}^{\\top}, \\quad \\delta b_{y} = \\textstyle\\sum_{t} \\delta y_{t}',
    `\\theta' &= \\theta - \\eta${m.train.clipNorm === null ? '' : '\\,\\kappa'}\\, \\delta\\theta`,
  );
  return lines;
}
