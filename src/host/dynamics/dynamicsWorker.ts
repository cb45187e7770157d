// The dynamics worker: Compare Cells, What If…, Sample…, Check Gradients, Import PyTorch Weights
// and the script exports, off the extension host's thread.
// Bundled on its own (esbuild.mjs) like the training worker (src/host/training/trainingWorker.ts):
// dist/dynamicsWorker.js (Node worker_threads) and dist/web/dynamicsWorker.js (a Web Worker).
// One request per worker; cancelling is the host terminating it.

import { runDynamicsJob, type DynamicsRequest } from './dynamicsJobs';

interface Port {
  postMessage(message: unknown): void;
}
// Under mocha (no bundle, no define) `__WEB__` does not exist: the Node branch, where parentPort is
// null outside a worker, so importing this file in a test is inert.
if (typeof __WEB__ !== 'undefined' && __WEB__) {
  const scope = globalThis as unknown as Port & { onmessage: ((e: { data: DynamicsRequest }) => void) | null };
  if (typeof scope.postMessage === 'function' && 'onmessage' in scope) {
    scope.onmessage = (e) => runDynamicsJob(e.data, (reply) => scope.postMessage(reply));
  }
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  parentPort?.on('message', (request: DynamicsRequest) =>
    runDynamicsJob(request, (reply) => parentPort.postMessage(reply)),
  );
}
