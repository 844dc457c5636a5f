/**
 * `resources:` → the candidates a task may run on, merged into one workload's GPUs, gang size, providers, regions
 * and tiers. A base mapping with `any_of` (a set) or `ordered` (a list in order of preference) gives one candidate
 * per entry, each entry's fields over the base's (labels merged), as SkyPilot does; several accelerators give one
 * candidate each. A skyfleet workload has ONE gang size: candidates of another size than the first are warned and
 * left out.
 */
import type { IssuePath } from '../core/issues.js';
import { type AcceleratorChoice, readAccelerators } from './accelerators.js';
import { type DocCtx, isRecord, shown } from './context.js';
import { checkKeys, JOB_RECOVERY_FIELDS, RESOURCE_FIELDS } from './fields.js';
import { type CatalogPlaces, type Placement, readPlacement } from './infra.js';
import type { JobRecovery } from './types.js';

export interface CatalogFacts extends CatalogPlaces {
  readonly gpus: ReadonlySet<string>;
  /** instance type → its GPU, GPUs per instance and provider (the first catalogue row of it). */
  readonly instances: ReadonlyMap<string, { gpu: string; count: number; provider: string }>;
}

export interface Resources {
  readonly gpus: readonly string[];
  /** GPUs per node. */
  readonly perNode: number;
  readonly providers?: readonly string[];
  readonly regions?: readonly string[];
  /** Every candidate on spot / none / some. */
  readonly spot: 'all' | 'none' | 'some';
  readonly jobRecovery?: JobRecovery;
  readonly diskSizeGb?: number;
  readonly imageId?: string | Record<string, string>;
  readonly ports?: string[];
  readonly labels?: Record<string, string>;
}

type Field = { readonly value: unknown; readonly path: IssuePath };
type Candidate = Map<string, Field>;

const NOT_PLACEMENT: Readonly<Record<string, string>> = {
  cpus: 'skyfleet chooses instances by GPU, not by vCPUs',
  memory: 'skyfleet chooses instances by GPU, not by memory',
  disk_tier: 'skyfleet does not choose disk tiers',
  network_tier: 'skyfleet does not choose network tiers',
  local_disk: 'skyfleet does not choose local disks',
  max_hourly_cost: 'skyfleet prices placements itself (team budgets cap spend)',
  accelerator_args: 'accelerator arguments are for TPUs, which skyfleet does not broker',
  autostop: 'skyfleet releases capacity when the work ends',
  priority: 'use the workload priority of skyfleet (1 = most critical)',
  priority_class: 'skyfleet does not use Kubernetes priority classes',
  volumes: 'skyfleet does not attach volumes',
  ephemeral_storage: 'skyfleet does not size ephemeral storage',
};

