/**
 * The simulator's event queue: a binary min-heap on (time, rank, seq). `rank` orders events that fall on the same
 * instant by kind (see EventKind in simulate.ts); `seq` is the insertion counter, so equal (time, rank) pairs come out
 * in the order they went in. The order is therefore total and deterministic: no two entries compare equal.
 * Entries are stored in three parallel arrays (no object per comparison); `payload` is an opaque number.
 */
export interface HeapEntry {
  readonly time: number;
  readonly rank: number;
  readonly seq: number;
  readonly payload: number;
}

export class EventHeap {
  private time: number[] = [];
  private key: number[] = []; // insertion sequence
  private rank: number[] = [];
  private payload: number[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.time.length;
  }

  push(time: number, rank: number, payload: number): void {
    if (!Number.isFinite(time)) throw new RangeError(`event time must be finite, got ${time}`);
    this.time.push(time);
    this.rank.push(rank);
    this.key.push(this.nextSeq++);
    this.payload.push(payload);
    this.up(this.time.length - 1);
  }

  peekTime(): number {
    return this.time.length ? this.time[0]! : Infinity;
  }

  peekRank(): number {
    return this.rank.length ? this.rank[0]! : Infinity;
  }

  /** Payload of the first entry (NaN when empty). */
  peekPayload(): number {
    return this.payload.length ? this.payload[0]! : Number.NaN;
  }

  /** Removes the first entry without building an entry object (read it with the peek methods first). */
  removeTop(): void {
    const last = this.time.length - 1;
    if (last < 0) return;
    if (last > 0) this.move(last, 0);
    this.time.pop();
    this.rank.pop();
    this.key.pop();
    this.payload.pop();
    if (last > 0) this.down(0);
  }

  pop(): HeapEntry | undefined {
    if (this.time.length === 0) return undefined;
    const top: HeapEntry = { time: this.time[0]!, rank: this.rank[0]!, seq: this.key[0]!, payload: this.payload[0]! };
    this.removeTop();
    return top;
  }

  private less(i: number, j: number): boolean {
    const ti = this.time[i]!;
    const tj = this.time[j]!;
    if (ti !== tj) return ti < tj;
    const ri = this.rank[i]!;
    const rj = this.rank[j]!;
    if (ri !== rj) return ri < rj;
    return this.key[i]! < this.key[j]!;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.rank[to] = this.rank[from]!;
    this.key[to] = this.key[from]!;
    this.payload[to] = this.payload[from]!;
  }

  private swap(i: number, j: number): void {
    const t = this.time[i]!;
    this.time[i] = this.time[j]!;
    this.time[j] = t;
    const r = this.rank[i]!;
    this.rank[i] = this.rank[j]!;
    this.rank[j] = r;
    const k = this.key[i]!;
    this.key[i] = this.key[j]!;
    this.key[j] = k;
    const p = this.payload[i]!;
    this.payload[i] = this.payload[j]!;
    this.payload[j] = p;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.time.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
