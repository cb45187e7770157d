// Entry of the document panel (bundled to dist/webview/document.js): the worked example and other
// generated Markdown, typeset with the KaTeX the extension ships. The host sends the document as a
// tree (src/shared/documentProtocol.ts); every text goes in through textContent and every formula
// through katex.render, so the page parses no HTML of ours and needs no inline styles.

import katex from 'katex';
import type {
  Block,
  DocumentHostMessage,
  DocumentState,
  DocumentWebviewMessage,
  Inline,
} from '../../src/shared/documentProtocol';
import { h } from '../dom';
import '../state';

interface DocumentApi {
  postMessage(message: DocumentWebviewMessage): void;
  setState(state: DocumentState): void;
}

const api = acquireVsCodeApi() as unknown as DocumentApi;

const KATEX_OPTIONS = {
  trust: false,
  throwOnError: false,
  maxSize: 10,
  maxExpand: 1000,
  // MathML beside the HTML: screen readers read the formula, sighted readers see the HTML.
  output: 'htmlAndMathml',
  strict: 'ignore',
} as const;

function math(tex: string, displayMode: boolean): HTMLElement {
  const node = h(displayMode ? 'div' : 'span', displayMode ? 'doc-math' : 'doc-math-inline');
  katex.render(tex, node, { ...KATEX_OPTIONS, displayMode });
  return node;
}

function inlineNodes(parent: HTMLElement, content: readonly Inline[]): HTMLElement {
  for (const x of content) {
    if (x.kind === 'math') parent.append(math(x.tex, false));
    else if (x.kind === 'code') parent.append(h('code', undefined, x.text));
    else {
      let node: HTMLElement | Text = document.createTextNode(x.text);
      if (x.em) {
        const em = h('em');
        em.append(node);
        node = em;
      }
      if (x.strong) {
        const strong = h('strong');
        strong.append(node);
        node = strong;
      }
      parent.append(node);
    }
  }
  return parent;
}

function blockNode(b: Block): HTMLElement {
  switch (b.kind) {
    case 'heading': {
      const level = Math.min(6, Math.max(1, b.level));
      return inlineNodes(h(`h${level}` as 'h1'), b.content);
    }
    case 'paragraph':
      return inlineNodes(h('p'), b.content);
    case 'math': {
      // A wide formula scrolls inside its own box, and says so.
      const box = h('div', 'doc-math-box');
      box.append(math(b.tex, true));
      return box;
    }
    case 'list': {
      const list = h(b.ordered ? 'ol' : 'ul');
      for (const item of b.items) {
        const li = h('li');
        for (const child of item) li.append(blockNode(child));
        list.append(li);
      }
      return list;
    }
    case 'table': {
      const table = h('table');
      const head = h('thead');
      const tr = h('tr');
      for (const cell of b.header) tr.append(inlineNodes(h('th'), cell));
      head.append(tr);
      const body = h('tbody');
      for (const row of b.rows) {
        const r = h('tr');
        for (const cell of row) r.append(inlineNodes(h('td'), cell));
        body.append(r);
      }
      table.append(head, body);
      return table;
    }
    case 'code': {
      const pre = h('pre');
      pre.append(h('code', undefined, b.text));
      return pre;
    }
    case 'rule':
      return h('hr');
    default: {
      const never: never = b;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
}

/** Marks each display formula wider than its box, so the reader knows to scroll it. */
function markOverflow(root: HTMLElement): void {
  for (const box of root.querySelectorAll<HTMLElement>('.doc-math-box')) {
    const wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle('doc-scrolls', wide);
    if (wide) {
      box.tabIndex = 0;
      box.setAttribute('aria-label', 'Wide formula: scroll sideways to read it all');
    }
  }
}

function show(msg: DocumentHostMessage): void {
  document.title = msg.view.title;
  const app = document.getElementById('app') ?? document.body;
  app.replaceChildren();
  const bar = h('div', 'doc-toolbar');
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Document');
  const save = h('button', 'doc-button', 'Save as Markdown…');
  save.dataset.testid = 'doc-save';
  save.addEventListener('click', () => api.postMessage({ type: 'save' }));
  const open = h('button', 'doc-button secondary', 'Open Markdown Source');
  open.dataset.testid = 'doc-open-markdown';
  open.addEventListener('click', () => api.postMessage({ type: 'openMarkdown' }));
  bar.append(save, open);
  const main = h('main', 'doc-body');
  main.setAttribute('aria-label', msg.view.title);
  for (const b of msg.view.blocks) main.append(blockNode(b));
  app.append(bar, main);
  markOverflow(main);
  api.setState({ title: msg.view.title, markdown: msg.markdown, suggestedPath: msg.suggestedPath });
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const msg = e.data as Partial<DocumentHostMessage> | null;
  if (typeof msg !== 'object' || msg === null || msg.type !== 'show' || typeof msg.view !== 'object') return;
  show(msg as DocumentHostMessage);
});
window.addEventListener('resize', () => {
  const main = document.querySelector<HTMLElement>('.doc-body');
  if (main) markOverflow(main);
});
api.postMessage({ type: 'ready' });
