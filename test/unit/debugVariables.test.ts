// Tensors as DAP variables (src/host/debug/variables.ts) on the seed example: compact previews,
// full-precision elements with evaluatable names, matrix rows, paging, and what each scope holds at
// a step — with the seed's numbers (h₁ = 0.46211715726000974, ∂L/∂W_hh = 0.452094511014637…).
import { strict as assert } from 'node:assert';
import type { Tensor } from '../../src/engine/model';
import { PARAM_NAMES } from '../../src/engine/model';
import {
  childVariables,
  HIDDEN_VALUE,
  previewNumber,
  refExpression,
  scopeTensors,
  tensorPreview,
  tensorType,
  tensorVariable,
  type TensorNode,
} from '../../src/host/debug/variables';
import { readdirSync } from 'node:fs';
import { evaluateExpression } from '../../src/host/debug/evaluate';
import { EXAMPLES, SEED_H1, loadExample } from './debug.helpers';

const vec = (...xs: number[]): Tensor => ({ shape: [xs.length], data: Float64Array.from(xs) });
const mat = (rows: number, cols: number, xs: number[]): Tensor => ({
  shape: [rows, cols],
  data: Float64Array.from(xs),
});

/** An allocator that records what each reference points at. */
function handles(): { allocate: (n: TensorNode) => number; get: (ref: number) => TensorNode } {
  const nodes: TensorNode[] = [];
  return { allocate: (n) => nodes.push(n), get: (ref) => nodes[ref - 1] };
}

