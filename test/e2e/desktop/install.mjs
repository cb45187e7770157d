// @ts-check
// The desktop extension host, installed once per machine and cached outside the repository: Node 24
// (the npm package node-<os>-<arch>, the official binary with its headers) and code-server, whose
// npm package bundles a full VS Code server — the same Node extension host desktop VS Code runs.
//
// Cache: $RNN_STEPPER_CACHE, else $XDG_CACHE_HOME/rnn-stepper, else ~/.cache/rnn-stepper; one folder
// per version pair (desktop-host/node-<v>+code-server-<v>/). An install is built in a `.partial-<pid>`
// folder beside it and renamed into place only once it is complete and `code-server --version`
// runs, so a half-finished install (crash, Ctrl+C, timeout) is never taken as done; a lock folder
// (mkdir is atomic) keeps two runs from installing at once, and a lock whose owner died is taken over.
// A fresh machine pays a few minutes once (mostly compiling native modules); later runs reuse it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { logTail, runGroup, sleep } from './processGroups.mjs';

export const NODE_VERSION = '24.22.3';
export const CODE_SERVER_VERSION = '4.139.1';

const LOCK_WAIT_MS = 20 * 60_000;
const PACK_TIMEOUT_MS = 5 * 60_000;
const INSTALL_TIMEOUT_MS = 20 * 60_000;

/** A failure of the install, with a sentence saying why (printed as is, no stack). */
export class InstallError extends Error {}

export function cacheRoot() {
  if (process.env.RNN_STEPPER_CACHE) return process.env.RNN_STEPPER_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rnn-stepper');
}

/** The files of an install in `dir`. */
function layout(/** @type {string} */ dir) {
  const nodeBin = join(dir, 'node', 'bin', 'node');
  const codeServer = join(dir, 'cs', 'node_modules', 'code-server');
  return {
    dir,
    nodeBin,
    nodeBinDir: join(dir, 'node', 'bin'),
    codeServerEntry: join(codeServer, 'out', 'node', 'entry.js'),
    serverMain: join(codeServer, 'lib', 'vscode', 'out', 'server-main.js'),
    vscodePackage: join(codeServer, 'lib', 'vscode', 'package.json'),
    marker: join(dir, 'installed.json'),
  };
}

/**
 * An installed desktop host: its files (layout), versions, and whether it came from the cache.
 * @typedef {ReturnType<typeof layout> & {
 *   nodeVersion: string, codeServerVersion: string, vscodeVersion: string, cached: boolean }} DesktopHost
 */

/** The installed host if the cache has a complete one, else undefined. */
function complete(/** @type {string} */ dir) {
  const l = layout(dir);
  if (!existsSync(l.marker)) return undefined;
  for (const f of [l.nodeBin, l.codeServerEntry, l.serverMain, l.vscodePackage]) if (!existsSync(f)) return undefined;
  const vscodeVersion = JSON.parse(readFileSync(l.vscodePackage, 'utf8')).version;
  return { ...l, nodeVersion: NODE_VERSION, codeServerVersion: CODE_SERVER_VERSION, vscodeVersion };
}

/**
 * Returns the cached desktop host, installing it first when the cache has none. `log` gets one line
 * per phase. Throws InstallError (a sentence) when it cannot be installed.
 * @param {(line: string) => void} [log]
 * @returns {Promise<DesktopHost>}
 */
