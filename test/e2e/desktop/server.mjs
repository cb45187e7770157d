// @ts-check
// Starting VS Code server (from the cached code-server install, see install.mjs) for one part of the
// desktop stage, with everything it writes in the run's scratch folder: HOME and the XDG folders
// point there, and the user data, server data and extensions folders are fresh ones inside it, so a
// run never reads or writes the person's own VS Code settings, extensions or ~/.config. Each server
// runs in its own process group (processGroups.mjs) and is stopped with it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { freePort } from '../../../scripts/vscode-web.mjs';
import { logTail, runGroup, sleep, startGroup } from './processGroups.mjs';

/** @typedef {import('./install.mjs').DesktopHost} DesktopHost */
/** @typedef {ReturnType<typeof serverFolders>} ServerFolders */
/** @typedef {{ name: string, port: number, url: string, pid: number, stop: () => Promise<void> }} Server */

const READY_TIMEOUT_MS = 60_000;

/** Settings for a quiet, offline, deterministic workbench (no welcome page, trust prompt, AI chat,
 *  telemetry or updates; no unsaved document of an earlier run coming back) that saves like desktop
 *  VS Code: the workbench in a browser auto-saves after a delay by default, the desktop one does not. */
export const SETTINGS = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'files.hotExit': 'off',
  'workbench.tips.enabled': false,
  'git.enabled': false,
};

/** Fresh folders for one server under `scratch`, and the environment that keeps it there. */
/** @param {string} scratch @param {string} name */
export function serverFolders(scratch, name) {
  const root = join(scratch, name);
  const f = {
    root,
    home: join(root, 'home'),
    data: join(root, 'data'),
    extensions: join(root, 'extensions'),
    logFile: join(root, 'server.log'),
  };
  for (const dir of [f.home, f.data, f.extensions]) mkdirSync(dir, { recursive: true });
  // The extension host puts its IPC socket (for `code` in the terminal) in XDG_RUNTIME_DIR.
  mkdirSync(join(f.home, 'run'), { mode: 0o700 });
  // VS Code server reads the user's settings from <data>/User (code-server) or <data>/data/User.
  for (const user of [join(f.data, 'User'), join(f.data, 'data', 'User')]) {
    mkdirSync(user, { recursive: true });
    writeFileSync(join(user, 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  }
  return f;
}

/** The server's environment: Node 24 first on PATH; HOME, XDG_* and temp in the scratch folder. */
/** @param {DesktopHost} host @param {ServerFolders} folders @returns {NodeJS.ProcessEnv} */
export function serverEnv(host, folders) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(npm_|VSCODE_|ELECTRON_)/i.test(k) && !['INIT_CWD', 'NODE_OPTIONS'].includes(k),
    ),
  );
  return {
    ...env,
    PATH: `${host.nodeBinDir}:${env.PATH ?? ''}`,
    HOME: folders.home,
    XDG_CONFIG_HOME: join(folders.home, '.config'),
    XDG_DATA_HOME: join(folders.home, '.local', 'share'),
    XDG_CACHE_HOME: join(folders.home, '.cache'),
    XDG_RUNTIME_DIR: join(folders.home, 'run'),
    // No extension gallery (code-server's default is open-vsx.org): the stage runs offline, and the
    // workbench must not reach out to one while it is being watched for requests leaving the machine.
    EXTENSIONS_GALLERY: '{}',
  };
}

/** Chromium's environment: its home and XDG folders in the scratch folder too (it keeps crash
 *  report settings and the desktop's config cache there whatever its --user-data-dir). */
export function browserEnv(/** @type {string} */ scratch) {
  const home = join(scratch, 'browser-home');
  mkdirSync(home, { recursive: true });
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
  };
}

/**
 * VS Code server (server-main.js) with the smoke-test driver, which the workbench needs before it
 * honours the `payload` query that names the extension under development and its tests.
 */
/** @param {DesktopHost} host @param {ServerFolders} folders @returns {Promise<Server>} */
export async function startVscodeServer(host, folders) {
  const port = await freePort();
  const args = [
    host.serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--user-data-dir',
    folders.data,
    '--server-data-dir',
    folders.data,
    '--extensions-dir',
    folders.extensions,
  ];
  return start('VS Code server', host.nodeBin, args, host, folders, port, '/');
}

/** code-server itself, as a person runs it, serving `workspace` with what `extensions` holds. */
/** @param {DesktopHost} host @param {ServerFolders} folders @param {string} workspace @returns {Promise<Server>} */
export async function startCodeServer(host, folders, workspace) {
  const port = await freePort();
  const args = [
    host.codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    folders.data,
    '--extensions-dir',
    folders.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    workspace,
  ];
  return start('code-server', host.nodeBin, args, host, folders, port, '/healthz');
}

/** `code-server --install-extension <vsix>` into the folders' extensions folder. */
/** @param {DesktopHost} host @param {ServerFolders} folders @param {string} vsix */
export async function installVsix(host, folders, vsix) {
  const result = await runGroup(
    'code-server --install-extension',
    host.nodeBin,
    [
      host.codeServerEntry,
      '--user-data-dir',
      folders.data,
      '--extensions-dir',
      folders.extensions,
      '--install-extension',
      vsix,
    ],
    { env: serverEnv(host, folders), cwd: folders.root, logFile: folders.logFile, timeoutMs: 120_000 },
  );
  if (result.code !== 0)
    throw new Error(
      `code-server could not install ${vsix}${result.timedOut ? ' (timed out)' : ''}:\n${logTail(folders.logFile)}`,
    );
}

/**
 * Starts a server in its own process group and waits until `probe` answers on `port`.
 * @param {string} name @param {string} node @param {string[]} args @param {DesktopHost} host
 * @param {ServerFolders} folders @param {number} port @param {string} probe
 * @returns {Promise<Server>}
 */
async function start(name, node, args, host, folders, port, probe) {
  const group = startGroup(name, node, args, {
    env: serverEnv(host, folders),
    cwd: folders.root,
    logFile: folders.logFile,
  });
  let exited = false;
  void group.exited.then(() => (exited = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      await group.stop();
      throw new Error(`${name} exited before it served anything:\n${logTail(folders.logFile)}`);
    }
    const status = await httpStatus(`http://127.0.0.1:${port}${probe}`);
    if (status !== undefined && status < 500) break;
    if (Date.now() > deadline) {
      await group.stop();
      throw new Error(
        `${name} did not answer on port ${port} within ${READY_TIMEOUT_MS / 1000} s:\n${logTail(folders.logFile)}`,
      );
    }
    await sleep(250);
  }
  return { name, port, url: `http://127.0.0.1:${port}`, pid: group.pid, stop: () => group.stop() };
}

/** The HTTP status `url` answers with, or undefined when nothing answers. */
function httpStatus(/** @type {string} */ url) {
  /** @type {Promise<number | undefined>} */
  const status = new Promise((resolve) => {
    const req = get(url, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
  return status;
}
