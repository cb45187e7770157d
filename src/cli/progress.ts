// Progress of a long command on stderr: nothing for the first two seconds (a quick command stays
// quiet), then a line every few seconds with how far it is and an estimate of what is left,
// from the rate so far: `gradcheck: 120 of 600 entries (20%), about 41 s left`.

import type { CliIo } from './commands';
import { count } from '../engine/parse/wording';

const QUIET_MS = 2000;
const EVERY_MS = 5000;

/** "850 ms", "12 s", "3.5 min", "2.1 h", "4.2 days". */
export function duration(ms: number): string {
  const s = ms / 1000;
  if (s < 1) return `${Math.round(ms)} ms`;
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Number((s / 60).toPrecision(2))} min`;
  if (s < 172800) return `${Number((s / 3600).toPrecision(2))} h`;
  return `${Number((s / 86400).toPrecision(2))} days`;
}

export interface Progress {
  /** `done` of `total` units are done. */
  tick(done: number, total: number): void;
}

export function progressOnStderr(io: CliIo, label: string, unit: string): Progress {
  const now = io.now ?? Date.now;
  const start = now();
  let shown = start;
  return {
    tick(done, total) {
      const t = now();
      if (t - start < QUIET_MS || t - shown < (shown === start ? 0 : EVERY_MS) || done >= total || done <= 0) return;
      shown = t;
      const left = ((t - start) / done) * (total - done);
      const pct = Math.floor((100 * done) / total);
      io.err(`${label}: ${count(done)} of ${count(total)} ${unit} (${pct}%), about ${duration(left)} left`);
    },
  };
}
