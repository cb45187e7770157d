// Tokens as visible labels (src/engine/trace/visibleToken.ts): each invisible character has its
// symbol, every C0 control character its Unicode control picture, everything else is kept.

import { strict as assert } from 'node:assert';
import { visibleToken } from '../../src/engine/trace/visibleToken';

describe('visibleToken', () => {
  it('names space, newline, tab and the empty token', () => {
    assert.equal(visibleToken(' '), '␣');
    assert.equal(visibleToken('\n'), '⏎');
    assert.equal(visibleToken('\t'), '⇥');
    assert.equal(visibleToken(''), '∅');
    assert.equal(visibleToken('a b\n'), 'a␣b⏎');
  });

  it('shows every other C0 control character as its control picture, and DEL as ␡', () => {
    for (let c = 0; c < 0x20; c++) {
      if (c === 0x09 || c === 0x0a) continue;
      assert.equal(visibleToken(String.fromCharCode(c)), String.fromCodePoint(0x2400 + c), `U+${c.toString(16)}`);
    }
    assert.equal(visibleToken('\r'), '␍');
    assert.equal(visibleToken('\u0000'), '␀');
    assert.equal(visibleToken('\u007f'), '␡');
  });

  it('keeps printable text, including astral characters, as it is', () => {
    for (const t of ['hi', '!', 'é', '😀x', 'W_hh', '␣']) assert.equal(visibleToken(t), t);
  });
});
