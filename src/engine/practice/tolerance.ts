// The rule that decides whether a number typed by hand is right (docs/FORMAT.md, "Practice"):
//
//   an element a is correct for the exact value e  ⇔  |a − e| ≤ max(relative · |e|, absolute)
//
// evaluated in float64 on the typed decimal, with ≤ (a value exactly on the edge is correct). A
// tensor is correct when every element is. Defaults: relative 5 × 10⁻⁴ (agreeing to 4 significant
// digits, practiceSettings.ts) and absolute 10⁻⁴, so that −0.00003 is a fine answer for 0.00001 —
// a hand computation cannot be expected to carry relative precision near zero. A non-finite exact
// value (a run that overflowed) is matched only by the same non-finite value.

import type { Tolerance } from './practiceSettings';

/** The largest |a − e| accepted for the exact value e. */
export function allowedError(exact: number, tol: Tolerance): number {
  return Math.max(tol.relative * Math.abs(exact), tol.absolute);
}

/** Does `answer` agree with `exact` under `tol`? */
export function agrees(answer: number, exact: number, tol: Tolerance): boolean {
  if (!Number.isFinite(exact)) return Object.is(answer, exact) || (Number.isNaN(exact) && Number.isNaN(answer));
  if (!Number.isFinite(answer)) return false;
  return Math.abs(answer - exact) <= allowedError(exact, tol);
}

/** Flat indices of the elements of `answer` that do not agree with `exact` (same length). */
export function disagreeing(answer: ArrayLike<number>, exact: ArrayLike<number>, tol: Tolerance): number[] {
  const out: number[] = [];
  for (let i = 0; i < exact.length; i++) if (!agrees(answer[i], exact[i], tol)) out.push(i);
  return out;
}

/** Every element agrees. */
export function allAgree(answer: ArrayLike<number>, exact: ArrayLike<number>, tol: Tolerance): boolean {
  if (answer.length !== exact.length) return false;
  for (let i = 0; i < exact.length; i++) if (!agrees(answer[i], exact[i], tol)) return false;
  return true;
}

/** The tolerance in words, for instructions and messages: "4 significant digits (or within 0.0001
 *  of zero)". Digits are named when the relative part is exactly 5 × 10⁻ⁿ. */
export function describeTolerance(tol: Tolerance): string {
  const digits = significantDigits(tol.relative);
  const rel =
    tol.relative === 0
      ? null
      : digits !== null
        ? `${digits} significant digit${digits === 1 ? '' : 's'}`
        : `a relative error of at most ${tol.relative}`;
  const abs = tol.absolute === 0 ? null : `within ${tol.absolute} absolute`;
  if (rel && abs) return `${rel} (or ${abs} near zero)`;
  return rel ?? abs ?? 'exactly';
}

/** n when relative = 5 × 10⁻ⁿ for a whole n from 1 to 15, else null. */
export function significantDigits(relative: number): number | null {
  for (let n = 1; n <= 15; n++) if (Math.abs(relative - 5 * 10 ** -n) <= 1e-12 * 10 ** -n) return n;
  return null;
}
