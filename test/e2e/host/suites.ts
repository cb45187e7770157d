// Registers every host suite. `require` (not import) so that the files run after mocha has set up
// its globals (suite/test); esbuild bundles each one and runs it lazily on first require.
declare const require: (id: string) => unknown;

export function registerSuites(): void {
  require('./activation.test');
  require('./stepper.test');
  require('./diagnostics.test');
  require('./hover.test');
  require('./editor.test');
  require('./debug.test');
  require('./sessionLifetime.test');
}
