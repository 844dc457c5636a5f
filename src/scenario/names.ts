/**
 * Name checks that run on every element of the file, even one that failed its schema (so one bad field does not
 * hide a mistyped GPU or a duplicate id elsewhere in the same element): ids unique, GPU models in the catalog,
 * providers declared, regions in the catalog. Values of the wrong type are skipped (the schema reported them).
 */
import type { IssuePath } from '../core/issues.js';
import type { Ctx } from './context.js';
import { isSafeName } from './limits.js';
import { closest, didYouMean } from './suggest.js';

/** The closest known name as a param (`suggestion`), when one is close enough. */
const suggestion = (value: string, known: Iterable<string>): { suggestion?: string } => {
  const c = closest(value, known);
  return c === undefined ? {} : { suggestion: c };
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function checkGpu(ctx: Ctx, gpu: string, path: IssuePath): boolean {
  if (ctx.catalog.gpus.has(gpu)) return true;
  if (!isSafeName(gpu)) return false; // the schema reported it (name.invalid)
  ctx.report('gpu.unknown', path, `GPU model '${gpu}' is not in the catalog${didYouMean(gpu, ctx.catalog.gpus)}`, {
    gpu,
    ...suggestion(gpu, ctx.catalog.gpus),
  });
  return false;
}

/** Remembers ids and reports the second use of one. */
export class IdSet {
  private readonly seen = new Map<string, string>();
  constructor(private readonly what: string) {}
  check(ctx: Ctx, id: unknown, where: string, path: IssuePath): void {
    if (typeof id !== 'string') return;
    const first = this.seen.get(id);
    if (first !== undefined)
      ctx.report('id.duplicate', path, `${this.what} id '${id}' is already used by ${first}`, {
        kind: this.what,
        id,
        first,
      });
    else this.seen.set(id, where);
  }
}

export function checkContractNames(ctx: Ctx, contracts: readonly unknown[]): void {
  const ids = new IdSet('contract');
  const blocks = new IdSet('reserved block');
  contracts.forEach((raw, i) => {
    const c = rec(raw);
    const at = ['contracts', i];
    ids.check(ctx, c.id, `contracts[${i}]`, [...at, 'id']);
    const provider = str(c.provider);
    if (provider !== undefined && !ctx.declared.has(provider)) {
      ctx.report(
        'contract.provider-undeclared',
        [...at, 'provider'],
        `contract '${str(c.id) ?? i}' is with provider '${provider}', which is not declared under providers${didYouMean(provider, ctx.declared)}`,
        { provider, ...suggestion(provider, ctx.declared) },
      );
    }
    list(c.reserved).forEach((rb, k) => {
      const r = rec(rb);
      const path = [...at, 'reserved', k];
      blocks.check(ctx, r.id, `contract '${str(c.id) ?? i}'`, [...path, 'id']);
      const gpu = str(r.gpu);
      if (gpu !== undefined) checkGpu(ctx, gpu, [...path, 'gpu']);
      const region = str(r.region);
      const regions = provider !== undefined ? ctx.catalog.regionsByProvider.get(provider) : undefined;
      if (region !== undefined && regions && !regions.has(region)) {
        ctx.report(
          'region.unknown',
          [...path, 'region'],
          `region '${region}' is not in the catalog for ${provider}${didYouMean(region, regions)}`,
          { region, provider: provider ?? '', ...suggestion(region, regions) },
        );
      }
    });
  });
}

export function checkWorkloadNames(
  ctx: Ctx,
  workloads: readonly unknown[],
  throughput: Readonly<Record<string, number>>,
): void {
  const ids = new IdSet('workload');
  workloads.forEach((raw, i) => {
    const w = rec(raw);
    const at = ['workloads', i];
    ids.check(ctx, w.id, `workloads[${i}]`, [...at, 'id']);
    const own = rec(w.throughput);
    list(w.gpus).forEach((g, k) => {
      if (typeof g !== 'string' || !checkGpu(ctx, g, [...at, 'gpus', k])) return;
      if (throughput[g] === undefined && typeof own[g] !== 'number') {
        ctx.report(
          'throughput.unknown',
          [...at, 'gpus', k],
          `no throughput is known for GPU '${g}': add it to the scenario's or the workload's throughput map (ratio to H100)`,
          { gpu: g },
        );
      }
    });
    for (const g of Object.keys(own)) checkGpu(ctx, g, [...at, 'throughput', g]);
    const providers = list(w.providers).filter((p): p is string => typeof p === 'string');
    list(w.providers).forEach((p, k) => {
      if (typeof p === 'string' && !ctx.declared.has(p))
        ctx.report(
          'provider.undeclared',
          [...at, 'providers', k],
          `provider '${p}' is not declared under providers${didYouMean(p, ctx.declared)}`,
          { provider: p, ...suggestion(p, ctx.declared) },
        );
    });
    const wanted = list(w.regions);
    if (wanted.length === 0) return;
    const regions = ctx.regionsOf(
      Array.isArray(w.providers) ? providers.filter((p) => ctx.declared.has(p)) : undefined,
    );
    wanted.forEach((r, k) => {
      if (typeof r === 'string' && !regions.has(r))
        ctx.report(
          'region.unknown',
          [...at, 'regions', k],
          `region '${r}' is not in the catalog for the workload's providers${didYouMean(r, regions)}`,
          { region: r, ...suggestion(r, regions) },
        );
    });
  });
}
