// @ts-check
// Every process the desktop stage starts runs in a process group of its own (spawn `detached`, i.e.
// setsid), so stopping it stops everything it started too: VS Code server forks an extension host,
// a file watcher and pty hosts, and npm's install scripts run compilers. Groups are stopped with
// kill(-pid): politely first (SIGTERM), then SIGKILL after a grace period; whatever is still
// running when this process exits — a failed assertion, a timeout, Ctrl+C — is killed on the way
// out, so nothing outlives the stage.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/** @type {Map<number, string>} pid → name */
const live = new Map();

/** @param {number} pid @param {NodeJS.Signals | 0} signal */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // already gone (ESRCH)
  }
}

/** True while any process of the group `pid` is alive. */
export function groupAlive(/** @type {number} */ pid) {
  return killGroup(pid, 0);
}

function killAllNow() {
  for (const pid of live.keys()) killGroup(pid, 'SIGKILL');
  live.clear();
}

process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killAllNow();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

/**
 * @typedef {{ env: NodeJS.ProcessEnv, cwd: string, logFile: string }} GroupOptions
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, error?: Error }} GroupExit
 */

/**
 * Starts `cmd args` as the leader of a new process group, its output appended to `logFile`.
 * Resolves nothing: returns { pid, exited (a promise of {code, signal}), stop() }.
 * @param {string} name @param {string} cmd @param {string[]} args @param {GroupOptions} options
 */
export function startGroup(name, cmd, args, { env, cwd, logFile }) {
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} did not start (${cmd})`);
  live.set(pid, name);
  /** @type {Promise<GroupExit>} */
  const exited = new Promise((resolve) => {
    child.on('error', (err) => resolve({ code: null, signal: null, error: err }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    pid,
    exited,
    /** Stops the whole group: SIGTERM, then SIGKILL after `graceMs`; resolves when it is gone. */
    async stop(graceMs = 5_000) {
      if (!live.has(pid)) return;
      killGroup(pid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
      for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
      live.delete(pid);
    },
  };
}

/**
 * Runs `cmd args` in its own group to completion, output to `logFile`; the group is killed if it
 * runs longer than `timeoutMs`. Resolves { code, signal, timedOut }.
 * @param {string} name @param {string} cmd @param {string[]} args
 * @param {GroupOptions & { timeoutMs: number }} options
 */
export async function runGroup(name, cmd, args, { env, cwd, logFile, timeoutMs }) {
  const group = startGroup(name, cmd, args, { env, cwd, logFile });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void group.stop(2_000);
  }, timeoutMs);
  const result = await group.exited;
  clearTimeout(timer);
  await group.stop(2_000); // whatever it left running (a daemonised child) goes too
  return { ...result, timedOut };
}

/** The last `lines` lines of a log file (for an error message). */
export function logTail(/** @type {string} */ file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** @param {number} ms @returns {Promise<void>} */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
