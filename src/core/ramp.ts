import type { RampStep } from './types.js';

/** Value of a ramp at instant t: the last step at or before t; 0 before the first step. Steps sorted by `from`. */
export function rampAt(ramp: readonly RampStep[], t: number): number {
  let v = 0;
  for (const s of ramp) {
    if (s.from <= t) v = s.value;
    else break;
  }
  return v;
}
