// The equations: the seed's numbers appear where the seed writes them, every equation of every
// example and every cell/loss/reduction/clipping kind renders in KaTeX (trust off, errors thrown),
// large models stay short and fast, and model strings cannot inject TeX.
import { strict as assert } from 'node:assert';
import { runModel } from '../../src/engine/compute/run';
import { stepEquation } from '../../src/engine/equations/equations';
import { fmtNum, texEscape, texText } from '../../src/engine/equations/latex';
import type { Trace } from '../../src/engine/trace/trace';
import { katex, exampleTraces, randomModel, seedModel, type RandomSpec } from './stepsModels';

/** Our own TeX must pass KaTeX's strict mode; model strings (any Unicode) only need to render. */
const render = (tex: string, strict: 'error' | 'ignore' = 'error'): string =>
  katex.renderToString(tex, { throwOnError: true, trust: false, displayMode: true, strict });

const at = (trace: Trace, id: string): number => {
  const i = trace.steps.findIndex((s) => s.id === id);
  assert.ok(i >= 0, `no step ${id}`);
  return i;
};

describe('equations: the seed example', () => {
  const trace = runModel(seedModel());
  const eq = (id: string) => stepEquation(trace, at(trace, id));

  it('forward t=1 as the seed writes it', () => {
    assert.equal(eq('forward:1:a').symbolic, 'a_{1} = W_{hh} h_{0} + W_{xh} x_{1} + b_{h}');
    assert.equal(
      eq('forward:1:a').numeric,
      'a_{1} = 0.2 \\cdot 0 + \\underbrace{0.5}_{W_{xh}[:,\\,\\text{hi}]} + 0 = 0.5',
    );
    assert.equal(eq('forward:1:h').symbolic, 'h_{1} = \\tanh(a_{1})');
    assert.equal(eq('forward:1:h').numeric, 'h_{1} = \\tanh(0.5) = 0.462117');
    assert.match(
      eq('forward:1:p').numeric,
      /= \\begin\{pmatrix\} 0\.342041 \\\\ 0\.271475 \\\\ 0\.171016 \\\\ 0\.215468 \\end\{pmatrix\}$/,
    );
    assert.equal(eq('forward:1:loss').numeric, '\\ell_{1} = -\\log(0.271475) = 1.30388');
    assert.equal(eq('forward:1:loss').symbolic, '\\ell_{1} = -\\log p_{1}[\\text{there}]');
  });

  it('t=3 reads h_2 with its sign in parentheses, as the seed does', () => {
    assert.equal(
      eq('forward:3:a').numeric,
      'a_{3} = 0.2 \\cdot (-0.204646) + \\underbrace{0.8}_{W_{xh}[:,\\,\\text{class}]} + 0 = 0.759071',
    );
  });

  it('the total loss', () => {
    assert.equal(eq('loss::total').numeric, 'L = 1.30388 + 1.23934 + 1.60962 + 1.42068 = 5.57353');
  });

  it("δa₄ is the correct value, not the seed's rounding slip 0.28491384", () => {
    // Independently: h_t from the seed's weights, then δy₄ = p₄ − e_!, δh₄ = W_hyᵀ δy₄, δa₄ = δh₄ (1 − h₄²).
    let h = 0;
    const Wx = [0.5, -0.3, 0.8, 0.0];
    for (const x of [0, 1, 2, 3]) h = Math.tanh(Wx[x] + 0.2 * h);
    const Wy = [1.0, 0.5, -0.5, 0.0];
    const e = Wy.map((w) => Math.exp(w * h));
    const p = e.map((v) => v / e.reduce((a, b) => a + b));
    const dh = p.reduce((s, pj, j) => s + (pj - (j === 3 ? 1 : 0)) * Wy[j], 0);
    const da4 = dh * (1 - h * h);
    const numeric = eq('backward:4:da').numeric;
    assert.ok(numeric.endsWith(`= ${fmtNum(da4)}`), numeric);
    assert.ok(numeric.includes('0.285066'));
    assert.ok(!numeric.includes('0.284914'));
    assert.equal(eq('backward:4:da').symbolic, '\\delta a_{4} = \\delta h_{4} \\odot (1 - h_{4}^{2})');
  });

  it("BPTT at t=3: δh = δh_out + δh_next, and the W_hh accumulation with the seed's numbers", () => {
    const dh = eq('backward:3:dh').numeric;
    assert.ok(dh.includes('= 0.444567'), dh); // the seed's dh_out 0.44456750
    assert.ok(dh.includes('0.444567 + 0.0570132 = 0.501581'), dh);
    const dW = eq('backward:3:dW').numeric;
    assert.ok(
      dW.includes('\\delta W_{hh} & = 0.182593 + 0.295793 \\cdot (-0.204646) = 0.182593 - 0.0605328 = 0.12206'),
      dW,
    );
    assert.ok(dW.includes('\\delta W_{xh}[:,\\,\\text{class}] & = 0 + 0.295793 = 0.295793'), dW);
    assert.ok(eq('backward:2:dW').numeric.includes('= 0.452095'));
    assert.equal(eq('backward:1:dhprev').numeric, '\\delta h_{0} = 0.2 \\cdot 0.0276095 = 0.00552189');
  });

  it("the update: W_hh' = 0.2 − 0.1 · 0.452095 = 0.154791", () => {
    assert.equal(eq('update::W_hh').numeric, "W_{hh}' = 0.2 - 0.1 \\cdot 0.452095 = 0.154791");
    assert.equal(eq('update::W_hh').symbolic, "W_{hh}' = W_{hh} - \\eta\\, \\delta W_{hh}, \\quad \\eta = 0.1");
  });

  it('more digits on request, never changing the data', () => {
    const i = at(trace, 'forward:1:h');
    assert.equal(stepEquation(trace, i, { digits: 17 }).numeric, 'h_{1} = \\tanh(0.5) = 0.46211715726000974');
    assert.equal(stepEquation(trace, i, { digits: 10 }).numeric, 'h_{1} = \\tanh(0.5) = 0.4621171573');
  });
});

