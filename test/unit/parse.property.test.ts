// Property-based: parseModel never throws, on any text, any JSON, any mutation of a good file —
// and what it returns is always coherent: every problem's line/column matches its offset inside
// the text, a model exists exactly when there is no error, and a model's tensors have the shapes
// its sizes say.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { modify, applyEdits, parseTree, type Node } from 'jsonc-parser';
import { PARAM_NAMES, paramShape, type Model } from '../../src/engine/model';
import { parseModel, type ParseResult } from '../../src/engine/parse/parse';
import { hasErrors } from '../../src/engine/parse/problems';
import { doc, lineCol } from './parse.helpers';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const GOOD = [
  doc(),
  ...readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.rnn.json'))
    .map((f) => readFileSync(join(EXAMPLES, f), 'utf8')),
];
const RUNS = { numRuns: 200 };

/** Everything a ParseResult must satisfy, whatever the text. */
function checkCoherent(text: string, r: ParseResult): void {
  for (const p of r.problems) {
    assert.ok(p.severity === 'error' || p.severity === 'warning');
    assert.ok(
      p.offset >= 0 && p.length >= 0 && p.offset + p.length <= text.length,
      `range ${p.offset}+${p.length} outside ${text.length}`,
    );
    assert.deepEqual({ line: p.line, column: p.column }, lineCol(text, p.offset));
    assert.equal(typeof p.path, 'string');
    assert.ok(p.message.length > 0);
  }
  for (let i = 1; i < r.problems.length; i++)
    assert.ok(r.problems[i - 1].offset <= r.problems[i].offset, 'document order');
  assert.equal(r.model === null, hasErrors(r.problems), 'a model exactly when there is no error');
  if (r.model) checkModel(r.model);
}

function checkModel(m: Model): void {
  const { inputSize: I, hiddenSize: H, outputSize: O, steps: T } = m;
  for (const n of [I, H, O, T]) assert.ok(Number.isInteger(n) && n >= 1);
  assert.deepEqual(Object.keys(m.params), [...PARAM_NAMES[m.cell]]);
  for (const name of PARAM_NAMES[m.cell]) {
    const shape = paramShape(name, I, H, O);
    assert.deepEqual(m.params[name].shape, shape);
    assert.equal(
      m.params[name].data.length,
      shape.reduce((a, b) => a * b, 1),
    );
    assert.ok(m.params[name].data.every(Number.isFinite));
  }
  if (m.inputs.kind === 'tokens') assert.ok(m.inputs.ids.length === T && m.inputs.ids.every((id) => id >= 0 && id < I));
  else assert.equal(m.inputs.data.length, T * I);
  if (m.targets.kind === 'tokens')
    assert.ok(m.targets.ids.length === T && m.targets.ids.every((id) => id >= -1 && id < O));
  if (m.targets.kind === 'vectors') assert.ok(m.targets.data.length === T * O && m.targets.mask.length === T);
  assert.equal(m.h0.length, H);
  assert.equal(m.c0 === null, m.cell !== 'lstm');
}

function parsesCoherently(text: string): void {
  checkCoherent(text, parseModel(text));
}

/** All nodes of a tree, depth first (the trees here are at most a few levels deep). */
function nodes(root: Node | undefined): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    out.push(n);
    for (const c of n.children ?? []) walk(c);
  };
  if (root) walk(root);
  return out;
}

const pathOf = (n: Node): (string | number)[] => {
  const path: (string | number)[] = [];
  let cur: Node | undefined = n;
  while (cur?.parent) {
    const parent: Node = cur.parent;
    if (parent.type === 'property') path.unshift(parent.children![0].value);
    else if (parent.type === 'array') path.unshift(parent.children!.indexOf(cur));
    cur = parent.type === 'property' ? parent.parent : parent;
  }
  return path;
};

/** A mutation: given a good text and a chooser of indices, a new text. */
type Mutation = (text: string, root: Node, pick: (n: number) => number, value: unknown) => string;

