/**
 * One workload in the scenario format, read on its own (a workload submitted to `skyfleet serve`): the same schema,
 * name checks and conversion as a workload inside a scenario file, against a fleet's catalog, declared providers and
 * throughput, so what the control plane accepts is exactly what a scenario accepts. Issue paths are relative to the
 * workload (`gpus.0`, not `workloads.0.gpus.0`). Pure.
 */
import type { Issue } from '../core/issues.js';
import type { Catalog, Instant, Workload } from '../core/types.js';
import { type CatalogIndex, Ctx, indexCatalog } from './context.js';
import { checkWorkloadNames } from './names.js';
import { WorkloadSchema } from './schema.js';
import { convertWorkloads } from './workloads.js';
import { zodIssues } from './zod-issues.js';

export interface WorkloadFleet {
  readonly catalog: Catalog;
  readonly providers: readonly string[];
  readonly throughput: Readonly<Record<string, number>>;
  /** Dates a workload may start in; `start` is the default start (now, for a submission). */
  readonly horizon: { readonly start: Instant; readonly end: Instant };
}

/** The catalog's index is built once per catalog object (a server reads many workloads against one fleet). */
const indexes = new WeakMap<Catalog, CatalogIndex>();
const indexOf = (c: Catalog): CatalogIndex => {
  let i = indexes.get(c);
  if (!i) {
    i = indexCatalog(c);
    indexes.set(c, i);
  }
  return i;
};

export function readWorkload(
  raw: unknown,
  fleet: WorkloadFleet,
): { ok: true; workload: Workload } | { ok: false; issues: Issue[] } {
  const ctx = new Ctx(indexOf(fleet.catalog), new Set(fleet.providers), fleet.horizon);
  checkWorkloadNames(ctx, [raw], fleet.throughput);
  const parsed = WorkloadSchema.safeParse(raw);
  const issues: Issue[] = parsed.success ? [] : zodIssues(parsed.error.issues, ['workloads', 0]);
  const out = parsed.success ? convertWorkloads(ctx, [parsed.data]) : [];
  issues.push(...ctx.issues);
  const w = out[0];
  if (issues.length > 0 || !w) return { ok: false, issues: issues.map(relative) };
  return { ok: true, workload: w };
}

const relative = (i: Issue): Issue => {
  const path = i.path[0] === 'workloads' && i.path[1] === 0 ? i.path.slice(2) : i.path;
  return { ...i, path };
};
