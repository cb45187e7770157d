// The tolerance rule (engine/practice/tolerance.ts, docs/FORMAT.md "Practice"):
// |a − e| ≤ max(relative · |e|, absolute), inclusive, per element. The edges are tested with
// numbers whose differences are exact in binary, so "on the edge" means exactly on it.
import assert from 'node:assert/strict';
import {
  agrees,
  allAgree,
  allowedError,
  describeTolerance,
  disagreeing,
  significantDigits,
} from '../../src/engine/practice/tolerance';
import { DEFAULT_TOLERANCE, relativeForDigits } from '../../src/engine/practice/practiceSettings';

describe('practice: tolerance', () => {
  it('the default is 4 significant digits (relative 5e-4) or 1e-4 absolute', () => {
    assert.deepEqual(DEFAULT_TOLERANCE, { relative: 0.0005, absolute: 0.0001 });
    assert.equal(relativeForDigits(4), 5e-4);
    assert.equal(describeTolerance(DEFAULT_TOLERANCE), '4 significant digits (or within 0.0001 absolute near zero)');
  });

  it('exactly on the relative edge is right; one ulp beyond is wrong', () => {
    // relative 2^-10 of e = 1024 allows exactly 1; 1025 is on the edge, the next double is not.
    const tol = { relative: 2 ** -10, absolute: 0 };
    assert.equal(allowedError(1024, tol), 1);
    assert.ok(agrees(1025, 1024, tol));
    assert.ok(agrees(1023, 1024, tol));
    assert.ok(!agrees(1025 + 2 ** -42, 1024, tol));
    assert.ok(!agrees(1023 - 2 ** -42, 1024, tol));
    // The same for negative values: |e| is what scales.
    assert.ok(agrees(-1025, -1024, tol));
    assert.ok(!agrees(-1025 - 2 ** -42, -1024, tol));
  });

  it('exactly on the absolute edge is right; beyond is wrong; near zero the absolute part wins', () => {
    const tol = { relative: 0.0005, absolute: 2 ** -13 };
    assert.ok(agrees(2 ** -13, 0, tol));
    assert.ok(agrees(-(2 ** -13), 0, tol));
    assert.ok(!agrees(2 ** -13 + 2 ** -60, 0, tol));
    // Default tolerance: -0.00003 for 0.00001 is right (hand work near zero), 0.00012 is not.
    assert.ok(agrees(-0.00003, 0.00001, DEFAULT_TOLERANCE));
    assert.ok(!agrees(0.00012, 0.00001, DEFAULT_TOLERANCE));
  });

  it('4 significant digits: the value rounded to 4 digits is right, a wrong 4th digit is not', () => {
    const e = 0.46211715726000974;
    assert.ok(agrees(0.4621, e, DEFAULT_TOLERANCE));
    assert.ok(agrees(0.462, e, DEFAULT_TOLERANCE)); // within 5e-4 relative: 2.5e-4
    assert.ok(!agrees(0.4625, e, DEFAULT_TOLERANCE)); // 8.3e-4 relative
    assert.ok(agrees(1.3039, 1.3038836248184211, DEFAULT_TOLERANCE));
    assert.ok(!agrees(1.305, 1.3038836248184211, DEFAULT_TOLERANCE));
    // Large values: 5.573534 to 4 digits is 5.574 (right) — 5.577 is off by 6.3e-4 relative.
    assert.ok(agrees(5.574, 5.573534245472742, DEFAULT_TOLERANCE));
    assert.ok(!agrees(5.577, 5.573534245472742, DEFAULT_TOLERANCE));
  });

  it('non-finite values: only the same value matches; a finite answer never matches them', () => {
    assert.ok(agrees(Infinity, Infinity, DEFAULT_TOLERANCE));
    assert.ok(!agrees(-Infinity, Infinity, DEFAULT_TOLERANCE));
    assert.ok(agrees(NaN, NaN, DEFAULT_TOLERANCE));
    assert.ok(!agrees(1e308, Infinity, DEFAULT_TOLERANCE));
    assert.ok(!agrees(NaN, 0.5, DEFAULT_TOLERANCE));
    assert.ok(!agrees(Infinity, 0.5, DEFAULT_TOLERANCE));
  });

  it('every element must agree; disagreeing lists the ones that do not', () => {
    const e = [0.5, -0.2, 0.00001];
    assert.ok(allAgree([0.5001, -0.2, 0], e, DEFAULT_TOLERANCE));
    assert.deepEqual(disagreeing([0.5, 0.2, 0.001], e, DEFAULT_TOLERANCE), [1, 2]);
    assert.ok(!allAgree([0.5, -0.2], e, DEFAULT_TOLERANCE));
  });

  it('describes itself in words, naming digits when the relative part is 5 × 10^-n', () => {
    assert.equal(significantDigits(5e-3), 3);
    assert.equal(significantDigits(relativeForDigits(12)), 12);
    assert.equal(significantDigits(1e-3), null);
    assert.equal(describeTolerance({ relative: 1e-3, absolute: 0 }), 'a relative error of at most 0.001');
    assert.equal(describeTolerance({ relative: 0, absolute: 0.01 }), 'within 0.01 absolute');
    assert.equal(
      describeTolerance({ relative: 5e-3, absolute: 1e-4 }),
      '3 significant digits (or within 0.0001 absolute near zero)',
    );
  });
});
