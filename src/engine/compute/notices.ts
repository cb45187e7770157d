// How the engine says that it took a slower road: the WebAssembly kernel could not be compiled
// here, or a heap too large for it fell back to the JavaScript kernel. The numbers are the same
// either way (linalg.ts), so this is no error, but a person wondering why a run is slow should be
// able to read why. The engine stays pure: it only calls the listener its host installed (the
// extension's log, src/host/log.ts); without one, notices go nowhere.

export type NoticeListener = (message: string) => void;

let listener: NoticeListener | undefined;

/** Installs the host's listener (undefined removes it). */
export function setNoticeListener(l: NoticeListener | undefined): void {
  listener = l;
}

/** Tells the host, if it listens. */
export function notice(message: string): void {
  listener?.(message);
}
