/** A team's spend and GPU-hours this month, from the store's usage records (control/budget.ts), read at most once per
 * tick: budgets (admission.ts) and the fair share's standings (plan-applier.ts) share the read. */
import { type MonthSpend, monthOf, spendWithin } from '../../control/budget.js';
import type { ControlState } from './control-state.js';

/** Reads the team's month from the store now (and keeps it for the rest of this tick). */
export async function readMonthSpend(s: ControlState, team: string, now: number): Promise<MonthSpend> {
  const m = monthOf(now);
  const spend = spendWithin(await s.store.listUsage({ team, from: m.start, to: m.end }), m.start, Math.min(now, m.end));
  s.spend.set(team, spend);
  s.spendReadAt.set(team, now);
  return spend;
}

/** The team's month as read at `now` (this tick), reading it when it was not. */
export async function monthSpend(s: ControlState, team: string, now: number): Promise<MonthSpend> {
  const kept = s.spend.get(team);
  return kept && s.spendReadAt.get(team) === now ? kept : readMonthSpend(s, team, now);
}
