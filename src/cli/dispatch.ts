// From argv to an exit status: help, version, usage errors (exit 2), the commands, and the last
// line of defence — any exception from the engine becomes one "internal error" line (exit 70,
// sysexits' EX_SOFTWARE), never a stack trace.

import { version } from '../../package.json';
import { parseArgs, USAGE } from './args';
import { runCommand, type CliIo } from './commands';

export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

export function dispatch(argv: readonly string[], io: CliIo, run: typeof runCommand = runCommand): number {
  const args = parseArgs(argv);
  switch (args.kind) {
    case 'help':
      io.out(USAGE);
      return 0;
    case 'version':
      io.out(`rnn-step ${version}`);
      return 0;
    case 'usage-error':
      io.err(`rnn-step: ${args.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    case 'command':
      try {
        return run(io, args);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        io.err(`rnn-step: internal error: ${message.split('\n')[0]}`);
        return EXIT_INTERNAL;
      }
    default: {
      const never: never = args;
      throw new Error(`unexpected ${JSON.stringify(never)}`);
    }
  }
}
