import type { Scorer } from './scorer.js';

/** Between equal costs, prefer capacity that is not preemptible: spot carries a 1% penalty of list cost. */
export const tierPreference: Scorer = {
  name: 'tier-preference',
  score: ({ pool }, listCost) => (pool.tier === 'spot' ? 0.01 * listCost : 0),
};