const MUTATIONS: Record<string, Mutation> = {
  'delete a key': (text, root, pick) => {
    const props = nodes(root).filter((n) => n.type === 'property');
    const prop = props[pick(props.length)];
    return applyEdits(text, modify(text, pathOf(prop.children![1]), undefined, {}));
  },
  'change a number to a string': (text, root, pick) => {
    const numbers = nodes(root).filter((n) => n.type === 'number');
    if (numbers.length === 0) return text;
    const n = numbers[pick(numbers.length)];
    return `${text.slice(0, n.offset)}"${text.slice(n.offset, n.offset + n.length)}"${text.slice(n.offset + n.length)}`;
  },
  truncate: (text, _root, pick) => text.slice(0, pick(text.length + 1)),
  'duplicate an array element': (text, root, pick) => {
    const arrays = nodes(root).filter((n) => n.type === 'array' && (n.children?.length ?? 0) > 0);
    const a = arrays[pick(arrays.length)];
    const e = a.children![pick(a.children!.length)];
    const src = text.slice(e.offset, e.offset + e.length);
    return `${text.slice(0, e.offset + e.length)}, ${src}${text.slice(e.offset + e.length)}`;
  },
  'insert a comment': (text, root, pick) => {
    const all = nodes(root);
    const n = all[pick(all.length)];
    const at = pick(2) === 0 ? n.offset : n.offset + n.length;
    return `${text.slice(0, at)}${pick(2) === 0 ? '/* c */' : '// c\n'}${text.slice(at)}`;
  },
  'replace a value by random JSON': (text, root, pick, value) => {
    const values = nodes(root).filter(
      (n) =>
        n.type !== 'property' &&
        n.parent !== undefined &&
        !(n.parent.type === 'property' && n.parent.children![0] === n),
    );
    const n = values[pick(values.length)];
    return applyEdits(text, modify(text, pathOf(n), value, {}));
  },
};

describe('parse: properties', () => {
  it('any string: never throws, always coherent', () => {
    // Any UTF-16 code units, lone surrogates included (built directly: fast-check's 'binary' unit is slow).
    const units = fc
      .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 300 })
      .map((codes) => String.fromCharCode(...codes));
    fc.assert(fc.property(units, parsesCoherently), RUNS);
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'{}[]",:0123456789.eE-+ \n\r\t/*truefalsenull\\u'.split('')),
          maxLength: 300,
        }),
        parsesCoherently,
      ),
      RUNS,
    );
  });

  it('any JSON value: never throws, always coherent', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => parsesCoherently(JSON.stringify(v, null, 1) ?? '')),
      RUNS,
    );
  });

  it("the format's keys with random values: never throws, always coherent", () => {
    const any = fc.jsonValue({ maxDepth: 3 });
    const model = fc.record(
      {
        cell: fc.oneof(fc.constantFrom('rnn', 'lstm', 'gru'), any),
        activation: fc.oneof(fc.constantFrom('tanh', 'relu'), any),
        hiddenSize: fc.oneof(fc.integer({ min: -2, max: 5 }), any),
        vocab: fc.oneof(fc.constant(['a', 'b']), any),
        classes: fc.oneof(fc.constant(['x', 'y']), any),
        inputs: fc.oneof(fc.constant(['a', 'b', 'a']), fc.constant('abba'), fc.constant([[1], [2]]), any),
        targets: fc.oneof(fc.constant(['b', null, 'a']), fc.constant([[1], null]), any),
        loss: fc.oneof(fc.constantFrom('cross-entropy', 'mse'), any),
        reduction: fc.oneof(fc.constantFrom('sum', 'mean'), any),
        h0: fc.oneof(fc.constant([0, 0]), any),
        c0: fc.oneof(fc.constant([0, 0]), any),
        weights: fc.oneof(
          fc.record({
            init: fc.record(
              { seed: fc.oneof(fc.integer(), any), scale: fc.oneof(fc.double(), any) },
              { requiredKeys: [] },
            ),
          }),
          any,
        ),
        train: fc.oneof(
          fc.record({ learningRate: fc.oneof(fc.double(), any), clipNorm: any, steps: any }, { requiredKeys: [] }),
          any,
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(model, (m) => parsesCoherently(JSON.stringify(m))),
      RUNS,
    );
  });

  for (const [name, mutate] of Object.entries(MUTATIONS)) {
    it(`mutations of the good files — ${name}: never throws, always coherent`, () => {
      const trees = GOOD.map((text) => ({ text, root: parseTree(text)! }));
      fc.assert(
        fc.property(
          fc.nat(trees.length - 1),
          fc.infiniteStream(fc.nat()),
          fc.jsonValue({ maxDepth: 2 }),
          (which, stream, value) => {
            const { text, root } = trees[which];
            const it = stream[Symbol.iterator]();
            const pick = (n: number) => (n <= 0 ? 0 : it.next().value % n);
            parsesCoherently(mutate(text, root, pick, value));
          },
        ),
        RUNS,
      );
    });
  }

  it('the good files themselves are coherent, with a model and no problem', () => {
    for (const text of GOOD) {
      const r = parseModel(text);
      checkCoherent(text, r);
      assert.ok(r.model);
      assert.deepEqual(r.problems, []);
    }
  });
});
