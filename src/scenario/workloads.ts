/**
 * workloads: [...] -> Workload[]. Defaults: team 'default', class = kind, priority 2, start = horizon start,
 * checkpointEvery 1h, minProviders 1; tiers: training and inference [reserved, committed, on-demand], batch all four.
 * Names (GPUs, providers, regions, ids) are checked by names.ts. Inference demand in tokens/s becomes H100 replicas: ceil(tokens/s ÷ tokensPerSecondPerReplica).
 */
import { GEOS } from '../core/geo.js';
import { providerId, workloadId } from '../core/ids.js';
import { excerpt, type IssuePath } from '../core/issues.js';
import { MAX_REPLICAS } from './limits.js';
import {
  TIERS,
  type BatchWorkload,
  type InferenceDemand,
  type InferenceWorkload,
  type Tier,
  type TrainingWorkload,
  type Workload,
} from '../core/types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type WorkloadBase = Omit<TrainingWorkload, 'kind' | 'gpuCount' | 'work' | 'checkpointEvery' | 'deadline'>;
import { type Ctx, must } from './context.js';
import type { WorkloadFile } from './schema.js';
import { didYouMean } from './suggest.js';
import {
  formatInstant,
  parseDuration,
  parseGpuHours,
  parseMoney,
  parseReplicas,
  parseTokensPerSecond,
} from './units.js';

export const DEFAULT_TIERS: Readonly<Record<Workload['kind'], readonly Tier[]>> = {
  training: ['reserved', 'committed', 'on-demand'],
  inference: ['reserved', 'committed', 'on-demand'],
  batch: TIERS,
};
export const DEFAULT_PRIORITY = 2;
export const DEFAULT_TEAM = 'default';
export const DEFAULT_CHECKPOINT_HOURS = 1;

export function convertWorkloads(ctx: Ctx, workloads: readonly (WorkloadFile | undefined)[]): Workload[] {
  const out: Workload[] = [];
  workloads.forEach((w, i) => {
    if (!w) return;
    const at = ['workloads', i];
    const before = ctx.issues.length;
    const start = ctx.instant(w.start, ctx.horizon?.start ?? NaN);
    if (ctx.horizon && (start < ctx.horizon.start || start >= ctx.horizon.end)) {
      ctx.report(
        'workload.outside-horizon',
        [...at, 'start'],
        `workload '${w.id}' starts ${formatInstant(start)}, outside the horizon ${formatInstant(ctx.horizon.start)} – ${formatInstant(ctx.horizon.end)}`,
      );
    }
    const last = w.kind === 'inference' ? w.end : w.deadline;
    const lastKey = w.kind === 'inference' ? 'end' : 'deadline';
    if (last !== undefined && ctx.instant(last, NaN) <= start) {
      ctx.report(
        'workload.deadline-before-start',
        [...at, lastKey],
        `workload '${w.id}': ${lastKey} ${last} is not after its start ${formatInstant(start)}`,
      );
    }
    // Built field by field rather than spread (spreads are V8's slow path, and a portfolio has 10,000s of these).
    const base: Mutable<WorkloadBase> = {
      id: workloadId(w.id),
      team: w.team ?? DEFAULT_TEAM,
      class: w.class ?? w.kind,
      priority: w.priority ?? DEFAULT_PRIORITY,
      gpus: [...w.gpus],
      tiers: (w.tiers as Tier[] | undefined) ?? [...DEFAULT_TIERS[w.kind]],
      start,
    };
    if (w.providers) base.providers = w.providers.map(providerId);
    if (w.regions) base.regions = [...w.regions];
    if (w.throughput) base.throughput = { ...w.throughput };
    if (w.nodes !== undefined) {
      const gpus = w.kind === 'inference' ? w.gpusPerReplica : w.count;
      if (gpus % w.nodes !== 0)
        ctx.report(
          'workload.nodes-uneven',
          [...at, 'nodes'],
          `workload '${w.id}' has ${gpus} GPUs ${w.kind === 'inference' ? 'per replica' : 'in its gang'}, which ${w.nodes} nodes cannot share equally`,
        );
      base.nodes = w.nodes;
    }
    let workload: Workload | undefined;
    if (w.kind === 'inference') {
      const minProviders = w.minProviders ?? 1;
      const allowed = (w.providers ?? [...ctx.declared]).filter((p) => ctx.declared.has(p)).length;
      if (minProviders > allowed) {
        ctx.report(
          'inference.min-providers',
          [...at, 'minProviders'],
          `workload '${w.id}' needs ${minProviders} providers but only ${allowed} ${allowed === 1 ? 'is' : 'are'} available to it`,
        );
      }
      const demand = convertDemand(ctx, w, at);
      const perReplica = w.tokensPerSecondPerReplica
        ? must(parseTokensPerSecond(w.tokensPerSecondPerReplica), 0)
        : undefined;
      const price = w.pricePerMillionTokens ? must(parseMoney(w.pricePerMillionTokens), 0) : undefined;
      if (price !== undefined && perReplica === undefined) {
        ctx.report(
          'inference.price-needs-throughput',
          [...at, 'pricePerMillionTokens'],
          `workload '${w.id}' gives a price per million tokens but not tokensPerSecondPerReplica, so the tokens it serves are unknown`,
        );
      }
      const service = Object.assign(base, {
        kind: 'inference',
        gpusPerReplica: w.gpusPerReplica,
        demand,
        minProviders,
      }) as Mutable<InferenceWorkload>;
      if (w.multiNode !== undefined) service.multiNode = w.multiNode;
      if (w.end) service.end = ctx.instant(w.end, NaN);
      if (perReplica !== undefined) service.tokensPerSecondPerReplica = perReplica;
      if (price !== undefined) service.pricePerMillionTokens = price;
      workload = service;
    } else {
      const gang = base as Mutable<TrainingWorkload | BatchWorkload>;
      gang.kind = w.kind;
      gang.gpuCount = w.count;
      gang.work = must(parseGpuHours(w.work), 0);
      gang.checkpointEvery = w.checkpointEvery
        ? must(parseDuration(w.checkpointEvery), DEFAULT_CHECKPOINT_HOURS)
        : DEFAULT_CHECKPOINT_HOURS;
      if (w.deadline) gang.deadline = ctx.instant(w.deadline, NaN);
      if (w.kind === 'batch' && w.multiNode !== undefined) (gang as Mutable<BatchWorkload>).multiNode = w.multiNode;
      workload = gang;
    }
    if (ctx.issues.length === before) out.push(workload);
  });
  return out;
}

