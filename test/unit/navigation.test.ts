// The stepper's cursor logic (src/engine/trace/navigation.ts) on every example's real step list: each command
// lands where an independent scan of the steps says it should, from every cell of every phase; each
// forward command and its backward command are inverses (Step Forward/Backward from every step,
// Next/Previous Timestep from every group start, Step Out/Back Out from every phase end); Step
// Forward then Step Backward restores exactly what the panel shows; an edit keeps the cursor.

import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { liveTensors } from '../../src/engine/trace/liveTensors';
import { stepEquation } from '../../src/engine/equations/equations';
import type { Step, Trace } from '../../src/engine/trace/trace';
import {
  canStepBack,
  canStepForward,
  cursorAfterRun,
  INVERSE_PAIRS,
  navigate,
  NAV_COMMANDS,
  stepPickRows,
} from '../../src/engine/trace/navigation';

const EXAMPLES = join(__dirname, '../../examples');

function load(file: string, edit?: (text: string) => string): Trace {
  const text = readFileSync(join(EXAMPLES, file), 'utf8');
  const r = parseModel(edit ? edit(text) : text, { fileName: file });
  assert.ok(r.model, `${file}: ${r.problems.map((p) => p.message).join('; ')}`);
  return runModel(r.model);
}

const sameGroup = (a: Step, b: Step): boolean => a.phase === b.phase && a.t === b.t;

/** What a panel shows at a step: its equation and every live tensor's numbers. */
function shown(trace: Trace, i: number): unknown {
  return {
    step: trace.steps[i].id,
    equation: stepEquation(trace, i),
    tensors: liveTensors(trace, i).map((t) => ({ ref: t.ref, role: t.role, shape: t.shape, data: Array.from(t.data) })),
  };
}

