/**
 * The store's documented limits, the same for every adapter (the contract suite holds each adapter to them).
 */
import type { UsageRecord, WorkloadSpec } from '../control/records.js';
import { StoreError } from './store-error.js';
import { checkText } from './text.js';

/** The largest workload spec a store keeps: 1 MiB of UTF-8 JSON. The HTTP API refuses bigger bodies before this. */
export const MAX_SPEC_BYTES = 1024 * 1024;

/** The spec as the JSON text every adapter stores; refuses one over MAX_SPEC_BYTES (`store.spec-too-large`). */
export function specJson(id: string, spec: WorkloadSpec): string {
  const text = JSON.stringify(spec);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SPEC_BYTES) throw new StoreError('store.spec-too-large', { id, bytes, limit: MAX_SPEC_BYTES });
  return text;
}

/** The plain text columns of a usage record (text.ts). */
export function checkUsageText(u: UsageRecord): void {
  checkText({
    id: u.id,
    workloadId: u.workloadId,
    team: u.team,
    provider: u.provider,
    region: u.region,
    instanceType: u.instanceType,
    gpu: u.gpu,
    pricing: u.pricing,
  });
}
