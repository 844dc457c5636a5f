/**
 * The report of a comparison (`skyfleet compare --report FILE`): the policies side by side on cost (effective and
 * billed, with 95% confidence intervals over seeds) and on availability (inference demand left unserved), the spend
 * share each gives each provider, and the summary table. A pure function of the summaries.
 */
import type { Interval, PolicySummary, RunSummary } from '../sim/metrics.js';
import type { RegretSummary } from '../sim/regret.js';
import { intervalBars } from './bars.js';
import { moneyWhereChart } from './money-where.js';
import { esc, num, pct, usd, usdCompact } from './format.js';
import { figures, page, section, table } from './html.js';
import { colourMap, COLOUR, textOn } from './palette.js';
import { chart, figure, legend, plot, px, scale, WIDTH, xAxis, type Box } from './svg.js';

export interface ComparisonReport {
  readonly scenario: string;
  readonly seeds: number;
  readonly summaries: readonly PolicySummary[];
  readonly runs: readonly RunSummary[];
  /** Where each policy's money goes (compare's regret decomposition); the chart is left out without it. */
  readonly regret?: readonly RegretSummary[];
}

/** The mean and, over two or more seeds, its 95% interval: ± the half-width (in the short form `half`, default `f`)
 * when the interval is symmetric as printed, else [lo, hi] (bounded quantities: see src/sim/metrics.ts); a word
 * joiner keeps ± with its number when a table cell wraps. – for a mean over nothing or a measure the policy lacks. */
export const withCi = (
  i: Interval | null | undefined,
  f: (v: number) => string,
  half: (v: number) => string = f,
): string => {
  if (!i || !Number.isFinite(i.mean)) return '–';
  if (i.lo === null || i.hi === null) return f(i.mean);
  const below = half(i.mean - i.lo);
  const above = half(i.hi - i.mean);
  return below === above ? `${f(i.mean)} ±\u2060${above}` : `${f(i.mean)} [${half(i.lo)},\u00a0${half(i.hi)}]`;
};
const money = (i: Interval | null | undefined): string => withCi(i, usd, usdCompact);

const unserved = (a: Interval | null): Interval | undefined =>
  a
    ? {
        mean: 1 - a.mean,
        lo: a.hi === null ? null : 1 - a.hi,
        hi: a.lo === null ? null : 1 - a.lo,
        n: a.n,
        method: a.method,
      }
    : undefined;

