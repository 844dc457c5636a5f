/** Reads a submitted workload spec as a scenario would (scenario/workload-spec.ts), against the fleet's catalog: a
 * bad spec is a ControlError (422) listing its issues. Pure. */
import type { Scenario, Workload } from '../../core/types.js';
import { readWorkload } from '../../scenario/workload-spec.js';
import { ControlError } from './api.js';

export function readSubmitted(scenario: Scenario, raw: unknown, name: string, team: string, now: number): Workload {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ControlError('control.invalid-spec', 422, {
      issues: [{ code: 'schema.type', path: 'workload', message: 'the workload must be a mapping' }],
    });
  const given = raw as Record<string, unknown>;
  const h = scenario.request.horizon;
  const r = readWorkload(
    { id: name, ...given, team },
    {
      catalog: scenario.snapshot.catalog,
      providers: scenario.snapshot.providers.map((p) => p.id),
      throughput: scenario.snapshot.throughput,
      horizon: { start: Math.min(now, h.start), end: Math.max(h.end, now + 3650 * 24 * 3_600_000) },
    },
  );
  if (!r.ok)
    throw new ControlError('control.invalid-spec', 422, {
      issues: r.issues.map((i) => ({ code: i.code, path: i.path.join('.'), message: i.message })),
    });
  // A default start is the horizon's: a submission starts now.
  return given.start === undefined ? { ...r.workload, start: now } : r.workload;
}
