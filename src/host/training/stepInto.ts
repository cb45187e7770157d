// "Step into iteration k" of the last training run (the panel's training chart, or the command
// rnn.stepIntoIteration): the weights of that iteration replayed in the training worker
// (replayPlan.ts), its forward and backward pass run, and the trace handed to the stepper as a
// recorded run (Session.showRun) — labelled in the panel, left by "Back to the file's run".

import * as vscode from 'vscode';
import type { Model, Tensor } from '../../engine/model';
import { startRun } from '../../engine/compute/run';
import type { Trace } from '../../engine/trace/trace';
import { SLICE_MS } from '../session/runScheduler';
import { nonFiniteSentence } from '../../engine/trace/nonFinite';
import { iterationModelOf, replayPlan } from './replayPlan';
import { startSliced, type Trainer } from './training';
import type { TrainReply, TrainRequest } from './trainingWorker';
import { startWorkerJob } from '../workers/startWorker';
import type { Session } from '../session/session';
import type { Logger } from '../log';

/** The weights after `request.steps` steps of training, from the worker (or host slices without one). */
function trainQuietly(extensionUri: vscode.Uri, request: TrainRequest, log: Logger): Promise<Record<string, Tensor>> {
  return new Promise((resolve, reject) => {
    let trainer: Trainer | undefined;
    const onReply = (reply: TrainReply) => {
      if (reply.type === 'progress') return;
      trainer?.stop();
      if (reply.type === 'done') resolve(reply.params);
      else if (reply.type === 'diverged') reject(new Error(nonFiniteSentence(reply.divergence.nonFinite)));
      else reject(new Error(reply.message));
    };
    const fallback = (why: string) => {
      log.warn(`training worker unavailable (${why}); replaying on the host in slices`);
      trainer = startSliced(request, onReply);
    };
    try {
      trainer = startWorkerJob<TrainRequest, TrainReply>(extensionUri, 'trainingWorker', request, onReply, fallback);
    } catch (e) {
      fallback(e instanceof Error ? e.message : String(e));
    }
  });
}

/** Replays 0-based iteration `k` of `session`'s last training run into its stepper. Returns an
 *  error message, or undefined when the stepper shows the iteration. */
export async function stepIntoIteration(
  extensionUri: vscode.Uri,
  session: Session,
  k: number,
  log: Logger,
): Promise<string | undefined> {
  const p = session.training;
  if (!p || p.state === 'running') return 'there is no finished training run of this file: run “RNN: Train…” first';
  if (!p.record) return 'this training run kept no record to replay (it was cancelled or failed): train again';
  const total = p.losses.length;
  let plan;
  try {
    plan = replayPlan(p.record, k, total);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const record = p.record;
  const params = plan.request
    ? await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `RNN: replaying training step ${k + 1}` },
        () => trainQuietly(extensionUri, plan.request as TrainRequest, log),
      )
    : plan.params;
  const model: Model = iterationModelOf(record, params);
  // The same run the session makes of the file (session.ts refresh), on the replayed weights — in
  // slices of at most SLICE_MS with the event loop turning between them, never blocking the host.
  const trace = await runInSlices(model);
  if (session.training !== p) return 'a new training run started meanwhile; step into one of its iterations';
  session.showRun(trace, `iteration ${k + 1} of ${total} of training`, { iteration: k, total });
  return undefined;
}

/** runModel's trace, computed a slice at a time on this thread with a macrotask between slices. */
async function runInSlices(model: Model): Promise<Trace> {
  const task = startRun(model);
  for (;;) {
    const until = Date.now() + SLICE_MS;
    if (task.advance(() => Date.now() >= until)) return task.result();
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
