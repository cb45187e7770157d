// The `rnn-step` bundle for tests that run it as a user does (a real `node cli.js` process),
// built once per test process from the current sources with the options of esbuild.mjs's CLI
// target, into a temporary directory removed when the process exits.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

export const ROOT = join(__dirname, '../..');

let built: Promise<string> | null = null;

/** The path of a freshly built cli.js (built on first use). */
export function cliBundle(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-step-cli-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const cli = join(dir, 'cli.js');
    await esbuild.build({
      entryPoints: [join(ROOT, 'src/cli/main.ts')],
      outfile: cli,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      mainFields: ['module', 'main'],
      target: 'es2022',
      logLevel: 'silent',
    });
    return cli;
  })();
  return built;
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs `node cli.js ARGS`; `input` is piped to its stdin. */
export function runCli(cli: string, args: readonly string[], options: SpawnSyncOptions = {}): CliResult {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120000,
    maxBuffer: 1 << 30,
    ...options,
  });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr), ms: Date.now() - t0 };
}
