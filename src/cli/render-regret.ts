/** compare's regret decomposition as text: where each policy's money goes, its regret against offline-optimal in
 * parts (they add up to the total), and its gaps to the bound and to the hindsight-feasible schedule. */
import type { RegretSummary } from '../app/sim-types.js';
import { money, table } from './format.js';
import { ci, NONE } from './render-sim.js';

const m = (v: number | undefined): string => (v === undefined ? NONE : money(v));

export function renderRegret(regret: readonly RegretSummary[]): string {
  const out = [
    'Where the money goes (mean over seeds):',
    table(
      [
        'POLICY',
        'EFFECTIVE:',
        'USEFUL:',
        'COMMITMENT WASTE:',
        'SPOT LOSSES:',
        'OUTAGES:',
        'CAPACITY LOSSES:',
        'UNSERVED:',
      ],
      regret
        .filter((r) => r.breakdownUsd)
        .map((r) => {
          const b = r.breakdownUsd;
          return [
            r.policy,
            m(b?.effective),
            m(b?.useful),
            m(b?.commitmentWaste),
            m(b?.spotLosses),
            m(b?.outages),
            m(b?.capacityLosses),
            m(b?.unserved),
          ];
        }),
    ),
    '',
    'Regret against offline-optimal, in parts (mean over seeds; the parts add up to the regret):',
    table(
      [
        'POLICY',
        'REGRET:',
        'COMMITMENT WASTE:',
        'SPOT LOSSES:',
        'QUEUEING/UNSERVED:',
        'OUTAGES:',
        'CAPACITY LOSSES:',
        'OTHER:',
        'DEADLINE MISSES:',
        'GAP TO BOUND:',
        'GAP TO HINDSIGHT:',
      ],
      regret.map((r) => {
        const g = r.regretUsd;
        return [
          r.policy,
          m(g?.total),
          m(g?.commitmentWaste),
          m(g?.spotLosses),
          m(g?.queueingUnserved),
          m(g?.outages),
          m(g?.capacityLosses),
          m(g?.other),
          r.deadlineMisses === undefined ? NONE : r.deadlineMisses.toFixed(1),
          ci(r.gapToBoundUsd, money),
          ci(r.gapToHindsightUsd, money),
        ];
      }),
    ),
    '',
    "Commitment waste = shortfall paid + reserved GPU-hours left idle at the block rate (offline-optimal's row: its own plan's, with GPU-hours bought only to burn a minimum); spot, outage and capacity losses = work thrown away there (GPU-hours since the last checkpoint × price paid); unserved = work left undone at the horizon, valued as in the effective cost. In the regret every part is the policy's minus the bound's own (the bound loses no work): other = useful spend − the bound's useful spend (dearer pools or timing); a negative part is a count on which the policy beats the bound's plan. Gap = effective − that policy, per seed; hindsight is a feasible schedule planned knowing the whole run (an upper bound on the optimum), offline-optimal a lower bound.",
  ];
  return out.join('\n');
}
