/** A clock the test moves by hand (the Clock port). */
import type { Clock } from '../../../control/ports.js';

export class FakeClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
