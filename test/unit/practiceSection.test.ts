// The `practice` section of a .rnn.json file (engine/parse/practiceSection.ts, practiceAsks.ts,
// docs/FORMAT.md "Practice"): what a good section becomes, and every bad one reported at its exact
// place — line and column computed here from the text (parse.helpers.ts), inside the entry string
// itself, also after \u escapes — with the message a person reads.
import assert from 'node:assert/strict';
import { parseModel } from '../../src/engine/parse/parse';
import { DEFAULT_TOLERANCE } from '../../src/engine/practice/practiceSettings';
import { doc, expectProblem, expectProblems, vectorDoc } from './parse.helpers';

const withPractice = (practice: unknown, edit: (m: Record<string, any>) => void = () => {}): string =>
  doc((m) => {
    m.practice = practice;
    edit(m);
  });

describe('practice section: good files', () => {
  it('reads ask entries, the tolerance and hints; the model carries them', () => {
    const r = parseModel(
      withPractice({
        ask: ['forward t=1..4 h', 'backward δa₄', { phase: 'update', tensor: 'W_hh′' }],
        tolerance: { digits: 3, absolute: 0.001 },
        hints: false,
      }),
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.model!.practice, {
      asks: [
        { text: 'forward t=1..4 h', phase: 'forward', times: [1, 2, 3, 4], tensor: 'h' },
        { text: 'backward δa₄', phase: 'backward', times: [4], tensor: 'da' },
        { text: 'update W_hh′', phase: 'update', times: null, tensor: "W_hh'" },
      ],
      tolerance: { relative: 0.005, absolute: 0.001 },
      hints: false,
    });
  });

  it('defaults: no ask means every step; the default tolerance; hints on', () => {
    const r = parseModel(withPractice({}));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.model!.practice, { asks: null, tolerance: DEFAULT_TOLERANCE, hints: true });
    assert.equal(parseModel(doc()).model!.practice, undefined);
    const rel = parseModel(withPractice({ tolerance: { relative: 0.01 } })).model!.practice!.tolerance;
    assert.deepEqual(rel, { relative: 0.01, absolute: 0.0001 });
  });

  it('the grammar is friendly: spaces around = and .., subscripts, d for δ, dX for ∂L/∂X, bptt', () => {
    const asks = [
      'forward   t = 1 .. 2   h',
      'forward h t=1,2',
      'bptt t=4 da',
      'backward dW_hh',
      'backward δW_hh',
      'backward ∂L/∂W_hh',
      'forward h_3',
      'forward h3',
      'forward ℓ₁',
      'clip ‖g‖',
      'loss L',
      'backward δa^o_2',
    ];
    const r = parseModel(withPractice({ ask: asks.slice(0, 11) }));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.model!.practice!.asks!.map((a) => [a.phase, a.times, a.tensor]),
      [
        ['forward', [1, 2], 'h'],
        ['forward', [1, 2], 'h'],
        ['backward', [4], 'da'],
        ['backward', null, 'dW_hh'],
        ['backward', null, 'dW_hh'],
        ['backward', null, 'dW_hh'],
        ['forward', [3], 'h'],
        ['forward', [3], 'h'],
        ['forward', [1], 'loss'],
        ['clip', null, 'gradNorm'],
        ['loss', null, 'L'],
      ],
    );
    const lstm = parseModel(
      withPractice({ ask: [asks[11]] }, (m) => {
        m.cell = 'lstm';
        m.hiddenSize = 2;
        m.weights = { init: { seed: 1 } };
      }),
    );
    assert.deepEqual(lstm.problems, []);
    assert.deepEqual(lstm.model!.practice!.asks![0].tensor, 'da_o');
  });
});