function convertDemand(ctx: Ctx, w: Extract<WorkloadFile, { kind: 'inference' }>, at: IssuePath): InferenceDemand[] {
  const perReplica = w.tokensPerSecondPerReplica
    ? must(parseTokensPerSecond(w.tokensPerSecondPerReplica), 0)
    : undefined;
  const out: InferenceDemand[] = [];
  for (const [geo, v] of Object.entries(w.demand)) {
    const path = [...at, 'demand', geo];
    if (!(GEOS as readonly string[]).includes(geo))
      ctx.report('geo.unknown', path, `'${geo}' is not a geography (${GEOS.join(', ')})${didYouMean(geo, GEOS)}`);
    if (typeof v === 'number') out.push({ geo, replicas: v });
    else if (/tokens\/s\s*$/.test(v)) {
      if (perReplica === undefined || perReplica <= 0) {
        ctx.report(
          'inference.tokens-per-replica-missing',
          path,
          `demand '${v}' is in tokens/s: give tokensPerSecondPerReplica (what one replica serves on H100)`,
        );
        continue;
      }
      const replicas = Math.ceil(must(parseTokensPerSecond(v), 0) / perReplica);
      if (replicas > MAX_REPLICAS) {
        ctx.report(
          'value.too-big',
          path,
          `demand '${excerpt(v)}' needs ${replicas.toExponential(2)} replicas at tokensPerSecondPerReplica; at most ${MAX_REPLICAS.toExponential().replace('+', '')} are allowed (docs/limits.md)`,
        );
        continue;
      }
      out.push({ geo, replicas });
    } else out.push({ geo, replicas: must(parseReplicas(v), 0) });
  }
  if (Object.keys(w.demand).length === 0)
    ctx.report('schema.too-few', [...at, 'demand'], 'give the demand of at least one geography');
  return out;
}
