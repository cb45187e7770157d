// Model strings inside Markdown text: escaped so that no emphasis, link, HTML or math can come
// from a token or a name (explain.ts, explainSetup.ts).

/** Escapes a model string for Markdown text: no emphasis, links, HTML or math can come from it. */
export function mdEscape(s: string): string {
  // Every character that can open inline markup is escaped; block markup cannot start because a
  // model string is never placed at the start of a line.
  return (
    s
      // eslint-disable-next-line no-control-regex -- control characters are what is being removed
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/[\\`*_{}[\]#|~$^]/g, (c) => `\\${c}`)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}
