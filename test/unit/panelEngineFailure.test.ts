// When runModel throws on a valid text (say a RangeError: not enough memory), the session keeps its
// last good run, marked stale, with `error` set (session.ts). The panel must say why: the engine's
// failure is listed with the problems of the stale banner, and the empty panel gives it as its reason.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import type { Trace } from '../../src/engine/trace/trace';
import type { Problem } from '../../src/engine/parse/problems';
import { PanelController, shownProblems, type SessionView } from '../../src/host/panel/panelController';
import type { HostMessage } from '../../src/shared/protocol';

const seedText = readFileSync(join(__dirname, '../../examples/hi-there-class.rnn.json'), 'utf8');
const FAILURE =
  'the run needs more memory than is available here (Array buffer allocation failed); make the model smaller — fewer timesteps or a smaller hidden size';

function seedTrace(): Trace {
  const r = parseModel(seedText);
  assert.ok(r.model);
  return runModel(r.model);
}

class FakeSession implements SessionView {
  readonly uri = { toString: () => 'file:///m.rnn.json' };
  cursor = 0;
  stale = false;
  problems: Problem[] = [];
  error: string | undefined;
  constructor(public trace: Trace | undefined) {}
  setCursor(): boolean {
    return false;
  }
}

describe('stepper panel: the engine failed on the current text', () => {
  it("lists the failure with the stale run's problems", () => {
    const session = new FakeSession(seedTrace());
    const posted: HostMessage[] = [];
    const controller = new PanelController(
      session,
      (m) => posted.push(m),
      { warn: () => {} },
      () => {},
    );
    controller.receive({ type: 'ready' });
    // The next run threw: the session keeps the trace, stale, and says why.
    session.stale = true;
    session.error = FAILURE;
    controller.problemsChanged();
    const m = posted[posted.length - 1];
    assert.equal(m.type, 'problems');
    assert.ok(m.type === 'problems');
    assert.equal(m.stale, true);
    assert.deepEqual(m.problems, [{ severity: 'error', line: 1, column: 1, message: `The engine failed: ${FAILURE}` }]);
    // A panel opened now gets the same in its run message.
    controller.receive({ type: 'ready' });
    const run = posted.find((x, i) => i > 0 && x.type === 'run');
    assert.ok(run && run.type === 'run');
    assert.equal(run.problems.length, 1);
    assert.match(run.problems[0].message, /^The engine failed: the run needs more memory/);
  });

  it('gives the failure as the reason when there is no run at all', () => {
    const session = new FakeSession(undefined);
    session.error = FAILURE;
    const posted: HostMessage[] = [];
    new PanelController(
      session,
      (m) => posted.push(m),
      { warn: () => {} },
      () => {},
    ).receive({ type: 'ready' });
    assert.equal(posted.length, 1);
    const m = posted[0];
    assert.ok(m.type === 'empty');
    assert.equal(m.message, `The engine failed: ${FAILURE}`);
  });

  it('adds nothing when the engine did not fail', () => {
    const problems: Problem[] = [
      { severity: 'warning', path: 'x', offset: 3, length: 1, line: 2, column: 3, message: 'w' },
    ];
    assert.equal(shownProblems({ problems, error: undefined }), problems);
  });
});
