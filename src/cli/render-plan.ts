/** The plan as a person reads it: where each workload goes, what it costs, contracts, shares, survivability. */
import type { ExplainOut, Plan, WorkloadOut } from '../engine/plan-types.js';
import type { PlanDiff } from '../engine/diff.js';
import { day, money, pct, signedMoney, table } from './format.js';

function where(w: WorkloadOut): { where: string; tier: string; gpus: string } {
  if (w.placements.length === 0) return { where: w.status === 'outside-horizon' ? '(outside the horizon)' : `UNPLACED: ${w.unplacedReason ?? ''}`, tier: '-', gpus: '0' };
  const parts = w.placements.map((p) => `${p.provider} ${p.region} ${p.gpu}${p.replicas !== undefined ? ` ×${p.replicas}` : ''}`);
  const tiers = [...new Set(w.placements.map((p) => p.tier))].join('+');
  const gpus = w.placements.reduce((s, p) => s + p.gpus, 0);
  const shown = parts.length > 3 ? [...parts.slice(0, 3), `+${parts.length - 3} more`] : parts;
  return { where: shown.join(', ') + (w.status === 'partial' ? ` (PARTIAL: ${w.unplacedReason ?? ''})` : ''), tier: tiers, gpus: String(Math.round(gpus)) };
}

export function renderPlan(plan: Plan, opts: { maxRows?: number } = {}): string {
  const out: string[] = [];
  const s = plan.solver;
  const quality = [
    s.greedyGapToExact !== undefined ? `greedy within ${(s.greedyGapToExact * 100).toFixed(2)}% of it` : '',
    s.gapToLowerBound !== undefined ? `${(s.gapToLowerBound * 100).toFixed(2)}% above the LP relaxation bound` : '',
  ].filter(Boolean).join(', ');
  out.push(`skyfleet plan: ${plan.scenario}  (horizon ${day(plan.horizon.start)} → ${day(plan.horizon.end)}, ${plan.horizon.buckets} buckets, solver ${s.used} ${s.status}${quality ? `; ${quality}` : ''})`);
  out.push('');
  const maxRows = opts.maxRows ?? 60;
  const rows = plan.workloads.slice(0, maxRows).map((w) => {
    const x = where(w);
    return [w.id, w.kind, String(w.priority), x.tier, x.gpus, money(w.effectiveCost), money(w.listCost), x.where];
  });
  out.push(table(['WORKLOAD', 'KIND', 'PRI:', 'TIER', 'GPUS:', 'EFFECTIVE:', 'LIST:', 'WHERE'], rows));
  if (plan.workloads.length > maxRows) out.push(`… and ${plan.workloads.length - maxRows} more workloads (--json for all)`);
  const t = plan.totals;
  out.push('');
  out.push(`Bill over the horizon ${money(t.bill)} = sunk reserved ${money(t.sunk)} + spend ${money(t.spend)} + shortfall ${money(t.shortfallPaid)} + expected preemption ${money(t.preemption)}`);
  out.push(`Owed with nothing placed ${money(t.baseline)}; the placements add ${money(t.incremental)} (at list prices they would cost ${money(t.listCost)}).`);
  out.push(`Workloads: ${t.placed} placed, ${t.partial} partial, ${t.unplaced} unplaced.`);
  if (plan.contracts.length) {
    out.push('', 'CONTRACTS');
    const crow = plan.contracts.flatMap((c) => c.periods.length === 0
      ? [[c.id, c.provider, '(no commitment in the horizon)', '', '', '', '']]
      : c.periods.map((p) => [c.id, c.provider, `${day(p.start)} → ${day(p.end)}`, `${p.unit === 'usd' ? money(p.minimum) : `${Math.round(p.minimum)} GPU-h`}`, pct(p.burn), p.paidShortfallUsd > 0 ? money(p.paidShortfallUsd) : '-', p.carryIn > 0 ? String(p.carryIn) : '']));
    out.push(table(['CONTRACT', 'PROVIDER', 'PERIOD', 'MINIMUM:', 'BURN:', 'SHORTFALL:', 'CARRY-IN:'], crow));
  }
  out.push('', 'PROVIDERS');
  out.push(table(['PROVIDER', 'SPEND:', 'SHARE:', 'CAP:', 'PEAK GPUS:', 'GPU SHARE:', 'CAP:', ''],
    plan.providers.map((p) => [p.id, money(p.spend), pct(p.spendShare), pct(p.maxSpendShare), String(p.peakGpus), pct(p.gpuShare), pct(p.maxGpuShare), p.withinCaps ? 'ok' : 'OVER CAP'])));
  if (plan.survivability.length) {
    out.push('', 'IF A PROVIDER IS LOST');
    out.push(table(['LOST', 'MOVED:', 'CANNOT MOVE:', 'BILL:', 'SURVIVABILITY'], plan.survivability.map((v) => [
      v.provider, String(v.moved.length), String(v.lost.length), signedMoney(v.billDelta),
      v.rules.length === 0 ? 'no covered workload there' : v.ok ? `ok (${v.rules.length} covered)` : `FAILS: ${v.rules.filter((r) => !r.ok).map((r) => r.workload).join(', ')}`,
    ])));
  }
  if (plan.violations.length) {
    out.push('', `VIOLATIONS (${plan.violations.length})`);
    for (const v of plan.violations.slice(0, 20)) out.push(`  ${v.code}: ${v.message}`);
    if (plan.violations.length > 20) out.push(`  … ${plan.violations.length - 20} more`);
  }
  for (const n of s.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

export function renderExplain(e: ExplainOut): string {
  const out = [
    `Why ${e.workload} goes where it goes: ${e.candidates.length} alternatives passed the filters, ${e.rejections.length} were rejected.`,
    'EFFECTIVE is what the alternative would add to the bill with everything else in the plan kept (its marginal cost);',
    'the plan table shares a commitment period\'s free part pro rata between its users, so the two can differ.',
    '',
  ];
  out.push(table(['POOL', 'TIER', 'EFFECTIVE:', 'LIST:', 'VERDICT'], e.candidates.map((c) => [c.pool, c.tier, money(c.effectiveCost), money(c.listCost), c.note])));
  if (e.rejections.length) {
    out.push('', 'REJECTED');
    const byFilter = new Map<string, typeof e.rejections[number][]>();
    for (const r of e.rejections) byFilter.set(r.filter, [...(byFilter.get(r.filter) ?? []), r]);
    for (const [f, list] of byFilter) {
      out.push(`  ${f} (${list.length}):`);
      for (const r of list.slice(0, 8)) out.push(`    ${r.pool}: ${r.reason}`);
      if (list.length > 8) out.push(`    … ${list.length - 8} more`);
    }
  }
  return out.join('\n');
}

export function renderDiff(label: string, d: PlanDiff): string {
  const out = [`${label}: the bill changes by ${signedMoney(d.billDelta)} (placements ${signedMoney(d.incrementalDelta)}); ${d.moved.length} workload${d.moved.length === 1 ? '' : 's'} move${d.moved.length === 1 ? 's' : ''}.`];
  if (d.moved.length) out.push(table(['WORKLOAD', 'FROM', 'TO', 'COST:'], d.moved.map((m) => [m.workload, m.from, m.to, signedMoney(m.costDelta)])));
  if (d.newlyUnplaced.length) out.push(`No longer placeable: ${d.newlyUnplaced.join(', ')}`);
  return out.join('\n');
}