export function renderComparisonReport({ scenario, seeds, summaries, runs, regret }: ComparisonReport): string {
  const best = [...summaries]
    .filter((s) => s.policy !== 'offline-optimal')
    .sort((a, b) => a.effectiveUsd.mean - b.effectiveUsd.mean)[0];
  const bound = summaries.find((s) => s.policy === 'offline-optimal');
  const head = figures([
    { label: 'Policies × seeds', value: `${summaries.length} × ${seeds}`, note: `${runs.length} runs` },
    ...(best
      ? [{ label: 'Cheapest online policy', value: best.policy, note: `effective ${money(best.effectiveUsd)}` }]
      : []),
    ...(bound
      ? [
          {
            label: 'Lower bound (offline-optimal)',
            value: usd(bound.effectiveUsd.mean),
            note: 'perfect foresight, LP; for runs meeting every deadline and the risk policy’s spread',
          },
        ]
      : []),
    ...(best?.regretUsd
      ? [{ label: `Regret of ${best.policy}`, value: money(best.regretUsd), note: 'effective − bound, per seed' }]
      : []),
  ]);

  const cost = figure({
    heading: 'Cost by policy',
    note: "Mean over seeds; the whiskers are 95% confidence intervals, inside each measure's domain (logit-scale t for shares, t cut at $0 for money). Effective = billed + unserved work at the dearest list price.",
    svg: intervalBars({
      id: 'policy-cost',
      kind: 'policy-cost',
      title: 'Effective and billed cost by policy',
      xTitle: 'Cost over the horizon (USD)',
      desc: summaries
        .map((s) => `${s.policy}: effective ${money(s.effectiveUsd)}, billed ${money(s.billedUsd)}`)
        .join('; '),
      series: [
        { name: 'effective', colour: COLOUR.effective },
        { name: 'billed', colour: COLOUR.billed },
      ],
      groups: summaries.map((s) => ({ label: s.policy, values: [s.effectiveUsd, s.billedUsd] })),
      axis: usdCompact,
      value: money,
    }),
    legend: legend([
      { label: 'Effective cost', colour: COLOUR.effective, swatch: 'box' },
      { label: 'Billed cost', colour: COLOUR.billed, swatch: 'box' },
      { label: 'Mean and 95% confidence interval', colour: COLOUR.ink, swatch: 'dot' },
    ]),
  });
  const avail = figure({
    heading: 'Availability by policy',
    note: 'Share of inference demand not served (lower is better), mean over seeds with 95% confidence intervals.',
    svg: intervalBars({
      id: 'policy-availability',
      kind: 'policy-availability',
      title: 'Inference demand not served, by policy',
      xTitle: 'Demand not served (%)',
      desc: summaries.map((s) => `${s.policy}: ${withCi(s.attainment, (v) => pct(v, 3))} served`).join('; '),
      series: [{ name: 'not served', colour: COLOUR.bad }],
      groups: summaries.map((s) => ({ label: s.policy, values: [unserved(s.attainment)] })),
      axis: (v) => `${Number((v * 100).toPrecision(3))}%`,
      value: (i) => `${withCi(i, (v) => pct(v, 3))} not served`,
    }),
    legend: legend([
      { label: 'Inference demand not served', colour: COLOUR.bad, swatch: 'box' },
      { label: 'Mean and 95% confidence interval', colour: COLOUR.ink, swatch: 'dot' },
    ]),
  });

  const table1 = table(
    `Policies compared: mean ±95% confidence interval over ${seeds} seed${seeds === 1 ? '' : 's'}`,
    [
      { label: 'Policy' },
      { label: 'Effective', numeric: true },
      { label: 'Billed', numeric: true },
      { label: 'Shortfall', numeric: true },
      { label: 'Regret', numeric: true },
      { label: 'Served', numeric: true },
      { label: 'Deadline misses', numeric: true },
      { label: 'Lost GPU\u2011h', numeric: true },
      { label: 'Mean job h', numeric: true },
    ],
    summaries.map((s) => ({
      cells: [
        s.policy,
        money(s.effectiveUsd),
        money(s.billedUsd),
        money(s.shortfallUsd),
        money(s.regretUsd),
        withCi(s.attainment, (v) => pct(v, 2)),
        withCi(s.deadlineMisses, (v) => num(v, 1)),
        withCi(s.lostGpuHours, (v) => num(v)),
        withCi(s.meanCompletionHours, (v) => num(v, 1)),
      ],
    })),
  );
  const runRows = runs.map((r) => ({
    cells: [
      r.policy,
      String(r.seed),
      usd(r.effectiveUsd),
      usd(r.billedUsd),
      r.shortfallUsd === undefined ? '–' : usd(r.shortfallUsd),
      pct(r.attainment, 3),
      r.deadlineMisses === undefined ? '–' : num(r.deadlineMisses),
      r.outages === undefined ? '–' : num(r.outages),
    ],
  }));
  const runsTable = `<details><summary>All ${runs.length} runs</summary>${table(
    'Runs',
    [
      { label: 'Policy' },
      { label: 'Seed', numeric: true },
      { label: 'Effective', numeric: true },
      { label: 'Billed', numeric: true },
      { label: 'Shortfall', numeric: true },
      { label: 'Served', numeric: true },
      { label: 'Deadline misses', numeric: true },
      { label: 'Outages', numeric: true },
    ],
    runRows,
  )}</details>`;

  const body =
    head +
    section(
      'cost',
      'Cost',
      `Does spreading over providers pay? The offline-optimal bound is what perfect foresight would have cost a schedule that meets every deadline and honours the risk policy's survivability spread; the gap to it is each policy's regret, a gap to a lower bound only for runs in that scope${scopeNote(summaries)}.`,
      cost,
    ) +
    section('availability', 'Availability', '', avail) +
    (regret
      ? section(
          'money',
          'Where the money goes',
          'What each policy paid for: useful work, or waste — commitments left unburned, work thrown away, work left undone.',
          moneyWhereChart(regret, bound?.effectiveUsd.mean),
        )
      : '') +
    section('share', 'Spend per provider', '', shareChart(runs)) +
    section('summary', 'Summary', '', table1 + runsTable) +
    '<footer><p>Made by skyfleet compare; the file is self-contained and fetches nothing.</p></footer>';
  return page({
    title: `skyfleet compare: ${scenario}`,
    heading: `Policies compared on ${scenario}`,
    subtitle: `${summaries.length} policies × ${seeds} seed${seeds === 1 ? '' : 's'}: ${summaries.map((s) => s.policy).join(', ')}.`,
    body,
  });
}

