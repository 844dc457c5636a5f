/** The faults the fault API sets on one provider of the sandbox cloud (docs/sandbox.md): down, regions down, slow or
 * dropped responses, capacity overrides. */
import type { ProviderConfig } from './config.js';
import { SandboxError } from './errors.js';

export type DropMode = 'reset' | 'hang';

/** The faults of one provider, as the fault API set them. */
export interface ProviderFaults {
  down: boolean;
  readonly regionsDown: Set<string>;
  slowMs: number;
  /** Responses to drop: `remaining` null drops every one until restored. */
  drop: { mode: DropMode; remaining: number | null } | null;
  /** Capacity overrides, `region/instanceType/od|spot` → instances (capacityKey). */
  readonly capacity: Map<string, number>;
}

/** A provider as configured: no fault. */
export const noFaults = (): ProviderFaults => ({
  down: false,
  regionsDown: new Set(),
  slowMs: 0,
  drop: null,
  capacity: new Map(),
});

/** The key of a capacity override (ProviderFaults.capacity). */
export const capacityKey = (region: string, type: string, spot: boolean): string =>
  `${region}/${type}/${spot ? 'spot' : 'od'}`;

/** Clears every fault (down, regions, slow, drop, capacity). */
export function clearFaults(faults: ProviderFaults): void {
  faults.down = false;
  faults.regionsDown.clear();
  faults.slowMs = 0;
  faults.drop = null;
  faults.capacity.clear();
}

/** The faults as JSON (`GET /faults`). */
export const faultsJson = (f: ProviderFaults): Record<string, unknown> => ({
  down: f.down,
  regionsDown: [...f.regionsDown],
  slowMs: f.slowMs,
  drop: f.drop,
  capacity: Object.fromEntries(f.capacity),
});

/** A fault aimed at a region the provider does not have: sandbox.fault-invalid (404). */
export function checkRegion(provider: string, pc: ProviderConfig, region: string): void {
  if (!Object.hasOwn(pc.regions, region))
    throw new SandboxError('sandbox.fault-invalid', 404, `${provider} has no region '${region}'`, false, {
      provider,
      region,
    });
}

/** A fault aimed at an instance type the region does not have: sandbox.fault-invalid (404). */
export function checkInstanceType(provider: string, pc: ProviderConfig, region: string, type: string): void {
  checkRegion(provider, pc, region);
  if (!pc.regions[region]?.instanceTypes[type])
    throw new SandboxError(
      'sandbox.fault-invalid',
      404,
      `${provider} ${region} has no instance type '${type}'`,
      false,
      {
        provider,
        region,
        instanceType: type,
      },
    );
}
