// Checks what `vsce package` put in the .vsix (run by `npm run package` after packaging): the
// file list from `vsce ls` must hold what runs — both extension bundles, the webview, KaTeX's
// css and woff2 fonts, the schema, the icon, the manifest and docs — and nothing else: no
// sources, tests, node_modules, source maps or test bundles; the .vsix must stay under 2 MB.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './vscode-web.mjs';

const require = createRequire(import.meta.url);
const vsce = join(require.resolve('@vscode/vsce/package.json'), '..', 'vsce');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);

const problems = [];
const required = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'dist/extension.js',
  'dist/web/extension.js',
  'dist/webview/main.js',
  'dist/webview/document.js',
  'media/document.css',
  'media/icon.png',
  'media/katex/katex.min.css',
  'schemas/rnn.schema.json',
  pkg.icon,
];
for (const f of required) if (!files.includes(f)) problems.push(`missing ${f}`);
if (!files.some((f) => /^media\/katex\/fonts\/.+\.woff2$/.test(f))) problems.push('missing the KaTeX woff2 fonts');
// Every bundle the build makes for VS Code must ship (a new worker bundle, say), except the
// npm-only CLI, the benchmarks and the test bundles.
const built = readdirSync(join(ROOT, 'dist'), { recursive: true })
  .map((f) => `dist/${String(f).split('\\').join('/')}`)
  .filter((f) => f.endsWith('.js') && !/^dist\/(test|bench)\//.test(f) && f !== 'dist/cli.js');
for (const f of built) if (!files.includes(f)) problems.push(`missing ${f} (built, but .vscodeignore leaves it out)`);
const forbidden = [
  /^src\//,
  /^test\//,
  /^webview\//,
  /(^|\/)node_modules\//,
  /\.map$/,
  /^dist\/test\//,
  /\.ts$/,
  /^\./,
  /^scripts\//,
  /\.vsix$/,
  /^test-results\//,
  /^media\/screenshots\//,
  /\.(ttf|woff)$/,
];
for (const f of files) if (forbidden.some((re) => re.test(f))) problems.push(`should not ship ${f}`);

const vsix = join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
let size = 0;
try {
  size = statSync(vsix).size;
  if (size >= 2 * 1024 * 1024) problems.push(`${vsix} is ${(size / 1024 / 1024).toFixed(2)} MB (limit 2 MB)`);
} catch {
  problems.push(`${vsix} was not built`);
}
console.log(`vsce ls: ${files.length} files\n${files.map((f) => `  ${f}`).join('\n')}`);
if (problems.length) {
  console.error(`package check FAILED:\n${problems.map((p) => `  ✗ ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `package check passed: ${pkg.name}-${pkg.version}.vsix, ${(size / 1024).toFixed(0)} KB, ${files.length} files`,
);
