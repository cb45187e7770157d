// The model's run off the extension host's thread. Bundled on its own (esbuild.mjs), like the
// training worker: a Node worker_threads script for desktop (dist/runWorker.js), a Web Worker
// script for the web (dist/web/runWorker.js). The work is runServer.ts; this file only wires it to
// whichever worker the bundle runs in.

import { runServer, type RunRequest } from './runServer';

// As trainingWorker.ts does. Under mocha (no bundle, no define) `__WEB__` does not exist: the Node
// branch, where parentPort is null outside a worker, so importing this file in a test is inert.
interface Port {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
}
if (typeof __WEB__ !== 'undefined' && __WEB__) {
  const scope = globalThis as unknown as Port & { onmessage: ((e: { data: RunRequest }) => void) | null };
  if (typeof scope.postMessage === 'function' && 'onmessage' in scope) {
    const handle = runServer((reply, transfer) => scope.postMessage(reply, transfer ?? []));
    scope.onmessage = (e) => handle(e.data);
  }
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  if (parentPort) {
    const handle = runServer((reply, transfer) => parentPort.postMessage(reply, transfer ?? []));
    parentPort.on('message', handle);
  }
}
