// A tiny assert for the web extension host (a web worker): Node's `assert` is not there, and the
// desktop run uses the same bundle source, so the suite uses only this.

export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function ok(value: unknown, message = 'expected a truthy value'): asserts value {
  if (!value) throw new AssertionError(message);
}

export function strictEqual<T>(actual: T, expected: T, message?: string): void {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`${message ? message + ': ' : ''}expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function match(text: string, pattern: RegExp, message?: string): void {
  if (!pattern.test(text)) {
    throw new AssertionError(`${message ? message + ': ' : ''}${show(text)} does not match ${pattern}`);
  }
}

function show(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value.length > 400 ? value.slice(0, 400) + '…' : value)
    : String(value);
}