describe('equations render in KaTeX', () => {
  it('every step of every example', () => {
    for (const { name, trace } of exampleTraces()) {
      for (const s of trace.steps) {
        const e = stepEquation(trace, s.index);
        for (const tex of [e.symbolic, e.numeric]) {
          assert.doesNotThrow(() => render(tex), `${name} ${s.id}: ${tex}`);
        }
      }
    }
  });

  const specs: RandomSpec[] = [];
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    for (const tokens of [true, false]) {
      for (const reduction of ['sum', 'mean'] as const) {
        specs.push({
          cell,
          tokens,
          loss: tokens ? 'cross-entropy' : 'mse',
          reduction,
          H: 8,
          T: 5,
          I: 7,
          O: 8,
          masked: [1, 4],
          clipNorm: reduction === 'mean' ? 0.01 : null,
        });
      }
    }
  }
  specs.push({ cell: 'rnn', activation: 'relu', tokens: false, loss: 'mse', H: 3, T: 3, I: 2, O: 1 });
  specs.push({ cell: 'gru', tokens: false, loss: 'mse', H: 1, T: 2, I: 1, O: 1 });
  for (const spec of specs) {
    it(`every step: ${spec.cell}${spec.activation ? `/${spec.activation}` : ''}, ${spec.tokens ? 'tokens' : 'vectors'}, ${spec.loss}, ${spec.reduction ?? 'sum'}, clip ${spec.clipNorm ?? 'none'}`, () => {
      const trace = runModel(randomModel(spec));
      for (const s of trace.steps) {
        const e = stepEquation(trace, s.index);
        assert.ok(e.symbolic.length > 0 && e.numeric.length > 0);
        assert.doesNotThrow(() => render(e.symbolic), `${s.id}: ${e.symbolic}`);
        assert.doesNotThrow(() => render(e.numeric), `${s.id}: ${e.numeric}`);
      }
    });
  }

  it('every step of a model without any target (L = 0)', () => {
    for (const reduction of ['sum', 'mean'] as const) {
      const model = randomModel({ cell: 'lstm', tokens: true, loss: 'cross-entropy', reduction, H: 2, T: 3 });
      const trace = runModel({ ...model, targets: { kind: 'none' } });
      assert.equal(trace.loss, 0);
      assert.equal(stepEquation(trace, at(trace, 'loss::total')).numeric, 'L = 0');
      for (const s of trace.steps) {
        const e = stepEquation(trace, s.index);
        render(e.symbolic);
        render(e.numeric);
      }
    }
  });

  it('a step without a target says so; clipping shows ‖g‖ and the factor', () => {
    const trace = runModel(
      randomModel({ cell: 'rnn', tokens: true, loss: 'cross-entropy', H: 2, T: 3, masked: [2], clipNorm: 0.01 }),
    );
    assert.match(stepEquation(trace, at(trace, 'backward:2:dy')).symbolic, /no target at/);
    const clip = stepEquation(trace, at(trace, 'clip::clip'));
    assert.match(clip.symbolic, /\\kappa = \\min/);
    assert.ok(trace.clipFactor < 1);
    assert.ok(clip.numeric.endsWith(`= ${fmtNum(trace.clipFactor)}`), clip.numeric);
    assert.ok(clip.numeric.includes(`= ${fmtNum(trace.gradNorm)}`), clip.numeric);
    assert.ok(
      stepEquation(trace, at(trace, 'update::W_hh')).numeric.includes(`0.1 \\cdot ${fmtNum(trace.clipFactor)} \\cdot`),
    );
  });
});

