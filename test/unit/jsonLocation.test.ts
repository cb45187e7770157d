// Offset → what the hover is about: weights' elements, input/target tokens (including a string read
// as characters, with escapes), vector inputs, h0 — on texts with comments, odd spacing, one-line
// matrices and CRLF line endings, using the tree the engine's parse built.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { locate, weightNumbers, type ModelLocation } from '../../src/host/editor/jsonLocation';

const examples = join(__dirname, '..', '..', 'examples');

const ODD = `/* a model */ {"cell":"rnn", "vocab": ["a","b"], "inputs": "ab", "targets": "ba",
"h0": [0, 0.5],
"weights": { // comment with [[1, 2]] inside
  "W_xh":[[ 0.5 ,/*x*/-0.3],[1e-3,
      2]], "W_hh" : [ [0.2,0.1] , [0.0 , 1]],
  "b_h":[0,0],"W_hy":[[1,2],[3,4]],"b_y":[0,
  0]}}`;

/** The location at the `nth` occurrence of `needle` plus `delta`. */
function at(text: string, needle: string, delta = 0, nth = 0): ModelLocation | undefined {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not in text`);
  return locate(text, parseModel(text).root, offset + delta);
}

function weightAt(text: string, needle: string, delta = 0, nth = 0): string {
  const loc = at(text, needle, delta, nth);
  return loc?.kind === 'weight' ? `${loc.param}${loc.index.map((i) => `[${i}]`).join('')}` : String(loc?.kind);
}

describe('jsonLocation', () => {
  for (const [label, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    describe(`odd formatting, ${label}`, () => {
      const text = ODD.replace(/\n/g, eol);
      it('parses cleanly (the test text is a valid model)', () => {
        assert.deepEqual(parseModel(text).problems, []);
      });
      it('maps every number of weights to its parameter and index, at every offset inside and just after it', () => {
        const { root, model } = parseModel(text);
        const numbers = weightNumbers(root);
        assert.equal(numbers.length, 4 + 4 + 2 + 4 + 2);
        for (const w of numbers) {
          // The number written in the text is the model's parameter at that index.
          const t = model!.params[w.param];
          const k = w.index.length === 2 ? w.index[0] * t.shape[1] + w.index[1] : w.index[0];
          assert.equal(t.data[k], w.node.value);
          for (let o = w.node.offset; o <= w.node.offset + w.node.length; o++) {
            const loc = locate(text, root, o);
            assert.equal(loc?.kind, 'weight', `offset ${o}`);
            if (loc?.kind === 'weight') {
              assert.equal(loc.param, w.param);
              assert.deepEqual(loc.index, w.index);
            }
          }
        }
      });
      it('knows the awkward places', () => {
        assert.equal(weightAt(text, '-0.3'), 'W_xh[0][1]');
        assert.equal(weightAt(text, '1e-3', 2), 'W_xh[1][0]');
        assert.equal(weightAt(text, '2]]', 0, 1), 'W_xh[1][1]'); // the "2" after a line break
        assert.equal(weightAt(text, '0.0 , 1', 6), 'W_hh[1][1]');
        assert.equal(weightAt(text, '0]}}'), 'b_y[1]');
      });
      it('finds nothing in comments, keys, brackets or whitespace', () => {
        assert.equal(at(text, '[[1, 2]] inside', 3), undefined); // inside the comment
        assert.equal(at(text, '/*x*/', 2), undefined);
        assert.equal(at(text, '"W_hh"', 2), undefined); // the key
        assert.equal(at(text, '"weights"', 1), undefined);
        assert.equal(at(text, 'a model'), undefined);
      });
      it('maps h0 entries and each character of a string input/target', () => {
        assert.deepEqual(pick(at(text, '0.5]')), { kind: 'h0', i: 1 });
        assert.deepEqual(pick(at(text, '"ab"', 1)), { kind: 'input', t: 1 });
        assert.deepEqual(pick(at(text, '"ab"', 2)), { kind: 'input', t: 2 });
        assert.deepEqual(pick(at(text, '"ab"', 3)), { kind: 'input', t: 2 }); // closing quote: the last character
        assert.deepEqual(pick(at(text, '"ba"', 1)), { kind: 'target', t: 1 });
      });
    });
  }

  it('counts an escape as the one character it stands for', () => {
    const text =
      '{"vocab": ["a", "b", "é"], "inputs": "a\\u00e9b", "targets": "\\u00e9ba", "weights": {"init": {"seed": 1}}, "hiddenSize": 1}';
    assert.deepEqual(parseModel(text).problems, []);
    const s = text.indexOf('"a\\u00e9b"');
    const loc = (d: number) => pick(locate(text, parseModel(text).root, s + d));
    assert.deepEqual(loc(1), { kind: 'input', t: 1 });
    for (let d = 2; d < 8; d++) assert.deepEqual(loc(d), { kind: 'input', t: 2 }, `offset +${d}`);
    assert.deepEqual(loc(8), { kind: 'input', t: 3 });
  });

  it('maps token arrays, vector inputs with their component, and null targets', () => {
    const text = readFileSync(join(examples, 'relu-counter.rnn.json'), 'utf8');
    assert.deepEqual(pick(at(text, '[0.5]', 1)), { kind: 'input', t: 2, component: 0 });
    assert.deepEqual(pick(at(text, '[-0.25]')), { kind: 'input', t: 3 }); // on the bracket: the whole x_t
    assert.deepEqual(pick(at(text, '[2.25]', 2)), { kind: 'target', t: 4, component: 0 });
    const m2o = readFileSync(join(examples, 'sentiment-many-to-one.rnn.json'), 'utf8');
    assert.deepEqual(pick(at(m2o, '"great"', 2, 1)), { kind: 'input', t: 4 });
    assert.deepEqual(pick(at(m2o, 'null', 1, 3)), { kind: 'target', t: 3 }); // the first "null" is in the comment
    // `weights: {"init": …}` has no weight numbers: the seed is not a weight.
    assert.equal(weightNumbers(parseModel(m2o).root).length, 0);
    assert.equal(at(m2o, '42'), undefined);
  });

  it('maps every number of the seed example (one-line matrices)', () => {
    const text = readFileSync(join(examples, 'hi-there-class.rnn.json'), 'utf8');
    assert.equal(weightAt(text, '0.2]]'), 'W_hh[0][0]');
    assert.equal(weightAt(text, '0.8'), 'W_xh[0][2]');
    assert.equal(weightAt(text, '-0.5'), 'W_hy[2][0]');
    assert.equal(weightAt(text, '[0, 0, 0, 0]', 1), 'b_y[0]');
  });
});

/** The comparable part of a location (drops the node). */
function pick(loc: ModelLocation | undefined): Record<string, unknown> | undefined {
  if (!loc) return undefined;
  switch (loc.kind) {
    case 'weight':
      return { kind: loc.kind, param: loc.param, index: loc.index };
    case 'h0':
    case 'c0':
      return { kind: loc.kind, i: loc.i };
    case 'input':
    case 'target':
      return loc.component === undefined
        ? { kind: loc.kind, t: loc.t }
        : { kind: loc.kind, t: loc.t, component: loc.component };
  }
}
