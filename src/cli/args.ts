// The command line of `rnn-step`: which command, which file, which options — or a usage error.
// Parsing is strict (an unknown command, option or extra argument is an error, exit 2) so a typo
// never silently runs something else. Every number from a flag has a bound (Limits, problems.ts).

import { DEFAULT_LIMITS } from '../engine/parse/problems';
import { count } from '../engine/parse/wording';

export type CommandName =
  | 'run'
  | 'train'
  | 'validate'
  | 'explain'
  | 'gradcheck'
  | 'import'
  | 'export'
  | 'exercise'
  | 'dynamics'
  | 'sample'
  | 'compare';
export type ScriptTarget = 'numpy' | 'pytorch';

export interface Invocation {
  readonly kind: 'command';
  readonly command: CommandName;
  /** The model file; for import, the weights file. */
  readonly file: string;
  readonly json: boolean;
  /** train: number of steps (default: the file's train.steps). */
  readonly steps: number | null;
  /** explain, import, export, exercise: where to write (default: stdout). */
  readonly out: string | null;
  /** explain, exercise: significant digits shown (default 6). */
  readonly digits: number | null;
  /** gradcheck: check at most this many entries per tensor (default GRADCHECK_SAMPLE; null with --all). */
  readonly sample: number | null;
  /** import: the template model (required). */
  readonly into: string | null;
  /** import: nn.RNN's nonlinearity, which a state_dict does not hold. */
  readonly activation: 'tanh' | 'relu' | null;
  /** export: the kind of script (required). */
  readonly to: ScriptTarget | null;
  /** gradcheck --all: every entry. */
  readonly all: boolean;
  /** explain --full: every timestep, not only the first and last ones. */
  readonly full: boolean;
  /** train --keep-going: go on after a step whose numbers are not finite. */
  readonly keepGoing: boolean;
  /** sample: the start token (default: the file's first input), tokens to generate, τ, the seed. */
  readonly from: string | null;
  readonly length: number | null;
  readonly temperature: number | null;
  readonly seed: number | null;
}

/** Entries of each tensor `gradcheck` checks by default (the same ones every time). */
export const GRADCHECK_SAMPLE = 20;
/** Timesteps `explain` writes at each end of the forward pass and of BPTT, without --full. */
export const EXPLAIN_KEEP = 3;

export type ParsedArgs =
  | Invocation
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage-error'; readonly message: string };

interface OptionSpec {
  readonly takesValue: boolean;
  readonly commands: readonly CommandName[];
}

const OPTIONS: Readonly<Record<string, OptionSpec>> = {
  '--json': { takesValue: false, commands: ['run', 'train', 'gradcheck', 'dynamics', 'sample', 'compare'] },
  '--steps': { takesValue: true, commands: ['train', 'compare'] },
  '--from': { takesValue: true, commands: ['sample'] },
  '--length': { takesValue: true, commands: ['sample'] },
  '--temperature': { takesValue: true, commands: ['sample'] },
  '--seed': { takesValue: true, commands: ['sample'] },
  '--out': { takesValue: true, commands: ['explain', 'import', 'export', 'exercise'] },
  '-o': { takesValue: true, commands: ['explain', 'import', 'export', 'exercise'] },
  '--into': { takesValue: true, commands: ['import'] },
  '--activation': { takesValue: true, commands: ['import'] },
  '--to': { takesValue: true, commands: ['export'] },
  '--digits': { takesValue: true, commands: ['explain', 'exercise'] },
  '--sample': { takesValue: true, commands: ['gradcheck'] },
  '--all': { takesValue: false, commands: ['gradcheck'] },
  '--full': { takesValue: false, commands: ['explain'] },
  '--keep-going': { takesValue: false, commands: ['train'] },
};

/** Short spellings, read as the long option. */
const ALIASES: Readonly<Record<string, string>> = { '-o': '--out' };

const COMMANDS: readonly CommandName[] = [
  'run',
  'train',
  'validate',
  'explain',
  'gradcheck',
  'import',
  'export',
  'exercise',
  'dynamics',
  'sample',
  'compare',
];

