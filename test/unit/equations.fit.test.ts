// How the panel fits an equation to its width (webview/equationFit.ts): every number at full
// size first, then smaller type, then the elided variant, and a visible scroll only when nothing
// fits — measuring a variant only when the search reaches it.
import { strict as assert } from 'node:assert';
import { chooseFit } from '../../webview/equationFit';

/** Variants of the given widest-box widths, counting how often each is measured. */
function variants(...widths: number[]): { list: { widest(): number }[]; asked: number[] } {
  const asked = widths.map(() => 0);
  return {
    asked,
    list: widths.map((w, i) => ({
      widest: () => {
        asked[i]++;
        return w;
      },
    })),
  };
}

describe('equationFit: chooseFit', () => {
  it('the full equation at full size when it fits, without measuring the elided one', () => {
    const v = variants(400, 200);
    assert.deepEqual(chooseFit(v.list, 430, 20, 4), { variant: 0, scale: 1, scrolls: false });
    assert.deepEqual(v.asked, [1, 0]);
  });

  it('smaller type before eliding numbers: (400 + 20) · 0.9 + 4 = 382 ≤ 390', () => {
    assert.deepEqual(chooseFit(variants(400, 200).list, 390, 20, 4), { variant: 0, scale: 0.9, scrolls: false });
  });

  it('then the elided variant, at full size, then at 90 %', () => {
    assert.deepEqual(chooseFit(variants(500, 300).list, 330, 20, 4), { variant: 1, scale: 1, scrolls: false });
    assert.deepEqual(chooseFit(variants(500, 330).list, 330, 20, 4), { variant: 1, scale: 0.9, scrolls: false });
  });

  it('at 80 % as a last resort; scrolling (and saying so) only when even that is too wide', () => {
    // (380 + 20) · 0.8 + 4 = 324
    assert.deepEqual(chooseFit(variants(500, 380).list, 324, 20, 4), { variant: 1, scale: 0.8, scrolls: false });
    assert.deepEqual(chooseFit(variants(500, 380).list, 323, 20, 4), { variant: 1, scale: 0.8, scrolls: true });
    // Without an elided variant the one equation shrinks the same way.
    assert.deepEqual(chooseFit(variants(380).list, 323, 20, 4), { variant: 0, scale: 0.8, scrolls: true });
  });

  it('a panel not laid out yet shows the full equation and measures nothing', () => {
    const v = variants(400, 200);
    assert.deepEqual(chooseFit(v.list, 0, 20, 4), { variant: 0, scale: 1, scrolls: false });
    assert.deepEqual(v.asked, [0, 0]);
  });
});