describe('stepper navigation', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn.json'));

  it('covers the examples of every cell', () => {
    const cells = new Set(files.map((f) => load(f).model.cell));
    assert.deepEqual([...cells].sort(), ['gru', 'lstm', 'rnn']);
  });

  for (const file of files) {
    describe(file, () => {
      const trace = load(file);
      const steps = trace.steps;
      const last = steps.length - 1;

      it('Step Forward / Step Backward move one step of "step N of M", clamped at the ends', () => {
        for (let i = 0; i <= last; i++) {
          assert.equal(navigate(steps, i, 'stepForward'), Math.min(last, i + 1));
          assert.equal(navigate(steps, i, 'stepBackward'), Math.max(0, i - 1));
          assert.equal(canStepBack(steps, i), i > 0);
          assert.equal(canStepForward(steps, i), i < last);
        }
      });

      it('Step Forward and Step Backward are inverses from every step', () => {
        for (let i = 0; i <= last; i++) {
          if (i < last) assert.equal(navigate(steps, navigate(steps, i, 'stepForward'), 'stepBackward'), i);
          if (i > 0) assert.equal(navigate(steps, navigate(steps, i, 'stepBackward'), 'stepForward'), i);
        }
      });

      const groupStart = (i: number): number => {
        let j = i;
        while (j > 0 && sameGroup(steps[j - 1], steps[i])) j--;
        return j;
      };

      it('Next Timestep lands on the first step of the next (phase, t) group, from every step', () => {
        for (let i = 0; i <= last; i++) {
          let expected = i;
          while (expected <= last && sameGroup(steps[expected], steps[i])) expected++;
          if (expected > last) expected = last;
          const got = navigate(steps, i, 'nextTimestep');
          assert.equal(got, expected, `from ${steps[i].id}`);
          if (got !== last || !sameGroup(steps[last], steps[i])) assert.ok(!sameGroup(steps[got], steps[i]));
        }
      });

      it('Previous Timestep: from mid-group to its start; from a start to the previous group start', () => {
        for (let i = 0; i <= last; i++) {
          const start = groupStart(i);
          const expected = start < i ? start : start === 0 ? 0 : groupStart(start - 1);
          assert.equal(navigate(steps, i, 'previousTimestep'), expected, `from ${steps[i].id}`);
        }
      });

      it('Next Timestep and Previous Timestep are inverses from every group start', () => {
        let starts = 0;
        for (let i = 0; i <= last; i++) {
          if (groupStart(i) !== i) continue;
          starts++;
          const next = navigate(steps, i, 'nextTimestep');
          if (next !== last || groupStart(last) === last) {
            if (next !== i) assert.equal(navigate(steps, next, 'previousTimestep'), i, `from ${steps[i].id}`);
          }
          if (i > 0) assert.equal(navigate(steps, navigate(steps, i, 'previousTimestep'), 'nextTimestep'), i);
        }
        assert.ok(starts > 2);
      });

      const phaseEnd = (i: number): number => {
        let j = i;
        while (j < last && steps[j + 1].phase === steps[i].phase) j++;
        return j;
      };
      const phaseStart = (i: number): number => {
        let j = i;
        while (j > 0 && steps[j - 1].phase === steps[i].phase) j--;
        return j;
      };

      it('Step Out lands on the end of the phase, or of the next phase when already there', () => {
        for (let i = 0; i <= last; i++) {
          const end = phaseEnd(i);
          const expected = end !== i ? end : i === last ? last : phaseEnd(i + 1);
          assert.equal(navigate(steps, i, 'stepOut'), expected, `from ${steps[i].id}`);
          assert.equal(
            steps[navigate(steps, i, 'stepOut')].phase,
            end !== i || i === last ? steps[i].phase : steps[i + 1].phase,
          );
        }
      });

      it('Step Back Out lands on the start of the phase, or of the previous phase when already there', () => {
        for (let i = 0; i <= last; i++) {
          const start = phaseStart(i);
          const expected = start !== i ? start : i === 0 ? 0 : phaseStart(i - 1);
          assert.equal(navigate(steps, i, 'stepBackOut'), expected, `from ${steps[i].id}`);
        }
      });

      it('Step Back Out is Step Out on the run read backwards (a mirror, as the header defines it)', () => {
        const mirrored = [...steps].reverse();
        for (let i = 0; i <= last; i++) {
          assert.equal(last - navigate(mirrored, last - i, 'stepOut'), navigate(steps, i, 'stepBackOut'));
        }
      });

      it('every forward command has its backward counterpart', () => {
        const paired = INVERSE_PAIRS.flat();
        for (const c of NAV_COMMANDS) {
          if (c === 'runToEnd' || c === 'goToStart') continue;
          assert.ok(paired.includes(c), `${c} has no inverse`);
        }
      });

      it('Run to End and Go to Start', () => {
        for (const i of [0, Math.floor(last / 2), last]) {
          assert.equal(navigate(steps, i, 'runToEnd'), last);
          assert.equal(navigate(steps, i, 'goToStart'), 0);
        }
      });

      it('Step Forward then Step Backward shows exactly the same values', () => {
        for (let i = 0; i < last; i++) {
          const before = shown(trace, i);
          const there = navigate(steps, i, 'stepForward');
          assert.notDeepEqual(shown(trace, there), before);
          assert.deepStrictEqual(shown(trace, navigate(steps, there, 'stepBackward')), before);
        }
      });

      it('Go to Step lists every step once, in order, under its group heading', () => {
        const rows = stepPickRows(steps);
        const stepRows = rows.filter((r): r is { index: number; label: string; description: string } => 'index' in r);
        assert.deepEqual(
          stepRows.map((r) => r.index),
          steps.map((s) => s.index),
        );
        let heading = '';
        for (const r of rows) {
          if ('separator' in r) heading = r.separator;
          else {
            const s = steps[r.index];
            assert.equal(r.label, s.title);
            assert.equal(r.description, `step ${r.index + 1} · ${heading}`);
            if (s.t !== null) assert.ok(heading.endsWith(` t=${s.t}`));
          }
        }
        const headings = rows.filter((r) => 'separator' in r).length;
        const groups = steps.filter((s, i) => i === 0 || !sameGroup(s, steps[i - 1])).length;
        assert.equal(headings, groups);
      });
    });
  }

  describe('the seed example, by step id', () => {
    const trace = load('hi-there-class.rnn.json');
    const steps = trace.steps;
    const at = (id: string): number => {
      const i = steps.findIndex((s) => s.id === id);
      assert.ok(i >= 0, id);
      return i;
    };
    const id = (i: number): string => steps[i].id;

    it('Next Timestep finishes a timestep like a debugger step over', () => {
      assert.equal(id(navigate(steps, 0, 'nextTimestep')), 'forward:2:a');
      assert.equal(id(navigate(steps, at('forward:4:y'), 'nextTimestep')), 'loss::total');
      assert.equal(id(navigate(steps, at('loss::total'), 'nextTimestep')), 'backward:4:dy');
      assert.equal(id(navigate(steps, at('backward:1:da'), 'nextTimestep')), 'clip::clip');
      // The update phase is one group: Next Timestep from its first step goes to the run's end.
      assert.equal(navigate(steps, at('update::W_xh'), 'nextTimestep'), steps.length - 1);
    });

    it('Step Out walks phase by phase to the end', () => {
      const visited: string[] = [];
      let i = 0;
      for (let k = 0; k < 6; k++) visited.push(id((i = navigate(steps, i, 'stepOut'))));
      assert.deepEqual(visited, [
        'forward:4:loss',
        'loss::total',
        'backward:1:dhprev',
        'clip::clip',
        'update::b_y',
        'update::b_y',
      ]);
    });
  });

  describe('an edit keeps the cursor', () => {
    const seed = load('hi-there-class.rnn.json');
    const idOf = (trace: Trace, i: number): string => trace.steps[i].id;

    it('on the same step when the step still exists (a number changed)', () => {
      const edited = load('hi-there-class.rnn.json', (t) => t.replace('"W_hh": [[0.2]]', '"W_hh": [[0.3]]'));
      assert.notEqual(edited.grads.W_hh.data[0], seed.grads.W_hh.data[0]);
      for (let i = 0; i < seed.steps.length; i++) {
        const j = cursorAfterRun(seed.steps[i], i, edited.steps);
        assert.equal(idOf(edited, j), idOf(seed, i));
      }
    });

    it('on the same equation at the nearest timestep when the sequence got shorter', () => {
      const shorter = load('hi-there-class.rnn.json', (t) =>
        t
          .replace('"inputs": ["hi", "there", "class", "!"]', '"inputs": ["hi", "there", "class"]')
          .replace('"targets": ["there", "class", "!", "!"]', '"targets": ["there", "class", "!"]'),
      );
      assert.equal(shorter.model.steps, 3);
      const from = seed.steps.findIndex((s) => s.id === 'backward:4:da');
      assert.equal(idOf(shorter, cursorAfterRun(seed.steps[from], from, shorter.steps)), 'backward:3:da');
      const upd = seed.steps.findIndex((s) => s.id === 'update::W_hh');
      assert.equal(idOf(shorter, cursorAfterRun(seed.steps[upd], upd, shorter.steps)), 'update::W_hh');
    });

    it('clamped when nothing matches', () => {
      assert.equal(cursorAfterRun(undefined, 10_000, seed.steps), seed.steps.length - 1);
      assert.equal(cursorAfterRun(undefined, 3, seed.steps), 3);
      assert.equal(cursorAfterRun(seed.steps[5], 5, []), 0);
    });
  });
});
