// The equations are provably right: every step's expression tree, evaluated from the numbers it
// shows (with its own arithmetic, evaluate.ts), equals the value the engine recorded, to display
// precision — every element of every `= … =` chain, for every step of every example and of random
// models of each cell, input, loss and reduction kind. And every operand is the tensor of the right
// phase and timestep: one the step reads (or an earlier statement of it wrote), holding exactly the
// numbers the trace recorded for that reference.
import { strict as assert } from 'node:assert';
import { runModel } from '../../src/engine/compute/run';
import { stepEquationTree } from '../../src/engine/equations/equations';
import { evaluate, type Value } from '../../src/engine/equations/evaluate';
import { leaves, type EquationTree, type Expr, type Statement, type TensorLeaf } from '../../src/engine/equations/expr';
import { fmtNum } from '../../src/engine/equations/latex';
import { refKey, valueAt } from '../../src/engine/trace/stepValues';
import type { Step, Trace } from '../../src/engine/trace/trace';
import { exampleTraces, randomModel, seedModel, type RandomSpec } from './stepsModels';

/** Equal as the panel shows them (6 significant digits). A value within 1e-12 (relative) of the
 *  recorded one may round the other way at a digit boundary; that is still the same number. */
function sameShown(got: number, want: number, what: string): void {
  if (fmtNum(got) === fmtNum(want)) return;
  assert.ok(
    Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)),
    `${what}: ${got} shown as ${fmtNum(got)}, recorded ${want}`,
  );
}

function sameValue(got: Value, want: Value, what: string): void {
  const n = want.data.length;
  if (got.data.length === 1 && n > 1) {
    // A constant (0 for a step without a target) broadcast over the recorded vector.
    for (let i = 0; i < n; i++) sameShown(got.data[0], want.data[i], `${what}[${i}]`);
    return;
  }
  assert.equal(got.data.length, n, `${what}: ${got.data.length} values, recorded ${n}`);
  for (let i = 0; i < n; i++) sameShown(got.data[i], want.data[i], `${what}[${i}]`);
}

/** The recorded numbers of a leaf's reference, as the trace has them at the leaf's step. */
function recorded(trace: Trace, leaf: TensorLeaf): ArrayLike<number> {
  const v = valueAt(trace, leaf.ref, leaf.at);
  assert.ok(v, `${refKey(leaf.ref)} has no value at step ${leaf.at}`);
  if (leaf.column === undefined) return v.data;
  const cols = v.shape[1];
  return Array.from({ length: v.shape[0] }, (_x, r) => v.data[r * cols + leaf.column!]);
}

/** Checks one step's tree (the engine's own unless given); throws on the first problem. */
function checkStep(trace: Trace, step: Step, tree: EquationTree = stepEquationTree(trace, step.index)): void {
  const where = `${trace.model.name} ${step.id}`;
  const reads = new Set(step.reads.map(refKey));
  const writes = new Set(step.writes.map(refKey));
  const known = (l: TensorLeaf): boolean =>
    reads.has(refKey(l.ref)) || writes.has(refKey(l.ref)) || (l.ref.name === 'loss' && reads.has('losses'));
  const writtenBefore = new Set<string>();
  assert.ok(tree.statements.length > 0, where);
  tree.statements.forEach((s: Statement, k) => {
    const at = `${where} statement ${k + 1}`;
    const result = s.chain[s.chain.length - 1];
    const want = evaluate(result);
    // The operands: each names a tensor the step reads or writes, holding the recorded numbers.
    for (const e of [s.rhs, ...s.chain])
      for (const l of leaves(e)) {
        assert.ok(known(l), `${at}: operand ${refKey(l.ref)} is neither read nor written by the step`);
        const rec = recorded(trace, l);
        assert.equal(l.data.length, rec.length, `${at}: ${refKey(l.ref)} has the wrong size`);
        for (let i = 0; i < rec.length; i++)
          assert.ok(Object.is(l.data[i], rec[i]), `${at}: ${refKey(l.ref)}[${i}] is ${l.data[i]}, recorded ${rec[i]}`);
      }
    // What the formula starts from exists before it: a tensor this step writes may appear only as
    // the result of an earlier statement (δh_t^out in δh_t = δh_t^out + δh_t^next).
    for (const e of s.chain.length > 1 ? [s.rhs, s.chain[0]] : [s.rhs])
      for (const l of leaves(e))
        if (writes.has(refKey(l.ref)) && !writtenBefore.has(refKey(l.ref)) && !(s.accumulate && l.at < step.index))
          assert.fail(`${at}: the formula reads ${refKey(l.ref)}, which this step computes`);
    // The result is what the step writes (or, as ‖g‖² = ‖g‖·‖g‖, computed from it).
    const made = leaves(result);
    assert.ok(made.length > 0, `${at}: the result is no recorded value`);
    for (const l of made) {
      assert.ok(writes.has(refKey(l.ref)), `${at}: the result ${refKey(l.ref)} is not written by the step`);
      writtenBefore.add(refKey(l.ref));
    }
    // Every element of the chain equals the result — and so does the formula itself, unless it
    // is the term a gradient sum adds (+=).
    s.chain.forEach((e: Expr, j) => sameValue(evaluate(e), want, `${at}, element ${j + 1} of the chain`));
    if (!s.accumulate) sameValue(evaluate(s.rhs), want, `${at}, the formula`);
  });
}

