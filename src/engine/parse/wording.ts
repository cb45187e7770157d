// Small wording helpers shared by the validation messages, so that every message counts and
// quotes things the same way ("1 row", "2 rows"; `"hi"`).

export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}

/** A name from the file, shortened when long (a key can be any length). */
export function clip(name: string): string {
  return name.length > 40 ? `${name.slice(0, 39)}…` : name;
}

/** A token quoted as JSON, shortened when long so a message stays one readable line. */
export function quote(token: string): string {
  const q = JSON.stringify(token);
  return q.length > 42 ? `${q.slice(0, 40)}…"` : q;
}

/** A token list for a message: all of it when short, else its size. */
export function tokenListText(what: string, tokens: readonly string[]): string {
  if (tokens.length <= 12) return `${what} is [${tokens.map(quote).join(', ')}]`;
  return `${what} has ${tokens.length} tokens`;
}

/** A count with thousands separated, so large sizes read at a glance: 176,024,000. */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A size in bytes as a person reads it, three significant digits: 944 bytes, 512 MB, 22.9 GB. */
export function byteSize(bytes: number): string {
  const units: [number, string][] = [
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB'],
  ];
  for (const [size, unit] of units) if (bytes >= size) return `${Number((bytes / size).toPrecision(3))} ${unit}`;
  return plural(bytes, 'byte');
}

/** The display name of a JSON path inside `weights`: `W_hh[0][1]` rather than `weights.W_hh[0][1]`. */
export function label(path: string): string {
  return path.startsWith('weights.') ? path.slice('weights.'.length) : path;
}