export const USAGE = `Usage: rnn-step <command> FILE [options]

Step-by-step recurrent networks from a .rnn.json model file (FILE "-" reads standard input).

Commands:
  run FILE [--json]                one forward pass, BPTT and one clipped SGD update
  train FILE [--steps N] [--keep-going] [--json]
                                   N full training steps (default: the file's train.steps)
  validate FILE                    check the file; one FILE:LINE:COL: error: MESSAGE line per problem
  explain FILE [--out F] [--digits N] [--full]
                                   the worked example as Markdown with LaTeX math
  gradcheck FILE [--sample N | --all] [--json]
                                   analytic vs finite-difference gradients (fails above 1e-6)
  import WEIGHTS --into MODEL [-o OUT] [--activation tanh|relu]
                                   a PyTorch RNN/LSTM/GRU state_dict (JSON or .safetensors) written
                                   into MODEL's sequence, targets and settings, as a new .rnn.json
  export FILE --to numpy|pytorch [-o OUT]
                                   the model as a runnable Python script; it prints the JSON of
                                   run --json (with --steps N: of train --json)
  exercise FILE [-o F] [--digits N]
                                   the file's practice exercises as Markdown, answer key at the end
  dynamics FILE [--json]           gradient flow ‖∂ℓ_t/∂h_k‖, connectivity ‖∂y_t/∂x_k‖, spectral
                                   radius of each recurrent matrix, gate saturation, in sentences
  sample FILE [--from TOKEN] [--length N] [--temperature T] [--seed S] [--json]
                                   generate N tokens from TOKEN, each drawn from softmax(y/T)
  compare FILE [--steps N] [--json]
                                   the same data through an rnn, an lstm and a gru, each trained
                                   N steps: loss curves and gradient flow side by side

Options:
  --json        print one JSON object on stdout (numbers in full float64 precision)
  --steps N     number of training steps (1 to ${count(DEFAULT_LIMITS.maxTrainSteps)})
  --keep-going  train on after a step whose numbers are not finite (default: stop there)
  --from TOKEN  the first input of sample (default: the file's first input token)
  --length N    tokens sample generates (1-100000, default 100)
  --temperature T
                softmax temperature of sample (a number >= 0, default 1; 0 = always the likeliest)
  --seed S      the integer seed of sample's draws (Mulberry32, default 0)
  -o, --out F   write the Markdown, model or script to F instead of stdout
  --into MODEL  the .rnn.json template whose sequence, targets, loss and training settings are kept
  --activation  nn.RNN's nonlinearity (a state_dict does not record it; default: the template's)
  --to KIND     numpy (forward, loss and BPTT written out) or pytorch (nn modules and autograd)
  --digits N    significant digits of the numbers in the equations (1-17, default 6)
  --full        explain every timestep (default: the first and last ${EXPLAIN_KEEP} of each pass)
  --sample N    check N entries of each tensor, the same ones every time (default ${GRADCHECK_SAMPLE})
  --all         check every entry of every tensor
  -h, --help    show this help
  -V, --version print the version

Limits: a model file of at most ${DEFAULT_LIMITS.maxFileBytes / 1e6} MB; FIFOs and devices are refused (use "-").

Exit status: 0 success, 1 invalid or unreadable file, weights that cannot be imported, a model
that cannot be sampled or analysed (or a failed gradient check),
2 usage error, 3 a NaN or ±Infinity was computed, 70 internal error.
A --from token that is not in the vocab is a usage error. Problems with the file are printed as FILE:LINE:COL: error: MESSAGE (on stdout for
validate, on stderr otherwise); a non-finite value as
FILE: warning: non-finite value: TENSOR[i] at PHASE t=T (CAUSE).`;

