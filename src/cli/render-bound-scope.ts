/** compare's lines on offline-optimal's scope: which runs it bounds (every deadline met, the risk policy's spread
 * honoured), how many of each policy's runs are in it, and what the bound relaxed (src/sim/offline-optimal.ts). */
import type { PolicySummary } from '../app/sim-types.js';
import { ci } from './render-sim.js';

const num = (v: number, d = 0): string =>
  v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

export function boundScopeLines(summaries: readonly PolicySummary[]): string[] {
  const bound = summaries.find((s) => s.policy === 'offline-optimal');
  if (!bound) return [];
  const relaxed = bound.relaxedDeadlines ?? 0;
  const late = bound.lateH100 ?? 0;
  const out = [
    `Scope of offline-optimal: a lower bound on the effective cost of the runs that meet every deadline and honour the risk policy's survivability spread (no provider above units − ceil(units × fraction) of a covered service, at any instant); it ignores minProviders and the spend and GPU share caps. A run outside that scope may cost less than the bound, and its regret is then no gap to a lower bound.${relaxed > 0 ? ` ${num(relaxed)} deadline(s) no schedule can meet even alone were relaxed to the job's earliest feasible finish.` : ''}${late > 0 ? ` The deadlines cannot all be met together: ${num(late)} H100 GPU-hours of due work did not fit in time (priced as unserved in the bound).` : ''}`,
  ];
  const rows = summaries.filter((s) => s.boundScope);
  if (rows.length)
    out.push(
      `Runs in that scope: ${rows
        .map((s) => {
          const sc = s.boundScope ?? { inScope: 0, runs: 0 };
          return `${s.policy} ${sc.inScope}/${sc.runs} (spread breach ${ci(s.spreadBreachUnitHours, (v) => num(v, 1))} unit-h)`;
        })
        .join(', ')}.`,
    );
  return out;
}
