// Which step first writes a value (engine: trace/writers.ts), computed from the structure of the
// step list, equals what a search through every step's writes finds — for every kind of model,
// every value a step writes, and values no step writes (inputs, targets, parameters, h₀).
import { strict as assert } from 'node:assert';
import { runModel } from '../../src/engine/compute/run';
import { firstWriter } from '../../src/engine/trace/writers';
import { refKey } from '../../src/engine/trace/stepValues';
import { PARAM_NAMES } from '../../src/engine/model';
import type { TensorRef } from '../../src/engine/trace/trace';
import { allSpecs, randomModel, specName } from './fixtures/models';

describe('the first step that writes a value', () => {
  it('equals a search through every step’s writes, for every kind of model', () => {
    for (const spec of allSpecs(900, { T: 4 })) {
      const trace = runModel(randomModel(spec));
      const first = new Map<string, number>();
      for (const s of trace.steps) for (const w of s.writes) if (!first.has(refKey(w))) first.set(refKey(w), s.index);
      const refs: TensorRef[] = [];
      for (const s of trace.steps) refs.push(...s.writes, ...s.reads);
      refs.push({ name: 'h', t: 0 }, { name: 'h', t: 5 }, { name: 'loss', t: 99 }, { name: 'nope' });
      for (const p of PARAM_NAMES[spec.cell]) refs.push({ name: p }, { name: `d${p}` }, { name: `${p}'` });
      for (const ref of refs)
        assert.equal(firstWriter(trace, ref), first.get(refKey(ref)) ?? -1, `${specName(spec)} ${refKey(ref)}`);
    }
  });
});
