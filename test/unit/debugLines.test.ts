// Lines of a .rnn.json ↔ steps of its run (src/host/debug/modelLines.ts, breakpoints.ts): which
// steps a breakpoint on a line stops at, where each step's stack frames show, what a debug hover
// evaluates — on the seed example (one-line inputs and targets), the same model reformatted with one
// token per line and CRLF endings, and a model whose weights are drawn from `init`.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BreakpointTable, mapBreakpoint, type BreakpointModel } from '../../src/host/debug/breakpoints';
import { stepFrames } from '../../src/host/debug/frames';
import { lineStart, lineStops, stepsForLine } from '../../src/host/debug/modelLines';
import { stepPosition } from '../../src/host/debug/framePositions';
import { expressionAt } from '../../src/host/debug/hoverExpression';
import { EXAMPLES, SEED_FILE, columnOf, lineOf, loadExample, loadText } from './debug.helpers';

const seedText = readFileSync(join(EXAMPLES, SEED_FILE), 'utf8');

/** The seed with one token per line, CRLF line endings. */
const tallText = seedText
  .replace(
    '"inputs": ["hi", "there", "class", "!"]',
    '"inputs": [\n    "hi",\n    "there",\n    "class",\n    "!"\n  ]',
  )
  .replace(/\n/g, '\r\n');