export async function ensureDesktopHost(log = console.log) {
  const platform = process.platform;
  if (platform !== 'linux' && platform !== 'darwin')
    throw new InstallError(`code-server, the desktop host of this stage, runs on Linux and macOS, not on ${platform}.`);
  const base = join(cacheRoot(), 'desktop-host');
  const key = `node-${NODE_VERSION}+code-server-${CODE_SERVER_VERSION}`;
  const dir = join(base, key);
  const ready = complete(dir);
  if (ready) return { ...ready, cached: true };

  mkdirSync(base, { recursive: true });
  const release = await takeLock(join(base, `${key}.lock`), log);
  try {
    const done = complete(dir); // another run may have finished it while we waited
    if (done) return { ...done, cached: true };
    rmSync(dir, { recursive: true, force: true }); // a folder without its marker is not an install
    for (const name of readdirSync(base))
      if (name.startsWith(`${key}.partial-`)) rmSync(join(base, name), { recursive: true, force: true });
    const partial = join(base, `${key}.partial-${process.pid}`);
    const started = Date.now();
    try {
      await install(partial, log);
      writeFileSync(
        layout(partial).marker,
        JSON.stringify({ node: NODE_VERSION, codeServer: CODE_SERVER_VERSION, seconds: (Date.now() - started) / 1000 }),
      );
      renameSync(partial, dir);
    } catch (err) {
      rmSync(partial, { recursive: true, force: true });
      throw err;
    }
    log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s into ${dir}`);
    const installed = complete(dir);
    if (!installed) throw new InstallError(`the install in ${dir} is incomplete after renaming it into place.`);
    return { ...installed, cached: false };
  } finally {
    release();
  }
}

/** @param {string} lock @param {(line: string) => void} log @returns {Promise<() => void>} */
async function takeLock(lock, log) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let said = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'owner.json'), JSON.stringify({ pid: process.pid, host: hostname() }));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (e) {
      const err = /** @type {NodeJS.ErrnoException} */ (e);
      if (err.code !== 'EEXIST') throw new InstallError(`cannot create the install lock ${lock}: ${err.message}`);
    }
    if (lockIsStale(lock)) {
      log(`taking over the install lock of a run that is gone (${lock})`);
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new InstallError(`another run has held the install lock ${lock} for over 20 minutes; remove it if stale.`);
    if (!said) log(`another run is installing the desktop host; waiting for it (${lock})`);
    said = true;
    await sleep(2_000);
  }
}

function lockIsStale(/** @type {string} */ lock) {
  try {
    const { pid, host } = JSON.parse(readFileSync(join(lock, 'owner.json'), 'utf8'));
    if (host !== hostname()) return Date.now() - statSync(lock).mtimeMs > LOCK_WAIT_MS;
    process.kill(pid, 0);
    return false;
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ESRCH') return true;
    // No owner file yet: a run between mkdir and writing it, or one that died right there.
    return existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 10_000;
  }
}

/** What the native modules need to compile; a sentence for each missing piece. */
function missingPrerequisites() {
  /** @type {string[]} */
  const missing = [];
  const has = (/** @type {string} */ cmd) =>
    spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  if (!has('make') || !(has('c++') || has('g++'))) missing.push('a C++ toolchain (Debian: build-essential)');
  if (!has('python3')) missing.push('python3 (node-gyp)');
  if (!has('tar')) missing.push('tar');
  return missing;
}

/** @param {(line: string) => void} log */
function ensureKerberosHeaders(log) {
  if (process.platform !== 'linux' || existsSync('/usr/include/gssapi/gssapi.h')) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt)
    throw new InstallError(
      "code-server's native module kerberos needs gssapi/gssapi.h, which is missing: install libkrb5-dev " +
        '(Debian/Ubuntu: sudo apt-get install libkrb5-dev), then run again.',
    );
  log("gssapi/gssapi.h is missing: installing Debian's libkrb5-dev with apt-get …");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env, timeout: 5 * 60_000 });
    execFileSync('apt-get', ['install', '-y', 'libkrb5-dev'], { stdio: 'inherit', env, timeout: 5 * 60_000 });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new InstallError(`apt-get could not install libkrb5-dev (${message.split('\n')[0]}).`);
  }
}

/** npm settings from the environment worth keeping: where the registry is and how to reach it. */
const NPM_NETWORK_SETTINGS = [
  'registry',
  '.*:registry',
  '.*_auth.*',
  'cafile',
  'ca',
  'cert',
  'key',
  'proxy',
  'https?_proxy',
  'noproxy',
  'strict_ssl',
  'fetch_.*',
  'cache',
];
const NPM_NETWORK = new RegExp(`^npm_config_(${NPM_NETWORK_SETTINGS.join('|')})$`, 'i');

/** The environment of the install's npm: of the outer `npm run`'s settings only the network ones
 *  (its npm_config_local_prefix would point the install at the repository, its nodedir at the
 *  system's Node); with `nodeDir`, that Node first on PATH and its headers for node-gyp. */
function installEnv(/** @type {string | undefined} */ nodeDir) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => (!/^npm_/i.test(k) || NPM_NETWORK.test(k)) && k !== 'INIT_CWD' && k !== 'NODE_OPTIONS',
    ),
  );
  const quiet = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  if (!nodeDir) return { ...env, ...quiet };
  return { ...env, ...quiet, PATH: `${join(nodeDir, 'bin')}:${env.PATH ?? ''}`, npm_config_nodedir: nodeDir };
}

/** @param {string} dir @param {(line: string) => void} log */
async function install(dir, log) {
  const missing = missingPrerequisites();
  if (missing.length)
    throw new InstallError(`installing code-server compiles native modules and needs ${missing.join(', ')}.`);
  ensureKerberosHeaders(log);
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, 'install.log');
  const pkg = `node-${process.platform}-${process.arch}`;
  log(
    `installing Node ${NODE_VERSION} (npm package ${pkg}) and code-server ${CODE_SERVER_VERSION} — once per ` +
      `machine, a few minutes (mostly compiling native modules); log: ${logFile}`,
  );

  // 1. Node 24: `npm pack` fetches the package's tarball (binary + headers) without installing it.
  const bootEnv = installEnv(undefined);
  const pack = await runGroup('npm pack', 'npm', ['pack', `${pkg}@${NODE_VERSION}`, '--pack-destination', dir], {
    env: bootEnv,
    cwd: dir,
    logFile,
    timeoutMs: PACK_TIMEOUT_MS,
  });
  const tgz = join(dir, `${pkg}-${NODE_VERSION}.tgz`);
  if (pack.code !== 0 || !existsSync(tgz))
    throw new InstallError(
      `could not download ${pkg}@${NODE_VERSION} from the npm registry${pack.timedOut ? ' (timed out)' : ''}; ` +
        `the desktop stage needs the registry once per machine to install its VS Code server.\n${logTail(logFile, 8)}`,
    );
  execFileSync('tar', ['xzf', tgz, '-C', dir]);
  renameSync(join(dir, 'package'), join(dir, 'node'));
  rmSync(tgz);
  const nodeDir = join(dir, 'node');
  const version = execFileSync(join(nodeDir, 'bin', 'node'), ['--version'], { encoding: 'utf8' }).trim();
  if (version !== `v${NODE_VERSION}`) throw new InstallError(`${pkg}@${NODE_VERSION} holds Node ${version}.`);

  // 2. code-server, built against Node 24's headers (npm_config_nodedir: node-gyp downloads nothing).
  const cs = join(dir, 'cs');
  mkdirSync(cs);
  writeFileSync(join(cs, 'package.json'), JSON.stringify({ name: 'rnn-stepper-desktop-host', private: true }));
  const started = Date.now();
  const progress = setInterval(
    () => log(`  … still installing code-server (${((Date.now() - started) / 1000).toFixed(0)} s)`),
    60_000,
  );
  let result;
  try {
    result = await runGroup(
      'npm install code-server',
      'npm',
      ['install', `code-server@${CODE_SERVER_VERSION}`, '--foreground-scripts', '--no-save'],
      { env: installEnv(nodeDir), cwd: cs, logFile, timeoutMs: INSTALL_TIMEOUT_MS },
    );
  } finally {
    clearInterval(progress);
  }
  if (result.code !== 0 || !existsSync(layout(dir).serverMain)) {
    const tail = logTail(logFile, 25);
    const why = /gssapi\/gssapi\.h/.test(tail)
      ? 'the kerberos module needs libkrb5-dev (sudo apt-get install libkrb5-dev)'
      : result.timedOut
        ? `it took over ${INSTALL_TIMEOUT_MS / 60_000} minutes`
        : /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network/i.test(tail)
          ? 'the npm registry could not be reached'
          : `npm exited ${result.code ?? result.signal}`;
    throw new InstallError(`npm could not install code-server ${CODE_SERVER_VERSION}: ${why}.\n${tail}`);
  }

  // 3. It runs: code-server loads its native modules and prints its version.
  const check = spawnSync(join(nodeDir, 'bin', 'node'), [layout(dir).codeServerEntry, '--version'], {
    encoding: 'utf8',
    env: {
      ...installEnv(nodeDir),
      HOME: join(dir, 'tmp'),
      XDG_CONFIG_HOME: join(dir, 'tmp'),
      XDG_DATA_HOME: join(dir, 'tmp'),
    },
    timeout: 60_000,
  });
  rmSync(join(dir, 'tmp'), { recursive: true, force: true });
  if (check.status !== 0 || !check.stdout.includes(CODE_SERVER_VERSION))
    throw new InstallError(
      `code-server ${CODE_SERVER_VERSION} was installed but does not run: ` +
        (check.stderr || check.stdout || check.error?.message || '').trim().slice(-500),
    );
  log(`code-server: ${check.stdout.trim().split('\n').pop()}`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  try {
    const host = await ensureDesktopHost();
    console.log(`desktop host ${host.cached ? 'cached' : 'installed'}: ${host.dir} (VS Code ${host.vscodeVersion})`);
  } catch (err) {
    console.error(err instanceof InstallError ? `desktop host: ${err.message}` : err);
    process.exit(1);
  }
}