function positiveInt(text: string, min: number, max: number): number | null {
  if (!/^[0-9]+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.includes('-h') || argv.includes('--help') || argv[0] === 'help') return { kind: 'help' };
  if (argv.includes('-V') || argv.includes('--version')) return { kind: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) return { kind: 'usage-error', message: 'missing command' };
  if (!(COMMANDS as readonly string[]).includes(command))
    return { kind: 'usage-error', message: `unknown command '${command}'` };
  const cmd = command as CommandName;
  let file: string | null = null;
  const values = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a.startsWith('-') && a !== '-') {
      const eq = a.indexOf('=');
      const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
      const spec = OPTIONS[name];
      const key = ALIASES[name] ?? name;
      if (!spec || !spec.commands.includes(cmd))
        return { kind: 'usage-error', message: `unknown option '${name}' for ${cmd}` };
      if (values.has(key)) return { kind: 'usage-error', message: `option ${key} given twice` };
      if (!spec.takesValue) {
        if (eq > 0) return { kind: 'usage-error', message: `option ${name} takes no value` };
        values.set(key, true);
        continue;
      }
      const value = eq > 0 ? a.slice(eq + 1) : rest[++i];
      if (value === undefined) return { kind: 'usage-error', message: `option ${name} needs a value` };
      values.set(key, value);
      continue;
    }
    if (file !== null) return { kind: 'usage-error', message: `unexpected argument '${a}' (one FILE only)` };
    file = a;
  }
  if (file === null)
    return { kind: 'usage-error', message: `${cmd} needs ${cmd === 'import' ? 'a WEIGHTS file' : 'a FILE'}` };
  const num = (name: string, min: number, max: number, what: string): number | null | string => {
    const v = values.get(name);
    if (typeof v !== 'string') return null;
    return positiveInt(v, min, max) ?? `${name} must be ${what}, not '${v}'`;
  };
  const steps = num(
    '--steps',
    1,
    DEFAULT_LIMITS.maxTrainSteps,
    `an integer from 1 to ${count(DEFAULT_LIMITS.maxTrainSteps)}`,
  );
  const digits = num('--digits', 1, 17, 'an integer from 1 to 17');
  const sample = num('--sample', 1, Number.MAX_SAFE_INTEGER, 'an integer >= 1');
  const length = num('--length', 1, 100_000, 'an integer from 1 to 100000');
  for (const v of [steps, digits, sample, length])
    if (typeof v === 'string') return { kind: 'usage-error', message: v };
  const all = values.get('--all') === true;
  if (all && sample !== null) return { kind: 'usage-error', message: '--sample and --all cannot go together' };
  const temperatureText = values.get('--temperature');
  let temperature: number | null = null;
  if (typeof temperatureText === 'string') {
    temperature = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(temperatureText) ? Number(temperatureText) : NaN;
    if (!Number.isFinite(temperature))
      return { kind: 'usage-error', message: `--temperature must be a number >= 0, not '${temperatureText}'` };
  }
  const seedText = values.get('--seed');
  let seed: number | null = null;
  if (typeof seedText === 'string') {
    seed = /^-?[0-9]+$/.test(seedText) ? Number(seedText) : NaN;
    if (!Number.isSafeInteger(seed))
      return { kind: 'usage-error', message: `--seed must be an integer, not '${seedText}'` };
  }
  const from = values.get('--from');
  const out = values.get('--out');
  const into = values.get('--into');
  const to = values.get('--to');
  const activation = values.get('--activation');
  if (cmd === 'import' && typeof into !== 'string')
    return { kind: 'usage-error', message: 'import needs --into MODEL.rnn.json (the template)' };
  if (cmd === 'export' && to !== 'numpy' && to !== 'pytorch')
    return {
      kind: 'usage-error',
      message:
        to === undefined ? 'export needs --to numpy or --to pytorch' : `--to must be numpy or pytorch, not '${to}'`,
    };
  if (activation !== undefined && activation !== 'tanh' && activation !== 'relu')
    return { kind: 'usage-error', message: `--activation must be tanh or relu, not '${activation}'` };
  return {
    kind: 'command',
    command: cmd,
    file,
    json: values.get('--json') === true,
    steps: steps as number | null,
    out: typeof out === 'string' ? out : null,
    digits: digits as number | null,
    sample: all ? null : ((sample as number | null) ?? GRADCHECK_SAMPLE),
    all,
    full: values.get('--full') === true,
    keepGoing: values.get('--keep-going') === true,
    into: typeof into === 'string' ? into : null,
    activation: activation === 'tanh' || activation === 'relu' ? activation : null,
    to: to === 'numpy' || to === 'pytorch' ? to : null,
    from: typeof from === 'string' ? from : null,
    length: length as number | null,
    temperature,
    seed,
  };
}
