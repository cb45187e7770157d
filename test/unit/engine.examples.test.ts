// Every example file, through the real parser (parseModel) into the engine: the parser's Model
// plugs in unchanged, agrees with the naive reference, and passes the finite-difference check.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gradCheck } from '../../src/engine/compute/gradcheck';
import { PARAM_NAMES } from '../../src/engine/model';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { SERIES } from '../../src/engine/trace/trace';
import { reference } from './fixtures/reference';
import { assertAllClose, assertClose } from './fixtures/close';

const dir = join(__dirname, '../../examples');

describe('engine: the example files through parseModel', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.rnn.json'));
  it('there are examples of every cell', () => {
    const cells = new Set(
      files.map((f) => parseModel(readFileSync(join(dir, f), 'utf8'), { fileName: f }).model?.cell),
    );
    for (const c of ['rnn', 'lstm', 'gru']) assert.ok(cells.has(c as never), c);
  });
  for (const file of files) {
    it(file, () => {
      const parsed = parseModel(readFileSync(join(dir, file), 'utf8'), { fileName: file });
      assert.ok(parsed.model, JSON.stringify(parsed.problems));
      const model = parsed.model;
      const trace = runModel(model);
      const ref = reference(model);
      for (const info of SERIES[model.cell])
        assertAllClose(trace.series[info.name], ref.series[info.name].flat(), 1e-12, `${file} ${info.name}`);
      assertClose(trace.loss, ref.loss, 1e-12, `${file} L`);
      for (const name of PARAM_NAMES[model.cell]) {
        assertAllClose(trace.grads[name].data, (ref.grads[name] as number[][]).flat(), 1e-12, `${file} ∂L/∂${name}`);
        assertAllClose(trace.updated[name].data, (ref.updated[name] as number[][]).flat(), 1e-12, `${file} ${name}'`);
      }
      assertAllClose(trace.dh0, ref.dh0, 1e-12, `${file} δh_0`);
      const check = gradCheck(model);
      assert.ok(check.maxError < 1e-6, `${file}: gradient check ${check.maxError} at ${JSON.stringify(check.worst)}`);
    });
  }
});
