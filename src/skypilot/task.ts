/** One task document → its workload in the scenario format and its run-time parts (real and with secrets masked). */
import { geoOfRegion } from '../core/geo.js';
import { type DocCtx, isRecord, shown } from './context.js';
import { fill, fillDeep, readVars, type Vars } from './env.js';
import { checkKeys, TASK_FIELDS } from './fields.js';
import { type CatalogFacts, readResources } from './resources.js';
import { readService } from './service.js';
import type { ImportOptions, ScenarioWorkload, ServiceSpec, TaskRun } from './types.js';

export interface TaskParts {
  readonly workload: ScenarioWorkload;
  readonly run: TaskRun;
  /** The same run with every secret value masked: what may be printed or logged. */
  readonly shown: TaskRun;
}

const NAME = /^[A-Za-z0-9]+(?:[._-]{1,2}[A-Za-z0-9]+)*$/;
const MAX_NODES = 100_000;

const NOT_HONOURED: Readonly<Record<string, string>> = {
  event_callback: 'skyfleet reports events through its own API',
  pool: 'worker pools are not brokered by skyfleet',
  managed_secrets: 'managed secrets are not resolved by skyfleet; give values with --secret',
  inputs: 'data locality is not part of placement',
  outputs: 'data locality is not part of placement',
  file_mounts_mapping: 'an internal field of SkyPilot',
  config: 'SkyPilot configuration overrides do not apply to skyfleet',
  volumes: 'skyfleet does not create volumes',
  volume_mounts: 'skyfleet does not attach volumes',
  api_server_access: 'there is no SkyPilot API server under skyfleet',
  _metadata: 'an internal field of SkyPilot',
};

/** The task's name when valid (an error otherwise). */
export function taskName(ctx: DocCtx, raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || !NAME.test(raw) || raw.length > 128) {
    ctx.error(
      'skypilot.name-invalid',
      ['name'],
      `task name ${shown(raw)} is invalid: letters, digits, and . _ - between them (at most 128 characters)`,
    );
    return undefined;
  }
  return raw;
}

export function readTask(
  ctx: DocCtx,
  doc: Record<string, unknown>,
  id: string,
  facts: CatalogFacts,
  options: ImportOptions,
): TaskParts | undefined {
  checkKeys(ctx, doc, TASK_FIELDS, [], 'the task');
  const name = taskName(ctx, doc.name);
  for (const [k, why] of Object.entries(NOT_HONOURED)) if (doc[k] != null) ctx.notHonoured([k], why);
  if (doc.service != null && doc.pool != null)
    ctx.error('skypilot.conflict', ['pool'], 'give service or pool, not both (SkyPilot refuses both)');
  const parts = readRunFields(ctx, doc, options);
  const { run, setup, numNodes, envs, secrets, vars, workdir, workdirShown, mounts, mountsShown } = parts;
  const res = readResources(ctx, doc.resources ?? {}, facts);
  // The service is read with secrets masked (so no message can quote a secret), then with the values, silently.
  const serviceShownRead = doc.service != null ? readService(ctx, fillDeep(doc.service, vars, true)) : undefined;
  const serviceRead = doc.service != null ? readService(ctx.silent(), fillDeep(doc.service, vars, false)) : undefined;
  if (ctx.errors.length > 0 || !res) return undefined;
  // SkyServe serves on the task's one port when the service names none.
  const onePort = res.ports?.length === 1 && /^\d+$/.test(res.ports[0] ?? '') ? Number(res.ports[0]) : undefined;
  const withPort = (s: ServiceSpec | undefined): ServiceSpec | undefined =>
    s && s.port === undefined && onePort !== undefined ? { ...s, port: onePort } : s;
  const service = withPort(serviceRead);
  const serviceShown = withPort(serviceShownRead);

  const count = res.perNode * numNodes;
  const tiers =
    res.spot === 'all'
      ? ['spot']
      : res.spot === 'some'
        ? ['reserved', 'committed', 'on-demand', 'spot']
        : ['reserved', 'committed', 'on-demand'];
  const place = {
    ...(res.providers ? { providers: [...res.providers] } : {}),
    ...(res.regions ? { regions: [...res.regions] } : {}),
  };
  let workload: ScenarioWorkload;
  if (service) {
    const geo = (res.regions?.[0] && geoOfRegion(res.regions[0])) || 'us';
    workload = {
      id,
      kind: 'inference',
      ...(options.team ? { team: options.team } : {}),
      gpus: [...res.gpus],
      gpusPerReplica: count,
      nodes: numNodes,
      ...(numNodes > 1 ? { multiNode: true } : {}),
      ...place,
      tiers,
      demand: { [geo === 'global' ? 'us' : geo]: service.minReplicas },
    };
  } else {
    // Work that asks for spot capacity only is preemptible by choice: a batch job; other work is a training gang.
    workload = {
      id,
      kind: res.spot === 'all' ? 'batch' : 'training',
      ...(options.team ? { team: options.team } : {}),
      gpus: [...res.gpus],
      count,
      nodes: numNodes,
      work: `${count} GPU-h`,
      ...place,
      tiers,
    };
  }
  const common = {
    workload: id,
    ...(name !== undefined ? { name } : {}),
    ...(run !== undefined ? { run } : {}),
    ...(setup !== undefined ? { setup } : {}),
    envs,
    numNodes,
    gpusPerNode: res.perNode,
    useSpot: res.spot === 'all',
    ...(res.jobRecovery ? { jobRecovery: res.jobRecovery } : {}),
    ...(res.imageId !== undefined ? { imageId: res.imageId } : {}),
    ...(res.diskSizeGb !== undefined ? { diskSizeGb: res.diskSizeGb } : {}),
    ...(res.ports ? { ports: res.ports } : {}),
    ...(res.labels ? { labels: res.labels } : {}),
  };
  const secretsOf = (mask: boolean) =>
    Object.fromEntries(
      Object.entries(secrets).map(([k, v]) => [k, { value: mask ? '<redacted>' : v, secret: true as const }]),
    );
  return {
    workload,
    run: {
      ...common,
      secrets: secretsOf(false),
      ...(workdir !== undefined ? { workdir } : {}),
      fileMounts: mounts,
      ...(service ? { service } : {}),
    },
    shown: {
      ...common,
      secrets: secretsOf(true),
      ...(workdirShown !== undefined ? { workdir: workdirShown } : {}),
      fileMounts: mountsShown,
      ...(serviceShown ? { service: serviceShown } : {}),
    },
  };
}

