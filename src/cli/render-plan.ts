/** The plan as a person reads it: where each workload goes, what it costs, contracts, shares, survivability. */
import type { ExplainOut, Plan, PlanDiff, WorkloadOut } from '../app/plan-types.js';
import { bindingText, othersText, reasonText } from '../messages/index.js';
import { cents, day, pct, signedCents, table } from './format.js';

function where(w: WorkloadOut): { where: string; tier: string; gpus: string } {
  if (w.placements.length === 0)
    return {
      where: w.status === 'outside-horizon' ? '(outside the horizon)' : `UNPLACED: ${w.unplacedReason ?? ''}`,
      tier: '-',
      gpus: '0',
    };
  const parts = w.placements.map(
    (p) => `${p.provider} ${p.region} ${p.gpu}${p.replicas !== undefined ? ` ×${p.replicas}` : ''}`,
  );
  const tiers = [...new Set(w.placements.map((p) => p.tier))].join('+');
  const gpus = w.placements.reduce((s, p) => s + p.gpus, 0);
  const shown = parts.length > 3 ? [...parts.slice(0, 3), `+${parts.length - 3} more`] : parts;
  return {
    where: shown.join(', ') + (w.status === 'partial' ? ` (PARTIAL: ${w.unplacedReason ?? ''})` : ''),
    tier: tiers,
    gpus: String(Math.round(gpus)),
  };
}

export function renderPlan(plan: Plan, opts: { maxRows?: number } = {}): string {
  const out: string[] = [];
  const s = plan.solver;
  const quality = [
    s.greedyGapToExact !== undefined ? `greedy within ${(s.greedyGapToExact * 100).toFixed(2)}% of it` : '',
    s.gapToLowerBound !== undefined ? `${(s.gapToLowerBound * 100).toFixed(2)}% above the LP relaxation bound` : '',
  ]
    .filter(Boolean)
    .join(', ');
  out.push(
    `skyfleet plan: ${plan.scenario}  (horizon ${day(plan.horizon.start)} → ${day(plan.horizon.end)}, ${plan.horizon.buckets} buckets, solver ${s.used} ${s.status}${quality ? `; ${quality}` : ''})`,
  );
  out.push('');
  const maxRows = opts.maxRows ?? 60;
  const t = plan.totals;
  const unserved = t.unservedCents > 0; // a column only when some work is left undone
  const rows = plan.workloads.slice(0, maxRows).map((w) => {
    const x = where(w);
    return [
      w.id,
      w.kind,
      String(w.priority),
      x.tier,
      x.gpus,
      cents(w.effectiveCents),
      cents(w.listCents),
      ...(unserved ? [w.unservedCents > 0 ? cents(w.unservedCents) : '-'] : []),
      x.where,
    ];
  });
  out.push(
    table(
      ['WORKLOAD', 'KIND', 'PRI:', 'TIER', 'GPUS:', 'EFFECTIVE:', 'LIST:', ...(unserved ? ['UNSERVED:'] : []), 'WHERE'],
      rows,
    ),
  );
  if (plan.workloads.length > maxRows)
    out.push(`… and ${plan.workloads.length - maxRows} more workloads (--json for all)`);
  out.push('');
  out.push(
    `Bill over the horizon ${cents(t.billCents)} = sunk reserved ${cents(t.sunkCents)} + spend ${cents(t.spendCents)} + shortfall ${cents(t.shortfallPaidCents)} + expected preemption ${cents(t.preemptionCents)}`,
  );
  out.push(
    `Owed with nothing placed ${cents(t.baselineCents)}; the placements add ${cents(t.incrementalCents)} (at list prices they would cost ${cents(t.listCents)}).`,
  );
  if (unserved) {
    out.push(
      `NOT DONE: work worth ${cents(t.unservedCents)} is unserved (not in the bill, not a saving): the bill plus it is ${cents(t.billCents + t.unservedCents)}. Valued at the dearest list price per H100-equivalent GPU-hour of an accepted GPU.`,
    );
  }
  out.push(`Workloads: ${t.placed} placed, ${t.partial} partial, ${t.unplaced} unplaced.`);
  if (plan.contracts.length) {
    out.push('', 'CONTRACTS');
    const crow = plan.contracts.flatMap((c) =>
      c.periods.length === 0
        ? [[c.id, c.provider, '(no commitment in the horizon)', '', '', '', '']]
        : c.periods.map((p) => [
            c.id,
            c.provider,
            `${day(p.start)} → ${day(p.end)}`,
            `${p.unit === 'cents' ? cents(p.minimum) : `${Math.round(p.minimum)} GPU-h`}`,
            pct(p.burn),
            p.paidShortfallCents > 0 ? cents(p.paidShortfallCents) : '-',
            p.carryIn > 0 ? (p.unit === 'cents' ? cents(p.carryIn) : `${Math.round(p.carryIn)} GPU-h`) : '',
          ]),
    );
    out.push(table(['CONTRACT', 'PROVIDER', 'PERIOD', 'MINIMUM:', 'BURN:', 'SHORTFALL:', 'CARRY-IN:'], crow));
  }
  out.push('', 'PROVIDERS');
  out.push(
    table(
      ['PROVIDER', 'SPEND:', 'SHARE:', 'CAP:', 'PEAK GPUS:', 'GPU SHARE:', 'CAP:', ''],
      plan.providers.map((p) => [
        p.id,
        cents(p.spendCents),
        pct(p.spendShare),
        pct(p.maxSpendShare),
        String(p.peakGpus),
        pct(p.gpuShare),
        pct(p.maxGpuShare),
        p.withinCaps ? 'ok' : 'OVER CAP',
      ]),
    ),
  );
  if (plan.survivability.length) {
    // The bill can fall when a provider is lost, but only because work that cannot move is not done: the value of
    // that work is shown beside it, and the effective change (bill + unserved) is what the loss really costs.
    out.push('', 'IF A PROVIDER IS LOST');
    out.push(
      table(
        ['LOST', 'MOVED:', 'CANNOT MOVE:', 'BILL Δ:', 'UNSERVED:', 'EFFECTIVE Δ:', 'SURVIVABILITY'],
        plan.survivability.map((v) => [
          v.provider,
          String(v.moved.length),
          String(v.lost.length),
          signedCents(v.billDeltaCents),
          v.unservedCents > 0 ? cents(v.unservedCents) : '-',
          signedCents(v.effectiveDeltaCents),
          v.rules.length === 0
            ? 'no covered workload there'
            : v.ok
              ? `ok (${v.rules.length} covered)`
              : `FAILS: ${v.rules
                  .filter((r) => !r.ok)
                  .map((r) => r.workload)
                  .join(', ')}`,
        ]),
      ),
    );
    if (plan.survivability.some((v) => v.unservedCents > 0)) {
      out.push(
        '',
        'UNSERVED: the value of the work that cannot move and is not done (at the dearest list price per H100-equivalent GPU-hour',
        'of an accepted GPU); a bill that falls for it is no saving. EFFECTIVE Δ = BILL Δ + UNSERVED.',
      );
    }
  }
  if (plan.violations.length) {
    out.push('', `VIOLATIONS (${plan.violations.length})`);
    for (const v of plan.violations.slice(0, 20)) out.push(`  ${v.code}: ${reasonText(v)}`);
    if (plan.violations.length > 20) out.push(`  … ${plan.violations.length - 20} more`);
  }
  return out.join('\n');
}

