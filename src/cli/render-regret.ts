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
          m(g?.other),
          r.deadlineMisses === undefined ? NONE : r.deadlineMisses.toFixed(1),
          ci(r.gapToBoundUsd, money),
          ci(r.gapToHindsightUsd, money),
        ];
      }),
    ),
    '',
    'Commitment waste = shortfall paid + reserved GPU-hours left idle at the block rate; spot losses and outages = work thrown away there (GPU-hours since the last checkpoint × price paid); unserved = work left undone at the horizon, valued as in the effective cost (in the regret: the policy minus the bound); other = regret − those parts = useful spend and capacity losses − the billed cost of the bound (negative when the bound too pays commitments nobody burns: the LP does not report its own waste). Gap = effective − that policy, per seed; hindsight is a feasible schedule that knows every outage in advance (an upper bound on the optimum), offline-optimal a lower bound.',
  ];
  return out.join('\n');
}
