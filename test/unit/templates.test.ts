// "RNN: New Model…" templates: every one parses with zero problems, runs to a finite loss and
// trains (the loss goes down over its own train.steps), and is named so the extension picks it up.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { train } from '../../src/engine/compute/optimize';
import { TEMPLATES } from '../../src/host/commands/templateCatalog';

describe('templates', () => {
  it('cover the seed examples, LSTM, GRU, a time series and a many-to-one classifier', () => {
    const cells = new Set<string>();
    for (const t of TEMPLATES) cells.add(parseModel(t.text).model!.cell);
    assert.deepEqual([...cells].sort(), ['gru', 'lstm', 'rnn']);
    assert.ok(
      TEMPLATES.some((t) => parseModel(t.text).model!.inputs.kind === 'vectors'),
      'a time series',
    );
    assert.ok(
      TEMPLATES.some((t) => {
        const m = parseModel(t.text).model!;
        return m.targets.kind === 'tokens' && Array.from(m.targets.ids).filter((i) => i >= 0).length === 1;
      }),
      'many-to-one',
    );
    assert.equal(new Set(TEMPLATES.map((t) => t.label)).size, TEMPLATES.length);
    assert.equal(new Set(TEMPLATES.map((t) => t.fileName)).size, TEMPLATES.length);
  });

  it('the seed templates are the seed examples', () => {
    const examples = join(__dirname, '..', '..', 'examples');
    for (const name of ['hi-there-class.rnn.json', 'hi-there-2-unit.rnn.json']) {
      assert.equal(TEMPLATES.find((t) => t.fileName === name)?.text, readFileSync(join(examples, name), 'utf8'));
    }
  });

  for (const t of TEMPLATES) {
    it(`${t.label}: parses with no problems, runs, and its training lowers the loss`, () => {
      assert.match(t.fileName, /^[a-z0-9-]+\.rnn\.json$/);
      const { model, problems } = parseModel(t.text, { fileName: t.fileName });
      assert.deepEqual(problems, []);
      const trace = runModel(model!);
      assert.ok(Number.isFinite(trace.loss) && trace.loss > 0);
      const steps = Math.max(model!.train.steps, 20);
      const { losses, params } = train(model!, steps);
      const after = runModel({ ...model!, params }).loss;
      assert.ok(after < losses[0], `${t.label}: loss ${losses[0]} → ${after}`);
    });
  }
});
