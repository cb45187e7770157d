// Where each debugger request moves the cursor (src/host/debug/debugNavigation.ts), on every
// example's real step list: 'line' steps by timestep group and Step Back undoes Step Over exactly,
// 'statement'/'instruction' step one equation, continue runs to breakpoint stops or the ends.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import type { Step } from '../../src/engine/trace/trace';
import { continueTarget, granularityOf, stepTarget } from '../../src/host/debug/debugNavigation';
import { navigate } from '../../src/engine/trace/navigation';
import { EXAMPLES, loadExample } from './debug.helpers';

const sameGroup = (a: Step, b: Step): boolean => a.phase === b.phase && a.t === b.t;

describe('debugger navigation', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn.json'));
  const seed = loadExample().trace.steps;

  it('reads DAP granularity, no granularity being a line', () => {
    assert.equal(granularityOf(undefined), 'line');
    assert.equal(granularityOf('line'), 'line');
    assert.equal(granularityOf('statement'), 'statement');
    assert.equal(granularityOf('instruction'), 'instruction');
    assert.equal(granularityOf('bogus'), 'line');
  });

  it('on the seed: Step Over by timestep, Step Into by equation, Step Out to the phase end', () => {
    const id = (i: number): string => seed[i].id;
    assert.equal(id(stepTarget(seed, 0, 'next')), 'forward:2:a');
    assert.equal(id(stepTarget(seed, 2, 'next')), 'forward:2:a');
    assert.equal(id(stepTarget(seed, 15, 'next')), 'loss::total');
    assert.equal(id(stepTarget(seed, 20, 'next')), 'backward:4:dy');
    assert.equal(id(stepTarget(seed, 0, 'next', 'statement')), 'forward:1:h');
    assert.equal(id(stepTarget(seed, 0, 'next', 'instruction')), 'forward:1:h');
    assert.equal(id(stepTarget(seed, 0, 'stepIn')), 'forward:1:h');
    assert.equal(id(stepTarget(seed, 0, 'stepOut')), 'forward:4:loss');
    assert.equal(id(stepTarget(seed, 19, 'stepOut')), 'loss::total');
    // Step Back: to the start of this group, then group by group; one equation with 'statement'.
    assert.equal(id(stepTarget(seed, 7, 'stepBack')), 'forward:2:a');
    assert.equal(id(stepTarget(seed, 5, 'stepBack')), 'forward:1:a');
    assert.equal(id(stepTarget(seed, 21, 'stepBack')), 'loss::total');
    assert.equal(id(stepTarget(seed, 5, 'stepBack', 'statement')), 'forward:1:loss');
    assert.equal(stepTarget(seed, 0, 'stepBack'), 0);
    assert.equal(stepTarget(seed, seed.length - 1, 'next'), seed.length - 1);
    assert.equal(stepTarget([], 0, 'next'), 0);
  });

  for (const file of files) {
    it(`${file}: every request lands where an independent scan of the steps says`, () => {
      const steps = loadExample(file).trace.steps;
      const last = steps.length - 1;
      for (let i = 0; i <= last; i++) {
        // Step Over: the first step after i that starts another group (the last step if none).
        let over = i + 1;
        while (over <= last && sameGroup(steps[over], steps[i])) over++;
        assert.equal(stepTarget(steps, i, 'next'), Math.min(over, last), `next from ${steps[i].id}`);
        assert.equal(stepTarget(steps, i, 'next', 'statement'), Math.min(i + 1, last));
        assert.equal(stepTarget(steps, i, 'stepIn'), Math.min(i + 1, last));
        assert.equal(stepTarget(steps, i, 'stepOut'), navigate(steps, i, 'stepOut'));
        assert.equal(stepTarget(steps, i, 'stepBack', 'statement'), Math.max(0, i - 1));
        // Step Back ('line'): the start of i's group if i is inside it, else the previous group's start.
        let start = i;
        while (start > 0 && sameGroup(steps[start - 1], steps[i])) start--;
        let prev = start - 1;
        while (prev > 0 && sameGroup(steps[prev - 1], steps[start - 1])) prev--;
        assert.equal(
          stepTarget(steps, i, 'stepBack'),
          start < i ? start : Math.max(0, prev),
          `stepBack from ${steps[i].id}`,
        );
        // From a group start, Step Back undoes Step Over.
        const next = stepTarget(steps, i, 'next');
        if (start === i && next !== i) {
          assert.equal(stepTarget(steps, next, 'stepBack'), i, `stepBack after next from ${steps[i].id}`);
        }
      }
    });
  }

  it('continue runs to the next breakpoint stop, else the end; reverse to the previous, else the start', () => {
    const last = seed.length - 1;
    const stops = [5, 25, 47];
    assert.deepEqual(continueTarget(seed, 0, stops, false), { index: 5, hit: true });
    assert.deepEqual(continueTarget(seed, 5, stops, false), { index: 25, hit: true });
    assert.deepEqual(
      continueTarget(seed, -1, [0, 5], false),
      { index: 0, hit: true },
      'a run from the start stops at step 0 too',
    );
    assert.deepEqual(continueTarget(seed, 47, stops, false), { index: last, hit: false });
    assert.deepEqual(continueTarget(seed, last, stops, true), { index: 47, hit: true });
    assert.deepEqual(continueTarget(seed, 25, stops, true), { index: 5, hit: true });
    assert.deepEqual(continueTarget(seed, 5, stops, true), { index: 0, hit: false });
    assert.deepEqual(continueTarget(seed, 3, new Set<number>(), false), { index: last, hit: false });
    assert.deepEqual(
      continueTarget(seed, 3, [999, -4], false),
      { index: last, hit: false },
      'stops outside the run are ignored',
    );
  });
});
