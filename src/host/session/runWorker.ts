// The model's run off the extension host's thread. Bundled on its own (esbuild.mjs), like the
// training worker: a Node worker_threads script for desktop (dist/runWorker.js), a Web Worker
// script for the web (dist/web/runWorker.js). The work is runServer.ts; this file only wires it to
// whichever worker the bundle runs in (workers/workerEntry.ts).

import { runServer, type RunReply, type RunRequest } from './runServer';
import { serveRequests } from '../workers/workerEntry';

serveRequests<RunRequest, RunReply>((replyTo) => runServer(replyTo));
