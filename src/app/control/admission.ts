/**
 * Admission: a team's quota and monthly budget hold work back (held) or let it through (admitted). A new
 * submission's admission and first evaluation are the steps it is created with; held (or never admitted) work is
 * re-checked every tick. The team cache and its month's spend are refreshed from the store every tick.
 */
import type { Workload } from '../../core/types.js';
import { budgetHold, type MonthSpend } from '../../control/budget.js';
import type { WorkloadChange, WorkloadStep } from '../../control/ports.js';
import { quotaHold } from '../../control/quota.js';
import type { Cause, TeamRecord, WorkloadRecord } from '../../control/records.js';
import { isService } from '../../control/service-split.js';
import { type ControlState, gangGpus } from './control-state.js';
import { readMonthSpend } from './month-spend.js';
import { apply, changeFor, ensureLedger } from './plan-applier.js';

async function teamOf(s: ControlState, name: string, now: number): Promise<TeamRecord | undefined> {
  if (!s.teams.has(name)) {
    const t = await s.store.getTeam(name);
    s.teams.set(name, t);
    if (t) await readMonthSpend(s, name, now);
  }
  return s.teams.get(name);
}

/** Reloads every team and, for those with a budget, this month's spend. */
export async function refreshTeams(s: ControlState, now: number): Promise<void> {
  const teams = await s.store.listTeams();
  s.teams.clear();
  for (const t of teams) {
    s.teams.set(t.name, t);
    if (t.monthlyBudgetCents !== null || t.monthlyBudgetGpuHours !== null) await readMonthSpend(s, t.name, now);
  }
}

/** Why the team's quota or budget holds `w` back now, or undefined. */
export async function admissionHold(
  s: ControlState,
  rec: WorkloadRecord,
  w: Workload,
  now: number,
): Promise<Cause | undefined> {
  const team = await teamOf(s, rec.team, now);
  if (!team) return undefined;
  await ensureLedger(s, now);
  const spent = s.spend.get(team.name) ?? { cents: 0 as MonthSpend['cents'], gpuHours: 0 };
  return budgetHold(team, spent, now) ?? quotaHold(team, s.ledger.heldBy(team.name), w.gpus, gangGpus(w));
}

/**
 * A new submission's admission and its first evaluation, as the steps it takes when created: submitted →
 * admitted → placed, or → admitted waiting with its reason, or → held. A placement is reserved in the ledger now,
 * so the next evaluation of the batch sees it; the caller releases it if the workload is not created.
 */
export async function admissionSteps(
  s: ControlState,
  rec: WorkloadRecord,
  w: Workload,
  now: number,
): Promise<WorkloadStep[]> {
  const hold = await admissionHold(s, rec, w, now);
  if (hold) return [{ state: 'held', waitingFor: hold, at: now, cause: hold }];
  const admitted: WorkloadStep = {
    state: 'admitted',
    waitingFor: null,
    at: now,
    cause: { code: 'control.admitted', source: 'admission', params: {} },
  };
  if (isService(rec)) return [admitted]; // its replica groups are evaluated (service-groups.ts)
  const asAdmitted: WorkloadRecord = { ...rec, state: 'admitted', version: rec.version + 1, waitingFor: null };
  const d = s.decide(asAdmitted, w, now);
  s.lastRejections.set(rec.id, d.rejections);
  if (d.kind === 'wait') return [{ ...admitted, waitingFor: d.cause }];
  if (d.kind === 'place') s.ledger.add(rec.id, d.hold);
  const { id: _id, expectedVersion: _v, ...next } = changeFor(asAdmitted, d, now);
  return [admitted, next];
}

/** Held work whose quota or budget now lets it through is released; work found `submitted` (recorded but never
 * admitted, e.g. by an older skyfleet that wrote a submission and its admission in two transactions, or a store
 * written by hand) is admitted or held now. A submission of this process is never seen here: group commit creates it
 * with its admission steps in one transaction. Runs under the lock. */
export async function recheckHeld(s: ControlState, now: number): Promise<number> {
  const waiting = await s.store.listWorkloads({ states: ['submitted', 'held'] });
  const changes: WorkloadChange[] = [];
  for (const rec of waiting) {
    const w = s.parse(rec);
    const hold = w ? await admissionHold(s, rec, w, now) : undefined;
    const base = { id: rec.id, expectedVersion: rec.version, at: now };
    if (hold) {
      if (rec.state === 'submitted') changes.push({ ...base, state: 'held', waitingFor: hold, cause: hold });
      continue;
    }
    if (!w && rec.state === 'held') continue;
    changes.push({
      ...base,
      state: 'admitted',
      waitingFor: null,
      cause:
        rec.state === 'held'
          ? { code: 'control.released', source: 'admission', params: {} }
          : { code: 'control.admitted', source: 'admission', params: {} },
    });
  }
  const res = await apply(s, changes);
  return res.applied.length;
}