describe('debugger variables', () => {
  const { trace } = loadExample();
  const last = trace.steps.length - 1;

  it('previews numbers with four significant digits and a typographic minus', () => {
    assert.equal(previewNumber(SEED_H1), '0.4621');
    assert.equal(previewNumber(-0.20460000001), '−0.2046');
    assert.equal(previewNumber(0), '0');
    assert.equal(previewNumber(1.5e-9), '1.5e-9');
    assert.equal(previewNumber(NaN), 'NaN');
    assert.equal(previewNumber(-Infinity), '−∞');
  });

  it('previews vectors, small matrices inline and large matrices by shape', () => {
    assert.equal(tensorPreview(vec(SEED_H1, -0.2046)), '[0.4621, −0.2046] (2)');
    assert.equal(tensorPreview(vec(1, 2, 3, 4, 5, 6, 7)), '[1, 2, 3, 4, 5, 6, …] (7)');
    assert.equal(tensorPreview(trace.model.params.W_xh), '[[0.5, −0.3, 0.8, 0]] (1×4)');
    assert.equal(tensorPreview(trace.model.params.W_hy), '[[1], [0.5], [−0.5], [0]] (4×1)');
    assert.equal(
      tensorPreview(
        mat(
          3,
          4,
          Array.from({ length: 12 }, (_, i) => i),
        ),
      ),
      '3×4 matrix',
    );
    assert.equal(tensorType(trace.model.params.W_hy), 'matrix 4×1');
    assert.equal(tensorType(vec(1, 2)), 'vector (2)');
  });

  it('names trace values by the expressions evaluate() reads', () => {
    assert.equal(refExpression({ name: 'h', t: 3 }), 'h_3');
    assert.equal(refExpression({ name: 'dh_prev', t: 4 }), 'dh_prev_4');
    assert.equal(refExpression({ name: 'dW_hh' }), 'dW_hh');
    assert.equal(refExpression({ name: "W_hh'" }), "W_hh'");
  });

  it('shows h₁ as a vector whose element is the exact float64', () => {
    const h = handles();
    const [written] = scopeTensors(trace, 1, 'step');
    const v = tensorVariable(written, h.allocate);
    assert.deepEqual(
      { name: v.name, value: v.value, evaluateName: v.evaluateName, type: v.type },
      {
        name: 'h₁ (computed)',
        value: '[0.4621] (1)',
        evaluateName: 'h_1',
        type: 'vector (1)',
      },
    );
    assert.ok(v.variablesReference > 0);
    const [el] = childVariables(h.get(v.variablesReference), h.allocate);
    assert.deepEqual(el, {
      name: '[0]',
      value: '0.46211715726000974',
      type: 'number',
      evaluateName: 'h_1[0]',
      variablesReference: 0,
    });
    assert.equal(Number(el.value), SEED_H1);
  });

  it('expands a matrix into rows, each row into elements at full precision', () => {
    const h = handles();
    const v = tensorVariable({ name: 'W_hy', expr: 'W_hy', tensor: trace.model.params.W_hy }, h.allocate);
    assert.equal(v.indexedVariables, 4);
    const rows = childVariables(h.get(v.variablesReference), h.allocate);
    assert.deepEqual(
      rows.map((r) => [r.name, r.value, r.evaluateName]),
      [
        ['[0]', '[1] (1)', 'W_hy[0]'],
        ['[1]', '[0.5] (1)', 'W_hy[1]'],
        ['[2]', '[−0.5] (1)', 'W_hy[2]'],
        ['[3]', '[0] (1)', 'W_hy[3]'],
      ],
    );
    const cells = childVariables(h.get(rows[2].variablesReference), h.allocate);
    assert.deepEqual(
      cells.map((c) => [c.name, c.value, c.evaluateName]),
      [['[0]', '-0.5', 'W_hy[2][0]']],
    );
    const wxh = tensorVariable({ name: 'W_xh', expr: 'W_xh', tensor: trace.model.params.W_xh }, h.allocate);
    const [row0] = childVariables(h.get(wxh.variablesReference), h.allocate);
    assert.deepEqual(
      childVariables(h.get(row0.variablesReference), h.allocate).map((c) => `${c.evaluateName}=${c.value}`),
      ['W_xh[0][0]=0.5', 'W_xh[0][1]=-0.3', 'W_xh[0][2]=0.8', 'W_xh[0][3]=0'],
    );
  });

  it('pages through children (start, count)', () => {
    const h = handles();
    const t = vec(...Array.from({ length: 250 }, (_, i) => i / 8));
    const page = childVariables({ expr: 'v', tensor: t }, h.allocate, 100, 100);
    assert.equal(page.length, 100);
    assert.deepEqual(
      [page[0].name, page[0].value, page[99].name, page[99].evaluateName],
      ['[100]', '12.5', '[199]', 'v[199]'],
    );
    assert.equal(childVariables({ expr: 'v', tensor: t }, h.allocate, 200, 100).length, 50);
  });

  it('Step scope: what the step computes, then what it reads', () => {
    const at = (i: number): string[] => scopeTensors(trace, i, 'step').map((t) => `${t.name}=${t.expr}`);
    assert.deepEqual(at(0), ['a₁ (computed)=a_1', 'W_hh=W_hh', 'h₀=h_0', 'W_xh=W_xh', 'x₁ (hi)=x_1', 'b_h=b_h']);
    assert.deepEqual(at(1), ['h₁ (computed)=h_1', 'a₁=a_1']);
    // An accumulation reads and writes the sums: listed once, as computed.
    const dW = trace.steps.findIndex((s) => s.id === 'backward:1:dW');
    assert.deepEqual(at(dW), [
      '∂L/∂W_xh (computed)=dW_xh',
      '∂L/∂W_hh (computed)=dW_hh',
      '∂L/∂b_h (computed)=db_h',
      'δa₁=da_1',
      'x₁ (hi)=x_1',
      'h₀=h_0',
    ]);
    const dWhh = scopeTensors(trace, dW, 'step')[1];
    assert.deepEqual(Array.from(dWhh.tensor.data), Array.from(trace.grads.W_hh.data));
  });

  it("State scope: the run's live values without the parameters and gradients", () => {
    const names = scopeTensors(trace, 1, 'state').map((t) => t.name);
    assert.deepEqual(names, ['x₁ (hi)', 'h₀', 'a₁', 'h₁', 'target₁ (there)']);
    const h1 = scopeTensors(trace, 1, 'state').find((t) => t.expr === 'h_1');
    assert.equal(h1?.tensor.data[0], SEED_H1);
    // ℓ₁ and L are single numbers, shown as such.
    const loss = scopeTensors(trace, 4, 'state').find((t) => t.expr === 'loss_1');
    assert.equal(loss?.scalar, true);
    const h = handles();
    assert.deepEqual(tensorVariable(loss!, h.allocate, true), {
      name: 'ℓ₁',
      value: String(trace.losses[0]),
      type: 'number',
      evaluateName: 'loss_1',
      variablesReference: 0,
    });
  });

  it('Parameters and Gradients scopes: every parameter, the running sums as they stand', () => {
    assert.deepEqual(
      scopeTensors(trace, 0, 'parameters').map((t) => t.expr),
      [...PARAM_NAMES.rnn],
    );
    const grads = (i: number): Map<string, number[]> =>
      new Map(scopeTensors(trace, i, 'gradients').map((t) => [t.expr, Array.from(t.tensor.data)]));
    assert.deepEqual(grads(0).get('dW_hh'), [0], 'nothing accumulated before BPTT');
    assert.equal(grads(0).has('dh0'), false, '∂L/∂h₀ is not computed before its step');
    const end = grads(last);
    assert.equal(end.get('dW_hh')?.[0], trace.grads.W_hh.data[0]);
    assert.equal(String(end.get('dW_hh')?.[0]).slice(0, 17), '0.452094511014637');
    assert.deepEqual(end.get('dh0'), Array.from(trace.dh0));
  });

  it('stepping back shows exactly what was shown before', () => {
    const snapshot = (i: number): unknown =>
      (['step', 'state', 'parameters', 'gradients'] as const).map((s) =>
        scopeTensors(trace, i, s).map((t) => [t.name, t.expr, Array.from(t.tensor.data)]),
      );
    const seen = new Map<number, string>();
    for (let i = 0; i <= last; i++) seen.set(i, JSON.stringify(snapshot(i)));
    for (let i = last; i >= 0; i--)
      assert.equal(JSON.stringify(snapshot(i)), seen.get(i), `step ${i} after walking back`);
  });
});

