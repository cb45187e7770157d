// Entry of the same host suite in desktop VS Code (@vscode/test-electron calls run()). mocha is
// loaded from node_modules here (external in the bundle): its Node build loads reporters dynamically.
import Mocha from 'mocha';
import { registerSuites } from './suites';

declare const __HOST_GREP__: string;

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    timeout: 30_000,
    color: true,
    grep: __HOST_GREP__ ? new RegExp(__HOST_GREP__, 'i') : undefined,
  });
  mocha.suite.emit('pre-require', globalThis, 'host-suite', mocha);
  registerSuites();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} host tests failed`)) : resolve()));
  });
}
