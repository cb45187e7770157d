// Which models' stepper panels are in practice mode, and their practice state: one PracticeSession
// per document URI, over a store that outlives the window (VS Code's workspace state). The mode
// is remembered with the progress, so a panel restored after a reload comes back in practice mode
// on the same answers. No vscode import: the webview tests and the unit tests use a Map.

import { PracticeSession, progressKey, type PracticeSource, type PracticeStore } from './practiceSession';

/** The store key of the list of URIs whose panels are in practice mode. */
export const MODES_KEY = 'rnnStepper.practice.modes';

/** At most this many models are remembered in practice mode (the oldest is forgotten first). */
const MAX_MODES = 200;

export class PracticeModes {
  private readonly sessions = new Map<string, PracticeSession>();
  private readonly listeners = new Set<(uri: string) => void>();
  private readonly progressListeners = new Set<(uri: string) => void>();

  constructor(private readonly store: PracticeStore) {}

  private list(): string[] {
    const v = this.store.get(MODES_KEY);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  isOn(uri: string): boolean {
    return this.list().includes(uri);
  }

  set(uri: string, on: boolean): void {
    const rest = this.list().filter((u) => u !== uri);
    void this.store.update(MODES_KEY, on ? [...rest, uri].slice(-MAX_MODES) : rest);
    for (const listener of this.listeners) listener(uri);
  }

  /** Calls `listener` with a model's URI whenever its practice mode is turned on or off (the
   *  editor's CodeLens, hover and gradient hints hide the answers while it is on). */
  onDidChange(listener: (uri: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Calls `listener` with a model's URI after an answer, a hint or a reset of its practice (the
   *  debugger shows what an asked step computed once it is solved or revealed). */
  onDidChangeProgress(listener: (uri: string) => void): { dispose(): void } {
    this.progressListeners.add(listener);
    return { dispose: () => void this.progressListeners.delete(listener) };
  }

  /** The practice state of a session's document (one per URI, kept while the extension runs). */
  sessionFor(source: PracticeSource): PracticeSession {
    const uri = source.uri.toString();
    let s = this.sessions.get(uri);
    if (!s) {
      s = new PracticeSession(source, this.store, () => {
        for (const listener of this.progressListeners) listener(uri);
      });
      this.sessions.set(uri, s);
    }
    return s;
  }

  /** Forgets a model's answers and hints, whether or not its panel is open. */
  reset(uri: string): void {
    const s = this.sessions.get(uri);
    if (s) s.reset();
    else void this.store.update(progressKey(uri), undefined);
  }
}
