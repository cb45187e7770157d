// The triangular factor R of a tall matrix A = Q R (Householder QR): R is n × n and RᵀR = AᵀA, so
// ‖A M‖_F = ‖R M‖_F for every M. Connectivity (connectivity.ts) uses it to carry n rows instead of
// m when the output layer has more rows than the hidden state, and likewise on the input side.

/** R (n × n, upper triangular, row-major) of the m × n row-major matrix `a`, m ≥ n. */
export function triangularFactor(a: ArrayLike<number>, m: number, n: number): Float64Array {
  if (m < n) throw new Error(`triangularFactor: needs rows ≥ columns, got ${m} × ${n}`);
  const A = Float64Array.from(a);
  const v = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    let scale = 0;
    for (let i = k; i < m; i++) scale = Math.max(scale, Math.abs(A[i * n + k]));
    if (scale === 0) continue;
    let norm2 = 0;
    for (let i = k; i < m; i++) {
      v[i] = A[i * n + k] / scale;
      norm2 += v[i] * v[i];
    }
    const alpha = v[k] >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    const beta = norm2 - alpha * v[k];
    v[k] -= alpha;
    for (let j = k + 1; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i] * A[i * n + j];
      s /= beta;
      for (let i = k; i < m; i++) A[i * n + j] -= s * v[i];
    }
    A[k * n + k] = alpha * scale;
  }
  const R = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) R[i * n + j] = A[i * n + j];
  return R;
}

/** The transpose of a rows × cols row-major matrix. */
export function transpose(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}
