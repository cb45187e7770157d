// Eigenvalues of a general (non-symmetric) real matrix, for the spectral radius ρ(W) = max |λ| of
// the recurrent matrices (recurrentSpectra.ts).
//
// Power iteration is not enough: a real non-symmetric matrix has complex-conjugate pairs of equal
// modulus, on which the iterate rotates forever. The method here is the textbook one (Golub & Van
// Loan, "Matrix Computations", algorithms 7.4.2 and 7.5.1):
//  1. Householder reduction to upper Hessenberg form, H = Qᵀ A Q (same eigenvalues, zeros below
//     the first subdiagonal), n − 2 reflections, O(n³);
//  2. Francis double-shift QR steps on the active window of H, each O(window²): the two shifts are
//     the eigenvalues of the trailing 2 × 2 block, applied together in real arithmetic, so a
//     complex pair converges as a 2 × 2 block. A subdiagonal entry below ε · (|h_{k−1,k−1}| + |h_kk|)
//     is set to zero and the problem splits (deflation); a 1 × 1 block is a real eigenvalue, a
//     2 × 2 block a real pair or a complex pair solved in closed form. After 10 and 20 steps without
//     deflation an exceptional shift breaks the rare cycles of the standard one (LAPACK's dlahqr
//     uses the same constants, 0.75 and −0.4375).
// Backward stable: the computed eigenvalues are exact for a matrix within about ε‖A‖ of A, so a
// well-conditioned eigenvalue is right to about 1e-15 relative; a defective one (a Jordan block,
// a nilpotent matrix in a skewed basis) moves by up to (ε‖A‖)^(1/m) for a block of size m — that is
// the conditioning of the eigenvalue, not of the method (numpy's LAPACK behaves the same).

/** The eigenvalues as (re[i], im[i]); complex pairs appear as consecutive conjugates. */
export interface Eigenvalues {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

const EPS = 2 ** -52;
const MAX_STEPS_PER_EIGENVALUE = 60;

/** Eigenvalues of the n × n row-major matrix `a` (not modified). Throws on non-finite entries
 *  (callers check first) or, practically never, when the QR steps fail to converge. */
export function eigenvalues(a: ArrayLike<number>, n: number): Eigenvalues {
  if (a.length !== n * n) throw new Error(`eigenvalues: expected ${n}×${n} = ${n * n} entries, got ${a.length}`);
  for (let k = 0; k < a.length; k++)
    if (!Number.isFinite(a[k])) throw new Error('eigenvalues: the matrix has a non-finite entry');
  const H = Float64Array.from(a);
  hessenberg(H, n);
  return francisQr(H, n);
}

/** max |λ| over the eigenvalues of the n × n row-major matrix; NaN when an entry is not finite.
 *  Computed as s · ρ(A / s), s the largest |a_ij|, so that entries near the float64 limit (1e308)
 *  do not overflow in the QR steps' products. */
export function spectralRadius(a: ArrayLike<number>, n: number): number {
  const s = largestMagnitude(a);
  if (!Number.isFinite(s)) return NaN;
  if (n === 0 || s === 0) return 0;
  const { re, im } = eigenvalues(
    Array.from(a, (v) => v / s),
    n,
  );
  let rho = 0;
  for (let i = 0; i < n; i++) rho = Math.max(rho, Math.hypot(re[i], im[i]));
  return s * rho;
}

/** max |a_k|; NaN when an entry is NaN, Infinity when one is infinite. */
export function largestMagnitude(a: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    const v = Math.abs(a[k]);
    if (v !== v) return NaN;
    if (v > s) s = v;
  }
  return s;
}

/** In place: A ← Qᵀ A Q upper Hessenberg, by Householder reflections P = I − v vᵀ / β that zero
 *  column k below row k + 1. Each column is first scaled by its largest entry (no overflow). */