describe('practice section: every problem at its place', () => {
  it('an unknown phase: at the word, with a did-you-mean', () => {
    expectProblem(withPractice({ ask: ['forwrd t=1 h'] }), {
      path: 'practice.ask[0]',
      at: 'forwrd',
      message:
        '"forwrd" is not a phase: an entry starts with forward, loss, backward, clip or update (did you mean "forward"?) (in "forwrd t=1 h")',
    });
    expectProblem(withPractice({ ask: ['Forward h'] }), {
      path: 'practice.ask[0]',
      at: 'Forward',
      message:
        '"Forward" is not a phase: an entry starts with forward, loss, backward, clip or update (did you mean "forward"?) (in "Forward h")',
    });
  });

  it('bad timesteps, two tensors, a name that is no name: at that part', () => {
    expectProblem(withPractice({ ask: ['forward t=x h'] }), {
      path: 'practice.ask[0]',
      at: 't=x',
      message: 'expected a timestep: a whole number such as t=1, a range t=1..4, or a list t=1,3 (in "forward t=x h")',
    });
    expectProblem(withPractice({ ask: ['forward h a'] }), {
      path: 'practice.ask[0]',
      after: 'forward h ',
      message: 'one tensor per entry: write each in an entry of its own (in "forward h a")',
    });
    expectProblem(withPractice({ ask: ['forward t=1 t=2'] }), {
      path: 'practice.ask[0]',
      at: 't=2',
      message: 'the timesteps are given twice; one "t=…" per entry (in "forward t=1 t=2")',
    });
    expectProblem(withPractice({ ask: ['forward h₁ t=2'] }), {
      path: 'practice.ask[0]',
      at: 'h₁',
      message: 'the subscript says t=1 but the entry also says t=2 (in "forward h₁ t=2")',
    });
    expectProblem(withPractice({ ask: ['forward h#'] }), {
      path: 'practice.ask[0]',
      at: 'h#',
      message:
        '"h#" is not a tensor name: write it as the equations do, such as h, δa, ∂L/∂W_hh or W_hh′ (in "forward h#")',
    });
  });

  it('steps the run does not have: past T, no target, no softmax, a name of nothing', () => {
    expectProblem(withPractice({ ask: ['backward t=5 δa'] }), {
      path: 'practice.ask[0]',
      at: 't=5',
      message: 't=5 is past the end of the sequence (T = 4) (in "backward t=5 δa")',
    });
    expectProblem(
      withPractice({ ask: ['forward t=2 ℓ'] }, (m) => (m.targets = ['there', null, '!', '!'])),
      { path: 'practice.ask[0]', at: 't=2', message: 't=2 has no target, so there is no ℓ₂ (in "forward t=2 ℓ")' },
    );
    expectProblem(
      vectorDoc((m) => (m.practice = { ask: ['forward p'] })),
      {
        path: 'practice.ask[0]',
        at: 'p"',
        message: 'there is no softmax p: the loss of this model is mse (in "forward p")',
      },
    );
    expectProblem(withPractice({ ask: ['forward t=1 q'] }), {
      path: 'practice.ask[0]',
      at: 'q"',
      message: 'the forward pass of this rnn computes no "q"; it computes a, h, y, p, ℓ (in "forward t=1 q")',
    });
    expectProblem(withPractice({ ask: ['backward W_hh'] }), {
      path: 'practice.ask[0]',
      after: '"backward ',
      message:
        'backpropagation of this rnn computes no "W_hh" (a parameter is given, not computed: ask "backward ∂L/∂W_hh" or "update W_hh"); it computes δy, δh, δa, δh_prev, δh_out, ∂L/∂W_xh, ∂L/∂W_hh, ∂L/∂b_h, ∂L/∂W_hy, ∂L/∂b_y (in "backward W_hh")',
    });
    expectProblem(withPractice({ ask: ['backward dW_hhh'] }), {
      path: 'practice.ask[0]',
      at: 'dW_hhh',
      message:
        'backpropagation of this rnn computes no "dW_hhh" (did you mean "∂L/∂W_hh"?); it computes δy, δh, δa, δh_prev, δh_out, ∂L/∂W_xh, ∂L/∂W_hh, ∂L/∂b_h, ∂L/∂W_hy, ∂L/∂b_y (in "backward dW_hhh")',
    });
    expectProblem(withPractice({ ask: ['update t=1 W_hh'] }), {
      path: 'practice.ask[0]',
      at: 't=1',
      message: 'the update has no timesteps: leave out "t=…" (in "update t=1 W_hh")',
    });
  });

  it('the place is right after \\u escapes inside the entry', () => {
    // "backward \u03b4a t=9": the escape takes six characters of the file for one of the entry.
    const text = doc((m) => (m.practice = { ask: ['PLACEHOLDER'] })).replace(
      '"PLACEHOLDER"',
      '"backward \\u03b4a t=9"',
    );
    expectProblem(text, {
      path: 'practice.ask[0]',
      at: 't=9',
      message: 't=9 is past the end of the sequence (T = 4) (in "backward δa t=9")',
      length: 3,
    });
  });

  it('every entry is reported at once, grammar and run alike', () => {
    expectProblems(withPractice({ ask: ['forwrd h', 'backward t=5 δa', 'forward h'] }), [
      {
        path: 'practice.ask[0]',
        at: 'forwrd',
        message:
          '"forwrd" is not a phase: an entry starts with forward, loss, backward, clip or update (did you mean "forward"?) (in "forwrd h")',
      },
      {
        path: 'practice.ask[1]',
        at: 't=5',
        message: 't=5 is past the end of the sequence (T = 4) (in "backward t=5 δa")',
      },
    ]);
  });

  it('the object form: each problem at its member', () => {
    expectProblem(withPractice({ ask: [{ phase: 'fwd', t: 1 }] }), {
      path: 'practice.ask[0].phase',
      at: '"fwd"',
      message: 'phase must be "forward", "loss", "backward", "bptt", "clip" or "update", found a string ("fwd")',
    });
    expectProblem(withPractice({ ask: [{ phase: 'backward', t: '4' }] }), {
      path: 'practice.ask[0].t',
      at: '"4"',
      message: 't must be a timestep (a whole number such as 4) or an array of them, found a string ("4")',
    });
    expectProblem(withPractice({ ask: [{ phase: 'backward', t: [4, 5], tensor: 'δa' }] }), {
      path: 'practice.ask[0]',
      at: '[4,5]',
      message: 't=5 is past the end of the sequence (T = 4) (in "backward t=4,5 δa")',
    });
    expectProblem(withPractice({ ask: [{ phase: 'backward', tensr: 'δa' }] }), {
      path: 'practice.ask[0].tensr',
      at: '"tensr"',
      message: 'an ask entry has the keys "phase", "t" and "tensor", not "tensr"',
    });
    expectProblem(withPractice({ ask: [{ t: 1 }] }), {
      path: 'practice.ask[0]',
      at: '{"t":1}',
      message: 'an ask entry needs "phase": "forward", "loss", "backward", "clip" or "update"',
    });
    expectProblem(withPractice({ ask: [{ phase: 'forward', tensor: 'h t=1' }] }), {
      path: 'practice.ask[0].tensor',
      at: '"h t=1"',
      message: 'tensor must be one name such as "δa" or "∂L/∂W_hh", found a string ("h t=1")',
    });
  });

  it('ask, tolerance, hints and the section itself of the wrong type or range', () => {
    expectProblem(withPractice('forward h'), {
      path: 'practice',
      at: '"forward h"',
      message: 'practice must be an object such as {"ask": ["forward t=1 h"]}, found a string ("forward h")',
    });
    expectProblem(withPractice({ ask: 'forward h' }), {
      path: 'practice.ask',
      at: '"forward h"',
      message:
        'ask must be an array of entries such as ["forward t=1 h", "backward t=4 δa"], found a string ("forward h")',
    });
    expectProblem(withPractice({ ask: [] }), {
      path: 'practice.ask',
      at: '[]',
      message: 'ask lists no step: name at least one, such as "forward t=1 h" (or leave out "ask" to ask every step)',
    });
    expectProblem(withPractice({ ask: [3] }), {
      path: 'practice.ask[0]',
      at: '3]',
      message:
        'an ask entry is a string such as "backward t=4 δa" or an object {"phase": …, "t": …, "tensor": …}, found a number (3)',
    });
    expectProblem(withPractice({ hints: 'yes' }), {
      path: 'practice.hints',
      at: '"yes"',
      message: 'hints must be true or false (may the hint ladder be shown?), found a string ("yes")',
    });
    expectProblem(withPractice({ tolerance: { digits: 0 } }), {
      path: 'practice.tolerance.digits',
      after: '"digits":',
      message: 'digits must be an integer ≥ 1 (significant digits an answer must agree to), found 0',
    });
    expectProblem(withPractice({ tolerance: { digits: 16 } }), {
      path: 'practice.tolerance.digits',
      at: '16',
      message: 'digits must be at most 15 (a float64 holds about 16), found 16',
    });
    expectProblem(withPractice({ tolerance: { relative: 1 } }), {
      path: 'practice.tolerance.relative',
      after: '"relative":',
      message: 'relative must be less than 1 (1 would accept 0 for any value), found 1',
    });
    expectProblem(withPractice({ tolerance: { digits: 3, relative: 0.01 } }), {
      path: 'practice.tolerance.relative',
      at: '"relative"',
      message: 'give "digits" or "relative", not both: digits n means relative 5 × 10^-n',
    });
    expectProblem(withPractice({ tolerance: { relative: 0, absolute: 0 } }), {
      path: 'practice.tolerance',
      at: '{"relative"',
      message:
        'a tolerance of 0 accepts only the exact float64 value, which no hand computation reaches; give "digits", "relative" or "absolute" > 0',
    });
    expectProblem(withPractice({ tolerance: 4 }), {
      path: 'practice.tolerance',
      at: '4}',
      message:
        'tolerance must be an object such as {"digits": 4} or {"relative": 0.0005, "absolute": 0.0001}, found a number (4)',
    });
  });

  it('unknown keys of the section and of the tolerance are warnings; the model still runs', () => {
    expectProblems(withPractice({ asks: ['forward h'], tolerance: { digit: 3 } }), [
      {
        path: 'practice.asks',
        at: '"asks"',
        severity: 'warning',
        message:
          'practice has no setting "asks" (did you mean "ask"?); it is ignored (the settings are "ask", "tolerance" and "hints")',
      },
      {
        path: 'practice.tolerance.digit',
        at: '"digit"',
        severity: 'warning',
        message:
          'tolerance has no setting "digit" (did you mean "digits"?); it is ignored (the settings are "digits", "relative" and "absolute")',
      },
    ]);
  });
});
