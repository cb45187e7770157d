// The entry of a worker bundle — the run worker (session/runWorker.ts), the training worker
// (training/trainingWorker.ts) and the dynamics worker (dynamics/dynamicsWorker.ts): wires the
// bundle's request handler to whichever worker it runs in. `__WEB__` is a constant of the bundle
// (esbuild `define`), so each bundle keeps only its own branch. Under mocha (no bundle, no define)
// `__WEB__` does not exist: the Node branch, where parentPort is null outside a worker, so
// importing a worker file in a test is inert. No vscode here.

/** Sends one reply to the host; the buffers in `transfer` are handed over, not copied. */
export type ReplyTo<R> = (reply: R, transfer?: ArrayBuffer[]) => void;

interface Port {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
}

/** In a worker, `handler(replyTo)` is called once and its result takes every request; elsewhere
 *  nothing happens. */
export function serveRequests<Req, R>(handler: (replyTo: ReplyTo<R>) => (request: Req) => void): void {
  if (typeof __WEB__ !== 'undefined' && __WEB__) {
    const scope = globalThis as unknown as Port & { onmessage: ((e: { data: Req }) => void) | null };
    // Only a worker scope has postMessage + onmessage.
    if (typeof scope.postMessage === 'function' && 'onmessage' in scope) {
      const handle = handler((reply, transfer) => scope.postMessage(reply, transfer ?? []));
      scope.onmessage = (e) => handle(e.data);
    }
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
    if (parentPort) {
      const handle = handler((reply, transfer) => parentPort.postMessage(reply, transfer ?? []));
      parentPort.on('message', (request: Req) => handle(request));
    }
  }
}
