// Chart axes (webview/chartAxis.ts): round ticks that cover the range, integer ticks with both ends,
// log ticks at powers of ten, and labels with a real minus sign.
import { strict as assert } from 'node:assert';
import { integerTicks, linearScale, logScale, niceTicks, tickLabel } from '../../webview/chartAxis';

describe('chart axes', () => {
  it('niceTicks: steps of 1, 2, 2.5 or 5 × 10ᵏ inside the range', () => {
    assert.deepEqual(niceTicks(0, 10, 5), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(niceTicks(3.85, 5.5735, 4), [4, 4.5, 5, 5.5]);
    assert.deepEqual(niceTicks(-1, 1, 4), [-1, -0.5, 0, 0.5, 1]);
    assert.deepEqual(niceTicks(2, 2), [2]);
  });

  it('integerTicks: both ends, round steps between, no tick crowding an end', () => {
    assert.deepEqual(integerTicks(0, 100, 10), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    assert.deepEqual(integerTicks(1, 12, 6), [1, 4, 6, 8, 10, 12]);
    assert.deepEqual(integerTicks(0, 3, 10), [0, 1, 2, 3]);
    assert.deepEqual(integerTicks(5, 5), [5]);
  });

  it('scales: linear widens a flat range; log puts ticks at powers of ten', () => {
    const flat = linearScale(2, 2);
    assert.ok(flat.lo < 2 && flat.hi > 2 && Math.abs(flat.frac(2) - 0.5) < 1e-9);
    const log = logScale(0.001, 5.5);
    assert.deepEqual(log.ticks, [0.001, 0.01, 0.1, 1]);
    assert.equal(log.frac(0.001), 0);
    assert.equal(log.frac(5.5), 1);
    assert.equal(log.frac(0), -Infinity);
    // Five powers of ten on an axis that holds three: every other one.
    assert.deepEqual(logScale(0.002, 120, 3).ticks, [0.01, 1, 100]);
    assert.deepEqual(logScale(0.002, 120).ticks, [0.01, 0.1, 1, 10, 100]);
    assert.deepEqual(logScale(1e-9, 1e9, 3).ticks, [1e-9, 1e-2, 1e5]);
  });

  it('labels: short, real minus, 10ⁿ beyond the readable powers', () => {
    assert.equal(tickLabel(-0.5, false), '−0.5');
    assert.equal(tickLabel(250000, false), '2.5e+5');
    assert.equal(tickLabel(0.01, true), '0.01');
    assert.equal(tickLabel(1e-6, true), '10⁻⁶');
    assert.equal(tickLabel(1e4, true), '10⁴');
  });
});
