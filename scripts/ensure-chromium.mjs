// The browser the webview and end-to-end suites drive: Debian's Chromium (Playwright's own
// browser download is not used — it needs the internet). `npm test` runs this first so that
// `npm ci && npm test` works on a fresh machine: when Chromium is missing and we may install
// packages (root with apt-get), it installs Debian's `chromium`; otherwise it says what to do.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM || '/usr/bin/chromium';

function canInstall() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

if (!existsSync(chromium)) {
  if (process.env.CHROMIUM || !canInstall()) {
    console.error(
      `Chromium not found at ${chromium}. Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium.`,
    );
    process.exit(1);
  }
  console.log("Chromium is missing: installing Debian's chromium with apt-get …");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
}
console.log(execFileSync(chromium, ['--version'], { encoding: 'utf8' }).trim());