/** Mean share of spend per provider for each policy that reports it, as 100% stacked bars. */
function shareChart(runs: readonly RunSummary[]): string {
  const policies = [...new Set(runs.map((r) => r.policy))].filter((p) =>
    runs.some((r) => r.policy === p && r.spendShare),
  );
  const providers = [...new Set(runs.flatMap((r) => Object.keys(r.spendShare ?? {})))];
  if (policies.length === 0 || providers.length === 0)
    return '<p>No policy in this comparison reports spend per provider.</p>';
  const colour = colourMap(providers);
  const box: Box = { width: WIDTH, height: 20 + policies.length * 34 + 46, left: 170, right: 40, top: 20, bottom: 46 };
  const { x0, x1, y0 } = plot(box);
  const x = scale(0, 1, x0, x1);
  const parts = [
    xAxis(
      box,
      [0, 0.25, 0.5, 0.75, 1].map((v) => ({ x: x(v), label: pct(v, 0) })),
      'Share of billed spend (%)',
    ),
  ];
  const desc: string[] = [];
  policies.forEach((p, i) => {
    const rs = runs.filter((r) => r.policy === p && r.spendShare);
    const y = y0 + i * 34;
    parts.push(`<text class="lane-label" x="${x0 - 10}" y="${y + 17}" text-anchor="end">${esc(p)}</text>`);
    let at = 0;
    const shares = providers.map((pr) => rs.reduce((s, r) => s + (r.spendShare?.[pr] ?? 0), 0) / rs.length);
    desc.push(`${p}: ${providers.map((pr, k) => `${pr} ${pct(shares[k]!)}`).join(', ')}`);
    providers.forEach((pr, k) => {
      const v = shares[k]!;
      if (!(v > 0)) return;
      const w = x(at + v) - x(at);
      parts.push(
        `<rect class="mark" x="${px(x(at))}" y="${y}" width="${px(Math.max(0.5, w))}" height="24" fill="${colour(pr)}"><title>${esc(`${p}: ${pr} ${pct(v)} of spend (mean over ${rs.length} seeds)`)}</title></rect>`,
      );
      if (w > 44)
        parts.push(
          `<text x="${px(x(at) + w / 2)}" y="${y + 16}" text-anchor="middle" style="fill:${textOn(colour(pr))}">${esc(pct(v, 0))}</text>`,
        );
      at += v;
    });
  });
  const skipped = [...new Set(runs.map((r) => r.policy))].filter((p) => !policies.includes(p));
  return figure({
    heading: 'Share of spend per provider',
    note: `Mean over seeds of each provider's share of billed spend.${skipped.length ? ` Not shown (no per-provider spend): ${skipped.join(', ')}.` : ''}`,
    svg: chart({
      id: 'policy-share',
      kind: 'policy-share',
      title: 'Share of spend per provider, by policy',
      desc: `${desc.join('; ')}.`,
      box,
      body: parts.join(''),
    }),
    legend: legend(providers.map((pr) => ({ label: pr, colour: colour(pr), swatch: 'box' as const }))),
  });
}

/** How many runs of each policy are in the bound's scope (no deadline missed, no spread breach). */
function scopeNote(summaries: readonly PolicySummary[]): string {
  const rows = summaries.filter((s) => s.boundScope);
  if (!rows.length) return '';
  return ` (runs in scope: ${rows.map((s) => `${s.policy} ${s.boundScope?.inScope ?? 0} of ${s.boundScope?.runs ?? 0}`).join(', ')})`;
}
