/**
 * A scorer ranks feasible candidates beyond their effective cost (which the solver computes, since it depends on
 * what else is placed). It returns a preference penalty in USD-equivalent; the profile gives it a weight.
 */
import type { FilterContext } from '../filters/filter.js';

export interface Scorer {
  readonly name: string;
  /** `listCost` = the candidate's cost at list price, to scale preferences to the size of the work. */
  score(ctx: FilterContext, listCost: number): number;
}
