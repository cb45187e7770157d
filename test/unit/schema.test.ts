// schemas/rnn.schema.json and the engine's validator must agree: every example and a set of good
// files valid under both; a set of bad files rejected by both (the validator with an error, or with
// a warning where it only warns — unknown keys — which VS Code also shows the schema's verdict as).
// The schema is read as VS Code's JSON language service reads it: draft-07, plus its own keywords.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse, type ParseError } from 'jsonc-parser';
import { parseModel } from '../../src/engine/parse/parse';
import { PARAM_NAMES } from '../../src/engine/model';
import { TOP_LEVEL_KEYS } from '../../src/engine/parse/validate';
import { doc, vectorDoc } from './parse.helpers';

const ROOT = join(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'rnn.schema.json'), 'utf8'));
// Strict, except for idioms the schema uses on purpose: `required` inside `if` conditions and union types.
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
ajv.addKeyword('markdownDescription');
ajv.addKeyword('defaultSnippets');
// VS Code's own keywords: comments and trailing commas are allowed in .rnn.json files.
ajv.addKeyword('allowComments');
ajv.addKeyword('allowTrailingCommas');
const validateSchema = ajv.compile(schema);

function schemaErrors(text: string): string[] {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true });
  assert.deepEqual(errors, [], 'test files are syntactically valid');
  return validateSchema(value) ? [] : (validateSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const lstm = (edit: (m: Record<string, any>) => void = () => {}) =>
  doc((m) => {
    m.cell = 'lstm';
    m.hiddenSize = 2;
    m.weights = { init: { seed: 1 } };
    edit(m);
  });

const GOOD: Record<string, string> = {
  ...Object.fromEntries(
    readdirSync(join(ROOT, 'examples'))
      .filter((f) => f.endsWith('.rnn.json'))
      .map((f) => [f, readFileSync(join(ROOT, 'examples', f), 'utf8')]),
  ),
  'the base model': doc(),
  'with $schema, classes and clipNorm null': doc((m) => {
    m.$schema = '../schemas/rnn.schema.json';
    m.classes = ['hi', 'there', 'class', '!'];
    m.train = { learningRate: 0.5, clipNorm: null, steps: 2 };
  }),
  'no targets': doc((m) => delete m.targets),
  'vector mode': vectorDoc(),
  'lstm with c0 and h0': lstm((m) => {
    m.h0 = [0, 1];
    m.c0 = [1, 0];
  }),
  'gru written out': doc((m) => {
    m.cell = 'gru';
    m.weights = Object.fromEntries(
      PARAM_NAMES.gru.map((n) => [
        n,
        n === 'W_hy'
          ? [[1], [1], [1], [1]]
          : n === 'b_y'
            ? [0, 0, 0, 0]
            : n.startsWith('W_x')
              ? [[1, 2, 3, 4]]
              : n.startsWith('W_h')
                ? [[1]]
                : [0],
      ]),
    );
  }),
};

/** Bad files: what the engine says (error, or warning for unknown keys) — the schema must reject each. */
const BAD: Record<string, { text: string; severity: 'error' | 'warning' }> = {
  'unknown cell': { text: doc((m) => (m.cell = 'lstn')), severity: 'error' },
  'unknown activation': { text: doc((m) => (m.activation = 'sigmoid')), severity: 'error' },
  'unknown loss': { text: doc((m) => (m.loss = 'crossentropy')), severity: 'error' },
  'unknown reduction': { text: doc((m) => (m.reduction = 'avg')), severity: 'error' },
  'name not a string': { text: doc((m) => (m.name = 5)), severity: 'error' },
  'hiddenSize a string': { text: doc((m) => (m.hiddenSize = '1')), severity: 'error' },
  'hiddenSize 0': { text: doc((m) => (m.hiddenSize = 0)), severity: 'error' },
  'hiddenSize not an integer': { text: doc((m) => (m.hiddenSize = 1.5)), severity: 'error' },
  'an unknown weight key': { text: doc((m) => (m.weights.W_hhh = [[0.2]])), severity: 'error' },
  'a weight of another cell': { text: doc((m) => (m.weights.W_xi = [[1, 0, 0, 0]])), severity: 'error' },
  'a missing weight': { text: doc((m) => delete m.weights.b_y), severity: 'error' },
  'lstm with rnn weights': { text: doc((m) => (m.cell = 'lstm')), severity: 'error' },
  'W_hh flat': { text: doc((m) => (m.weights.W_hh = [0.2])), severity: 'error' },
  'b_h a matrix': { text: doc((m) => (m.weights.b_h = [[0]])), severity: 'error' },
  'a string in a matrix': { text: doc((m) => (m.weights.W_hy = [[1], ['0.5'], [-0.5], [0]])), severity: 'error' },
  'negative learning rate': { text: doc((m) => (m.train.learningRate = -0.1)), severity: 'error' },
  'zero learning rate': { text: doc((m) => (m.train.learningRate = 0)), severity: 'error' },
  'clipNorm 0': { text: doc((m) => (m.train.clipNorm = 0)), severity: 'error' },
  'steps 1.5': { text: doc((m) => (m.train.steps = 1.5)), severity: 'error' },
  'steps 0': { text: doc((m) => (m.train.steps = 0)), severity: 'error' },
  'train not an object': { text: doc((m) => (m.train = 0.1)), severity: 'error' },
  'no inputs': { text: doc((m) => delete m.inputs), severity: 'error' },
  'no weights': { text: doc((m) => delete m.weights), severity: 'error' },
  'empty inputs': { text: doc((m) => ((m.inputs = []), delete m.targets)), severity: 'error' },
  'init without seed': { text: lstm((m) => (m.weights.init = { scale: 0.1 })), severity: 'error' },
  'init seed not an integer': { text: lstm((m) => (m.weights.init = { seed: 1.5 })), severity: 'error' },
  'init scale 0': { text: lstm((m) => (m.weights.init = { seed: 1, scale: 0 })), severity: 'error' },
  'init with an unknown key': { text: lstm((m) => (m.weights.init = { seed: 1, sead: 2 })), severity: 'error' },
  'init mixed with a written weight': { text: lstm((m) => (m.weights.b_y = [0, 0, 0, 0])), severity: 'error' },
  'init without hiddenSize': { text: lstm((m) => delete m.hiddenSize), severity: 'error' },
  'relu on lstm': { text: lstm((m) => (m.activation = 'relu')), severity: 'error' },
  'c0 on rnn': { text: doc((m) => (m.c0 = [0])), severity: 'error' },
  'duplicate vocab token': { text: doc((m) => (m.vocab = ['hi', 'there', 'hi', '!'])), severity: 'error' },
  'a number in vocab': { text: doc((m) => (m.vocab = ['hi', 'there', 3, '!'])), severity: 'error' },
  'empty vocab': { text: doc((m) => (m.vocab = [])), severity: 'error' },
  'duplicate class': {
    text: doc((m) => ((m.classes = ['a', 'b', 'b', 'c']), (m.targets = ['a', 'b', 'c', 'a']))),
    severity: 'error',
  },
  'vector inputs with a vocab': {
    text: doc(
      (m) =>
        (m.inputs = [
          [1, 0, 0, 0],
          [0, 1, 0, 0],
          [0, 0, 1, 0],
          [0, 0, 0, 1],
        ]),
    ),
    severity: 'error',
  },
  'token inputs without a vocab': { text: vectorDoc((m) => (m.inputs = ['a', 'b', 'c'])), severity: 'error' },
  'targets all null': { text: doc((m) => (m.targets = [null, null, null, null])), severity: 'error' },
  'targets a number': { text: doc((m) => (m.targets = 4)), severity: 'error' },
  'mse with token targets': { text: doc((m) => (m.loss = 'mse')), severity: 'error' },
  'cross-entropy with vector targets': { text: vectorDoc((m) => (m.loss = 'cross-entropy')), severity: 'error' },
  'h0 not numbers': { text: doc((m) => (m.h0 = ['0'])), severity: 'error' },
  'unknown top-level key': { text: doc((m) => (m.hidenSize = 1)), severity: 'warning' },
  'unknown train key': { text: doc((m) => (m.train = { learningrate: 0.1 })), severity: 'warning' },
};

describe('schema: agrees with the validator', () => {
  it('is draft-07 and documents every key of FORMAT.md for hover', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.deepEqual(Object.keys(schema.properties).sort(), [...TOP_LEVEL_KEYS].sort());
    for (const [key, s] of Object.entries<any>(schema.properties)) {
      assert.ok(
        typeof s.description === 'string' && typeof s.markdownDescription === 'string',
        `${key} has hover text`,
      );
    }
    for (const key of ['learningRate', 'clipNorm', 'steps'])
      assert.ok(schema.properties.train.properties[key].markdownDescription, `train.${key}`);
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      const def = schema.definitions[`${cell}Weights`];
      assert.deepEqual(Object.keys(def.properties), [...PARAM_NAMES[cell]], `${cell}Weights names`);
      assert.deepEqual(def.required, [...PARAM_NAMES[cell]]);
      for (const name of PARAM_NAMES[cell])
        assert.ok(def.properties[name].markdownDescription, `${cell}.${name} has hover text`);
    }
    assert.deepEqual(schema.properties.cell.enum, ['rnn', 'lstm', 'gru']);
    assert.deepEqual(schema.properties.activation.enum, ['tanh', 'relu']);
    assert.deepEqual(schema.properties.loss.enum, ['cross-entropy', 'mse']);
    assert.deepEqual(schema.properties.reduction.enum, ['sum', 'mean']);
  });

  for (const [name, text] of Object.entries(GOOD)) {
    it(`good: ${name} — valid under both`, () => {
      assert.deepEqual(parseModel(text).problems, []);
      assert.deepEqual(schemaErrors(text), []);
    });
  }

  for (const [name, { text, severity }] of Object.entries(BAD)) {
    it(`bad: ${name} — rejected by both`, () => {
      const problems = parseModel(text).problems;
      assert.ok(problems.length > 0, 'the validator finds a problem');
      assert.ok(
        problems.some((p) => p.severity === severity),
        `the validator gives a ${severity}: ${JSON.stringify(problems)}`,
      );
      if (severity === 'warning')
        assert.ok(
          problems.every((p) => p.severity === 'warning'),
          'only warnings',
        );
      assert.notDeepEqual(schemaErrors(text), [], 'the schema rejects it');
    });
  }
});