export function readResources(ctx: DocCtx, raw: unknown, facts: CatalogFacts): Resources | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) {
    ctx.error('skypilot.invalid-value', ['resources'], `resources must be a mapping, not ${shown(raw)}`);
    return undefined;
  }
  const base = new Map<string, Field>();
  checkKeys(ctx, raw, [...RESOURCE_FIELDS, 'any_of', 'ordered'], ['resources'], 'resources');
  for (const [k, v] of Object.entries(raw))
    if (k !== 'any_of' && k !== 'ordered') base.set(k, { value: v, path: ['resources', k] });
  if (raw.any_of != null && raw.ordered != null) {
    ctx.error('skypilot.conflict', ['resources', 'ordered'], 'give any_of or ordered in resources, not both');
    return undefined;
  }
  const groupKey = raw.any_of != null ? 'any_of' : raw.ordered != null ? 'ordered' : undefined;
  const candidates: Candidate[] = [];
  if (groupKey) {
    const list = raw[groupKey];
    if (!Array.isArray(list) || list.length === 0) {
      ctx.error('skypilot.invalid-value', ['resources', groupKey], `${groupKey} must be a non-empty list of resources`);
      return undefined;
    }
    for (const [i, entry] of list.entries()) {
      const at: IssuePath = ['resources', groupKey, i];
      if (!isRecord(entry)) {
        ctx.error(
          'skypilot.invalid-value',
          at,
          `each ${groupKey} entry is a mapping of resources fields, not ${shown(entry)}`,
        );
        continue;
      }
      checkKeys(ctx, entry, RESOURCE_FIELDS, at, `resources.${groupKey}[${i}]`);
      const c: Candidate = new Map(base);
      for (const [k, v] of Object.entries(entry)) {
        const baseLabels = base.get('labels')?.value;
        if (k === 'labels' && isRecord(v) && isRecord(baseLabels))
          c.set(k, { value: { ...baseLabels, ...v }, path: [...at, k] });
        else c.set(k, { value: v, path: [...at, k] });
      }
      candidates.push(c);
    }
  } else candidates.push(base);
  if (ctx.errors.length > 0) return undefined;

  type Option = { gpu: string; count: number; written: string; placement: Placement; spot: boolean };
  const options: Option[] = [];
  let shared: Omit<Resources, 'gpus' | 'perNode' | 'providers' | 'regions' | 'spot'> | undefined;
  // Among several any_of / ordered entries, one skyfleet cannot place (no GPU, an unknown or unsupported
  // accelerator, a region outside the catalogue) is left out, as SkyPilot picks among those it can get.
  const several = groupKey !== undefined && candidates.length > 1;
  const dropped: { iso: DocCtx; at: IssuePath; options: Option[]; c: Candidate }[] = [];
  for (const [i, c] of candidates.entries()) {
    const iso = ctx.isolated();
    const mine: Option[] = [];
    const choice = acceleratorsOf(iso, c, facts);
    if (choice && groupKey && choice.candidates.length > 1 && choice.ordered)
      iso.error(
        'skypilot.conflict',
        c.get('accelerators')?.path ?? c.get('gpus')?.path ?? ['resources'],
        `a list of accelerators (an order of preference) cannot be combined with ${groupKey} (SkyPilot refuses it too)`,
      );
    else if (choice) {
      const fields = Object.fromEntries([...c].map(([k, f]) => [k, f.value]));
      const placement = readPlacement(iso, fields, pathBase(c), facts);
      const spot = useSpot(iso, c.get('use_spot'));
      for (const a of choice.candidates) mine.push({ ...a, placement, spot });
    }
    if (several && droppable(iso)) {
      dropped.push({ iso, at: ['resources', groupKey, i], options: mine, c });
      continue;
    }
    ctx.forward(iso);
    options.push(...mine);
    if (mine.length > 0) {
      shared ??= carried(ctx, c);
      warnOthers(ctx, c);
    }
  }
  if (options.length === 0 && ctx.errors.length === 0) {
    // Nothing left: every entry's own problems, as for a lone one.
    for (const d of dropped) {
      ctx.forward(d.iso);
      options.push(...d.options);
      if (d.options.length > 0) {
        shared ??= carried(ctx, d.c);
        warnOthers(ctx, d.c);
      }
    }
  } else
    for (const d of dropped) {
      const first = d.iso.errors[0] ?? d.iso.warnings.find((w) => w.code === 'skypilot.region-dropped');
      const why =
        first?.code === 'skypilot.no-accelerators'
          ? 'it asks for no accelerators'
          : first?.message.replace(/: the region constraint is dropped/, '');
      ctx.warn(
        'skypilot.candidate-dropped',
        d.at,
        `${groupKey}[${String(d.at[2])}] is left out of the candidates: ${why ?? 'skyfleet cannot place it'}`,
        { candidate: `${groupKey}[${String(d.at[2])}]` },
      );
    }
  const [first] = options;
  if (ctx.errors.length > 0 || !first) return undefined;
  const kept = options.filter((o) => o.count === first.count);
  for (const o of options) {
    if (o.count !== first.count)
      ctx.warn(
        'skypilot.candidate-dropped',
        ['resources'],
        `${o.gpu}:${o.count} is left out: a skyfleet workload has one gang size, and the first candidate (${first.written}) asks for ${first.count} GPUs per node`,
        { candidate: `${o.gpu}:${o.count}` },
      );
  }
  const anyWhere = kept.some((o) => !o.placement.providers);
  const anyRegion = kept.some((o) => !o.placement.regions);
  const uniq = (xs: string[]) => [...new Set(xs)];
  const spots = kept.filter((o) => o.spot).length;
  return {
    gpus: uniq(kept.map((o) => o.gpu)),
    perNode: first.count,
    ...(anyWhere ? {} : { providers: uniq(kept.flatMap((o) => o.placement.providers ?? [])) }),
    ...(anyRegion ? {} : { regions: uniq(kept.flatMap((o) => o.placement.regions ?? [])) }),
    spot: spots === 0 ? 'none' : spots === kept.length ? 'all' : 'some',
    ...shared,
  };
}

/** The path a candidate's place fields hang from: the any_of/ordered entry when it has one. */
/** An any_of / ordered entry's problems that leave it out rather than reject the file. */
const DROP_ERRORS: ReadonlySet<string> = new Set([
  'skypilot.no-accelerators',
  'skypilot.gpu-unknown',
  'skypilot.accelerator-unsupported',
]);
function droppable(iso: DocCtx): boolean {
  if (iso.errors.length > 0) return iso.errors.every((e) => DROP_ERRORS.has(e.code));
  return iso.warnings.some((w) => w.code === 'skypilot.region-dropped');
}

function pathBase(c: Candidate): IssuePath {
  for (const key of ['infra', 'cloud', 'region', 'zone']) {
    const f = c.get(key);
    if (f) return f.path.slice(0, -1);
  }
  return ['resources'];
}

