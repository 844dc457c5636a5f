/** The sandbox's usage records: one per launch that reached running, from its start to its end (open while it
 * runs), at the offering's price when it was launched. */
import type { UsageRecord } from '../control/records.js';
import type { Launch } from './launch-record.js';

/** The records of `provider`'s launches that reached running and were open at or after `since` (open ones always). */
export function usageSince(launches: Iterable<Launch>, provider: string, since: number): UsageRecord[] {
  const out: UsageRecord[] = [];
  for (const l of launches) {
    if (l.provider !== provider || l.startedAt === null) continue;
    if (l.endedAt !== null && l.endedAt < since) continue;
    out.push({
      id: l.id,
      workloadId: l.req.workloadId,
      team: l.req.team,
      provider,
      region: l.req.region,
      instanceType: l.req.instanceType,
      gpu: l.type.gpu,
      gpus: l.req.instances * l.type.gpusPerInstance,
      instances: l.req.instances,
      pricing: l.pricing,
      pricePerInstanceHourCents: l.price,
      start: l.startedAt,
      end: l.endedAt,
    });
  }
  return out;
}