function hessenberg(A: Float64Array, n: number): void {
  const v = new Float64Array(n);
  for (let k = 0; k + 2 < n; k++) {
    let scale = 0;
    for (let i = k + 1; i < n; i++) scale = Math.max(scale, Math.abs(A[i * n + k]));
    if (scale === 0) continue; // already zero below the subdiagonal
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = A[i * n + k] / scale;
      norm2 += v[i] * v[i];
    }
    const alpha = v[k + 1] >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2); // new subdiagonal, / scale
    const beta = norm2 - alpha * v[k + 1]; // = vᵀv / 2 after v[k+1] −= alpha
    v[k + 1] -= alpha;
    // Rows: A ← P A over columns k…n−1
    for (let j = k; j < n; j++) {
      let s = 0;
      for (let i = k + 1; i < n; i++) s += v[i] * A[i * n + j];
      s /= beta;
      for (let i = k + 1; i < n; i++) A[i * n + j] -= s * v[i];
    }
    // Columns: A ← A P over every row
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += A[i * n + j] * v[j];
      s /= beta;
      for (let j = k + 1; j < n; j++) A[i * n + j] -= s * v[j];
    }
    A[(k + 1) * n + k] = alpha * scale;
    for (let i = k + 2; i < n; i++) A[i * n + k] = 0;
  }
}

/** Eigenvalues of an upper Hessenberg matrix by Francis double-shift QR with deflation. */
function francisQr(H: Float64Array, n: number): Eigenvalues {
  const re = new Float64Array(n),
    im = new Float64Array(n);
  const h = (i: number, j: number): number => H[i * n + j];
  let hi = n - 1;
  let steps = 0;
  let sinceDeflation = 0;
  while (hi >= 0) {
    // The lowest negligible subdiagonal entry at or above hi: the active window is lo…hi.
    let lo = hi;
    while (lo > 0) {
      let s = Math.abs(h(lo - 1, lo - 1)) + Math.abs(h(lo, lo));
      if (s === 0) s = windowNorm(H, n, 0, hi);
      if (Math.abs(h(lo, lo - 1)) <= EPS * s) {
        H[lo * n + lo - 1] = 0;
        break;
      }
      lo--;
    }
    if (lo === hi) {
      re[hi] = h(hi, hi);
      im[hi] = 0;
      hi -= 1;
      sinceDeflation = 0;
      continue;
    }
    if (lo === hi - 1) {
      twoByTwo(h(hi - 1, hi - 1), h(hi - 1, hi), h(hi, hi - 1), h(hi, hi), re, im, hi - 1);
      hi -= 2;
      sinceDeflation = 0;
      continue;
    }
    if (++steps > MAX_STEPS_PER_EIGENVALUE * n) throw new Error('eigenvalues: the QR iteration did not converge');
    sinceDeflation++;
    // The shifts: the eigenvalues of the trailing 2 × 2 block, as their sum s and product t.
    let s: number, t: number;
    if (sinceDeflation % 10 === 0) {
      const e = Math.abs(h(hi, hi - 1)) + Math.abs(h(hi - 1, hi - 2));
      const d = 0.75 * e + h(hi, hi);
      s = 2 * d;
      t = d * d + 0.4375 * e * e;
    } else {
      s = h(hi - 1, hi - 1) + h(hi, hi);
      t = h(hi - 1, hi - 1) * h(hi, hi) - h(hi - 1, hi) * h(hi, hi - 1);
    }
    francisStep(H, n, lo, hi, s, t);
  }
  return { re, im };
}

/** One implicit double-shift step on the window lo…hi (GVL 7.5.1): the first column of
 *  (H − σ₁)(H − σ₂) = H² − sH + tI, then the bulge chased down with 3-element reflections. Only the
 *  window is updated: the eigenvalues need no Schur vectors and no off-window blocks. */