describe('equations of a large model (char-rnn-128 size)', () => {
  it('are short (≤ 4 KB per step): large matrices are elided', function () {
    this.timeout(60000);
    const vocab = Array.from({ length: 65 }, (_, i) => String.fromCharCode(33 + i));
    const trace = runModel(
      randomModel({ cell: 'rnn', tokens: true, loss: 'cross-entropy', H: 128, T: 100, vocab, clipNorm: 5 }),
    );
    // Speed is measured by `npm run bench`, not here; this checks what keeps it fast: short LaTeX.
    for (const s of trace.steps) {
      const e = stepEquation(trace, s.index);
      assert.ok(
        e.symbolic.length + e.numeric.length <= 4096,
        `${s.id}: ${e.symbolic.length + e.numeric.length} characters`,
      );
    }
    // A 128×128 matrix is elided to a few rows and columns.
    const a = stepEquation(trace, at(trace, 'forward:50:a')).numeric;
    assert.ok(a.includes('\\cdots') && a.includes('\\vdots') && a.includes('\\ddots'));
    assert.doesNotThrow(() => render(a));
  });
});

describe('texEscape', () => {
  const PROBES = [
    '\\href{javascript:alert(1)}{x}',
    '}',
    '{',
    '$',
    '%',
    '&',
    '#',
    '_',
    '^',
    '~',
    '\\',
    '<img src=x onerror=alert(1)>',
    '\\url{http://x}',
    '\\htmlClass{x}{y}',
    '\\def\\x{1}\\x',
    '\\\\',
    '}}\\text{',
    "a--b ''x``",
    '\u0000\u001b\u2028',
    '$$x$$',
    '\\begin{array}',
  ];

  it('makes every TeX special literal: KaTeX shows the characters and runs no command', () => {
    for (const probe of PROBES) {
      const tex = texText(probe);
      const html = render(tex, 'ignore');
      assert.ok(!/<a[\s>]/.test(html), `${probe}: a link was made`);
      assert.ok(!html.includes('<img'), `${probe}: raw HTML`);
      assert.ok(!html.includes('href='), probe);
      assert.ok(!html.includes('katex-error'), probe);
      // Each visible letter of the probe survives as text.
      for (const ch of probe.replace(/[^A-Za-z0-9]/g, '')) assert.ok(html.includes(ch), `${probe}: lost ${ch}`);
    }
  });

  it('escapes exactly the specials', () => {
    assert.equal(texEscape('a_b'), 'a\\_b');
    assert.equal(texEscape('{x}'), '\\{x\\}');
    assert.equal(texEscape('\\x'), '\\textbackslash{}x');
    assert.equal(texEscape('$%&#'), '\\$\\%\\&\\#');
    assert.equal(texEscape('^~'), '\\textasciicircum{}\\textasciitilde{}');
    assert.equal(texEscape('hi there'), 'hi there');
    assert.equal(texEscape('é中'), 'é中');
  });

  it('tokens of a model go through it in every equation', () => {
    const model = randomModel({
      cell: 'gru',
      tokens: true,
      loss: 'cross-entropy',
      H: 2,
      T: 4,
      vocab: ['\\href{javascript:alert(1)}{x}', '<img src=x onerror=alert(1)>', '}$%&#_^~\\'],
    });
    const trace = runModel(model);
    for (const s of trace.steps) {
      const e = stepEquation(trace, s.index);
      for (const tex of [e.symbolic, e.numeric]) {
        assert.ok(!tex.includes('\\href{'), `${s.id}: ${tex}`);
        const html = render(tex, 'ignore');
        assert.ok(!html.includes('<img') && !/<a[\s>]/.test(html), `${s.id}`);
      }
    }
  });
});
