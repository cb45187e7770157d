// Starts the run worker (runWorker.ts) in whichever extension host this is, as training.ts starts
// the training worker: desktop, a Node worker_threads Worker on dist/runWorker.js; web, a Web
// Worker on dist/web/runWorker.js (the web extension host is itself a worker and may start nested
// ones from the extension's URL). If neither can start, RunScheduler runs on the host in slices.

import * as vscode from 'vscode';
import type { RunReply } from './runServer';
import type { StartWorker, WorkerPort } from './runScheduler';

interface WebWorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: RunReply }) => void) | null;
  onerror: ((e: { message?: string; preventDefault?(): void }) => void) | null;
}

/** The StartWorker of this host, for the extension at `extensionUri`. */
export function hostWorkerStarter(extensionUri: vscode.Uri): StartWorker {
  return (reply, fail) => {
    if (__WEB__) return startWebWorker(extensionUri, reply, fail);
    // Inside the dead branch of the web bundle, so esbuild never tries to resolve it for the browser.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    else return startNodeWorker(require('node:worker_threads'), extensionUri, reply, fail);
  };
}

function startWebWorker(
  extensionUri: vscode.Uri,
  reply: (r: RunReply) => void,
  fail: (why: string) => void,
): WorkerPort {
  const WorkerCtor = (
    globalThis as unknown as { Worker?: new (url: string, options?: { name?: string }) => WebWorkerLike }
  ).Worker;
  if (!WorkerCtor) throw new Error('this host has no Worker');
  const url = vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'runWorker.js').toString(true);
  const worker = new WorkerCtor(url, { name: 'rnn-run' });
  worker.onmessage = (e) => reply(e.data);
  worker.onerror = (e) => {
    e.preventDefault?.();
    fail(e.message ?? 'the run worker failed');
  };
  return { post: (request) => worker.postMessage(request), terminate: () => worker.terminate() };
}

function startNodeWorker(
  threads: typeof import('node:worker_threads'),
  extensionUri: vscode.Uri,
  reply: (r: RunReply) => void,
  fail: (why: string) => void,
): WorkerPort {
  const worker = new threads.Worker(vscode.Uri.joinPath(extensionUri, 'dist', 'runWorker.js').fsPath);
  // An idle worker must not keep a closing extension host alive.
  worker.unref();
  let terminated = false;
  worker.on('message', reply);
  worker.on('error', (e) => fail(e.message));
  worker.on('exit', (code) => {
    if (!terminated && code !== 0) fail(`the run worker exited with code ${code}`);
  });
  return {
    post: (request) => worker.postMessage(request),
    terminate: () => {
      terminated = true;
      void worker.terminate();
    },
  };
}
