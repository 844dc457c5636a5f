/**
 * Team budgets per calendar month (UTC), from the usage records in the store: what a team spent (integer cents) and
 * the GPU-hours it used since the month began, a running record counted up to `now`. Pure.
 */
import { type Cents, cents, toCents } from '../core/money.js';
import type { Cause, TeamRecord, UsageRecord } from './records.js';

const HOUR_MS = 3_600_000;

/** The calendar month (UTC) holding `now`: its first instant, the next month's, and its name (`2026-12`). */
export function monthOf(now: number): { start: number; end: number; name: string } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return {
    start: Date.UTC(y, m, 1),
    end: Date.UTC(y, m + 1, 1),
    name: `${y}-${String(m + 1).padStart(2, '0')}`,
  };
}

export interface MonthSpend {
  readonly cents: Cents;
  readonly gpuHours: number;
}

/** Spend and GPU-hours of `usage` within [from, to) (a record still running counts up to `to`). */
export function spendWithin(usage: readonly UsageRecord[], from: number, to: number): MonthSpend {
  let usd = 0;
  let gpuHours = 0;
  for (const u of usage) {
    const a = Math.max(u.start, from);
    const b = Math.min(u.end ?? to, to);
    if (!(b > a)) continue;
    const hours = (b - a) / HOUR_MS;
    usd += (u.pricePerInstanceHourCents * u.instances * hours) / 100;
    gpuHours += u.gpus * hours;
  }
  return { cents: usd > 0 ? toCents(usd) : cents(0), gpuHours };
}

/** Why `team` is held back by its budget this month (`control.budget`), or undefined when it has budget left. */
export function budgetHold(team: TeamRecord | undefined, spend: MonthSpend, now: number): Cause | undefined {
  if (!team) return undefined;
  const month = monthOf(now).name;
  if (team.monthlyBudgetCents !== null && spend.cents >= team.monthlyBudgetCents)
    return {
      code: 'control.budget',
      source: 'admission',
      params: { team: team.name, month, unit: 'usd', budget: team.monthlyBudgetCents, spent: spend.cents },
    };
  if (team.monthlyBudgetGpuHours !== null && spend.gpuHours >= team.monthlyBudgetGpuHours)
    return {
      code: 'control.budget',
      source: 'admission',
      params: { team: team.name, month, unit: 'gpu-hours', budget: team.monthlyBudgetGpuHours, spent: spend.gpuHours },
    };
  return undefined;
}
