// @ts-check
// What the UI smoke can see of the Node extension host from outside: the process (VS Code server
// forks it as `bootstrap-fork --type=extensionHost`, in the server's process group), its threads'
// names from /proc (a worker_threads Worker runs on a thread Node names `WorkerThread`), and its
// log, where the extension service records each extension it activates.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} file @returns {string | undefined} */
function read(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process or file went away meanwhile
  }
}

export class ExtensionHost {
  /** @param {number} serverPid the server's process group @param {string} dataDir its user data folder */
  constructor(serverPid, dataDir) {
    this.serverPid = serverPid;
    this.dataDir = dataDir;
  }

  /** The pid of the server's extension host process (in the server's process group). */
  pid() {
    if (!existsSync('/proc/self/task')) throw new Error('no /proc here: the extension host cannot be observed');
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const stat = read(`/proc/${name}/stat`);
      const cmdline = read(`/proc/${name}/cmdline`);
      if (!stat || !cmdline) continue;
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp === this.serverPid && cmdline.includes('--type=extensionHost')) return Number(name);
    }
    throw new Error(`no extension host process in the server's process group ${this.serverPid}`);
  }

  /** The names of the threads of process `pid`. */
  static threadNames(/** @type {number} */ pid) {
    /** @type {string[]} */
    const names = [];
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const comm = read(`/proc/${pid}/task/${tid}/comm`);
      if (comm) names.push(comm.trim());
    }
    return names;
  }

  /** The text of every remote extension host log of this server (logs/<date>/exthost<N>/remoteexthost.log). */
  log() {
    /** @type {string[]} */
    const found = [];
    /** @param {string} dir @param {number} depth */
    const walk = (dir, depth) => {
      if (depth > 5 || !existsSync(dir)) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path, depth + 1);
        else if (entry.name === 'remoteexthost.log') found.push(read(path) ?? '');
      }
    };
    walk(this.dataDir, 0);
    return found.join('\n');
  }
}
