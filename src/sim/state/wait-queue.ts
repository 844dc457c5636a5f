/**
 * Jobs waiting for capacity: one doubly linked FIFO per priority and team over job indices (O(1) append and removal).
 * With one team (every policy that does not share by team) it is one FIFO per priority.
 */
export class WaitQueue {
  /** Highest (least urgent) priority number; queues 0..maxPri. */
  readonly maxPri: number;
  /** Teams with a queue of their own at each priority (1: no sharing by team). */
  readonly teams: number;
  /** First and last job of each (priority, team) queue, at index priority × teams + team; -1 when empty. */
  readonly head: Int32Array;
  readonly tail: Int32Array;
  /** Next and previous job in its queue, -1 at an end (or when not queued). */
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** Jobs queued. */
  count = 0;

  constructor(jobs: number, maxPri: number, teams = 1) {
    this.maxPri = maxPri;
    this.teams = teams;
    this.head = new Int32Array((maxPri + 1) * teams).fill(-1);
    this.tail = new Int32Array((maxPri + 1) * teams).fill(-1);
    this.next = new Int32Array(jobs).fill(-1);
    this.prev = new Int32Array(jobs).fill(-1);
  }

  /** Appends job j to the queue of priority `pri` (and team `team`). */
  push(j: number, pri: number, team = 0): void {
    const q = pri * this.teams + team;
    const tail = this.tail;
    const last = tail[q]!;
    this.prev[j] = last;
    this.next[j] = -1;
    if (last >= 0) this.next[last] = j;
    else this.head[q] = j;
    tail[q] = j;
    this.count++;
  }

  /** Takes job j out of the queue of priority `pri` (and team `team`). */
  remove(j: number, pri: number, team = 0): void {
    const q = pri * this.teams + team;
    const next = this.next,
      prev = this.prev;
    const after = next[j]!,
      before = prev[j]!;
    if (before >= 0) next[before] = after;
    else this.head[q] = after;
    if (after >= 0) prev[after] = before;
    else this.tail[q] = before;
    next[j] = -1;
    prev[j] = -1;
    this.count--;
  }
}
