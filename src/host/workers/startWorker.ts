// Starts the extension's background workers — the run worker (session/runWorker.ts), the training
// worker (training/trainingWorker.ts) and the dynamics worker (dynamics/dynamicsWorker.ts) — in
// whichever extension host this is. Desktop: a Node worker_threads Worker on dist/<script>.js. Web:
// a Web Worker on dist/web/<script>.js (the web extension host is itself a worker; VS Code lets it
// start nested ones from the extension's URL). Both throw when this host has no workers at all, so
// that each caller falls back to its own way of computing on the host thread.
//
// startWorker keeps a worker that serves many requests (the run worker): any error or unasked exit
// is a failure. startWorkerJob gives a worker one request: a break before its first reply means it
// could not load (the caller falls back), a break after is that request's 'error' reply.

import * as vscode from 'vscode';

/** The worker bundles esbuild.mjs builds, by name (dist/<script>.js and dist/web/<script>.js). */
export type WorkerScript = 'runWorker' | 'trainingWorker' | 'dynamicsWorker';

/** A started worker. */
export interface WorkerHandle<Req> {
  post(request: Req): void;
  terminate(): void;
}

/** A worker given one request. */
export interface WorkerJob {
  stop(): void;
}

/** The reply standing for a worker that broke after it had started answering. */
export interface WorkerErrorReply {
  readonly type: 'error';
  readonly message: string;
}

/** What the worker is called in messages ("the training worker failed"). */
const LABEL: Record<WorkerScript, string> = {
  runWorker: 'run',
  trainingWorker: 'training',
  dynamicsWorker: 'dynamics',
};

interface WebWorkerLike<Reply> {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: Reply }) => void) | null;
  onerror: ((e: { message?: string; preventDefault?(): void }) => void) | null;
}

interface Listeners<Reply> {
  message(data: Reply): void;
  /** Its error's message; a Web Worker that cannot load gives none. */
  error(message: string | undefined): void;
  /** Desktop: it exited with a non-zero code without being terminated. */
  exit?(code: number): void;
}

/** Starts `script` for many requests; `fail` is told of any error or unasked exit (or that it
 *  cannot load, before any reply). Throws when this host has no workers at all. */
export function startWorker<Req, Reply>(
  extensionUri: vscode.Uri,
  script: WorkerScript,
  reply: (r: Reply) => void,
  fail: (why: string) => void,
): WorkerHandle<Req> {
  const label = LABEL[script];
  return spawn<Req, Reply>(
    extensionUri,
    script,
    {
      message: reply,
      error: (message) => fail(message ?? `the ${label} worker failed`),
      exit: (code) => fail(`the ${label} worker exited with code ${code}`),
    },
    // An idle worker must not keep a closing extension host alive.
    true,
  );
}

/** Starts `script` on `request`; calls `fail` if it cannot load (before any reply), and after that
 *  turns a break into an 'error' reply. Throws when this host has no workers at all. */
export function startWorkerJob<Req, Reply>(
  extensionUri: vscode.Uri,
  script: WorkerScript,
  request: Req,
  reply: (r: Reply | WorkerErrorReply) => void,
  fail: (why: string) => void,
): WorkerJob {
  const label = LABEL[script];
  let replied = false;
  const worker = spawn<Req, Reply>(
    extensionUri,
    script,
    {
      message: (data) => {
        replied = true;
        reply(data);
      },
      error: (message) =>
        replied
          ? reply({ type: 'error', message: message ?? `the ${label} worker failed` })
          : fail(message ?? `the ${label} worker failed to start`),
    },
    false,
  );
  worker.post(request);
  return { stop: () => worker.terminate() };
}

function spawn<Req, Reply>(
  extensionUri: vscode.Uri,
  script: WorkerScript,
  on: Listeners<Reply>,
  unref: boolean,
): WorkerHandle<Req> {
  if (__WEB__) return spawnWeb(extensionUri, script, on);
  // Inside the dead branch of the web bundle, so esbuild never tries to resolve it for the browser.
  else
    return spawnNode(
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('node:worker_threads') as typeof import('node:worker_threads'),
      extensionUri,
      script,
      on,
      unref,
    );
}

function spawnWeb<Req, Reply>(extensionUri: vscode.Uri, script: WorkerScript, on: Listeners<Reply>): WorkerHandle<Req> {
  const WorkerCtor = (
    globalThis as unknown as { Worker?: new (url: string, options?: { name?: string }) => WebWorkerLike<Reply> }
  ).Worker;
  if (!WorkerCtor) throw new Error('this host has no Worker');
  const url = vscode.Uri.joinPath(extensionUri, 'dist', 'web', `${script}.js`).toString(true);
  const worker = new WorkerCtor(url, { name: `rnn-${LABEL[script]}` });
  worker.onmessage = (e) => on.message(e.data);
  worker.onerror = (e) => {
    e.preventDefault?.();
    on.error(e.message);
  };
  return { post: (request) => worker.postMessage(request), terminate: () => worker.terminate() };
}

function spawnNode<Req, Reply>(
  threads: typeof import('node:worker_threads'),
  extensionUri: vscode.Uri,
  script: WorkerScript,
  on: Listeners<Reply>,
  unref: boolean,
): WorkerHandle<Req> {
  const worker = new threads.Worker(vscode.Uri.joinPath(extensionUri, 'dist', `${script}.js`).fsPath);
  if (unref) worker.unref();
  let terminated = false;
  worker.on('message', (m: Reply) => on.message(m));
  worker.on('error', (e) => on.error(e.message));
  const { exit } = on;
  if (exit)
    worker.on('exit', (code) => {
      if (!terminated && code !== 0) exit(code);
    });
  return {
    post: (request) => worker.postMessage(request),
    terminate: () => {
      terminated = true;
      void worker.terminate();
    },
  };
}
