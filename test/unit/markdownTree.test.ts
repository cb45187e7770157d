// Generated Markdown as the document panel's tree (src/host/documents/markdownTree.ts): every `$$`
// block and `$…$` of the worked example of every example becomes math, escaped dollars stay text,
// and raw HTML in a model's strings never becomes markup.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { explainMarkdown } from '../../src/engine/equations/explain';
import { documentTitle, markdownTree } from '../../src/host/documents/markdownTree';
import type { Block, Inline } from '../../src/shared/documentProtocol';

function texts(blocks: readonly Block[]): { math: string[]; text: string[] } {
  const math: string[] = [];
  const text: string[] = [];
  const inl = (xs: readonly Inline[]) => xs.forEach((x) => (x.kind === 'math' ? math.push(x.tex) : text.push(x.text)));
  const walk = (bs: readonly Block[]): void => {
    for (const b of bs) {
      if (b.kind === 'math') math.push(b.tex);
      else if (b.kind === 'heading' || b.kind === 'paragraph') inl(b.content);
      else if (b.kind === 'list') b.items.forEach(walk);
      else if (b.kind === 'table') [b.header, ...b.rows].forEach((r) => r.forEach(inl));
      else if (b.kind === 'code') text.push(b.text);
    }
  };
  walk(blocks);
  return { math, text };
}

describe('markdownTree', () => {
  it('parses display and inline math, headings, lists, tables and emphasis', () => {
    const md =
      '# Title $x$\n\nSome **bold** and *it* with $a_{1} = 0.5$ and \\$5.\n\n$$\nh_{1} = \\tanh(a_{1})\n$$\n\n- a\n- b $y$\n\n| k | v |\n| --- | --- |\n| x | $[1, 0]$ |\n';
    const blocks = markdownTree(md);
    assert.deepEqual(blocks[0], {
      kind: 'heading',
      level: 1,
      content: [
        { kind: 'text', text: 'Title ' },
        { kind: 'math', tex: 'x' },
      ],
    });
    assert.deepEqual(blocks[1], {
      kind: 'paragraph',
      content: [
        { kind: 'text', text: 'Some ' },
        { kind: 'text', text: 'bold', strong: true },
        { kind: 'text', text: ' and ' },
        { kind: 'text', text: 'it', em: true },
        { kind: 'text', text: ' with ' },
        { kind: 'math', tex: 'a_{1} = 0.5' },
        { kind: 'text', text: ' and $5.' },
      ],
    });
    assert.deepEqual(blocks[2], { kind: 'math', tex: 'h_{1} = \\tanh(a_{1})' });
    assert.equal(blocks[3].kind, 'list');
    assert.deepEqual(blocks[4], {
      kind: 'table',
      header: [[{ kind: 'text', text: 'k' }], [{ kind: 'text', text: 'v' }]],
      rows: [[[{ kind: 'text', text: 'x' }], [{ kind: 'math', tex: '[1, 0]' }]]],
    });
    assert.equal(documentTitle(blocks, 'fallback'), 'Title x');
  });

  it('keeps HTML as text and leaves an unclosed $$ as text', () => {
    const blocks = markdownTree('<script>alert(1)</script> <b>x</b>\n\n$$\nunclosed');
    const { math, text } = texts(blocks);
    assert.deepEqual(math, []);
    assert.ok(text.join('').includes('<script>alert(1)</script>'), 'HTML is text, not markup');
  });

  for (const file of readdirSync(join(__dirname, '../../examples')).filter((f) => f.endsWith('.rnn.json'))) {
    it(`the worked example of ${file}: every formula is math, no $ left in the text`, () => {
      const text = readFileSync(join(__dirname, '../../examples', file), 'utf8');
      const parsed = parseModel(text, { fileName: file });
      assert.ok(parsed.model);
      const markdown = explainMarkdown(runModel(parsed.model));
      const { math, text: words } = texts(markdownTree(markdown));
      const displayBlocks = markdown.split('\n').filter((l) => l === '$$').length / 2;
      assert.ok(math.length >= displayBlocks && displayBlocks > 10, `${math.length} formulas, ${displayBlocks} blocks`);
      assert.deepEqual(
        words.filter((w) => w.includes('$') || w.includes('\\begin')),
        [],
        'no TeX left in the text',
      );
    });
  }
});
