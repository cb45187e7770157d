// The validator of messages from the webview (untrusted): it accepts exactly the protocol's
// messages, returns fresh objects with only the checked fields, and rejects anything malformed or
// hostile without throwing.

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseWebviewMessage } from '../../src/shared/parseWebviewMessage';

const ok = (raw: unknown): unknown => {
  const r = parseWebviewMessage(raw);
  assert.ok(r.ok, `rejected ${JSON.stringify(raw)}: ${r.ok ? '' : r.reason}`);
  return r.message;
};
const rejected = (raw: unknown): void => {
  const r = parseWebviewMessage(raw);
  assert.equal(r.ok, false, `accepted ${String(JSON.stringify(raw))}`);
};

const rendered = {
  type: 'rendered',
  stepIndex: 3,
  stepId: 'forward:1:h',
  title: 'hidden state h₁',
  equationText: 'h1=tanh(0.5)=0.462117',
  stale: false,
};

describe('stepper protocol: messages from the webview', () => {
  it('accepts each message type and copies only its fields', () => {
    assert.deepEqual(ok({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(ok({ type: 'resync' }), { type: 'resync' });
    assert.deepEqual(ok({ type: 'setCursor', runId: 2, stepIndex: 17 }), {
      type: 'setCursor',
      runId: 2,
      stepIndex: 17,
    });
    assert.deepEqual(ok({ type: 'shown', runId: 2, stepIndex: 17 }), { type: 'shown', runId: 2, stepIndex: 17 });
    for (const bad of [{ stepIndex: -1 }, { stepIndex: 1.5 }, { runId: '2' }, { extra: true }])
      rejected({ type: 'shown', runId: 2, stepIndex: 17, ...bad });
    const copy = ok(rendered);
    assert.deepEqual(copy, rendered);
    assert.notEqual(copy, rendered);
  });

  it('rejects what is not a plain object with a known type', () => {
    for (const raw of [
      null,
      undefined,
      0,
      'ready',
      [],
      [{ type: 'ready' }],
      {},
      { type: 7 },
      { type: 'Ready' },
      { type: 'evil' },
      { type: '__proto__' },
      new Date(),
    ])
      rejected(raw);
    class Sneaky {
      type = 'ready';
    }
    rejected(new Sneaky());
  });

  it('rejects bad cursor moves', () => {
    for (const stepIndex of [-1, 1.5, NaN, Infinity, 2 ** 31, '3', null, undefined, {}, [3]])
      rejected({ type: 'setCursor', runId: 1, stepIndex });
    for (const runId of [-1, 0.5, '1', null]) rejected({ type: 'setCursor', runId, stepIndex: 1 });
    rejected({ type: 'setCursor', stepIndex: 1 });
  });

  it('rejects extra fields, including __proto__ smuggled through JSON', () => {
    rejected({ type: 'ready', extra: 1 });
    rejected({ type: 'setCursor', runId: 1, stepIndex: 1, command: 'workbench.action.terminal.new' });
    rejected(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'));
    rejected(JSON.parse('{"type":"setCursor","runId":1,"stepIndex":2,"constructor":{"prototype":{"x":1}}}'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('rejects rendered reports with wrong types or oversized text', () => {
    rejected({ ...rendered, stale: 'false' });
    rejected({ ...rendered, stepIndex: -2 });
    rejected({ ...rendered, title: 42 });
    rejected({ ...rendered, stepId: 'x'.repeat(1001) });
    rejected({ ...rendered, equationText: 'x'.repeat(200_001) });
    rejected({ ...rendered, equationText: undefined });
    const { stale: _s, ...noStale } = rendered;
    rejected(noStale);
  });

  it('never throws, and anything accepted is exactly a protocol message (property)', () => {
    const shapes: Record<string, string[]> = {
      ready: ['type'],
      resync: ['type'],
      setCursor: ['type', 'runId', 'stepIndex'],
      rendered: ['type', 'stepIndex', 'stepId', 'title', 'equationText', 'stale'],
    };
    const field = fc.oneof(
      fc.constantFrom('type', 'runId', 'stepIndex', 'stepId', 'title', 'equationText', 'stale', '__proto__', 'x'),
      fc.string(),
    );
    const value = fc.oneof(
      fc.constantFrom('ready', 'resync', 'setCursor', 'rendered'),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.string(),
      fc.constant(null),
      fc.array(fc.integer()),
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.dictionary(field, value)), (raw) => {
        const r = parseWebviewMessage(raw);
        if (!r.ok) return true;
        const keys = Object.keys(r.message).sort();
        assert.deepEqual(keys, [...shapes[r.message.type]].sort());
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});
