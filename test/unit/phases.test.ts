// The one table of phase words (src/engine/trace/phases.ts), pinned as each view shows it: the
// panel's badge and timeline, the status bar's mark, Go to Step…'s headings and the debugger's
// frames. A view that spelled a phase its own way would not read from here.

import { strict as assert } from 'node:assert';
import { PHASES, PHASE_WORDS, phaseAt, phaseSpan } from '../../src/engine/trace/phases';
import { groupLabel } from '../../src/engine/trace/navigation';
import { timestepName } from '../../src/host/debug/frames';

describe('phase words', () => {
  it('lists the phases in run order', () => {
    assert.deepEqual(PHASES, ['forward', 'loss', 'backward', 'clip', 'update']);
    assert.deepEqual(Object.keys(PHASE_WORDS), PHASES);
  });

  it('badge and debugger timestep frame: "BPTT t=3", "forward t=1", "loss"', () => {
    assert.equal(phaseAt('backward', 3), 'BPTT t=3');
    assert.equal(phaseAt('forward', 1), 'forward t=1');
    assert.equal(phaseAt('loss', null), 'loss');
    assert.equal(phaseAt('update', null), 'update');
    assert.equal(timestepName({ phase: 'backward', t: 3 }), 'BPTT t=3');
  });

  it('timeline: whole phases, and the short labels where they do not fit', () => {
    assert.deepEqual(
      PHASES.map((p) => phaseSpan(p, 4)),
      ['forward t=1…4', 'loss', 'BPTT t=4…1', 'clip', 'update'],
    );
    assert.deepEqual(
      PHASES.map((p) => PHASE_WORDS[p].short),
      ['fwd', 'L', 'BPTT', '‖g‖', 'upd'],
    );
  });

  it('status bar marks, Go to Step headings, the debugger phase frame', () => {
    assert.deepEqual(
      PHASES.map((p) => `${PHASE_WORDS[p].mark} ${PHASE_WORDS[p].name}`),
      ['▸ forward', 'Σ loss', '◂ BPTT', '◂ clip', '◂ update'],
    );
    assert.equal(groupLabel({ phase: 'backward', t: 3 }), 'backward (BPTT) t=3');
    assert.equal(groupLabel({ phase: 'clip', t: null }), 'clip');
    assert.deepEqual(
      PHASES.map((p) => PHASE_WORDS[p].word),
      PHASES,
    );
  });
});
