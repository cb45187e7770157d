// How an equation fits the panel's width (pure, so it is tested without a browser). Its lines wrap
// after any operator, so what must fit is its widest box that cannot wrap — a matrix with what is
// juxtaposed to it — plus the hanging indent of a wrapped line (which scales with the type) and a
// fixed reserve at the right (CSS .eq-line's padding). Preference, in order: every number
// at full size; the type a little smaller (90 %); the variant whose matrices show only their first
// and last columns (the heatmaps hold the rest), at 100 % then 90 %; that variant at 80 %. When
// even that is too wide, it is shown at 80 % and the panel says that it scrolls.

export interface FitVariant {
  /** Width in px of the widest unbreakable box at full size (typesets and measures on first call). */
  widest(): number;
}

export interface FitChoice {
  /** Index into the variants. */
  readonly variant: number;
  /** Font scale: 1, 0.9 or 0.8. */
  readonly scale: number;
  /** Nothing fits: the region scrolls sideways, and says so. */
  readonly scrolls: boolean;
}

const SMALLER = 0.9;
const SMALLEST = 0.8;

/** Whether a box `widest` px wide at full size fits `width` px at `scale`, with the hanging
 *  indent (which scales with the type) and the fixed reserve at the right. */
export function fitsAt(widest: number, scale: number, width: number, indent: number, reserve = 0): boolean {
  return (widest + indent) * scale + reserve <= width;
}

/** The first variant and scale that fits `width` px; variants are asked for their width only as
 *  far as the search goes (the elided one is typeset only when the full one does not fit). */
export function chooseFit(variants: readonly FitVariant[], width: number, indent: number, reserve = 0): FitChoice {
  const last = variants.length - 1;
  // A panel not laid out yet (hidden): show the full equation; the resize will choose again.
  if (width <= 0 || last < 0) return { variant: 0, scale: 1, scrolls: false };
  const fits = (v: number, scale: number): boolean => fitsAt(variants[v].widest(), scale, width, indent, reserve);
  for (let v = 0; v <= last; v++)
    for (const scale of [1, SMALLER]) if (fits(v, scale)) return { variant: v, scale, scrolls: false };
  return { variant: last, scale: SMALLEST, scrolls: !fits(last, SMALLEST) };
}
