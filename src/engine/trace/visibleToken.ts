// A token as a label a person can see: characters that print as nothing (a space, a newline, a tab,
// other control characters) shown as visible symbols, and the empty token as ∅. Used wherever a
// token is printed as a label — the tensors' names (liveTensors.ts) and the panel's unrolled
// network — so " " and "\n" never show as a blank.

const NAMED: Readonly<Record<string, string>> = { ' ': '␣', '\n': '⏎', '\t': '⇥', '\u007f': '␡' };

/** `token` with invisible characters replaced: space → ␣, newline → ⏎, tab → ⇥, other C0 control
 *  characters → their Unicode control pictures (U+2400…U+241F), DEL → ␡; the empty string → ∅. */
export function visibleToken(token: string): string {
  if (token === '') return '∅';
  let out = '';
  for (const ch of token) {
    const named = NAMED[ch];
    const code = ch.codePointAt(0) ?? 0;
    out += named ?? (code < 0x20 ? String.fromCodePoint(0x2400 + code) : ch);
  }
  return out;
}
