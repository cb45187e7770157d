// The Euclidean norm of a stretch of the heap, safe at the extremes the dynamics produce: a
// vanishing gradient of 1e-200 squares to 0 and an exploding one of 1e200 to Infinity, so the
// numbers are scaled by the largest magnitude before squaring (as LAPACK's dnrm2 does).

/** ‖M[at … at+n)‖₂; NaN when any entry is NaN, Infinity when one is infinite. */
export function norm2(M: Float64Array, at: number, n: number): number {
  let big = 0;
  for (let j = 0; j < n; j++) {
    const a = Math.abs(M[at + j]);
    if (a !== a) return NaN;
    if (a > big) big = a;
  }
  if (big === 0 || big === Infinity) return big;
  const inv = 1 / big;
  let ss = 0;
  for (let j = 0; j < n; j++) {
    const v = M[at + j] * inv;
    ss += v * v;
  }
  return big * Math.sqrt(ss);
}
