/**
 * A billed segment of one run, as the simulator hands it to a usage sink (SimOptions.onUsage): `gpus` GPUs of `pool`
 * from `start` to `end` (epoch ms) in time bucket `bucket`, serving workload `owner`. Billing calls the sink once per
 * segment it bills (billing.ts), in billing order, before the segment is booked; the app layer turns each segment into
 * the ledger's usage record (src/ledger/usage.ts).
 */
import type { Pool } from '../engine/problem.js';

/** The workload a segment served: its id and team (a scenario workload or a trace's job template). */
export interface UsageOwner {
  readonly id: string;
  readonly team: string;
  /** training, batch or inference. */
  readonly kind: string;
}

export interface UsageSegment {
  readonly pool: Pool;
  readonly bucket: number;
  readonly gpus: number;
  readonly start: number;
  readonly end: number;
  readonly owner: UsageOwner;
}

export type UsageSink = (s: UsageSegment) => void;
