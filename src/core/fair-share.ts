/**
 * Weighted fair share between teams: the one rule that orders teams waiting for the same capacity (the simulator's
 * waiting queue, src/sim/job-lifecycle.ts; the control plane's admitted work, src/control/fair-order.ts). Each team has a weight (> 0; the scenario's `policies.teamWeights`, 1 when
 * not listed); the team served next is the one holding the fewest GPUs now per unit of weight, then the one that has
 * held the fewest GPU-hours so far per unit of weight, then the one whose waiting job arrived first. So under
 * contention a team of weight 2 holds about twice the GPUs of a team of weight 1, and a team holding nothing is always
 * served before one holding something: no team starves behind another's backlog. With every weight 1 this is the
 * equal share (fewest GPUs now, then fewest GPU-hours, then the earliest arrival).
 */

/** Where a team stands when the next waiting job is chosen. */
export interface TeamStanding {
  /** GPUs the team's jobs hold now. */
  readonly gpusNow: number;
  /** GPU-hours the team's jobs have held so far. */
  readonly usedGpuH: number;
  /** The team's weight, > 0. */
  readonly weight: number;
  /** Arrival (epoch ms) of the team's job that would be tried. */
  readonly arrival: number;
}

/** True when team `a` is served before team `b` (strictly: false on a full tie, so the first listed keeps its turn).
 * Shares are compared by cross-multiplication (a.gpus × b.weight < b.gpus × a.weight), exact for whole GPU counts and
 * weights. */
export function servedBefore(a: TeamStanding, b: TeamStanding): boolean {
  const ga = a.gpusNow * b.weight,
    gb = b.gpusNow * a.weight;
  if (ga !== gb) return ga < gb;
  const ua = a.usedGpuH * b.weight,
    ub = b.usedGpuH * a.weight;
  if (ua !== ub) return ua < ub;
  return a.arrival < b.arrival;
}

/** The weight of `team` under `weights` (absent or not listed: 1). */
export function teamWeight(weights: Readonly<Record<string, number>> | undefined, team: string): number {
  const w = weights !== undefined && Object.hasOwn(weights, team) ? weights[team] : undefined;
  return w !== undefined && w > 0 ? w : 1;
}
