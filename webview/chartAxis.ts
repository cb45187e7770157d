// Axes for the panel's charts: "nice" tick values (1, 2, 5 × 10ᵏ on a linear scale, powers of ten
// on a log scale) and the mapping from data to pixels. Pure functions of numbers, so the webview
// tests check them directly and every chart labels its axes the same way.

export interface Scale {
  readonly log: boolean;
  readonly lo: number;
  readonly hi: number;
  /** Data value → fraction of the axis, 0 at lo and 1 at hi. */
  frac(v: number): number;
  readonly ticks: readonly number[];
}

/** Up to about `count` round values covering [lo, hi] (both ends included in the range). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  const first = Math.ceil(lo / step - 1e-9) * step;
  for (let v = first; v <= hi + step * 1e-9; v += step)
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return ticks;
}

/** Integer ticks for steps or timesteps from `lo` to `hi`: round intervals, ends included. */
export function integerTicks(lo: number, hi: number, count = 6): number[] {
  if (hi <= lo) return [lo];
  const ticks = niceTicks(lo, hi, count).filter((v) => Number.isInteger(v));
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  if (step < 1) return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  // The ends are always labelled; a round tick closer than ¾ of a step to an end gives way to it.
  const inner = ticks.filter((v) => v - lo >= step * 0.75 && hi - v >= step * 0.75);
  return [lo, ...inner, hi];
}

/** A linear scale with nice ticks; a flat range is widened so the line sits in the middle. */
export function linearScale(lo: number, hi: number, count = 4): Scale {
  if (hi === lo) {
    const pad = Math.abs(hi) * 1e-3 || 1e-9;
    lo -= pad;
    hi += pad;
  }
  const ticks = niceTicks(lo, hi, count);
  return { log: false, lo, hi, ticks, frac: (v) => (v - lo) / (hi - lo) };
}

/** A base-10 log scale over positive values; ticks at the powers of ten it spans, every other
 *  one (or fewer) when more than `maxTicks` would crowd the axis. */
export function logScale(lo: number, hi: number, maxTicks = 6): Scale {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  const lg = b > a ? [a, b] : [a - 0.5, a + 0.5];
  const ticks: number[] = [];
  const stride = Math.max(1, Math.ceil((Math.floor(lg[1]) - Math.ceil(lg[0]) + 1) / Math.max(1, maxTicks)));
  // Number('1e-2'), not 10 ** -2: the parsed literal is the double nearest 0.01, the power may not be.
  for (let k = Math.ceil(lg[0]); k <= Math.floor(lg[1]); k += stride) ticks.push(Number(`1e${k}`));
  return {
    log: true,
    lo: 10 ** lg[0],
    hi: 10 ** lg[1],
    ticks,
    frac: (v) => (v > 0 ? (Math.log10(v) - lg[0]) / (lg[1] - lg[0]) : -Infinity),
  };
}

/** A tick label: short, with a real minus sign; powers of ten on a log scale as 10ⁿ. */
export function tickLabel(v: number, log: boolean): string {
  if (log) {
    const k = Math.round(Math.log10(v));
    if (k >= -2 && k <= 3) return String(Number(`1e${k}`));
    return `10${String(k).replace(/[0-9-]/g, (d) => (d === '-' ? '⁻' : '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]))}`;
  }
  const s =
    Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : String(Number(v.toPrecision(4)));
  return s.replace(/-/g, '−');
}
