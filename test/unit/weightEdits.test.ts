// Writing new weights into the text: only number tokens change, the edited text parses to exactly
// the new parameters (bit for bit), undo (the inverse edits) restores the text byte for byte, and
// `{"init": …}` becomes explicit matrices holding exactly the numbers the engine drew.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { applyEdits, type Edit } from 'jsonc-parser';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { PARAM_NAMES, type Model, type Tensor } from '../../src/engine/model';
import { weightEdits } from '../../src/host/commands/weightEdits';
import { formatNumber, detectLayout } from '../../src/engine/interop/weightsText';

const examples = join(__dirname, '..', '..', 'examples');
const read = (name: string) => readFileSync(join(examples, name), 'utf8');

/** What Ctrl+Z does: the edits that turn the edited text back into the original. */
function inverse(original: string, edits: readonly Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  let shift = 0;
  return sorted.map((e) => {
    const inv = {
      offset: e.offset + shift,
      length: e.content.length,
      content: original.slice(e.offset, e.offset + e.length),
    };
    shift += e.content.length - e.length;
    return inv;
  });
}

function assertSameParams(actual: Readonly<Record<string, Tensor>>, expected: Readonly<Record<string, Tensor>>): void {
  for (const name of Object.keys(expected)) {
    assert.deepEqual(actual[name].shape, expected[name].shape, name);
    expected[name].data.forEach((x, k) =>
      assert.ok(Object.is(actual[name].data[k], x), `${name}[${k}]: ${actual[name].data[k]} ≠ ${x}`),
    );
  }
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function roundTrip(text: string, params: Readonly<Record<string, Tensor>>): string {
  const { root, model } = parseModel(text);
  assert.ok(model, 'the starting text is a valid model');
  const edits = weightEdits(text, root, params, PARAM_NAMES[model.cell]);
  const edited = applyEdits(text, edits);
  const reparsed = parseModel(edited);
  assert.deepEqual(reparsed.problems, []);
  assertSameParams(reparsed.model!.params, params);
  assert.equal(applyEdits(edited, inverse(text, edits)), text, 'undo restores the text byte for byte');
  return edited;
}

describe('weightEdits', () => {
  it('the seed: one SGD step rewrites W_hh 0.2 → 0.1547905488985363 and only number tokens', () => {
    const text = read('hi-there-class.rnn.json');
    const { root, model } = parseModel(text);
    const trace = runModel(model!);
    const edits = weightEdits(text, root, trace.updated, PARAM_NAMES.rnn);
    for (const e of edits) {
      assert.match(text.slice(e.offset, e.offset + e.length), NUMBER, 'an edit replaces exactly one number token');
      assert.match(e.content, NUMBER);
    }
    const edited = roundTrip(text, trace.updated);
    assert.match(edited, /"W_hh": \[\[0\.1547905488985363\]\],/);
    // Comments and layout outside the numbers are untouched.
    assert.equal(edited.split('\n').length, text.split('\n').length);
    assert.ok(edited.includes("// The seed's worked example: hidden size 1, next-word prediction over four tokens."));
  });

  it('keeps the spelling of numbers whose value does not change', () => {
    // hi-there-2-unit reads only "hi" and "there": W_xh's columns of "class" and "!" get no gradient.
    const text = read('hi-there-2-unit.rnn.json');
    const trace = runModel(parseModel(text).model!);
    const edited = roundTrip(text, trace.updated);
    assert.match(edited, /"W_xh": \[\[[-\d.e]+, [-\d.e]+, 0\.0, 0\.0\],\n\s+\[[-\d.e]+, [-\d.e]+, 0\.0, 0\.0\]\],/);
    assert.notEqual(edited, text);
  });

  it('keeps comments inside the matrices, odd spacing and CRLF', () => {
    const text = [
      '{ "cell": "rnn", "vocab": ["a", "b"], "inputs": "ab", "targets": "ba",',
      '  "weights": {',
      '    "W_xh": [[ 0.5 , /* keep me */ -0.3 ],',
      '             [1e-3,0.25]], // and me',
      '    "W_hh": [[0.2, 0.1], [0.0,1]], "b_h": [0, 0],',
      '    "W_hy": [[1, 2],',
      '             [3, 4]], "b_y": [0, 0]',
      '  },',
      '  "train": { "learningRate": 0.5 }',
      '}',
    ].join('\r\n');
    const trace = runModel(parseModel(text).model!);
    const edited = roundTrip(text, trace.updated);
    assert.ok(edited.includes('/* keep me */') && edited.includes('// and me'));
    assert.equal(edited.split('\r\n').length, text.split('\r\n').length);
    assert.ok(!/[^\r]\n/.test(edited), 'no bare LF introduced');
  });

  it('round-trips arbitrary float64 parameters (property)', () => {
    const text = read('hi-there-2-unit.rnn.json');
    const model = parseModel(text).model!;
    const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(anyDouble, { minLength: 26, maxLength: 26 }), (values) => {
        let i = 0;
        const params: Record<string, Tensor> = {};
        for (const name of PARAM_NAMES.rnn) {
          const t = model.params[name];
          params[name] = { shape: t.shape, data: t.data.map(() => values[i++]) };
        }
        roundTrip(text, params);
      }),
      { numRuns: 200 },
    );
  });

  it('formatNumber is the shortest round-trip text, keeps −0, refuses non-finite numbers', () => {
    for (const x of [0.1547905488985363, 5e-324, 1.7976931348623157e308, -1e-7, 123456789012345680000, 1 / 3]) {
      assert.ok(Object.is(JSON.parse(formatNumber(x)), x), String(x));
    }
    assert.equal(formatNumber(-0), '-0');
    assert.ok(Object.is(JSON.parse(formatNumber(-0)), -0));
    assert.throws(() => formatNumber(NaN), /not finite/);
    assert.throws(() => formatNumber(Infinity), /not finite/);
  });

  for (const name of ['lstm-hello.rnn.json', 'gru-sine.rnn.json', 'sentiment-many-to-one.rnn.json']) {
    it(`materializes {"init": …} of ${name} into the exact drawn numbers, one row per line`, () => {
      const text = read(name);
      const { model, root } = parseModel(text);
      const drawn: Model = model!;
      assert.ok(drawn.init, 'the example draws its weights');
      const edits = weightEdits(text, root, drawn.params, PARAM_NAMES[drawn.cell]);
      assert.equal(edits.length, 1, 'one edit: the weights value');
      const edited = roundTrip(text, drawn.params);
      const after = parseModel(edited).model!;
      assert.equal(after.init, null, 'the weights are explicit now');
      // Same model, same run: the loss is bit-identical.
      assert.ok(Object.is(runModel(after).loss, runModel(drawn).loss));
      // The header comment and every other line outside `weights` are kept.
      const firstLines = text.split('\n').slice(0, 3).join('\n');
      assert.ok(edited.startsWith(firstLines));
      // Layout: each matrix row on a line of its own, continuation rows aligned under the first.
      const H = drawn.hiddenSize;
      const whh = PARAM_NAMES[drawn.cell][1]; // an H×H matrix
      const line = edited.split('\n').find((l) => l.includes(`"${whh}": [[`))!;
      const column = line.indexOf('[[') + 1;
      const i = edited.split('\n').indexOf(line);
      for (let r = 1; r < H; r++)
        assert.equal(edited.split('\n')[i + r].indexOf('['), column, `row ${r} of ${whh} aligned`);
    });
  }

  it("materialized text uses the file's indentation and line endings", () => {
    const text = read('gru-sine.rnn.json').replace(/\n/g, '\r\n').replace(/^ {2}/gm, '\t');
    assert.deepEqual(detectLayout(text), { eol: '\r\n', unit: '\t' });
    const { model } = parseModel(text);
    const edited = roundTrip(text, model!.params);
    assert.ok(!/[^\r]\n/.test(edited));
    assert.match(edited, /\r\n\t\t"W_xr": \[\[/);
  });

  it('refuses parameters that do not match the written matrices', () => {
    const text = read('hi-there-class.rnn.json');
    const { root, model } = parseModel(text);
    const wrong = { ...model!.params, W_hh: { shape: [2, 2], data: new Float64Array(4) } };
    assert.throws(() => weightEdits(text, root, wrong, PARAM_NAMES.rnn), /W_hh/);
  });
});
