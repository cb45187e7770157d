// JSON paths as a person writes them: `weights.W_xh[1]`, `inputs[3]`, `train.learningRate`, and
// `""` for the whole document. Keys that are not plain identifiers are quoted: `weights["W-xh"]`.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The path of `key` inside the object at `base`. */
export function keyPath(base: string, key: string): string {
  if (IDENTIFIER.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/** The path of element `index` of the array at `base`. */
export function indexPath(base: string, index: number): string {
  return `${base}[${index}]`;
}

/** A path built from jsonc-parser segments (strings are keys, numbers indices). */
export function formatPath(segments: readonly (string | number)[]): string {
  let path = '';
  for (const s of segments) path = typeof s === 'number' ? indexPath(path, s) : keyPath(path, s);
  return path;
}
