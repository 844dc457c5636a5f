/** `skyfleet`: the commitment-aware broker, online. Candidates pass every engine filter including exclusivity; a
 * class under a right of first refusal is offered to that provider first; among what is free now, the least marginal
 * effective cost wins (policy.ts effectiveCost: reserved sunk, committed free until the period minimum is burned,
 * spot with its expected rework). Inference replicas are spread as the planner spreads them (minProviders,
 * survivability: inference.ts). Every simulated hour it re-optimises: inference replicas re-packed onto cheaper pools
 * (inference-repack.ts) and running jobs moved where the saving beats the work the move throws away
 * (job-migration.ts). */
import { deadlineAwareCost, effectiveFloor, type SimPolicy } from '../policy.js';

export const skyfleetPolicy: SimPolicy = {
  name: 'skyfleet',
  clauses: true,
  blocklist: false,
  spread: true,
  preempt: true,
  repack: true,
  migrate: true,
  cost: deadlineAwareCost,
  floor: effectiveFloor,
};
