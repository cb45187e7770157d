// "Did you mean …?": the closest known name to a misspelt one, by case-insensitive edit distance.
// Only offered when the names are close enough that the suggestion is likely what was meant.

/** The candidate closest to `word`, or undefined when none is plausibly what was meant. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  // Names longer than any the format has are not misspellings of them (and would cost O(n²)).
  if (word.length > 64) return undefined;
  const w = word.toLowerCase();
  // Allow about one edit per three characters: "W_hhh" → "W_hh", "learningrate" → "learningRate".
  // Names of one or two characters only match up to case: "o" is no misspelling of "h".
  const budget = w.length <= 2 ? 0 : Math.max(1, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  let bestShared = -1;
  for (const c of candidates) {
    if (c === word || c.length > 64) continue;
    const lc = c.toLowerCase();
    const d = editDistance(w, lc, budget);
    // Ties go to the name sharing more of its start and end: "b_n" → "b_hn" rather than "b_r".
    const shared = d === bestDistance ? affixes(w, lc) : -1;
    if (d < bestDistance || (d === bestDistance && shared > bestShared)) {
      best = c;
      bestDistance = d;
      bestShared = affixes(w, lc);
    }
  }
  return bestDistance <= budget ? best : undefined;
}

function affixes(a: string, b: string): number {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return p + s;
}

/** Levenshtein distance, giving up (returning limit + 1) once every path exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** `"a", "b" or "c"` — a readable list of allowed values. */
export function listOf(values: readonly string[], quote = true, conjunction = 'or'): string {
  const q = values.map((v) => (quote ? JSON.stringify(v) : v));
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} ${conjunction} ${q[q.length - 1]}`;
}
