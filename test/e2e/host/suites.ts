// Registers every host suite. `require` (not import) so that the files run after mocha has set up
// its globals (suite/test); esbuild bundles each one and runs it lazily on first require.
declare const require: (id: string) => unknown;

export function registerSuites(): void {
  require('./activation.test.ts');
  require('./stepper.test.ts');
  require('./diagnostics.test.ts');
  require('./hover.test.ts');
  require('./editor.test.ts');
  require('./debug.test.ts');
  require('./sessionLifetime.test.ts');
  require('./interop.test.ts');
  require('./practice.test.ts');
  require('./training.test.ts');
  require('./dynamics.test.ts');
  require('./runs.test.ts');
}