describe('debugger: lines of the model ↔ steps', () => {
  const seed = loadExample();
  const { trace } = seed;
  const id = (i: number): string => trace.steps[i].id;
  const ids = (xs: readonly number[]): string[] => xs.map(id);

  it('counts lines as editors do (\\n, \\r\\n, \\r)', () => {
    assert.equal(lineStart('a\nbb\r\nc\rd', 1), 0);
    assert.equal(lineStart('a\nbb\r\nc\rd', 2), 2);
    assert.equal(lineStart('a\nbb\r\nc\rd', 3), 6);
    assert.equal(lineStart('a\nbb\r\nc\rd', 4), 8);
    assert.equal(lineStart('a', 9), 1);
  });

  it("a weight's line stops at every step that reads or writes it, its gradient or its update", () => {
    const m = stepsForLine(seed, trace, lineOf(seed.text, '"W_hh"'));
    assert.deepEqual(m.labels, ['W_hh']);
    assert.deepEqual([...m.steps], [0, 5, 10, 15, 25, 26, 31, 32, 37, 38, 43, 44, 45, 47]);
    // Independently: the steps naming W_hh, dW_hh or W_hh' among their reads and writes.
    const touching = trace.steps
      .filter((s) => [...s.reads, ...s.writes].some((r) => ['W_hh', 'dW_hh', "W_hh'"].includes(r.name)))
      .map((s) => s.index);
    assert.deepEqual([...m.steps], touching);
    assert.deepEqual(ids(stepsForLine(seed, trace, lineOf(seed.text, '"b_y"')).steps), [
      'forward:1:y',
      'forward:2:y',
      'forward:3:y',
      'forward:4:y',
      'backward:4:dWy',
      'backward:3:dWy',
      'backward:2:dWy',
      'backward:1:dWy',
      'clip::clip',
      'update::b_y',
    ]);
  });

  it('the inputs line stops at the first step of each forward timestep; a column picks one token', () => {
    const line = lineOf(seed.text, '"inputs"');
    const m = stepsForLine(seed, trace, line);
    assert.deepEqual(ids(m.steps), ['forward:1:a', 'forward:2:a', 'forward:3:a', 'forward:4:a']);
    assert.deepEqual(m.labels, ['input t=1', 'input t=2', 'input t=3', 'input t=4']);
    const there = columnOf(seed.text, '"there"', 1); // after the vocab's
    assert.deepEqual(ids(stepsForLine(seed, trace, there.line, there.column).steps), ['forward:2:a']);
    // A column on the key (no token under it): the whole line.
    assert.equal(stepsForLine(seed, trace, line, 3).steps.length, 4);
    // The separate stops DAP's breakpointLocations offers on that line: one per token.
    const stops = lineStops(seed, trace, line);
    assert.equal(stops.length, 4);
    assert.deepEqual(stops[1], { column: there.column, endColumn: there.column + '"there"'.length });
  });

  it('the targets line stops at the loss steps ℓ_t; a column picks one', () => {
    const line = lineOf(seed.text, '"targets"');
    assert.deepEqual(ids(stepsForLine(seed, trace, line).steps), [
      'forward:1:loss',
      'forward:2:loss',
      'forward:3:loss',
      'forward:4:loss',
    ]);
    const second = columnOf(seed.text, '"class"', 2); // vocab, inputs, then targets[1]
    assert.equal(second.line, line);
    assert.deepEqual(ids(stepsForLine(seed, trace, line, second.column).steps), ['forward:2:loss']);
  });

  it('train settings stop where they act; other lines stop nowhere', () => {
    assert.deepEqual(ids(stepsForLine(seed, trace, lineOf(seed.text, 'learningRate')).steps), [
      'update::W_xh',
      'update::W_hh',
      'update::b_h',
      'update::W_hy',
      'update::b_y',
    ]);
    for (const needle of ['"name"', '"cell"', '"vocab"', '// The seed', '"weights"']) {
      assert.deepEqual(stepsForLine(seed, trace, lineOf(seed.text, needle)), { steps: [], labels: [] }, needle);
    }
    assert.deepEqual(stepsForLine(seed, trace, 999).steps, []);
  });

  it('one token per line, CRLF: each token line is its own timestep, the key line is all of them', () => {
    const tall = loadText(tallText);
    assert.deepEqual(ids(stepsForLine(tall, tall.trace, lineOf(tall.text, /^\s*"class",$/)).steps), ['forward:3:a']);
    assert.deepEqual(stepsForLine(tall, tall.trace, lineOf(tall.text, '"inputs"')).labels, ['every input']);
    assert.equal(stepsForLine(tall, tall.trace, lineOf(tall.text, '"inputs"')).steps.length, 4);
    assert.deepEqual(
      ids(stepsForLine(tall, tall.trace, lineOf(tall.text, '"W_hh"')).steps),
      ids(stepsForLine(seed, trace, lineOf(seed.text, '"W_hh"')).steps),
    );
    assert.deepEqual(stepPosition(tall, tall.trace, 6), { line: lineOf(tall.text, /^\s*"there",$/), column: 5 });
  });

  it('h0 and clipNorm lines stop at the steps that use them', () => {
    const text = seedText.replace(
      '"train": { "learningRate": 0.1 }',
      '"h0": [0.25],\n  "train": { "learningRate": 0.1,\n    "clipNorm": 1 }',
    );
    const m = loadText(text);
    assert.deepEqual(ids(stepsForLine(m, m.trace, lineOf(text, '"h0"')).steps), [
      'forward:1:a',
      'backward:1:dW',
      'backward:1:dhprev',
    ]);
    assert.deepEqual(ids(stepsForLine(m, m.trace, lineOf(text, 'clipNorm')).steps), ['clip::clip']);
    assert.deepEqual(
      stepPosition(
        m,
        m.trace,
        m.trace.steps.findIndex((s) => s.phase === 'clip'),
      ),
      columnOf(text, '"clipNorm"'),
    );
  });

  it("each step's frames show where it is in the file: the weight, the target, the input token", () => {
    const at = (stepId: string): string[] => {
      const i = trace.steps.findIndex((s) => s.id === stepId);
      return stepFrames(seed, trace, i).map((f) => `${f.id} ${f.name} @${f.line}:${f.column}`);
    };
    const pos = (needle: string, nth = 0): string => {
      const p = columnOf(seed.text, needle, nth);
      return `${p.line}:${p.column}`;
    };
    assert.deepEqual(at('forward:1:h'), [
      `1 hidden state h₁ @${pos('"hi"', 1)}`,
      `2 forward t=1 @${pos('"hi"', 1)}`,
      `3 forward @${pos('"inputs"')}`,
    ]);
    assert.deepEqual(at('forward:2:loss'), [
      `1 loss ℓ₂ @${pos('"class"', 2)}`,
      `2 forward t=2 @${pos('"there"', 1)}`,
      `3 forward @${pos('"inputs"')}`,
    ]);
    assert.deepEqual(at('backward:3:da'), [
      `1 pre-activation gradient δa₃ @${pos('"class"', 1)}`,
      `2 BPTT t=3 @${pos('"class"', 1)}`,
      `3 backward @${pos('"inputs"')}`,
    ]);
    assert.deepEqual(at('backward:3:dW')[0], `1 accumulate ∂L/∂W_xh, ∂L/∂W_hh, ∂L/∂b_h at t=3 @${pos('"W_xh"')}`);
    assert.deepEqual(at('backward:3:dWy')[0], `1 accumulate ∂L/∂W_hy, ∂L/∂b_y at t=3 @${pos('"W_hy"')}`);
    assert.deepEqual(at('update::W_hh'), [`1 update W_hh @${pos('"W_hh"')}`, `3 update @${pos('"learningRate"')}`]);
    assert.deepEqual(at('loss::total'), [`1 total loss L @${pos('"targets"')}`, `3 loss @${pos('"targets"')}`]);
    assert.deepEqual(at('clip::clip'), ['1 gradient norm ‖g‖ (no clipping) @1:1', '3 clip @1:1']);
  });

  it('weights drawn from init: weight lines stop nowhere, updates show the learning rate', () => {
    const m = loadExample('lstm-hello.rnn.json');
    assert.ok(m.trace.model.init, 'lstm-hello draws its weights');
    assert.deepEqual(stepsForLine(m, m.trace, lineOf(m.text, '"weights"')).steps, []);
    const upd = m.trace.steps.findIndex((s) => s.phase === 'update');
    const lr = m.text.includes('learningRate') ? columnOf(m.text, '"learningRate"') : { line: 1, column: 1 };
    assert.deepEqual(stepPosition(m, m.trace, upd), lr);
  });

  it('a debug hover evaluates the weight element, the weight, the token under the pointer', () => {
    const exprAt = (needle: string, nth = 0, delta = 1): string | undefined => {
      let offset = -1;
      for (let k = 0; k <= nth; k++) offset = seed.text.indexOf(needle, offset + 1);
      return expressionAt(seed, offset + delta)?.expression;
    };
    assert.equal(exprAt('0.2'), 'W_hh[0][0]');
    assert.equal(exprAt('-0.5'), 'W_hy[2][0]');
    assert.equal(exprAt('"W_hy"'), 'W_hy');
    assert.equal(exprAt('"there"', 1), 'x_2');
    assert.equal(exprAt('"class"', 2), 'target_2');
    assert.equal(exprAt('"name"'), undefined);
    assert.equal(exprAt('"weights"'), undefined);
    const range = expressionAt(seed, seed.text.indexOf('0.2') + 1);
    assert.deepEqual(range && seed.text.slice(range.offset, range.offset + range.length), '0.2');
  });

  it('breakpoints verify only in the model being debugged, with a message saying what they stop at', () => {
    const model: BreakpointModel = {
      sourcePath: '/m/seed.rnn.json',
      sourceName: 'seed.rnn.json',
      trace,
      modelText: () => seed,
    };
    const table = new BreakpointTable();
    const [whh, name] = table.set(model.sourcePath, [
      { line: lineOf(seed.text, '"W_hh"') },
      { line: lineOf(seed.text, '"name"') },
    ]);
    assert.deepEqual(mapBreakpoint(whh, model.sourcePath, model), {
      verified: true,
      message: 'W_hh: stops at 14 steps, first "pre-activation a₁"',
    });
    assert.deepEqual(mapBreakpoint(name, model.sourcePath, model), {
      verified: false,
      message: 'no step reads this line',
    });
    assert.deepEqual([...table.stops(model.sourcePath)], [...whh.steps]);
    assert.deepEqual(table.hitIds(model.sourcePath, 47), [whh.id]);
    assert.deepEqual(table.hitIds(model.sourcePath, 1), []);
    const [other] = table.set('/m/other.rnn.json', [{ line: 10 }]);
    assert.deepEqual(mapBreakpoint(other, '/m/other.rnn.json', model), {
      verified: false,
      message: 'this debug session steps through seed.rnn.json, not this file',
    });
    const [pkg] = table.set('/m/package.json', [{ line: 2 }]);
    assert.equal(
      mapBreakpoint(pkg, '/m/package.json', model).message,
      'breakpoints stop only in the .rnn.json being debugged',
    );
    assert.equal(mapBreakpoint(pkg, '/m/package.json', undefined).message, 'waiting for the model to load');
    assert.equal(new Set([whh.id, name.id, other.id, pkg.id]).size, 4, 'ids are unique across files');
  });
});
