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
    this.up(this.time.length, time, rank, this.nextSeq++, payload);
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
    const { time, rank, key, payload } = this;
    const n = time.length - 1;
    if (n < 0) return;
    // The last entry fills the hole the first leaves, sifted down from the top.
    const t = time.pop() ?? 0,
      r = rank.pop() ?? 0,
      k = key.pop() ?? 0,
      p = payload.pop() ?? 0;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(c + 1, c)) c++;
      if (!this.before(c, t, r, k)) break;
      this.move(c, i);
      i = c;
    }
    this.set(i, t, r, k, p);
  }

  pop(): HeapEntry | undefined {
    if (this.time.length === 0) return undefined;
    const top: HeapEntry = {
      time: this.peekTime(),
      rank: this.peekRank(),
      seq: this.key[0] ?? 0,
      payload: this.peekPayload(),
    };
    this.removeTop();
    return top;
  }

  /** Does entry i come before entry j? */
  private less(i: number, j: number): boolean {
    return this.before(i, this.time[j]!, this.rank[j]!, this.key[j]!);
  }

  /** Does entry i come before an entry (t, r, k)? */
  private before(i: number, t: number, r: number, k: number): boolean {
    const ti = this.time[i]!;
    if (ti !== t) return ti < t;
    const ri = this.rank[i]!;
    if (ri !== r) return ri < r;
    return this.key[i]! < k;
  }

  private move(from: number, to: number): void {
    this.set(to, this.time[from]!, this.rank[from]!, this.key[from]!, this.payload[from]!);
  }

  private set(i: number, t: number, r: number, k: number, p: number): void {
    this.time[i] = t;
    this.rank[i] = r;
    this.key[i] = k;
    this.payload[i] = p;
  }

  /** Sifts the entry (t, r, k, p) up from the hole at i. */
  private up(i: number, t: number, r: number, k: number, p: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(parent, t, r, k)) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, t, r, k, p);
  }
}
