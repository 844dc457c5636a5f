/**
 * Regions, capacity and quotas of one sandbox provider: what is free for a launch, given the configuration, the
 * fault API's overrides and the provider's active launches (provisioning or running: what holds capacity). A launch
 * is checked for its whole gang at once, so it starts whole or not at all.
 */
import type { LaunchRequest, Offering } from '../control/ports.js';
import { toCents } from '../core/money.js';
import type { InstanceTypeConfig, ProviderConfig } from './config.js';
import { SandboxError } from './errors.js';
import { capacityKey, type ProviderFaults } from './faults.js';
import type { Launch } from './launch-record.js';

/** The configured capacity, or the fault's override, of one instance type in one region (0: no such type). */
export function capacityOf(pc: ProviderConfig, faults: ProviderFaults, region: string, type: string, spot: boolean) {
  const tc = pc.regions[region]?.instanceTypes[type];
  if (!tc) return 0;
  const override = faults.capacity.get(capacityKey(region, type, spot));
  return override ?? (spot ? tc.spotCapacity : tc.capacity);
}

/** Instances of one type in one region (on-demand or spot) the active launches hold. */
function inUse(active: readonly Launch[], region: string, type: string, spot: boolean): number {
  let n = 0;
  for (const l of active)
    if (l.req.region === region && l.req.instanceType === type && l.req.spot === spot) n += l.req.instances;
  return n;
}

/** Instances left of one type in one region: capacity less what the active launches hold (may be below 0 after the
 * capacity was lowered). */
const left = (
  pc: ProviderConfig,
  faults: ProviderFaults,
  active: readonly Launch[],
  region: string,
  type: string,
  spot: boolean,
) => capacityOf(pc, faults, region, type, spot) - inUse(active, region, type, spot);

/** GPUs the active launches hold, in the whole provider or in one region. */
function gpusHeld(active: readonly Launch[], region?: string): number {
  let n = 0;
  for (const l of active)
    if (region === undefined || l.req.region === region) n += l.req.instances * l.type.gpusPerInstance;
  return n;
}

/** GPUs still allowed by the provider's and the region's quotas (Infinity when neither is set). */
function quotaLeft(pc: ProviderConfig, active: readonly Launch[], region: string): number {
  const rq = pc.regions[region]?.quotaGpus;
  const quotas = [pc.quotaGpus === undefined ? Infinity : pc.quotaGpus - gpusHeld(active)];
  if (rq !== undefined) quotas.push(rq - gpusHeld(active, region));
  return Math.max(0, Math.min(...quotas));
}

/** What the provider offers now in the regions that are up: per instance type, the instances free by capacity and
 * quota, and the prices. */
export function offeringsOf(
  provider: string,
  pc: ProviderConfig,
  faults: ProviderFaults,
  active: readonly Launch[],
): Offering[] {
  const out: Offering[] = [];
  for (const [region, rc] of Object.entries(pc.regions)) {
    if (faults.regionsDown.has(region)) continue;
    const quota = quotaLeft(pc, active, region);
    for (const [type, tc] of Object.entries(rc.instanceTypes)) {
      const byQuota = Math.floor(quota / tc.gpusPerInstance);
      const free = (spot: boolean) => Math.max(0, Math.min(byQuota, left(pc, faults, active, region, type, spot)));
      out.push({
        provider,
        region,
        instanceType: type,
        gpu: tc.gpu,
        gpusPerInstance: tc.gpusPerInstance,
        available: free(false),
        spotAvailable: tc.spotPrice === undefined ? 0 : free(true),
        pricePerInstanceHourCents: toCents(tc.price),
        spotPricePerInstanceHourCents: tc.spotPrice === undefined ? null : toCents(tc.spotPrice),
      });
    }
  }
  return out;
}

/** The instance type a new launch runs on, once the whole gang is found room for; or why not, in this order:
 * provider.no-such-offering (404), provider.region-down (503), provider.capacity (409), provider.bad-request (400:
 * more instances than a sandbox launch may hold), provider.quota (409). */
export function roomFor(
  provider: string,
  pc: ProviderConfig,
  faults: ProviderFaults,
  active: readonly Launch[],
  req: LaunchRequest,
  maxNodesPerLaunch: number,
): InstanceTypeConfig {
  const where = { provider, region: req.region, instanceType: req.instanceType };
  const tc = pc.regions[req.region]?.instanceTypes[req.instanceType];
  if (!tc || (req.spot && tc.spotPrice === undefined))
    throw new SandboxError(
      'provider.no-such-offering',
      404,
      `${provider} offers no ${req.spot ? 'spot ' : ''}${req.instanceType} in ${req.region}`,
      false,
      { ...where, spot: req.spot },
    );
  if (faults.regionsDown.has(req.region))
    throw new SandboxError('provider.region-down', 503, `${provider} region ${req.region} is down`, true, where);
  const free = left(pc, faults, active, req.region, req.instanceType, req.spot);
  if (req.instances > free)
    throw new SandboxError(
      'provider.capacity',
      409,
      `not enough ${req.spot ? 'spot ' : ''}capacity for ${req.instances} × ${req.instanceType} in ${provider} ${req.region} (${Math.max(0, free)} free)`,
      true,
      { ...where, requested: req.instances, free: Math.max(0, free) },
    );
  if (req.instances > maxNodesPerLaunch)
    throw new SandboxError(
      'provider.bad-request',
      400,
      `a launch may hold at most ${maxNodesPerLaunch} instances in the sandbox, not ${req.instances}`,
      false,
    );
  const gpus = req.instances * tc.gpusPerInstance;
  const quota = quotaLeft(pc, active, req.region);
  if (gpus > quota)
    throw new SandboxError(
      'provider.quota',
      409,
      `the GPU quota of ${provider} leaves ${quota} GPUs in ${req.region}; the launch needs ${gpus}`,
      true,
      { ...where, requested: gpus, left: quota },
    );
  return tc;
}
