// Who keeps a document's session alive (src/host/session/sessionLifetime.ts): its open document and the
// stepper panels showing it. Walks the cases a person runs into: a preview tab replaced under an
// open panel, the file reopened, the panel closed before or after the document, two panels.
import { strict as assert } from 'node:assert';
import { SessionLifetime as Lifetime } from '../../src/host/session/sessionLifetime';

/** The product's class with what a test asks of it: who holds each session. */
class SessionLifetime<H> extends Lifetime<H> {
  /** Whether `key` has a session. */
  has(key: string): boolean {
    return this.entries.has(key);
  }
  /** Whether the document of `key` is open (holds its session). */
  isDocumentOpen(key: string): boolean {
    return this.entries.get(key)?.documentOpen ?? false;
  }
  /** How many panels hold the session of `key`. */
  panelCount(key: string): number {
    return this.entries.get(key)?.panels.size ?? 0;
  }
}

const A = 'file:///w/a.rnn.json';
const B = 'file:///w/b.rnn.json';

describe('session lifetime', () => {
  it('without a panel, closing the document disposes the session (as before)', () => {
    const l = new SessionLifetime<object>();
    assert.equal(l.documentOpened(A), 'create');
    assert.equal(l.documentOpened(A), 'keep', 'seen open again (e.g. a second editor): same session');
    assert.equal(l.documentClosed(A), 'dispose');
    assert.equal(l.has(A), false);
    assert.equal(l.documentOpened(A), 'create', 'opened later: a fresh session');
  });

  it('a panel keeps the session when the preview tab is replaced, and it re-attaches on reopen', () => {
    const l = new SessionLifetime<object>();
    const panel = {};
    l.documentOpened(A);
    assert.equal(l.acquire(A, panel), true);
    // A click on another file in the Explorer replaces the preview tab: VS Code closes the document.
    assert.equal(l.documentClosed(A), 'detach');
    assert.equal(l.has(A), true);
    assert.equal(l.isDocumentOpen(A), false);
    assert.equal(l.documentClosed(A), 'none', 'a second close of the same URI changes nothing');
    // The person opens the file again: a new TextDocument for the same URI.
    assert.equal(l.documentOpened(A), 'reattach');
    assert.equal(l.isDocumentOpen(A), true);
    // Closing the panel while the document is open keeps the session (the document holds it).
    assert.equal(l.release(A, panel), 'keep');
    assert.equal(l.documentClosed(A), 'dispose');
    assert.equal(l.has(A), false);
  });

  it('closing the panel after the document disposes the session', () => {
    const l = new SessionLifetime<object>();
    const panel = {};
    l.documentOpened(A);
    l.acquire(A, panel);
    assert.equal(l.documentClosed(A), 'detach');
    assert.equal(l.release(A, panel), 'dispose');
    assert.equal(l.has(A), false);
    assert.equal(l.release(A, panel), 'none', 'released twice: nothing more happens');
  });

  it('every holder counts: two panels, one document', () => {
    const l = new SessionLifetime<object>();
    const p1 = {};
    const p2 = {};
    l.documentOpened(A);
    l.acquire(A, p1);
    l.acquire(A, p2);
    assert.equal(l.panelCount(A), 2);
    assert.equal(l.documentClosed(A), 'detach');
    assert.equal(l.release(A, p1), 'keep');
    assert.equal(l.release(A, p2), 'dispose');
  });

  it('a holder that never held the session, or a session that does not exist, changes nothing', () => {
    const l = new SessionLifetime<object>();
    assert.equal(l.acquire(A, {}), false, 'no session to hold');
    assert.equal(l.documentClosed(A), 'none');
    l.documentOpened(A);
    assert.equal(l.release(A, {}), 'none');
    assert.equal(l.has(A), true);
  });

  it('documents are independent', () => {
    const l = new SessionLifetime<object>();
    const panel = {};
    l.documentOpened(A);
    l.documentOpened(B);
    l.acquire(B, panel);
    assert.equal(l.documentClosed(A), 'dispose');
    assert.equal(l.documentClosed(B), 'detach');
    assert.equal(l.has(A), false);
    assert.equal(l.has(B), true);
  });

  it('a session made for a closed document goes unless a panel takes it', () => {
    const l = new SessionLifetime<object>();
    assert.equal(l.createDetached(A), true);
    assert.equal(l.createDetached(A), false, 'already there');
    assert.equal(l.collect(A), true, 'nobody held it');
    assert.equal(l.has(A), false);

    l.createDetached(B);
    l.acquire(B, {});
    assert.equal(l.collect(B), false, 'a panel holds it');
    assert.equal(l.documentOpened(B), 'reattach', 'and it follows the document once that opens');
  });
});