function francisStep(H: Float64Array, n: number, lo: number, hi: number, s: number, t: number): void {
  const h = (i: number, j: number): number => H[i * n + j];
  let x = h(lo, lo) * h(lo, lo) + h(lo, lo + 1) * h(lo + 1, lo) - s * h(lo, lo) + t;
  let y = h(lo + 1, lo) * (h(lo, lo) + h(lo + 1, lo + 1) - s);
  let z = h(lo + 1, lo) * h(lo + 2, lo + 1);
  for (let k = lo - 1; k <= hi - 3; k++) {
    reflect(H, n, lo, hi, k + 1, Math.max(lo, k), x, y, z, 3);
    x = h(k + 2, k + 1);
    y = h(k + 3, k + 1);
    if (k < hi - 3) z = h(k + 4, k + 1);
  }
  reflect(H, n, lo, hi, hi - 1, hi - 2, x, y, 0, 2);
}

/** Applies the reflection that maps (x, y[, z]) to a multiple of e₁ to rows r…r+len−1 (columns
 *  c0…hi) from the left and to the same columns (rows lo…min(r+len, hi)) from the right. */
function reflect(
  H: Float64Array,
  n: number,
  lo: number,
  hi: number,
  r: number,
  c0: number,
  x: number,
  y: number,
  z: number,
  len: 2 | 3,
): void {
  const scale = Math.abs(x) + Math.abs(y) + Math.abs(z);
  if (scale === 0) return;
  const v0 = x / scale,
    v1 = y / scale,
    v2 = z / scale;
  const norm = Math.sqrt(v0 * v0 + v1 * v1 + v2 * v2);
  const alpha = v0 >= 0 ? -norm : norm;
  // v = (v0 − alpha, v1, v2); P = I − 2 v vᵀ / vᵀv, with vᵀv = 2·norm·(norm + |v0|)
  const w0 = v0 - alpha;
  const tau = 2 / (w0 * w0 + v1 * v1 + (len === 3 ? v2 * v2 : 0));
  for (let j = c0; j <= hi; j++) {
    const a0 = H[r * n + j],
      a1 = H[(r + 1) * n + j],
      a2 = len === 3 ? H[(r + 2) * n + j] : 0;
    const f = tau * (w0 * a0 + v1 * a1 + (len === 3 ? v2 * a2 : 0));
    H[r * n + j] = a0 - f * w0;
    H[(r + 1) * n + j] = a1 - f * v1;
    if (len === 3) H[(r + 2) * n + j] = a2 - f * v2;
  }
  const last = Math.min(r + len, hi);
  for (let i = lo; i <= last; i++) {
    const a0 = H[i * n + r],
      a1 = H[i * n + r + 1],
      a2 = len === 3 ? H[i * n + r + 2] : 0;
    const f = tau * (a0 * w0 + a1 * v1 + (len === 3 ? a2 * v2 : 0));
    H[i * n + r] = a0 - f * w0;
    H[i * n + r + 1] = a1 - f * v1;
    if (len === 3) H[i * n + r + 2] = a2 - f * v2;
  }
}

/** The eigenvalues of [[a, b], [c, d]] into re/im at i, i+1. A real pair is computed without
 *  cancellation (the larger root first, the other from the product ad − bc). */
function twoByTwo(a: number, b: number, c: number, d: number, re: Float64Array, im: Float64Array, i: number): void {
  const p = (a - d) / 2;
  const bc = b * c;
  const disc = p * p + bc;
  if (disc >= 0) {
    const root = Math.sqrt(disc);
    const zr = p >= 0 ? p + root : p - root; // same sign as p: no cancellation
    re[i] = d + zr;
    re[i + 1] = zr !== 0 ? d - bc / zr : d + zr;
    im[i] = im[i + 1] = 0;
  } else {
    const root = Math.sqrt(-disc);
    re[i] = re[i + 1] = d + p;
    im[i] = root;
    im[i + 1] = -root;
  }
}

/** Σ |h_ij| over the Hessenberg band of rows lo…hi (a scale for an all-zero diagonal pair). */
function windowNorm(H: Float64Array, n: number, lo: number, hi: number): number {
  let s = 0;
  for (let i = lo; i <= hi; i++) for (let j = Math.max(lo, i - 1); j <= hi; j++) s += Math.abs(H[i * n + j]);
  return s;
}
