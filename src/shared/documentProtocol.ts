// The typed messages of the document panel — the typeset view of generated Markdown (the worked
// example, the exercise sheet). The host parses the Markdown into this tree (host/documents/
// markdownTree.ts); the webview builds DOM nodes from it with textContent and katex.render, so no
// HTML string of the document is ever parsed in the webview and KaTeX's inline styles are set
// through the CSSOM (allowed by the panel's Content-Security-Policy, see host/panel/panelHtml.ts).

/** A run of inline content: text (optionally bold, italic or code) or inline math. */
export type Inline =
  | { readonly kind: 'text'; readonly text: string; readonly strong?: boolean; readonly em?: boolean }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'math'; readonly tex: string };

export type Block =
  | { readonly kind: 'heading'; readonly level: number; readonly content: readonly Inline[] }
  | { readonly kind: 'paragraph'; readonly content: readonly Inline[] }
  | { readonly kind: 'math'; readonly tex: string }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly (readonly Block[])[] }
  | {
      readonly kind: 'table';
      readonly header: readonly (readonly Inline[])[];
      readonly rows: readonly (readonly (readonly Inline[])[])[];
    }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'rule' };

export interface DocumentView {
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** Host → webview. `markdown` is kept in the webview's state so the panel survives a reload. */
export type DocumentHostMessage = {
  readonly type: 'show';
  readonly view: DocumentView;
  readonly markdown: string;
  readonly suggestedPath: string;
};

/** Webview → host. */
export type DocumentWebviewMessage =
  { readonly type: 'ready' } | { readonly type: 'save' } | { readonly type: 'openMarkdown' };

/** The webview is untrusted: a message is used only if it is exactly one of these. */
export function isDocumentWebviewMessage(x: unknown): x is DocumentWebviewMessage {
  if (typeof x !== 'object' || x === null) return false;
  const type = (x as { type?: unknown }).type;
  return type === 'ready' || type === 'save' || type === 'openMarkdown';
}

/** What the webview persists with setState (and the serializer reads back after a reload). */
export interface DocumentState {
  readonly title: string;
  readonly markdown: string;
  readonly suggestedPath: string;
}

export function isDocumentState(x: unknown): x is DocumentState {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return typeof s.title === 'string' && typeof s.markdown === 'string' && typeof s.suggestedPath === 'string';
}
