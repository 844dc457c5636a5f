/**
 * Unserved work is not a saving. Work the plan cannot place costs nothing on the bill, so a plan (or a provider loss,
 * or a what-if) that drops work would look cheaper than one that does it. The plan therefore values the work it
 * leaves undone, separately from the bill, the way the simulator's "effective = billed + unserved work" does
 * (docs/simulator.md):
 *
 *   unserved value of an item = its unplaced units × H100-equivalent GPU-hours per unit inside the horizon
 *                               × the dearest list price per H100-equivalent GPU-hour of a GPU the workload accepts
 *
 * H100-equivalent GPU-hours per unit: a gang's work (`work`, H100 GPU-hours), cut at the horizon's end
 * (gpuCount × min(work / gpuCount, hours left)); an inference unit is one H100 replica over the hours the service runs
 * inside the horizon (gpusPerReplica × hours). The price: the highest (list price per GPU-hour ÷ throughput relative
 * to H100) among the supply's pools of the workload's accepted GPUs, on any declared provider, whatever else the
 * filters say; when no pool offers one of them, the highest among all pools whose throughput is known; 0 when there
 * is no pool at all.
 */
import { type Cents, cents, ZERO_CENTS } from '../core/money.js';
import type { PlanRequest, Snapshot, Workload } from '../core/types.js';
import type { Compiled } from './compile.js';

/** Per item of the problem, the value (USD) of one of its units left undone; and per workload the price used. */
export interface UnservedValues {
  readonly perUnit: Float64Array;
  /** Workload → USD per H100-equivalent GPU-hour its unserved work is valued at. */
  readonly pricePerH100Hour: ReadonlyMap<string, number>;
}

export function unservedValues(
  compiled: Compiled,
  snapshot: Snapshot,
  request: PlanRequest,
  now: number,
): UnservedValues {
  const { problem } = compiled;
  const { start: h0, end: h1 } = request.horizon;
  const rel = (w: Workload, gpu: string): number | undefined => w.throughput?.[gpu] ?? snapshot.throughput[gpu];
  /** Per GPU model, the dearest list price per GPU-hour among the supply's pools. */
  const dearestByGpu = new Map<string, number>();
  for (const p of problem.pools) dearestByGpu.set(p.gpu, Math.max(dearestByGpu.get(p.gpu) ?? 0, p.listPricePerGpuHour));
  let dearestAnywhere = 0;
  for (const [gpu, price] of dearestByGpu) {
    const r = snapshot.throughput[gpu];
    if (r !== undefined && r > 0) dearestAnywhere = Math.max(dearestAnywhere, price / r);
  }
  const perUnit = new Float64Array(problem.items.length);
  const pricePerH100Hour = new Map<string, number>();
  for (const w of request.workloads) {
    const items = compiled.itemsOf.get(w.id);
    if (!items) continue;
    let price = 0;
    for (const gpu of w.gpus) {
      const list = dearestByGpu.get(gpu);
      const r = rel(w, gpu);
      if (list !== undefined && r !== undefined && r > 0) price = Math.max(price, list / r);
    }
    if (price === 0) price = dearestAnywhere;
    pricePerH100Hour.set(w.id, price);
    const start = Math.max(w.start, h0, now);
    const hoursLeft = Math.max(0, (h1 - start) / 3_600_000);
    const h100Hours =
      w.kind === 'inference'
        ? w.gpusPerReplica * Math.max(0, (Math.min(w.end ?? h1, h1) - start) / 3_600_000)
        : w.gpuCount * Math.min(w.work / w.gpuCount, hoursLeft);
    for (const i of items) perUnit[i] = h100Hours * price;
  }
  return { perUnit, pricePerH100Hour };
}

/** Cents of work left undone by item i when `placedUnits` of its units are placed. */
export function unservedCentsOf(values: UnservedValues, i: number, units: number, placedUnits: number): Cents {
  const missing = units - placedUnits;
  return missing > 1e-9 ? cents(Math.round(missing * values.perUnit[i]! * 100)) : ZERO_CENTS;
}
