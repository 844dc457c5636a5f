/** Progress lines on stderr, timed by the wall clock (the use cases only report what they have done). */
import { writeStderrSync } from '../io.js';
import type { SimProgress } from '../../app/ports.js';

/** A simulation's progress: events done, simulated date, ETA from the share of the horizon covered. */
export function progressPrinter(start: number, end: number, label = ''): SimProgress {
  const t0 = Date.now();
  return (events, now) => {
    const frac = Math.max(1e-9, (now - start) / (end - start));
    const elapsed = (Date.now() - t0) / 1000;
    const eta = elapsed / frac - elapsed;
    writeStderrSync(
      `${label}${events.toLocaleString('en-US')} events, simulated ${new Date(now).toISOString().slice(0, 10)} (${(frac * 100).toFixed(0)}%), ETA ${eta.toFixed(0)} s\n`,
    );
  };
}

/** A comparison's progress: runs done of all, seconds since it started. */
export function runsPrinter(): (finished: number, total: number) => void {
  const t0 = Date.now();
  return (n, total) => writeStderrSync(`${n}/${total} runs done, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