function acceleratorsOf(ctx: DocCtx, c: Candidate, facts: CatalogFacts): AcceleratorChoice | undefined {
  const acc = c.get('accelerators');
  const gpus = c.get('gpus');
  if (acc && gpus && acc.value != null && gpus.value != null) {
    ctx.error('skypilot.conflict', gpus.path, 'give accelerators or its alias gpus, not both');
    return undefined;
  }
  const f = acc?.value != null ? acc : gpus?.value != null ? gpus : undefined;
  if (f) return readAccelerators(ctx, f.value, f.path, facts.gpus);
  const it = c.get('instance_type');
  if (it && typeof it.value === 'string') {
    const known = facts.instances.get(it.value);
    if (known) return { candidates: [{ gpu: known.gpu, count: known.count, written: it.value }], ordered: false };
    ctx.error(
      'skypilot.no-accelerators',
      it.path,
      `instance type ${shown(it.value)} has no GPU in skyfleet's catalogue: give resources.accelerators, e.g. H100:8`,
    );
    return undefined;
  }
  ctx.error(
    'skypilot.no-accelerators',
    ['resources'],
    'the task asks for no accelerators: skyfleet brokers GPU work; give resources.accelerators, e.g. H100:8',
  );
  return undefined;
}

function useSpot(ctx: DocCtx, f: Field | undefined): boolean {
  if (!f || f.value == null) return false;
  if (typeof f.value === 'boolean') return f.value;
  // YAML 1.1 booleans, as SkyPilot's reader (PyYAML) takes them.
  if (typeof f.value === 'string' && /^(yes|no|on|off|y|n)$/i.test(f.value)) return /^(yes|on|y)$/i.test(f.value);
  ctx.error('skypilot.invalid-value', f.path, `use_spot must be true or false, not ${shown(f.value)}`);
  return false;
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([KkMmGgTtPp]?)[Bb]?$/;
const GB: Readonly<Record<string, number>> = { '': 1, k: 1 / 1048576, m: 1 / 1024, g: 1, t: 1024, p: 1048576 };

/** Fields kept for the control plane: job recovery, disk size, image, ports, labels. */
function carried(ctx: DocCtx, c: Candidate): Omit<Resources, 'gpus' | 'perNode' | 'providers' | 'regions' | 'spot'> {
  const out: {
    jobRecovery?: JobRecovery;
    diskSizeGb?: number;
    imageId?: string | Record<string, string>;
    ports?: string[];
    labels?: Record<string, string>;
  } = {};
  const legacy = c.get('spot_recovery');
  const jr = c.get('job_recovery');
  if (legacy && legacy.value != null) {
    if (jr && jr.value != null)
      ctx.error('skypilot.conflict', legacy.path, 'give job_recovery or its old name spot_recovery, not both');
    else {
      ctx.warn(
        'skypilot.legacy-field',
        legacy.path,
        'spot_recovery is the old name of job_recovery: read as job_recovery',
        {
          field: 'spot_recovery',
          now: 'job_recovery',
        },
      );
      const r = jobRecovery(ctx, legacy);
      if (r) out.jobRecovery = r;
    }
  } else if (jr && jr.value != null) {
    const r = jobRecovery(ctx, jr);
    if (r) out.jobRecovery = r;
  }
  const disk = c.get('disk_size');
  if (disk && disk.value != null) {
    const m = typeof disk.value === 'number' ? null : SIZE.exec(String(disk.value).trim());
    const gb =
      typeof disk.value === 'number' ? disk.value : m ? Number(m[1]) * (GB[(m[2] ?? '').toLowerCase()] ?? NaN) : NaN;
    if (!(gb > 0) || !Number.isFinite(gb))
      ctx.error(
        'skypilot.invalid-value',
        disk.path,
        `disk_size must be a size in GB (256, '512GB', '1TB'), not ${shown(disk.value)}`,
      );
    else out.diskSizeGb = Math.ceil(gb);
  }
  for (const key of ['cpus', 'memory']) {
    const f = c.get(key);
    if (!f || f.value == null) continue;
    const text = String(f.value).trim();
    const num = Number(text.replace(/[+x]$/, '').replace(/\s*[KkMmGgTtPp]i?[Bb]?$/, ''));
    if (typeof f.value === 'boolean' || typeof f.value === 'object' || !(num > 0))
      ctx.error('skypilot.invalid-value', f.path, `${key} must be a number or '<number>+', not ${shown(f.value)}`);
    else ctx.notHonoured(f.path, `${shown(text)}: ${NOT_PLACEMENT[key]}`);
  }
  const image = c.get('image_id');
  if (image && image.value != null) {
    if (typeof image.value === 'string') out.imageId = image.value;
    else if (isRecord(image.value) && Object.values(image.value).every((v) => typeof v === 'string'))
      out.imageId = image.value as Record<string, string>;
    else
      ctx.error(
        'skypilot.invalid-value',
        image.path,
        `image_id must be an image name or a region → image mapping, not ${shown(image.value)}`,
      );
  }
  const ports = c.get('ports');
  if (ports && ports.value != null) {
    const list = Array.isArray(ports.value) ? ports.value : [ports.value];
    if (list.every((p) => typeof p === 'number' || (typeof p === 'string' && /^\d+(-\d+)?$/.test(p.trim()))))
      out.ports = list.map((p) => String(p).trim());
    else
      ctx.error(
        'skypilot.invalid-value',
        ports.path,
        `ports must be a port, a range '8000-8010' or a list of them, not ${shown(ports.value)}`,
      );
  }
  const labels = c.get('labels');
  if (labels && labels.value != null) {
    if (isRecord(labels.value))
      out.labels = Object.fromEntries(Object.entries(labels.value).map(([k, v]) => [k, String(v)]));
    else
      ctx.error(
        'skypilot.invalid-value',
        labels.path,
        `labels must be a mapping of key: value, not ${shown(labels.value)}`,
      );
  }
  const it = c.get('instance_type');
  if (it && it.value != null && (c.get('accelerators')?.value != null || c.get('gpus')?.value != null))
    ctx.notHonoured(it.path, 'skyfleet chooses the instance type for the accelerators asked for');
  return out;
}

const STRATEGIES = ['FAILOVER', 'EAGER_NEXT_REGION'];

export function jobRecovery(ctx: DocCtx, f: Field): JobRecovery | undefined {
  const v = f.value;
  const strategyOf = (s: unknown, path: IssuePath): string | undefined => {
    if (s == null) return undefined;
    if (typeof s === 'boolean') return undefined; // `spot_recovery: true` in old files: the default strategy
    const up = String(s).toUpperCase();
    if (!STRATEGIES.includes(up))
      ctx.notHonoured(
        path,
        `strategy ${shown(s)} is not one skyfleet knows (${STRATEGIES.join(', ')}); skyfleet re-places the work its own way`,
      );
    return up;
  };
  // `none` (SkyPilot's spelling, lower case) turns recovery off, with every other setting.
  if (v === 'none' || (isRecord(v) && v.strategy === 'none')) return undefined;
  if (typeof v === 'string' || typeof v === 'boolean') {
    const s = strategyOf(v, f.path);
    return s ? { strategy: s } : {};
  }
  if (!isRecord(v)) {
    ctx.error('skypilot.invalid-value', f.path, `job_recovery must be a strategy name or a mapping, not ${shown(v)}`);
    return undefined;
  }
  // SkyPilot's client lets a plugin's job_recovery fields through (its server checks them): warned, not refused.
  for (const k of Object.keys(v))
    if (!(JOB_RECOVERY_FIELDS as readonly string[]).includes(k))
      ctx.notHonoured(
        [...f.path, k],
        `not a job_recovery field skyfleet knows (${JOB_RECOVERY_FIELDS.join(', ')}); a SkyPilot plugin's field is not applied`,
      );
  const out: { strategy?: string; maxRestartsOnErrors?: number; recoverOnExitCodes?: number[] } = {};
  const s = strategyOf(v.strategy, [...f.path, 'strategy']);
  if (s) out.strategy = s;
  const m = v.max_restarts_on_errors;
  if (m != null) {
    if (typeof m === 'number' && Number.isInteger(m) && m >= 0) out.maxRestartsOnErrors = m;
    else
      ctx.error(
        'skypilot.invalid-value',
        [...f.path, 'max_restarts_on_errors'],
        `max_restarts_on_errors must be a whole number ≥ 0, not ${shown(m)}`,
      );
  }
  const codes = v.recover_on_exit_codes;
  if (codes != null) {
    const list = Array.isArray(codes) ? codes : [codes];
    if (list.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 255))
      out.recoverOnExitCodes = list as number[];
    else
      ctx.error(
        'skypilot.invalid-value',
        [...f.path, 'recover_on_exit_codes'],
        `recover_on_exit_codes must be exit codes 0–255, not ${shown(codes)}`,
      );
  }
  return out;
}

function warnOthers(ctx: DocCtx, c: Candidate): void {
  for (const [key, why] of Object.entries(NOT_PLACEMENT)) {
    if (key === 'cpus' || key === 'memory') continue;
    const f = c.get(key);
    if (f && f.value != null) ctx.notHonoured(f.path, why);
  }
  for (const [key, f] of c)
    if (key.startsWith('_') && f.value != null) ctx.notHonoured(f.path, 'an internal field of SkyPilot');
}
