// @ts-check
// Runs the host suite in desktop VS Code itself through @vscode/test-electron
// (`npm run test:desktop -- --electron`, or DESKTOP_HOST=electron). It downloads VS Code into
// .vscode-test/ on first use, so it is for machines that can reach update.code.visualstudio.com and
// show a window (or run under xvfb). Everywhere else — and in `npm test` and CI — `npm run
// test:desktop` runs the same suite in VS Code server's Node extension host (test/e2e/desktop/run.mjs).
// VSCODE_VERSION picks the build (default: the `engines.vscode` minimum, 1.91.1; or 'stable').
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { ROOT } from '../../../scripts/vscode-web.mjs';
import { HOST_NODE_BUNDLE, buildHostSuite } from '../build.mjs';
import { makeFixtureWorkspace } from '../fixture.mjs';

await buildHostSuite();
const workspace = makeFixtureWorkspace();
let code = 0;
try {
  await runTests({
    version: process.env.VSCODE_VERSION || '1.91.1',
    cachePath: join(ROOT, '.vscode-test'),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: HOST_NODE_BUNDLE,
    // A throwaway profile: no other extensions, no welcome page, no trust prompt.
    launchArgs: [
      workspace.dir,
      '--disable-extensions',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-workspace-trust',
    ],
  });
  console.log('host suite (desktop VS Code through @vscode/test-electron) passed');
} catch (err) {
  console.error(
    `host suite (desktop VS Code through @vscode/test-electron) FAILED: ${err instanceof Error ? err.message : err}`,
  );
  code = 1;
} finally {
  workspace.dispose();
}
process.exit(code);
