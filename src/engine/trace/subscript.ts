// Digits as Unicode subscripts, for plain-text labels (step titles, tensor labels, the panel's
// diagram and charts, the debugger's names): one definition, used by the engine, the host and the
// webview alike (the webview bundles it; it is pure).

/** 12 → ₁₂, −1 → ₋₁. */
export function subscript(n: number): string {
  return String(n).replace(/[0-9-]/g, (d) => (d === '-' ? '₋' : '₀₁₂₃₄₅₆₇₈₉'[Number(d)]));
}
