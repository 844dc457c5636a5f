/** The simulated clock of one run: the instant being handled, the time bucket it falls in, events handled so far. */
export class Clock {
  /** Epoch ms of the event being handled. */
  now: number;
  /** Index of the time bucket `now` is in (buckets.length once the horizon has ended). */
  bucket = 0;
  /** Events handled (arrivals and queued events). */
  events = 0;

  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    this.now = start;
  }
}
