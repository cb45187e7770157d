// Generated Markdown (the worked example of src/engine/equations/explain.ts, exercise sheets) as
// the document tree of src/shared/documentProtocol.ts. markdown-it does the Markdown (with raw
// HTML off, so nothing in a model's strings can become markup); two small rules add the math the
// generators write: `$$` blocks on their own lines and `$…$` inline, where a literal dollar is
// written `\$` (explain.ts escapes it so).

import MarkdownIt from 'markdown-it';
import type { Block, Inline } from '../../shared/documentProtocol';

type Token = ReturnType<MarkdownIt['parse']>[number];
type BlockState = Parameters<Parameters<MarkdownIt['block']['ruler']['push']>[1]>[0];
type InlineState = Parameters<Parameters<MarkdownIt['inline']['ruler']['push']>[1]>[0];

function mathBlockRule(state: BlockState, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine] + state.tShift[startLine];
  const lineEnd = state.eMarks[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const first = state.src.slice(start, lineEnd);
  if (!first.startsWith('$$')) return false;
  const rest = first.slice(2);
  // `$$ tex $$` on one line.
  if (rest.trimEnd().endsWith('$$') && rest.trim().length >= 2) {
    if (silent) return true;
    const token = state.push('math_block', 'math', 0);
    token.content = rest.trimEnd().slice(0, -2).trim();
    token.map = [startLine, startLine + 1];
    state.line = startLine + 1;
    return true;
  }
  if (rest.trim() !== '' && !rest.trim().startsWith('\\')) return false;
  const lines: string[] = rest.trim() === '' ? [] : [rest];
  let line = startLine + 1;
  for (; line < endLine; line++) {
    const text = state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
    if (text.trimEnd().endsWith('$$')) {
      const before = text.trimEnd().slice(0, -2);
      if (before.trim() !== '') lines.push(before);
      break;
    }
    lines.push(text);
  }
  if (line >= endLine) return false; // never closed: leave it as text
  if (silent) return true;
  const token = state.push('math_block', 'math', 0);
  token.content = lines.join('\n').trim();
  token.map = [startLine, line + 1];
  state.line = line + 1;
  return true;
}

function mathInlineRule(state: InlineState, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src[start] !== '$' || src[start + 1] === '$') return false;
  let end = start + 1;
  while (end < state.posMax && src[end] !== '$') end += src[end] === '\\' ? 2 : 1;
  if (end >= state.posMax || end === start + 1) return false;
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = src.slice(start + 1, end);
  }
  state.pos = end + 1;
  return true;
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.block.ruler.before('fence', 'math_block', mathBlockRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
md.inline.ruler.after('escape', 'math_inline', mathInlineRule);

function inlines(token: Token | undefined): Inline[] {
  const out: Inline[] = [];
  let strong = 0;
  let em = 0;
  const text = (s: string): Inline => ({
    kind: 'text',
    text: s,
    ...(strong > 0 ? { strong: true } : {}),
    ...(em > 0 ? { em: true } : {}),
  });
  for (const t of token?.children ?? []) {
    switch (t.type) {
      case 'text':
        if (t.content !== '') out.push(text(t.content));
        break;
      case 'softbreak':
      case 'hardbreak':
        out.push(text(t.type === 'softbreak' ? ' ' : '\n'));
        break;
      case 'code_inline':
        out.push({ kind: 'code', text: t.content });
        break;
      case 'math_inline':
        out.push({ kind: 'math', tex: t.content });
        break;
      case 'strong_open':
        strong++;
        break;
      case 'strong_close':
        strong--;
        break;
      case 'em_open':
        em++;
        break;
      case 'em_close':
        em--;
        break;
      case 'image':
        out.push(text(t.content));
        break;
      default:
        // link_open/close and anything else: their text arrives as 'text' children.
        break;
    }
  }
  return out;
}

/** Reads blocks from `tokens[i]` until the closing token `until` (or the end); returns the index after it. */
function readBlocks(tokens: readonly Token[], i: number, until: string | null, out: Block[]): number {
  while (i < tokens.length) {
    const t = tokens[i];
    if (until !== null && t.type === until) return i + 1;
    switch (t.type) {
      case 'heading_open':
        out.push({ kind: 'heading', level: Number(t.tag.slice(1)) || 1, content: inlines(tokens[i + 1]) });
        i += 3;
        break;
      case 'paragraph_open':
        out.push({ kind: 'paragraph', content: inlines(tokens[i + 1]) });
        i += 3;
        break;
      case 'math_block':
        out.push({ kind: 'math', tex: t.content });
        i += 1;
        break;
      case 'fence':
      case 'code_block':
        out.push({ kind: 'code', text: t.content.replace(/\n$/, '') });
        i += 1;
        break;
      case 'hr':
        out.push({ kind: 'rule' });
        i += 1;
        break;
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const close = t.type === 'bullet_list_open' ? 'bullet_list_close' : 'ordered_list_close';
        const items: Block[][] = [];
        i += 1;
        while (i < tokens.length && tokens[i].type !== close) {
          if (tokens[i].type === 'list_item_open') {
            const item: Block[] = [];
            i = readBlocks(tokens, i + 1, 'list_item_close', item);
            items.push(item);
          } else i += 1;
        }
        out.push({ kind: 'list', ordered: t.type === 'ordered_list_open', items });
        i += 1;
        break;
      }
      case 'table_open': {
        const header: Inline[][] = [];
        const rows: Inline[][][] = [];
        let row: Inline[][] | null = null;
        let inHead = false;
        for (i += 1; i < tokens.length && tokens[i].type !== 'table_close'; i++) {
          const c = tokens[i];
          if (c.type === 'thead_open') inHead = true;
          else if (c.type === 'thead_close') inHead = false;
          else if (c.type === 'tr_open') row = [];
          else if (c.type === 'tr_close' && row) {
            if (inHead) header.push(...row);
            else rows.push(row);
            row = null;
          } else if (c.type === 'inline' && row) row.push(inlines(c));
        }
        out.push({ kind: 'table', header, rows });
        i += 1;
        break;
      }
      case 'blockquote_open':
        i = readBlocks(tokens, i + 1, 'blockquote_close', out);
        break;
      case 'inline':
        // Tight lists put inline content directly in the item.
        out.push({ kind: 'paragraph', content: inlines(t) });
        i += 1;
        break;
      default:
        i += 1;
    }
  }
  return i;
}

/** The document tree of a Markdown text. */
export function markdownTree(markdown: string): Block[] {
  const blocks: Block[] = [];
  readBlocks(md.parse(markdown, {}), 0, null, blocks);
  return blocks;
}

/** The text of the first level-1 heading, for the panel's title. */
export function documentTitle(blocks: readonly Block[], fallback: string): string {
  const h1 = blocks.find((b) => b.kind === 'heading' && b.level === 1);
  if (!h1 || h1.kind !== 'heading') return fallback;
  return h1.content.map((x) => (x.kind === 'math' ? x.tex : x.text)).join('') || fallback;
}
