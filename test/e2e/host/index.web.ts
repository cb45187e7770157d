// Entry of the host suite in the web extension host (a web worker): @vscode/test-web calls run().
// mocha's browser build is bundled in (the worker can require only `vscode`).
import 'mocha/mocha';
import { registerSuites } from './suites';

declare const __HOST_GREP__: string;

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    mocha.setup({ ui: 'tdd', reporter: 'spec', timeout: 30_000, color: false });
    if (__HOST_GREP__) mocha.grep(new RegExp(__HOST_GREP__, 'i'));
    registerSuites();
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} host tests failed`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
