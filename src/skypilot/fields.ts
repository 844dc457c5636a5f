/**
 * The fields of a SkyPilot task file, as SkyPilot's own schema knows them (sky/utils/schemas.py): a field outside
 * these sets is rejected, as SkyPilot rejects it, with a did-you-mean. What skyfleet does with each is in
 * docs/skypilot.md.
 */
import { excerpt, type IssuePath } from '../core/issues.js';
import { closest } from '../scenario/suggest.js';
import type { DocCtx } from './context.js';

export const TASK_FIELDS = [
  'name',
  'workdir',
  'event_callback',
  'num_nodes',
  'resources',
  'file_mounts',
  'service',
  'pool',
  'setup',
  'run',
  'envs',
  'secrets',
  'managed_secrets',
  'inputs',
  'outputs',
  'file_mounts_mapping',
  'config',
  'volumes',
  'volume_mounts',
  'api_server_access',
  '_metadata',
] as const;

/** Fields of one resources candidate (also of each `any_of` / `ordered` entry). `gpus` is SkyPilot's alias of
 * `accelerators`; `spot_recovery` its old name of `job_recovery`. */
export const RESOURCE_FIELDS = [
  'cloud',
  'region',
  'zone',
  'infra',
  'cpus',
  'memory',
  'accelerators',
  'gpus',
  'instance_type',
  'use_spot',
  'job_recovery',
  'spot_recovery',
  'volumes',
  'disk_size',
  'ephemeral_storage',
  'disk_tier',
  'network_tier',
  'local_disk',
  'max_hourly_cost',
  'ports',
  'labels',
  'accelerator_args',
  'image_id',
  'autostop',
  'priority',
  'priority_class',
  '_no_missing_accel_warnings',
  '_docker_login_config',
  '_is_image_managed',
  '_requires_fuse',
  '_cluster_config_overrides',
] as const;

export const SERVICE_FIELDS = [
  'readiness_probe',
  'load_balancer',
  'pool',
  'replica_policy',
  'ports',
  'replicas',
  'workers',
  'load_balancing_policy',
  'tls',
] as const;

export const REPLICA_POLICY_FIELDS = [
  'min_replicas',
  'max_replicas',
  'num_overprovision',
  'target_qps_per_replica',
  'dynamic_ondemand_fallback',
  'base_ondemand_fallback_replicas',
  'spot_placer',
  'upscale_delay_seconds',
  'downscale_delay_seconds',
] as const;

export const PROBE_FIELDS = [
  'path',
  'initial_delay_seconds',
  'timeout_seconds',
  'endpoint_probe_interval_seconds',
  'consecutive_failure_threshold_timeout',
  'post_data',
  'headers',
] as const;

export const JOB_RECOVERY_FIELDS = ['strategy', 'max_restarts_on_errors', 'recover_on_exit_codes'] as const;

/** The header document of a chain (pipeline) or job group: only these fields. */
export const HEADER_FIELDS = ['name', 'execution', 'primary_tasks', 'termination_delay'] as const;

/** Reports every key of `obj` outside `known` (what: 'the task', 'resources', …). True when all are known. */
export function checkKeys(
  ctx: DocCtx,
  obj: Record<string, unknown>,
  known: readonly string[],
  at: IssuePath,
  what: string,
): boolean {
  let ok = true;
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    ok = false;
    const suggestion = closest(key, known);
    ctx.error(
      'skypilot.unknown-field',
      [...at, key],
      `unknown field '${excerpt(key)}' in ${what}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}: SkyPilot rejects it too`,
      { field: key, ...(suggestion ? { suggestion } : {}) },
    );
  }
  return ok;
}
