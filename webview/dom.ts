// Tiny DOM helpers for the panel. Every string from the model reaches the DOM through
// `textContent` (never innerHTML), and every dynamic style through the CSSOM (`el.style.x = …`),
// which the CSP's style-src (no 'unsafe-inline') allows, unlike style attributes.

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** An HTML element with a class name and optional text. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** An SVG element with attributes (numbers and fixed strings only; text goes through textContent). */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  text?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const k of Object.keys(attrs)) e.setAttribute(k, String(attrs[k]));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A number for a heatmap cell or a chart label: 4 significant digits, a real minus sign. */
export function fmtShort(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  // Tiny and huge numbers as mantissa·exponent, so a cell stays narrow: 1.235e-5, 4.2e6.
  const a = Math.abs(x);
  let str = a < 1e-3 || a >= 1e6 ? x.toExponential(digits - 1) : x.toPrecision(digits);
  const e = str.indexOf('e');
  if (e >= 0) {
    const mant = str.slice(0, e).replace(/\.?0+$/, '');
    str = `${mant}e${str.slice(e + 1).replace('+', '')}`;
  } else if (str.includes('.')) {
    str = str.replace(/\.?0+$/, '');
  }
  return str.replace(/-/g, '−');
}
