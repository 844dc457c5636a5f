/** Who may see and change what, and how a workload is shown: a team sees only its own workloads (another team's id
 * answers 404, as if it did not exist), the admin sees all; secret values never leave the store. */
import type { WorkloadRecord } from '../../control/records.js';
import { ControlError, type Principal, type SubmitRequest, type WorkloadView } from './api.js';

export function canSee(p: Principal, w: WorkloadRecord): boolean {
  return p.admin || (p.team !== null && p.team === w.team);
}

export function notFound(id: string): ControlError {
  return new ControlError('control.not-found', 404, { id });
}

/** The team a submission is for: a team token's own (naming another is 403); the admin must name one (400). */
export function submittingTeam(p: Principal, req: SubmitRequest): string {
  if (p.admin && p.team === null) {
    if (req.team === undefined || req.team === '') throw new ControlError('control.team-required', 400);
    return req.team;
  }
  if (p.team === null) throw new ControlError('control.team-forbidden', 403, { team: req.team ?? '' });
  if (req.team !== undefined && req.team !== p.team)
    throw new ControlError('control.team-forbidden', 403, { team: req.team });
  return p.team;
}

export function viewOf(w: WorkloadRecord): WorkloadView {
  const { secrets, ...spec } = w.spec;
  const names = secrets ? Object.keys(secrets) : undefined;
  return { ...w, spec: names ? { ...spec, secretNames: names } : spec };
}
