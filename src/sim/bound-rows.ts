/** Pieces of the offline bound's LP (offline-optimal.ts): outage hours per bucket, numbers in LP text, the big-gang
 * rows and the per-row term lists. */
import { item } from '../core/item.js';
import type { SimInput } from './inputs.js';
import { HOUR_MS, type World } from './world.js';

/** Down hours of each location in each bucket (outages merged). */
export function downHours(input: SimInput, world: World): Float64Array[] {
  const out = world.locations.map(() => new Float64Array(world.buckets.length));
  world.locations.forEach((loc, k) => {
    const iv = input.outages
      .filter((o) => o.provider === loc.provider && (o.region === '*' || o.region === loc.region))
      .map((o) => [Math.max(o.start, world.start), Math.min(o.end, world.end)] as const)
      .filter(([a, b]) => b > a)
      .sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [a, b] of iv) {
      const last = merged[merged.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    world.buckets.forEach((bk, i) => {
      let h = 0;
      for (const [a, b] of merged) h += Math.max(0, Math.min(b, bk.end) - Math.max(a, bk.start)) / HOUR_MS;
      out[k]![i] = h;
    });
  });
  return out;
}

export const num = (v: number): string => {
  const s = Number.isInteger(v) ? String(v) : v.toPrecision(15);
  return s.includes('e') ? v.toExponential(14) : s;
};

/**
 * The big-gang rows (BoundOptions.bigGangs), per capacity group g of size C and bucket b of h hours. A gang of o > C/2
 * GPUs on a pool of g leaves less than C/2 beside it, so no two such gangs run at once: Σ τ_k <= h, τ_k the hours
 * gang class k runs on g (Σ_p x_kpb / (n_k r_kp) over pools of g). While gang k runs, g's inference holds at most
 * C − o_k GPUs; at any other instant at most Ī = Σ_s (peak units of service s in b) × (its most GPUs per unit on g),
 * as served inference never exceeds the hour's demand. So g's inference GPU-hours
 *   I_g <= Ī (h − Σ τ_k) + Σ_k min(Ī, C − o_k) τ_k,  i.e.  I_g + Σ_k (Ī − min(Ī, C − o_k)) τ_k <= Ī h.
 * Both hold at every instant of every run, hence for its useful work and served inference.
 */
export function bigGangRows(
  world: World,
  jobCols: readonly { name: string; pool: number; b: number; gpus: number; hoursPerUnit: number }[],
  infCols: readonly { name: string; s: number; pool: number; b: number; gh: number }[],
  peakUnits: readonly Float64Array[],
): string[] {
  const { groups, pools, buckets } = world;
  const nb = buckets.length;
  const key = (g: number, b: number): number => g * nb + b;
  const jobsIn = new Map<number, (typeof jobCols)[number][]>();
  for (const c of jobCols)
    for (const g of item(pools, c.pool).groups) {
      if (!(c.gpus * 2 > (item(groups, g).capacity[c.b] ?? 0))) continue;
      const k = key(g, c.b);
      const list = jobsIn.get(k) ?? [];
      list.push(c);
      jobsIn.set(k, list);
    }
  const rows: string[] = [];
  for (const [k, big] of jobsIn) {
    const g = Math.floor(k / nb);
    const b = k % nb;
    const C = item(groups, g).capacity[b] ?? 0;
    const h = item(buckets, b).hours;
    if (big.length > 1)
      rows.push(`bg${g}_${b}: ${big.map((c) => `+ ${num(c.hoursPerUnit)} ${c.name}`).join(' ')} <= ${num(h)}`);
    const inf = infCols.filter((c) => c.b === b && item(pools, c.pool).groups.includes(g));
    if (!inf.length) continue;
    const most = new Map<number, number>();
    for (const c of inf) most.set(c.s, Math.max(most.get(c.s) ?? 0, c.gh));
    let iBar = 0;
    for (const [s, gh] of most) iBar += (peakUnits[s]?.[b] ?? 0) * gh;
    const terms = big.flatMap((c) => {
      const coef = (iBar - Math.min(iBar, Math.max(0, C - c.gpus))) * c.hoursPerUnit;
      return coef > 0 ? [`+ ${num(coef)} ${c.name}`] : [];
    });
    if (!terms.length) continue;
    rows.push(
      `bi${g}_${b}: ${inf.map((c) => `+ ${num(c.gh)} ${c.name}`).join(' ')} ${terms.join(' ')} <= ${num(iBar * h)}`,
    );
  }
  return rows;
}

/** The terms of the LP rows of one kind (capacity group, pool, commitment term), one list per (row, bucket), all made
 * up front: the one place that checks a (row, bucket) pair is in range. */
export class RowTerms {
  private readonly lists: string[][];

  constructor(
    rows: number,
    private readonly buckets: number,
  ) {
    this.lists = Array.from({ length: rows * buckets }, () => []);
  }

  add(row: number, bucket: number, term: string): void {
    this.of(row, bucket).push(term);
  }

  of(row: number, bucket: number): string[] {
    const list = this.lists[row * this.buckets + bucket];
    if (list === undefined || bucket >= this.buckets)
      throw new RangeError(`LP row ${row}, bucket ${bucket}: out of range`);
    return list;
  }
}
