// Starts the run worker (runWorker.ts) in whichever extension host this is, as the training and
// dynamics workers start (host/workers/startWorker.ts): desktop, a Node worker_threads Worker on
// dist/runWorker.js; web, a Web Worker on dist/web/runWorker.js. If neither can start,
// RunScheduler runs on the host in slices.

import type * as vscode from 'vscode';
import { startWorker } from '../workers/startWorker';
import type { RunReply, RunRequest } from './runServer';
import type { StartWorker } from './runScheduler';

/** The StartWorker of this host, for the extension at `extensionUri`. */
export function hostWorkerStarter(extensionUri: vscode.Uri): StartWorker {
  return (reply, fail) => startWorker<RunRequest, RunReply>(extensionUri, 'runWorker', reply, fail);
}
