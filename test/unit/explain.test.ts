// The worked-example exporter: the seed's walk-through with the seed's numbers, every gate of the
// gated cells, math that KaTeX renders, and model strings that stay text.
import { strict as assert } from 'node:assert';
import { runModel } from '../../src/engine/compute/run';
import { explainMarkdown } from '../../src/engine/equations/explain';
import { mdEscape } from '../../src/engine/equations/markdown';
import { stepEquation } from '../../src/engine/equations/equations';
import { katex, exampleTraces, randomModel, seedModel } from './stepsModels';

/** Every $$…$$ block and $…$ span of the Markdown. */
function mathOf(md: string): { display: string[]; inline: string[] } {
  const display = [...md.matchAll(/^\$\$\n([\s\S]*?)\n\$\$$/gm)].map((m) => m[1]);
  const rest = md.replace(/^\$\$\n[\s\S]*?\n\$\$$/gm, '');
  const inline = [...rest.matchAll(/(?<!\\)\$([^$\n]+?)(?<!\\)\$/g)].map((m) => m[1]);
  return { display, inline };
}

describe('explainMarkdown', () => {
  const trace = runModel(seedModel());
  const md = explainMarkdown(trace, { source: 'hi-there-class.rnn.json' });

  it('walks through the seed example with its key numbers', () => {
    for (const n of [
      '5.57353',
      '0.452094511',
      '1.32264735',
      '0.462117',
      '1.30388',
      '0.1547905488985363',
      '1.3933835613681855',
    ]) {
      assert.ok(md.includes(n), `missing ${n}`);
    }
    // ∂L/∂W_hy as the seed gives it (a 4×1 column), exact.
    for (const n of ['0.39245800649742', '-0.17572493254505', '0.34627309765905', '-0.56300617161143'])
      assert.ok(md.includes(n), n);
  });

  it('has a heading per phase and per timestep, in order', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    assert.deepEqual(headings, [
      '# Worked example: hi there class !',
      '## 1. The setup',
      '## 2. Forward pass',
      '### Time step t = 1 (input hi, target there)',
      '### Time step t = 2 (input there, target class)',
      '### Time step t = 3 (input class, target !)',
      '### Time step t = 4 (input !, target !)',
      '## 3. The loss',
      '## 4. Backpropagation through time',
      '### BPTT, time step t = 4 (input !, target !)',
      '### BPTT, time step t = 3 (input class, target !)',
      '### BPTT, time step t = 2 (input there, target class)',
      '### BPTT, time step t = 1 (input hi, target there)',
      '## 5. The accumulated gradients (exact)',
      '## 6. Gradient clipping',
      '## 7. SGD update',
      '## 8. The updated weights (exact)',
    ]);
  });

  it('shows the setup: one-hots, h_0, every weight as a matrix', () => {
    assert.ok(md.includes('| there | $[0, 1, 0, 0]$ |'));
    assert.ok(md.includes('$h_{0} = 0$'));
    assert.ok(md.includes('W_{hy} = \\begin{pmatrix} 1 \\\\ 0.5 \\\\ -0.5 \\\\ 0 \\end{pmatrix}'));
    assert.ok(md.includes('W_{xh} = \\begin{pmatrix} 0.5 & -0.3 & 0.8 & 0 \\end{pmatrix}'));
  });

  it("reuses the stepper's equations for every step", () => {
    for (const s of trace.steps) {
      const e = stepEquation(trace, s.index, { digits: 6, maxRows: 8, maxCols: 8 });
      assert.ok(md.includes(`$$\n${e.symbolic}\n$$`), s.id);
      assert.ok(md.includes(`$$\n${e.numeric}\n$$`), s.id);
    }
  });

  it('renders in KaTeX: every display and inline formula, for every example', () => {
    for (const { name, trace: tr } of exampleTraces()) {
      const text = explainMarkdown(tr);
      const { display, inline } = mathOf(text);
      assert.ok(display.length > tr.steps.length, name);
      for (const tex of display)
        assert.doesNotThrow(
          () => katex.renderToString(tex, { throwOnError: true, trust: false, displayMode: true, strict: 'error' }),
          `${name}: ${tex}`,
        );
      for (const tex of inline)
        assert.doesNotThrow(
          () => katex.renderToString(tex, { throwOnError: true, trust: false, strict: 'error' }),
          `${name}: ${tex}`,
        );
    }
  });

  it('explains every gate of an LSTM and a GRU', () => {
    const lstm = explainMarkdown(
      runModel(randomModel({ cell: 'lstm', tokens: true, loss: 'cross-entropy', H: 2, T: 2 })),
    );
    for (const title of [
      'input gate i₁',
      'forget gate f₁',
      'candidate g₁',
      'output gate o₁',
      'cell state c₁',
      'cell gradient δc₂',
      'output gate gradient δaᵒ₂',
      'input gate gradient δaⁱ₁',
      'forget gate gradient δaᶠ₁',
      'candidate gradient δaᵍ₁',
      'gradients to the previous state δh₀, δc₀',
    ]) {
      assert.ok(lstm.includes(`**${title}**`), title);
    }
    assert.ok(lstm.includes('\\frac{\\partial L}{\\partial c_{0}}'));
    const gru = explainMarkdown(runModel(randomModel({ cell: 'gru', tokens: false, loss: 'mse', H: 2, T: 2 })));
    for (const title of [
      'reset gate r₁',
      'update gate z₁',
      'candidate n₁',
      'candidate gradient δaⁿ₂',
      'update gate gradient δaᶻ₂',
      'reset-scaled gradient δm₂',
      'reset gate gradient δaʳ₂',
    ]) {
      assert.ok(gru.includes(`**${title}**`), title);
    }
  });

  it('keeps model strings inert in Markdown and in math', () => {
    const evil = [
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1))',
      '\\href{javascript:alert(1)}{x}',
      '$x$',
      '*a*',
      '`c`',
    ];
    const tr = runModel(randomModel({ cell: 'rnn', tokens: true, loss: 'cross-entropy', H: 1, T: 3, vocab: evil }));
    const text = explainMarkdown({ ...tr, model: { ...tr.model, name: '<script>alert(1)</script>' } });
    // Outside math nothing is markup; inside math the strings sit in \text{…}, which KaTeX escapes.
    const prose = text.replace(/^\$\$\n[\s\S]*?\n\$\$$/gm, '').replace(/(?<!\\)\$[^$\n]+?(?<!\\)\$/g, '');
    assert.ok(!prose.includes('<'), 'raw < in the Markdown text');
    assert.ok(!/(?<!\\)\]\(/.test(prose), 'an unescaped ]( could form a link');
    assert.ok(prose.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(prose.includes('\\[x\\](javascript:alert(1))'));
    assert.equal(mdEscape('<b>*x*</b> $y$ [l](u) `c`'), '&lt;b&gt;\\*x\\*&lt;/b&gt; \\$y\\$ \\[l\\](u) \\`c\\`');
    const { display } = mathOf(text);
    for (const tex of display) {
      const html = katex.renderToString(tex, { throwOnError: true, trust: false, strict: 'ignore' });
      assert.ok(!html.includes('<img') && !/<a[\s>]/.test(html) && !html.includes('katex-error'), tex);
    }
  });
});