const describeSpec = (spec: RandomSpec): string =>
  `${spec.cell}${spec.activation ? `/${spec.activation}` : ''}, ${spec.tokens ? 'tokens' : 'vectors'}, ` +
  `${spec.reduction ?? 'sum'}, clip ${spec.clipNorm ?? 'none'}`;

describe('equations: every numeric form evaluates to the recorded value', () => {
  for (const { name, trace } of exampleTraces())
    it(`every step of ${name}`, () => {
      for (const s of trace.steps) checkStep(trace, s);
    });

  it('every step of the seed example built by hand', () => {
    const trace = runModel(seedModel());
    for (const s of trace.steps) checkStep(trace, s);
  });

  const specs: RandomSpec[] = [];
  for (const cell of ['rnn', 'lstm', 'gru'] as const)
    for (const tokens of [true, false])
      for (const reduction of ['sum', 'mean'] as const)
        specs.push({
          cell,
          tokens,
          loss: tokens ? 'cross-entropy' : 'mse',
          reduction,
          H: 5,
          T: 4,
          I: 3,
          O: 4,
          masked: [2],
          clipNorm: reduction === 'mean' ? 0.01 : null,
        });
  specs.push({ cell: 'rnn', activation: 'relu', tokens: true, loss: 'cross-entropy', H: 3, T: 3, I: 4, clipNorm: 0.5 });
  for (const spec of specs)
    it(`every step: ${describeSpec(spec)}`, () => {
      const trace = runModel(randomModel(spec));
      for (const s of trace.steps) checkStep(trace, s);
    });

  it('covers what the examples promise: tanh and ReLU, LSTM, GRU, mse, many-to-one, a clip that scales', () => {
    const traces = exampleTraces().map((e) => e.trace);
    const has = (f: (t: Trace) => boolean): boolean => traces.some(f);
    assert.ok(has((t) => t.model.cell === 'rnn' && t.model.activation === 'tanh'));
    assert.ok(has((t) => t.model.cell === 'rnn' && t.model.activation === 'relu'));
    assert.ok(has((t) => t.model.cell === 'lstm'));
    assert.ok(has((t) => t.model.cell === 'gru'));
    assert.ok(has((t) => t.model.loss === 'mse'));
    assert.ok(has((t) => t.targetCount === 1 && t.model.steps > 1));
    assert.ok(has((t) => t.clipFactor < 1));
  });
});

describe('equations: a wrong operand fails the check', () => {
  const { trace } = exampleTraces().find((e) => e.trace.model.cell === 'lstm')!;
  const step = trace.steps.find((s) => s.id === 'forward:2:c')!;
  const tree = stepEquationTree(trace, step.index);
  /** The tree with every leaf `from` replaced by `to` (each leaf consistent in itself: its own
   *  symbol and numbers). */
  const swap = (e: Expr, from: (l: TensorLeaf) => boolean, to: TensorLeaf): Expr => {
    const f = (x: Expr): Expr =>
      x.op === 'tensor'
        ? from(x)
          ? to
          : x
        : x.op === 'add'
          ? { ...x, terms: x.terms.map(f) }
          : x.op === 'had'
            ? { ...x, factors: x.factors.map(f) }
            : x;
    return f(e);
  };
  const s = tree.statements[0];
  const c2 = s.chain[s.chain.length - 1] as TensorLeaf;
  const isC1 = (l: TensorLeaf): boolean => l.ref.name === 'c' && l.ref.t === 1;

  it('the engine tree passes', () => checkStep(trace, step, tree));

  it('c₂ = f₂ ⊙ c₂ + i₂ ⊙ g₂ (c₂ where c₁ belongs) does not add up', () => {
    const wrong: EquationTree = {
      statements: [{ ...s, rhs: swap(s.rhs, isC1, c2), chain: s.chain.map((e) => swap(e, isC1, c2)) }],
    };
    assert.throws(() => checkStep(trace, step, wrong), /which this step computes/);
    // Its value alone gives it away too.
    assert.throws(() => sameValue(evaluate(wrong.statements[0].rhs), evaluate(c2), 'c₂'), /shown as/);
  });

  it("c₁'s symbol with c₂'s numbers is caught as the wrong tensor", () => {
    const c1 = leaves(s.rhs).find(isC1)!;
    const forged = { ...c1, data: c2.data };
    const wrong: EquationTree = {
      statements: [{ ...s, rhs: swap(s.rhs, isC1, forged), chain: s.chain.map((e) => swap(e, isC1, forged)) }],
    };
    assert.throws(() => checkStep(trace, step, wrong), /c@1\[0\] is .*, recorded/);
  });
});
