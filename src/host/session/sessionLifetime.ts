// Who keeps a document's session alive, without VS Code (session.ts applies it; mocha tests it).
//
// A session has holders: its open TextDocument, and every stepper panel showing it. VS Code closes
// a TextDocument more often than a person closes a file — a single click in the Explorer replaces
// the *preview* tab and closes the document it showed — so a panel must not lose its session (its
// run and cursor) when that happens. The policy, per document URI:
//   - the document opens: a session is created, or the one a panel kept re-attaches to the new
//     TextDocument object (VS Code makes a new one each time the same URI opens);
//   - the document closes: the session is disposed when no panel holds it, else detached (it keeps
//     its last text, trace and cursor until the document opens again);
//   - a panel releases it: disposed when that was the last holder and the document is closed.

/** What to do with a document's session when its document opens. */
export type OpenAction = 'create' | 'reattach' | 'keep';
/** What to do with it when the document closes: 'none' when it had no session or was not open. */
export type CloseAction = 'dispose' | 'detach' | 'none';
/** What to do with it when a holder lets go: 'none' when that holder did not hold it. */
export type ReleaseAction = 'dispose' | 'keep' | 'none';

export interface Holders<H> {
  documentOpen: boolean;
  readonly panels: Set<H>;
}

export class SessionLifetime<H> {
  /** Who holds each key's session (protected: the unit tests read it through a subclass). */
  protected readonly entries = new Map<string, Holders<H>>();

  /** The document of `key` opened (or was first seen open); from now on it holds the session. */
  documentOpened(key: string): OpenAction {
    const e = this.entries.get(key);
    if (!e) {
      this.entries.set(key, { documentOpen: true, panels: new Set() });
      return 'create';
    }
    if (e.documentOpen) return 'keep';
    e.documentOpen = true;
    return 'reattach';
  }

  /** A session for a document that is not open (a caller was handed a closed TextDocument). Held by
   *  nobody until a panel acquires it: `collect` disposes it if none does. */
  createDetached(key: string): boolean {
    if (this.entries.has(key)) return false;
    this.entries.set(key, { documentOpen: false, panels: new Set() });
    return true;
  }

  documentClosed(key: string): CloseAction {
    const e = this.entries.get(key);
    if (!e || !e.documentOpen) return 'none';
    e.documentOpen = false;
    return this.settle(key, e) ? 'dispose' : 'detach';
  }

  /** `holder` (a panel) holds the session of `key`; false when there is no session to hold. */
  acquire(key: string, holder: H): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    e.panels.add(holder);
    return true;
  }

  release(key: string, holder: H): ReleaseAction {
    const e = this.entries.get(key);
    if (!e || !e.panels.delete(holder)) return 'none';
    return this.settle(key, e) ? 'dispose' : 'keep';
  }

  /** Forgets `key` if nothing holds its session; true when the session is to be disposed. */
  collect(key: string): boolean {
    const e = this.entries.get(key);
    return e !== undefined && this.settle(key, e);
  }

  clear(): void {
    this.entries.clear();
  }

  private settle(key: string, e: Holders<H>): boolean {
    if (e.documentOpen || e.panels.size > 0) return false;
    this.entries.delete(key);
    return true;
  }
}
