// @ts-check
// A Session as the panel's controller sees it (src/host/session/session.ts without VS Code), for
// the webview suite and the panel benchmark: the same parse → run → keep-the-cursor sequence over
// the real engine, synchronously, telling its listeners what changed.

/** @typedef {import('./types').HostBundle} HostBundle */
/** @typedef {import('../../src/host/panel/panelController').SessionView} SessionView */
/** @typedef {import('../../src/engine/trace/trace').Trace} Trace */
/** @typedef {import('../../src/engine/parse/problems').Problem} Problem */
/** @typedef {'run' | 'problems' | 'cursor'} Change */

/** A Session as PanelController sees it, over a real trace (session.ts without VS Code: the same
 *  parse → run → keep-the-cursor sequence, synchronously). */
/** @implements {SessionView} */
export class FakeSession {
  /**
   * @param {string} uri
   * @param {HostBundle} host
   * @param {string} [text]
   */
  constructor(uri, host, text) {
    this.uri = uri;
    this.host = host;
    this.cursor = 0;
    this.stale = false;
    /** @type {readonly Problem[]} */
    this.problems = [];
    /** @type {string | undefined} */
    this.error = undefined;
    /** @type {Trace | undefined} */
    this.trace = undefined;
    /** @type {((change: Change) => void)[]} */
    this.listeners = [];
    if (text !== undefined) this.setText(text);
  }
  /** @param {string} text */
  setText(text) {
    const r = this.host.parseModel(text, { fileName: this.uri });
    this.problems = r.problems;
    const errors = r.problems.some((p) => p.severity === 'error');
    if (!r.model || errors) {
      this.stale = this.trace !== undefined;
      this.fire('problems');
      return;
    }
    const previous = this.trace?.steps[this.cursor];
    this.trace = this.host.runModel(r.model);
    this.stale = false;
    this.cursor = this.host.cursorAfterRun(previous, this.cursor, this.trace.steps);
    this.fire('run');
  }
  /** @param {number} i */
  setCursor(i) {
    const max = (this.trace?.steps.length ?? 0) - 1;
    const next = Math.max(0, Math.min(max, Math.floor(i)));
    if (max < 0 || next === this.cursor) return false;
    this.cursor = next;
    this.fire('cursor');
    return true;
  }
  /** @param {Change} reason */
  fire(reason) {
    for (const l of this.listeners) l(reason);
  }
}