describe('debugger variables on every example', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn.json'));
  for (const file of files) {
    it(`${file}: every variable's evaluateName evaluates to the value shown, at every step`, () => {
      const { trace } = loadExample(file);
      let checked = 0;
      for (let i = 0; i < trace.steps.length; i++) {
        for (const scope of ['step', 'state', 'parameters', 'gradients'] as const) {
          for (const t of scopeTensors(trace, i, scope)) {
            const e = evaluateExpression(trace, i, t.expr);
            assert.ok(e.ok, `${file} step ${i} ${scope} ${t.name}: ${e.ok ? '' : e.error}`);
            assert.deepEqual(Array.from(e.tensor.data), Array.from(t.tensor.data), `${t.expr} at step ${i}`);
            checked++;
          }
        }
      }
      assert.ok(checked > trace.steps.length * 5, `checked ${checked} values`);
    });
  }
});

describe('debugger variables in practice mode', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn.json'));
  const SCOPE_KINDS = ['step', 'state', 'parameters', 'gradients'] as const;
  for (const file of files) {
    it(`${file}: at every step, what the step computes shows no number in any scope nor in evaluate; the rest is unchanged`, () => {
      const { trace } = loadExample(file);
      const { allocate } = handles();
      for (let i = 0; i < trace.steps.length; i++) {
        const asked = new Set(trace.steps[i].writes.map(refExpression));
        const seenHidden = new Set<string>();
        for (const scope of SCOPE_KINDS) {
          const open = scopeTensors(trace, i, scope);
          const practising = scopeTensors(trace, i, scope, asked);
          assert.deepEqual(
            practising.map((t) => t.expr),
            open.map((t) => t.expr),
            `${file} step ${i} ${scope}: the same variables, in the same order`,
          );
          for (const [k, t] of practising.entries()) {
            const v = tensorVariable(t, allocate, t.scalar);
            if (asked.has(t.expr)) {
              seenHidden.add(t.expr);
              assert.equal(v.value, HIDDEN_VALUE, `${file} step ${i} ${scope} ${t.name}`);
              assert.equal(v.variablesReference, 0, `${t.name}: no elements to expand`);
              const e = evaluateExpression(trace, i, t.expr, asked);
              assert.ok(!e.ok && e.error.includes('asks you to compute'), `${t.expr} at step ${i} is refused`);
              const elementOf = evaluateExpression(trace, i, `${t.expr}[0]`, asked);
              assert.ok(!elementOf.ok, `${t.expr}[0] at step ${i} is refused too`);
            } else {
              assert.equal(v.value, tensorVariable(open[k], allocate, open[k].scalar).value, `${t.name} unchanged`);
              assert.ok(evaluateExpression(trace, i, t.expr, asked).ok, `${t.expr} at step ${i} still evaluates`);
            }
          }
        }
        assert.deepEqual(
          [...seenHidden].sort(),
          [...asked].sort(),
          `${file} step ${i}: every value it computes is hidden`,
        );
      }
    });
  }

  it('the seed at h₁: the Step scope hides h₁; W_xh and x₁ keep their numbers', () => {
    const { trace } = loadExample();
    const i = trace.steps.findIndex((s) => s.writes.some((w) => w.name === 'h' && w.t === 1));
    const asked = new Set(trace.steps[i].writes.map(refExpression));
    assert.deepEqual([...asked], ['h_1']);
    const { allocate } = handles();
    const shown = scopeTensors(trace, i, 'step', asked).map((t) => [
      t.name,
      tensorVariable(t, allocate, t.scalar).value,
    ]);
    assert.deepEqual(shown[0], ['h₁ (computed)', HIDDEN_VALUE]);
    assert.ok(
      shown.slice(1).every(([, v]) => v !== HIDDEN_VALUE && /\d/.test(v)),
      JSON.stringify(shown),
    );
    const e = evaluateExpression(trace, i, 'h₁', asked);
    assert.ok(!e.ok);
    assert.equal(e.error, `h₁ is what step ${i + 1} (${trace.steps[i].title}) asks you to compute: ${HIDDEN_VALUE}`);
    assert.equal(evaluateExpression(trace, i + 1, 'h_1').ok, true, 'the step after shows it (no longer asked)');
  });
});
