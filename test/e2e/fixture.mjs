// @ts-check
// The fixture workspace both end-to-end suites open: a fresh copy of examples/ plus the broken
// models of test/e2e/fixtures/, in a temp folder (the workbench mounts it read-write in memory,
// so the suites never touch the repository's files).
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../scripts/vscode-web.mjs';

export const SEED_EXAMPLE = 'hi-there-class.rnn.json';
export const INVALID_FIXTURE = 'invalid-token.rnn.json';

/** Creates the workspace; `dispose()` removes it. */
export function makeFixtureWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-stepper-e2e-'));
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  const fixtures = join(ROOT, 'test', 'e2e', 'fixtures');
  for (const name of readdirSync(fixtures)) cpSync(join(fixtures, name), join(dir, name));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
