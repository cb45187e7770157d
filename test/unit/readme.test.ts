// The README's numbers are the CLI's numbers, digit for digit. Two checks, both against a real
// `node cli.js` process built from the current sources:
//  - every `console` block of README.md whose commands are `rnn-step …` or `node dist/cli.js …`
//    is run, and its output must be exactly what the README shows;
//  - every number the README quotes with 9 or more significant digits must appear, as written,
//    in what the CLI prints for the examples (run, run --json, train --json, explain).
// And its images are ones the packager takes: files of the repo, alt texts without brackets.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle } from './cli.helpers';

const ROOT = join(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface ConsoleCommand {
  readonly line: number;
  readonly command: string;
  readonly expected: string;
}

/** The `$ command` lines of every ```console block, each with the lines shown after it. */
export function consoleCommands(markdown: string): ConsoleCommand[] {
  const commands: ConsoleCommand[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```console') continue;
    let current: { line: number; command: string; out: string[] } | null = null;
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) {
      if (lines[i].startsWith('$ ')) {
        if (current) commands.push({ line: current.line, command: current.command, expected: current.out.join('\n') });
        current = { line: i + 1, command: lines[i].slice(2), out: [] };
      } else current?.out.push(lines[i]);
    }
    if (current) commands.push({ line: current.line, command: current.command, expected: current.out.join('\n') });
  }
  return commands;
}

/** Decimal numbers written with at least `digits` significant digits (a leading − or - kept). */
export function longNumbers(text: string, digits = 9): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/[−-]?\d+\.\d+(?:e[+-]?\d+)?/g)) {
    const significant = m[0].replace(/^[−-]/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '');
    if (significant.length >= digits) found.add(m[0].replace('−', '-'));
  }
  return [...found];
}

describe('README', () => {
  let dir = '';
  let cli = '';
  const run = (args: string[]): string => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
    return `${r.stdout}${r.stderr}`;
  };

  before(async function () {
    this.timeout(60000);
    dir = mkdtempSync(join(tmpdir(), 'rnn-step-readme-'));
    cli = await cliBundle();
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds console blocks and long numbers to check (the checks below are not vacuous)', () => {
    assert.ok(consoleCommands(README).length >= 2);
    assert.ok(longNumbers(README).includes('0.45209451101463705'));
    assert.deepEqual(longNumbers('a 1.5 and −0.060532817893227876, 12345.6789'), [
      '-0.060532817893227876',
      '12345.6789',
    ]);
  });

  it('every console block prints exactly what the README shows', function () {
    this.timeout(120000);
    for (const { line, command, expected } of consoleCommands(README)) {
      const shell = command.replace(/^rnn-step /, 'node dist/cli.js ').replace(/node dist\/cli\.js /g, `node ${cli} `);
      const r = spawnSync('bash', ['-c', shell], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
      assert.equal(`${r.stdout}${r.stderr}`.trimEnd(), expected.trimEnd(), `README.md:${line}: ${command}`);
    }
  });

  it('every number quoted with 9+ significant digits is one the CLI prints', function () {
    this.timeout(120000);
    const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.rnn.json'));
    let corpus = '';
    for (const f of examples) {
      const file = join('examples', f);
      for (const args of [['run'], ['run', '--json'], ['train', '--json'], ['explain']]) {
        corpus += `\n${run([args[0], file, ...args.slice(1)])}`;
      }
    }
    const printed = new Set(longNumbers(corpus, 1));
    const missing = longNumbers(README).filter((n) => !printed.has(n));
    assert.deepEqual(missing, [], `README numbers the CLI never prints: ${missing.join(', ')}`);
  });
});

describe('README images', () => {
  it('each is a file of the repo, its alt text without brackets (vsce package refuses those)', () => {
    const images = [...README.matchAll(/!\[((?:[^\]\n]|\](?!\())*)\]\(([^)\s]+)\)/g)];
    assert.ok(images.length >= 10, `${images.length} images found`);
    for (const [, alt, src] of images) {
      assert.ok(!/[[\]]/.test(alt), `the alt text of ${src} has a bracket: ${alt}`);
      assert.ok(existsSync(join(ROOT, src)), `${src} is not in the repo`);
    }
  });
});
