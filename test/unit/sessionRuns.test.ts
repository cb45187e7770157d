// A session's runs (src/host/session/session.ts) over an injected worker: an edit supersedes the
// run under way and only the run of the text as it is now lands, with the cursor on its step; a run
// past RUNNING_SHOWN_MS is shown as running with its progress, and stops being shown when it lands;
// whenRun waits for the current text's run. `vscode` is replaced by the little session.ts uses.
import { strict as assert } from 'node:assert';
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as SessionModule from '../../src/host/session/session';
import { RunScheduler, type StartWorker } from '../../src/host/session/runScheduler';
import { runServer, type RunReply, type RunRequest } from '../../src/host/session/runServer';
import type { Logger } from '../../src/host/log';

class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  readonly event = (l: (e: T) => void) => {
    this.listeners.push(l);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = loader._load;
let Session: typeof SessionModule.Session;
let RUNNING_SHOWN_MS: number;

before(() => {
  loader._load = (request: string, ...rest: unknown[]) =>
    request === 'vscode' ? { EventEmitter } : load.call(loader, request, ...rest);

  const m = require('../../src/host/session/session') as typeof SessionModule;
  Session = m.Session;
  RUNNING_SHOWN_MS = m.RUNNING_SHOWN_MS;
});
after(() => {
  loader._load = load;
});

const seed = readFileSync(join(__dirname, '..', '..', 'examples', 'hi-there-class.rnn.json'), 'utf8');

/** The part of a TextDocument a session reads. */
class Doc {
  version = 1;
  isClosed = false;
  readonly uri = { path: '/w/hi.rnn.json', toString: () => 'file:///w/hi.rnn.json' };
  constructor(private text: string) {}
  getText(): string {
    return this.text;
  }
  edit(text: string): void {
    this.text = text;
    this.version++;
  }
}

/** A worker whose messages wait until the test delivers them. */
function heldWorker() {
  const queue: (() => void)[] = [];
  const start: StartWorker = (reply) => {
    const handle = runServer(
      (r: RunReply, transfer = []) => {
        const copy = structuredClone(r, { transfer });
        queue.push(() => reply(copy));
      },
      Date.now,
      (f) => queue.push(f),
    );
    return { post: (q: RunRequest) => queue.push(() => handle(structuredClone(q))), terminate: () => undefined };
  };
  return {
    start,
    drain: async () => {
      while (queue.length > 0) queue.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

const log = { error: () => undefined, warn: () => undefined, info: () => undefined } as unknown as Logger;
const withRate = (rate: string) => seed.replace(/"learningRate":\s*[0-9.]+/, `"learningRate": ${rate}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('session runs', () => {
  it('an edit supersedes the run under way; only the current text’s run lands, the cursor on its step', async () => {
    assert.notEqual(withRate('0.3'), seed, 'the seed example has a learningRate to edit');
    const w = heldWorker();
    const doc = new Doc(seed);
    const s = new Session(doc as never, log, new RunScheduler(w.start));
    const trace = () => s.trace; // read afresh: assertions would narrow the getter
    let runs = 0;
    s.onDidRun(() => runs++);
    assert.equal(s.rerunning, true as boolean);
    assert.equal(trace(), undefined);
    await w.drain();
    assert.equal(runs, 1);
    assert.ok(trace());
    assert.equal(s.rerunning, false);
    s.setCursor(17);
    const id = s.step!.id;

    doc.edit(withRate('0.3'));
    s.refresh();
    doc.edit(withRate('0.4'));
    s.refresh(); // supersedes the 0.3 run before it ran
    await w.drain();
    assert.equal(runs, 2, 'one run landed: the latest');
    assert.equal(trace()!.model.train.learningRate, 0.4);
    assert.equal(s.step!.id, id);

    // A run that finishes after the text changed again (not parsed yet) does not land.
    doc.edit(withRate('0.5'));
    s.refresh();
    doc.edit(withRate('0.6'));
    await w.drain(); // the 0.5 run ends; the session sees the newer text and runs that instead
    await w.drain();
    assert.equal(trace()!.model.train.learningRate, 0.6);
    assert.equal(runs, 3);
    s.dispose();
  });

  it('a run past RUNNING_SHOWN_MS is shown as running with its progress; whenRun waits for it', async function () {
    this.timeout(10_000);
    const w = heldWorker();
    const doc = new Doc(seed);
    const s = new Session(doc as never, log, new RunScheduler(w.start));
    const shown: (number | undefined)[] = [];
    s.onDidChangeRunning(() => shown.push(s.running?.progress));
    let waited = false;
    const wait = s.whenRun().then((upToDate) => {
      waited = true;
      return upToDate;
    });
    await sleep(RUNNING_SHOWN_MS / 2);
    assert.equal(s.running, undefined, 'not shown before RUNNING_SHOWN_MS');
    assert.deepEqual(shown, []);
    await sleep(RUNNING_SHOWN_MS / 2 + 100);
    assert.ok(s.running, 'shown after RUNNING_SHOWN_MS');
    assert.deepEqual(shown, [0]);
    assert.equal(waited, false);
    await w.drain();
    assert.equal(await wait, true);
    assert.equal(s.running, undefined);
    assert.deepEqual(shown, [0, undefined], 'told once more when it ended');
    assert.ok(s.trace);

    // A quick run is never shown.
    doc.edit(withRate('0.3'));
    s.refresh();
    await w.drain();
    await sleep(RUNNING_SHOWN_MS + 50);
    assert.deepEqual(shown, [0, undefined]);
    s.dispose();
  });
});
