// Fails when a web bundle (dist/web/*.js: the web extension and its workers) needs Node: the web
// extension host (vscode.dev, the web workbench) can `require` only `vscode`, so any other
// require/import — `require("fs")`, `require("node:path")`, `import("child_process")`, a package
// left external — would break activation there. Pass file paths to check other bundles.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './vscode-web.mjs';

const webDir = join(ROOT, 'dist', 'web');
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(webDir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => join(webDir, f));
if (!files.length) {
  console.error(`no web bundle in ${webDir}: run \`npm run build\` first`);
  process.exit(1);
}
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
let failed = false;
for (const file of files) {
  const found = new Set();
  for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:require|import)\s*\(\s*(["'`])([^"'`]+)\1\s*\)/g)) {
    const id = m[2];
    if (builtins.has(id) || (id !== 'vscode' && !id.startsWith('.'))) found.add(id);
  }
  if (found.size) {
    failed = true;
    console.error(`✗ ${file}: requires what the web extension host does not have: ${[...found].join(', ')}`);
  } else {
    console.log(`✓ ${file}: no Node built-ins (nothing but "vscode" required)`);
  }
}
process.exit(failed ? 1 : 0);
