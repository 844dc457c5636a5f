/** Jobs waiting for capacity: one doubly linked FIFO per priority over job indices (O(1) append and removal). */
export class WaitQueue {
  /** Highest (least urgent) priority number; queues 0..maxPri. */
  readonly maxPri: number;
  /** First and last job of each priority's queue, -1 when empty. */
  readonly head: Int32Array;
  readonly tail: Int32Array;
  /** Next and previous job in its queue, -1 at an end (or when not queued). */
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** Jobs queued. */
  count = 0;

  constructor(jobs: number, maxPri: number) {
    this.maxPri = maxPri;
    this.head = new Int32Array(maxPri + 1).fill(-1);
    this.tail = new Int32Array(maxPri + 1).fill(-1);
    this.next = new Int32Array(jobs).fill(-1);
    this.prev = new Int32Array(jobs).fill(-1);
  }

  /** Appends job j to the queue of priority `pri`. */
  push(j: number, pri: number): void {
    const tail = this.tail;
    const last = tail[pri]!;
    this.prev[j] = last;
    this.next[j] = -1;
    if (last >= 0) this.next[last] = j;
    else this.head[pri] = j;
    tail[pri] = j;
    this.count++;
  }

  /** Takes job j out of the queue of priority `pri`. */
  remove(j: number, pri: number): void {
    const next = this.next,
      prev = this.prev;
    const after = next[j]!,
      before = prev[j]!;
    if (before >= 0) next[before] = after;
    else this.head[pri] = after;
    if (after >= 0) prev[after] = before;
    else this.tail[pri] = before;
    next[j] = -1;
    prev[j] = -1;
    this.count--;
  }
}
