/**
 * `service:` (SkyServe) → an inference workload: replicas (`replicas: N`, or `replica_policy.min_replicas`) become
 * the demand, the readiness probe and port are kept for the control plane. Autoscaling (max_replicas, target QPS) is
 * warned: skyfleet plans the minimum number of replicas.
 */
import { type DocCtx, isRecord, shown } from './context.js';
import { checkKeys, PROBE_FIELDS, REPLICA_POLICY_FIELDS, SERVICE_FIELDS } from './fields.js';
import type { ReadinessProbe, ServiceSpec } from './types.js';

const NOT_HONOURED: Readonly<Record<string, string>> = {
  load_balancer: 'skyfleet does not run a load balancer for services',
  load_balancing_policy: 'skyfleet does not run a load balancer for services',
  tls: 'skyfleet does not terminate TLS for services',
  pool: 'worker pools are not brokered by skyfleet',
  workers: 'worker pools are not brokered by skyfleet',
};

const nonNegInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export function readService(ctx: DocCtx, raw: unknown): ServiceSpec | undefined {
  if (!isRecord(raw)) {
    ctx.error('skypilot.invalid-value', ['service'], `service must be a mapping, not ${shown(raw)}`);
    return undefined;
  }
  checkKeys(ctx, raw, SERVICE_FIELDS, ['service'], 'service');
  for (const [k, why] of Object.entries(NOT_HONOURED)) if (raw[k] != null) ctx.notHonoured(['service', k], why);
  const probe = readProbe(ctx, raw.readiness_probe);
  let minReplicas = 1;
  let maxReplicas: number | undefined;
  let target: number | undefined;
  if (raw.replicas != null && raw.replica_policy != null) {
    ctx.error('skypilot.conflict', ['service', 'replica_policy'], 'give replicas or replica_policy, not both');
    return undefined;
  }
  if (raw.replicas != null) {
    if (!nonNegInt(raw.replicas)) {
      ctx.error(
        'skypilot.invalid-value',
        ['service', 'replicas'],
        `replicas must be a whole number ≥ 0, not ${shown(raw.replicas)}`,
      );
      return undefined;
    }
    minReplicas = raw.replicas;
  }
  const policy = raw.replica_policy;
  if (policy != null) {
    if (!isRecord(policy)) {
      ctx.error(
        'skypilot.invalid-value',
        ['service', 'replica_policy'],
        `replica_policy must be a mapping, not ${shown(policy)}`,
      );
      return undefined;
    }
    checkKeys(ctx, policy, REPLICA_POLICY_FIELDS, ['service', 'replica_policy'], 'service.replica_policy');
    const at = ['service', 'replica_policy'];
    if (!nonNegInt(policy.min_replicas)) {
      ctx.error(
        'skypilot.invalid-value',
        policy.min_replicas === undefined ? at : [...at, 'min_replicas'],
        `replica_policy needs min_replicas, a whole number ≥ 0${policy.min_replicas === undefined ? '' : `, not ${shown(policy.min_replicas)}`}`,
      );
      return undefined;
    }
    minReplicas = policy.min_replicas;
    if (policy.max_replicas != null) {
      if (!nonNegInt(policy.max_replicas) || policy.max_replicas < minReplicas) {
        ctx.error(
          'skypilot.invalid-value',
          [...at, 'max_replicas'],
          `max_replicas must be a whole number ≥ min_replicas (${minReplicas}), not ${shown(policy.max_replicas)}`,
        );
        return undefined;
      }
      maxReplicas = policy.max_replicas;
    }
    const q = policy.target_qps_per_replica;
    if (q != null) {
      if (typeof q === 'number' && q >= 0) target = q;
      else if (!isRecord(q)) {
        ctx.error(
          'skypilot.invalid-value',
          [...at, 'target_qps_per_replica'],
          `target_qps_per_replica must be a number ≥ 0, not ${shown(q)}`,
        );
        return undefined;
      }
    }
    if (maxReplicas !== undefined || q != null)
      ctx.notHonoured(
        [...at, maxReplicas !== undefined ? 'max_replicas' : 'target_qps_per_replica'],
        `skyfleet plans min_replicas (${Math.max(1, minReplicas)}) replicas; autoscaling on QPS up to max_replicas is not done`,
      );
    for (const k of [
      'num_overprovision',
      'dynamic_ondemand_fallback',
      'base_ondemand_fallback_replicas',
      'spot_placer',
      'upscale_delay_seconds',
      'downscale_delay_seconds',
    ])
      if (policy[k] != null) ctx.notHonoured([...at, k], 'skyfleet plans a fixed number of replicas');
  }
  if (minReplicas === 0) {
    ctx.notHonoured(
      raw.replicas != null ? ['service', 'replicas'] : ['service', 'replica_policy', 'min_replicas'],
      'scaling to zero is not done: skyfleet plans at least 1 replica',
    );
    minReplicas = 1;
  }
  let port: number | undefined;
  if (raw.ports != null) {
    if (typeof raw.ports === 'number' && Number.isInteger(raw.ports) && raw.ports > 0 && raw.ports < 65536)
      port = raw.ports;
    else
      ctx.error(
        'skypilot.invalid-value',
        ['service', 'ports'],
        `service.ports must be one port number, not ${shown(raw.ports)}`,
      );
  }
  if (!probe) return undefined;
  return {
    readinessProbe: probe,
    minReplicas,
    ...(maxReplicas !== undefined ? { maxReplicas } : {}),
    ...(target !== undefined ? { targetQpsPerReplica: target } : {}),
    ...(port !== undefined ? { port } : {}),
  };
}

function readProbe(ctx: DocCtx, raw: unknown): ReadinessProbe | undefined {
  const at = ['service', 'readiness_probe'];
  if (raw == null) return { path: '/' };
  if (typeof raw === 'string') return { path: raw };
  if (!isRecord(raw)) {
    ctx.error('skypilot.invalid-value', at, `readiness_probe must be a path or a mapping, not ${shown(raw)}`);
    return undefined;
  }
  checkKeys(ctx, raw, PROBE_FIELDS, at, 'service.readiness_probe');
  if (typeof raw.path !== 'string') {
    ctx.error(
      'skypilot.invalid-value',
      raw.path === undefined ? at : [...at, 'path'],
      'readiness_probe needs a path, e.g. /health',
    );
    return undefined;
  }
  const num = (k: string): number | undefined => {
    const v = raw[k];
    if (v == null) return undefined;
    if (typeof v === 'number' && v >= 0) return v;
    ctx.error('skypilot.invalid-value', [...at, k], `${k} must be a number of seconds, not ${shown(v)}`);
    return undefined;
  };
  const initial = num('initial_delay_seconds');
  const timeout = num('timeout_seconds');
  num('endpoint_probe_interval_seconds');
  num('consecutive_failure_threshold_timeout');
  let headers: Record<string, string> | undefined;
  if (raw.headers != null) {
    if (isRecord(raw.headers))
      headers = Object.fromEntries(Object.entries(raw.headers).map(([k, v]) => [k, String(v)]));
    else ctx.error('skypilot.invalid-value', [...at, 'headers'], 'headers must be a mapping of name: value');
  }
  return {
    path: raw.path,
    ...(initial !== undefined ? { initialDelaySeconds: initial } : {}),
    ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
    ...(raw.post_data != null ? { postData: raw.post_data } : {}),
    ...(headers ? { headers } : {}),
  };
}