export function renderExplain(e: ExplainOut): string {
  const out: string[] = [];
  if (e.whyNot) {
    // Why not, first: the cause that binds, then the other rejections grouped by cause with counts.
    out.push(`Why ${e.workload} is not wholly placed: ${bindingText(e.whyNot.binding)}`);
    if (e.whyNot.others.length) out.push(`  also rejected: ${othersText(e.whyNot)}`);
    out.push('');
  }
  out.push(
    `Why ${e.workload} goes where it goes: ${e.candidates.length} alternatives passed the filters, ${e.rejections.length} were rejected.`,
  );
  if (e.candidates.length) {
    out.push(
      'EFFECTIVE is what the alternative would add to the bill with everything else in the plan kept (its marginal cost);',
      "the plan table shares a commitment period's free part pro rata between its users, so the two can differ.",
      '',
    );
  }
  if (e.candidates.length)
    out.push(
      table(
        ['POOL', 'TIER', 'EFFECTIVE:', 'LIST:', 'VERDICT'],
        e.candidates.map((c) => [c.pool, c.tier, cents(c.effectiveCents), cents(c.listCents), reasonText(c)]),
      ),
    );
  if (e.rejections.length) {
    out.push('', 'REJECTED');
    const byFilter = new Map<string, (typeof e.rejections)[number][]>();
    for (const r of e.rejections) byFilter.set(r.filter, [...(byFilter.get(r.filter) ?? []), r]);
    // The binding filter first, the other GPU models and dominated twins last, the rest by how many they rejected.
    const rank = (f: string): number =>
      f === e.whyNot?.binding.source ? 0 : f === 'gpu-model' || f === 'dominated' ? 2 : 1;
    const groups = [...byFilter].sort((a, b) => rank(a[0]) - rank(b[0]) || b[1].length - a[1].length);
    for (const [f, list] of groups) {
      if (f === 'gpu-model') {
        out.push(`  gpu-model (${list.length}): pools of GPU models the workload does not accept`);
        continue;
      }
      out.push(`  ${f} (${list.length}):`);
      for (const r of list.slice(0, 8)) out.push(`    ${r.pool}: ${reasonText(r)}`);
      if (list.length > 8) out.push(`    … ${list.length - 8} more`);
    }
  }
  return out.join('\n');
}

export function renderDiff(label: string, d: PlanDiff): string {
  const undone =
    d.unservedDeltaCents !== 0
      ? `; work left undone ${signedCents(d.unservedDeltaCents)}, so effectively ${signedCents(d.effectiveDeltaCents)}`
      : '';
  const out = [
    `${label}: the bill changes by ${signedCents(d.billDeltaCents)} (placements ${signedCents(d.incrementalDeltaCents)})${undone}; ${d.moved.length} workload${d.moved.length === 1 ? '' : 's'} move${d.moved.length === 1 ? 's' : ''}.`,
  ];
  if (d.moved.length)
    out.push(
      table(
        ['WORKLOAD', 'FROM', 'TO', 'COST:'],
        d.moved.map((m) => [m.workload, m.from, m.to, signedCents(m.costDeltaCents)]),
      ),
    );
  if (d.newlyUnplaced.length) out.push(`No longer placeable: ${d.newlyUnplaced.join(', ')}`);
  return out.join('\n');
}
