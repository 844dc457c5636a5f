/**
 * The ledger use case the HTTP API calls (GET /v1/ledger, /v1/ledger/focus…): reads the usage records overlapping the
 * period and the kinds of their workloads through the Store port, books them with the fleet's contracts
 * (ledger-live.ts), and answers the view, or the FOCUS 1.3 export, of what the caller may see — a team token its
 * team's charges (ledger/team.ts), the admin the whole fleet.
 *
 * Period: [from, to); by default from the first instant of the current calendar month (UTC) to now. At most
 * SIM_LIMITS.horizonYears long (the fleet world's buckets are bounded as a simulation's are).
 */
import type { Clock, Store } from '../control/ports.js';
import type { Scenario } from '../core/types.js';
import { contractCommitmentLines, costAndUsageLines } from '../ledger/focus/index.js';
import { monthStart } from '../ledger/slices.js';
import type { LedgerView } from '../ledger/view.js';
import { SIM_LIMITS } from '../sim/limits.js';
import type { Principal } from './control/api.js';
import { ControlError } from './control/api.js';
import { UserError } from './errors.js';
import { type LiveLedger, ledgerFromUsage } from './ledger-live.js';
import { checkBuckets } from './simulation-horizon.js';

export interface LedgerPeriod {
  readonly from?: number;
  readonly to?: number;
}

export interface FocusExport {
  readonly costAndUsage: string;
  readonly contractCommitment: string;
}

export interface LedgerService {
  view(p: Principal, period: LedgerPeriod): Promise<LedgerView>;
  focus(p: Principal, period: LedgerPeriod): Promise<FocusExport>;
}

const HOUR_MS = 3_600_000;
const YEAR_MS = 8766 * HOUR_MS;

export function ledgerService(o: {
  readonly store: Pick<Store, 'listUsage' | 'getWorkload'>;
  readonly fleet: Scenario;
  readonly clock: Clock;
}): LedgerService {
  const book = async (p: Principal, period: LedgerPeriod): Promise<LiveLedger> => {
    const now = o.clock.now();
    const from = period.from ?? monthStart(now);
    const to = period.to ?? Math.max(now, from + HOUR_MS);
    if (!(to > from))
      throw new ControlError(
        'api.invalid-parameter',
        400,
        { errors: [{ path: 'to', message: "must be after 'from'" }] },
        "query parameter 'to': must be after 'from'",
      );
    if (to - from > SIM_LIMITS.horizonYears * YEAR_MS)
      throw new ControlError(
        'api.invalid-parameter',
        400,
        { errors: [{ path: 'to', message: `the period is longer than ${SIM_LIMITS.horizonYears} years` }] },
        `query parameter 'to': the period is longer than ${SIM_LIMITS.horizonYears} years`,
      );
    try {
      checkBuckets(o.fleet, { start: from, end: to });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      const message = `the period makes more time buckets than ${SIM_LIMITS.buckets} (the fleet's bucket size): ask for a shorter one`;
      throw new ControlError(
        'api.invalid-parameter',
        400,
        { errors: [{ path: 'to', message }] },
        `query parameter 'to': ${message}`,
      );
    }
    if (!p.admin && p.team === null) throw new ControlError('control.team-forbidden', 403, { team: '' });
    // Every team's records: the unused capacity and shortfall a team is charged are allocated over the whole fleet.
    const usage = await o.store.listUsage({ from, to });
    const kinds = new Map<string, string | undefined>();
    for (const u of usage)
      if (!kinds.has(u.workloadId)) {
        const w = await o.store.getWorkload(u.workloadId);
        const kind = w?.spec.workload.kind;
        kinds.set(u.workloadId, typeof kind === 'string' ? kind : undefined);
      }
    return ledgerFromUsage({
      fleet: o.fleet,
      usage,
      kindOf: (id) => kinds.get(id),
      from,
      to,
      now,
      team: p.admin ? undefined : (p.team ?? undefined),
    });
  };
  return {
    view: async (p, period) => (await book(p, period)).view,
    focus: async (p, period) => {
      const { ledger, input } = await book(p, period);
      return {
        costAndUsage: [...costAndUsageLines(ledger, input, { account: o.fleet.name })].join(''),
        contractCommitment: [...contractCommitmentLines(input)].join(''),
      };
    },
  };
}
