// The recorded series inside a pass's heap: where the row of each series of trace.ts lives
// (heapLayout.ts places the regions), and copying a whole series out into the trace.

import type { Layout } from './heapLayout';

/** Where the row of series `name` at timestep t starts: off + (t−1)·stride; `shift` marks the
 *  "next" series (dh_next, dc_next), which are the "prev" series one row later, 0 at t = T. */
export interface SeriesSource {
  readonly off: number;
  readonly stride: number;
  readonly shift: boolean;
}

export function seriesSource(L: Layout, name: string): SeriesSource {
  const { H, O, GH } = L;
  const at = (off: number, stride: number, shift = false): SeriesSource => ({ off, stride, shift });
  if (name in L.fwd) return at(L.fwd[name], H);
  switch (name) {
    case 'h':
      return at(L.HP + H, H);
    case 'c':
      return at(L.C + H, H);
    case 'y':
      return at(L.Y, O);
    case 'p':
      return at(L.Pr, O);
    case 'dy':
      return at(L.DY, O);
    case 'dh_out':
      return at(L.DHOUT, H);
    case 'dh':
      return at(L.DH, H);
    case 'dh_prev':
      return at(L.DHPREV, H);
    case 'dh_next':
      return at(L.DHPREV, H, true);
    case 'dc':
      return at(L.DC, H);
    case 'dc_prev':
      return at(L.DCPREV, H);
    case 'dc_next':
      return at(L.DCPREV, H, true);
    case 'da':
      return at(L.DG, H);
    case 'da_i':
      return at(L.DG, GH);
    case 'da_f':
      return at(L.DG + H, GH);
    case 'da_g':
      return at(L.DG + 2 * H, GH);
    case 'da_o':
      return at(L.DG + 3 * H, GH);
    case 'da_r':
      return at(L.DG, GH);
    case 'da_z':
      return at(L.DG + H, GH);
    case 'dhn':
      return at(L.DG + 2 * H, GH);
    case 'da_n':
      return at(L.DX + 2 * H, GH);
    default:
      throw new Error(`no series ${name} for cell ${L.cell}`);
  }
}

/** A fresh T × size copy of a series out of the heap. */
export function readSeries(M: Float64Array, L: Layout, name: string, size: number): Float64Array {
  const { off, stride, shift } = seriesSource(L, name);
  const out = new Float64Array(L.T * size);
  const first = shift ? 1 : 0; // "next" series: row t is the "prev" row t+1; the last row stays 0
  for (let t = 0; t + first < L.T; t++) {
    const s = off + (t + first) * stride;
    out.set(M.subarray(s, s + size), t * size);
  }
  return out;
}