export interface RunFields {
  readonly run?: string;
  readonly setup?: string;
  readonly numNodes: number;
  readonly envs: Record<string, string>;
  readonly secrets: Record<string, string>;
  readonly vars: Vars;
  readonly workdir?: TaskRun['workdir'];
  readonly workdirShown?: TaskRun['workdir'];
  readonly mounts: Record<string, unknown>;
  readonly mountsShown: Record<string, unknown>;
}

/** run, setup, num_nodes, envs, secrets, workdir and file_mounts (filled from envs and secrets). */
export function readRunFields(ctx: DocCtx, doc: Record<string, unknown>, options: ImportOptions): RunFields {
  const text = (key: 'run' | 'setup'): string | undefined => {
    const v = doc[key];
    if (v == null) return undefined;
    if (typeof v === 'string') return v;
    ctx.error('skypilot.invalid-value', [key], `${key} must be shell commands (text), not ${shown(v)}`);
    return undefined;
  };
  const run = text('run');
  const setup = text('setup');
  let numNodes = 1;
  if (doc.num_nodes != null) {
    const n = doc.num_nodes;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_NODES) numNodes = n;
    else
      ctx.error(
        'skypilot.invalid-value',
        ['num_nodes'],
        `num_nodes must be a whole number from 1 to ${MAX_NODES}, not ${shown(n)}${typeof n === 'string' && n.includes('$') ? ' (SkyPilot does not fill $VAR references in num_nodes)' : ''}`,
      );
  }
  const envs = readVars(ctx, doc.envs, 'envs', options.envs ?? {});
  const secrets = readVars(ctx, doc.secrets, 'secrets', options.secrets ?? {});
  const vars: Vars = { envs, secrets };
  let workdir: TaskRun['workdir'];
  let workdirShown: TaskRun['workdir'];
  if (doc.workdir != null) {
    const w = doc.workdir;
    if (typeof w === 'string') {
      workdir = fill(w, vars, false);
      workdirShown = fill(w, vars, true);
    } else if (isRecord(w) && typeof w.url === 'string' && (w.ref === undefined || typeof w.ref === 'string')) {
      checkKeys(ctx, w, ['url', 'ref'], ['workdir'], 'workdir');
      const git = (mask: boolean) => ({
        url: fill(w.url as string, vars, mask),
        ...(typeof w.ref === 'string' ? { ref: fill(w.ref, vars, mask) } : {}),
      });
      workdir = git(false);
      workdirShown = git(true);
    } else
      ctx.error(
        'skypilot.invalid-value',
        ['workdir'],
        `workdir must be a path or {url, ref} of a git repository, not ${shown(w)}`,
      );
  }
  let mounts: Record<string, unknown> = {};
  let mountsShown: Record<string, unknown> = {};
  if (doc.file_mounts != null) {
    if (isRecord(doc.file_mounts)) {
      mounts = fillDeep(doc.file_mounts, vars, false) as Record<string, unknown>;
      mountsShown = fillDeep(doc.file_mounts, vars, true) as Record<string, unknown>;
      for (const [dst, src] of Object.entries(doc.file_mounts))
        if (typeof src !== 'string' && !isRecord(src))
          ctx.error(
            'skypilot.invalid-value',
            ['file_mounts', dst],
            `a file mount is a source path or URL, or a storage mapping, not ${shown(src)}`,
          );
    } else
      ctx.error(
        'skypilot.invalid-value',
        ['file_mounts'],
        `file_mounts must be a mapping of destination: source, not ${shown(doc.file_mounts)}`,
      );
  }
  return {
    ...(run !== undefined ? { run } : {}),
    ...(setup !== undefined ? { setup } : {}),
    numNodes,
    envs,
    secrets,
    vars,
    ...(workdir !== undefined ? { workdir, workdirShown } : {}),
    mounts,
    mountsShown,
  };
}
