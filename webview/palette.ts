// The diverging palette of the heatmaps, built from the theme's own colours so it reads in light,
// dark and high-contrast themes: negative values lean to the theme's blue, positive to its red,
// zero is the panel background. Re-read when VS Code switches theme (it changes the body class).

export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

export interface Palette {
  readonly background: Rgb;
  readonly negative: Rgb;
  readonly positive: Rgb;
  /** 257 entries per sign, blended from the background; index = round(|v| / max * 256). */
  readonly negLut: Uint32Array;
  readonly posLut: Uint32Array;
  /** CSS colour strings for the same blends (HTML cells), 33 steps per sign. */
  readonly negCss: readonly string[];
  readonly posCss: readonly string[];
  /** The text colour for each of those blends: the theme's foreground where it reads at 4.5:1
   *  (WCAG AA), else black or white, whichever reads better. */
  readonly negText: readonly string[];
  readonly posText: readonly string[];
  /** Whether the background is dark (high magnitudes then blend towards brighter colours). */
  readonly dark: boolean;
}

/** Strongest blend of the accent over the background: the cell's number must stay readable on it. */
const MAX_MIX = 0.72;

function parseColor(value: string, fallback: Rgb): Rgb {
  const v = value.trim();
  let m = /^#([0-9a-f]{3,8})$/i.exec(v);
  if (m) {
    let hex = m[1];
    if (hex.length === 3 || hex.length === 4) hex = [...hex.slice(0, 3)].map((c) => c + c).join('');
    const n = parseInt(hex.slice(0, 6), 16);
    return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
  }
  m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/i.exec(v);
  if (m) return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]) };
  return fallback;
}

function mix(a: Rgb, b: Rgb, f: number): Rgb {
  return {
    r: Math.round(a.r + (b.r - a.r) * f),
    g: Math.round(a.g + (b.g - a.g) * f),
    b: Math.round(a.b + (b.b - a.b) * f),
  };
}

function luminance(c: Rgb): number {
  return (0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b) / 255;
}

/** WCAG relative luminance (sRGB, linearised). */
function relativeLuminance(c: Rgb): number {
  const lin = (v: number) => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG contrast ratio of two colours, 1…21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

const BLACK: Rgb = { r: 0, g: 0, b: 0 };
const WHITE: Rgb = { r: 255, g: 255, b: 255 };

/** A readable text colour on `bg`: `fg` when it reaches 4.5:1, else black or white. */
export function readableText(fg: Rgb, bg: Rgb): Rgb {
  if (contrastRatio(fg, bg) >= 4.5) return fg;
  return contrastRatio(BLACK, bg) >= contrastRatio(WHITE, bg) ? BLACK : WHITE;
}

/** Little-endian RGBA packed for an ImageData's Uint32Array view. */
function packed(c: Rgb): number {
  return ((255 << 24) | (c.b << 16) | (c.g << 8) | c.r) >>> 0;
}

export function readPalette(root: Element = document.body): Palette {
  const css = getComputedStyle(root);
  const get = (name: string): string => css.getPropertyValue(name);
  const background = parseColor(get('--vscode-editor-background') || get('--vscode-sideBar-background'), {
    r: 30,
    g: 30,
    b: 30,
  });
  const dark = luminance(background) < 0.5;
  const foreground = parseColor(
    get('--vscode-foreground'),
    dark ? { r: 204, g: 204, b: 204 } : { r: 59, g: 59, b: 59 },
  );
  const negative = parseColor(
    get('--vscode-charts-blue'),
    dark ? { r: 55, g: 148, b: 255 } : { r: 26, g: 133, b: 255 },
  );
  const positive = parseColor(get('--vscode-charts-red'), dark ? { r: 241, g: 76, b: 76 } : { r: 229, g: 20, b: 0 });
  const lut = (to: Rgb): Uint32Array => {
    const out = new Uint32Array(257);
    for (let i = 0; i <= 256; i++) out[i] = packed(mix(background, to, (i / 256) * MAX_MIX));
    return out;
  };
  const rgb = (c: Rgb) => `rgb(${c.r}, ${c.g}, ${c.b})`;
  const cssSteps = (to: Rgb, text: boolean): string[] => {
    const out: string[] = [];
    for (let i = 0; i <= 32; i++) {
      const c = mix(background, to, (i / 32) * MAX_MIX);
      out.push(rgb(text ? readableText(foreground, c) : c));
    }
    return out;
  };
  return {
    background,
    negative,
    positive,
    negLut: lut(negative),
    posLut: lut(positive),
    negCss: cssSteps(negative, false),
    posCss: cssSteps(positive, false),
    negText: cssSteps(negative, true),
    posText: cssSteps(positive, true),
    dark,
  };
}

/** The entry for value v on a symmetric scale ±max with `n` steps a side (index 0 is the
 *  background, n the full colour); NaN takes the strongest positive entry. */
function onScale<T>(neg: ArrayLike<T>, pos: ArrayLike<T>, n: number, v: number, max: number): T {
  if (Number.isNaN(v)) return pos[n];
  if (!(max > 0) || v === 0) return pos[0];
  if (!Number.isFinite(v)) return v < 0 ? neg[n] : pos[n];
  const i = Math.min(n, Math.round((Math.abs(v) / max) * n));
  return v < 0 ? neg[i] : pos[i];
}

/** The CSS colour of value v on a symmetric scale ±max. */
export function cssColor(p: Palette, v: number, max: number): string {
  return onScale(p.negCss, p.posCss, 32, v, max);
}

/** The text colour that reads on cssColor(p, v, max). */
export function cssTextColor(p: Palette, v: number, max: number): string {
  return onScale(p.negText, p.posText, 32, v, max);
}

/** The packed RGBA of value v on a symmetric scale ±max (canvas). */
export function packedColor(p: Palette, v: number, max: number): number {
  return onScale(p.negLut, p.posLut, 256, v, max);
}
