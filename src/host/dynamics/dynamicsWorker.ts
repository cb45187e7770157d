// The dynamics worker: Compare Cells, What If…, Sample…, Check Gradients, Import PyTorch Weights
// and the script exports, off the extension host's thread.
// Bundled on its own (esbuild.mjs) like the training worker (src/host/training/trainingWorker.ts):
// dist/dynamicsWorker.js (Node worker_threads) and dist/web/dynamicsWorker.js (a Web Worker).
// One request per worker; cancelling is the host terminating it. The wiring: workers/workerEntry.ts.

import { runDynamicsJob, type DynamicsReply, type DynamicsRequest } from './dynamicsJobs';
import { serveRequests } from '../workers/workerEntry';

serveRequests<DynamicsRequest, DynamicsReply>((replyTo) => (request) => runDynamicsJob(request, replyTo));
