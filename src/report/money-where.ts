/**
 * Where the money goes, per policy: one horizontal bar per policy, the mean effective cost over seeds stacked into
 * useful spend, commitment waste (shortfall paid + idle reserved blocks), spot losses, outage losses, capacity losses
 * and unserved work (queueing past the horizon, jobs never placed), from the simulator's own accounting
 * (src/sim/money-breakdown.ts). A dashed line marks the offline lower bound when the comparison has it. The parts of
 * each bar add up to its effective cost.
 */
import type { RegretSummary } from '../sim/regret.js';
import { esc, usd, usdCompact } from './format.js';
import { COLOUR, SERIES, textOn } from './palette.js';
import { chart, figure, legend, niceTicks, plot, px, scale, WIDTH, xAxis, type Box } from './svg.js';

type Part = keyof NonNullable<RegretSummary['breakdownUsd']>;

/** The stacked parts, in order, with their words and colours. */
export const MONEY_PARTS: readonly { readonly key: Part; readonly label: string; readonly colour: string }[] = [
  { key: 'useful', label: 'Useful spend', colour: SERIES[0] },
  { key: 'commitmentWaste', label: 'Commitment waste (shortfall + idle reserved)', colour: SERIES[1] },
  { key: 'spotLosses', label: 'Spot losses (work redone)', colour: SERIES[3] },
  { key: 'outages', label: 'Outage losses (work redone)', colour: COLOUR.bad },
  { key: 'capacityLosses', label: 'Capacity losses (work redone)', colour: SERIES[6] },
  { key: 'unserved', label: 'Unserved / queueing (work left undone)', colour: SERIES[4] },
];

const BAR = 24;
const LANE = 34;

export function moneyWhereChart(regret: readonly RegretSummary[], boundUsd: number | undefined): string {
  const rows = regret.filter((r) => r.breakdownUsd);
  if (rows.length === 0) return '<p>No policy in this comparison has a money breakdown.</p>';
  const box: Box = { width: WIDTH, height: 20 + rows.length * LANE + 46, left: 170, right: 120, top: 20, bottom: 46 };
  const { x0, x1, y0, y1 } = plot(box);
  const hi = Math.max(boundUsd ?? 0, ...rows.map((r) => r.breakdownUsd?.effective ?? 0));
  const ticks = niceTicks(0, hi > 0 ? hi : 1, 5);
  const x = scale(0, ticks[ticks.length - 1] ?? 1, x0, x1);
  const parts = [
    xAxis(
      box,
      ticks.map((v) => ({ x: x(v), label: usdCompact(v) })),
      'Mean effective cost over the horizon (USD)',
    ),
  ];
  const desc: string[] = [];
  rows.forEach((r, i) => {
    const b = r.breakdownUsd;
    if (!b) return;
    const y = y0 + i * LANE;
    parts.push(`<text class="lane-label" x="${x0 - 10}" y="${y + 17}" text-anchor="end">${esc(r.policy)}</text>`);
    desc.push(
      `${r.policy}: ${usd(b.effective)} = ${MONEY_PARTS.map((p) => `${p.label.toLowerCase()} ${usd(b[p.key])}`).join(' + ')}`,
    );
    let at = 0;
    for (const p of MONEY_PARTS) {
      const v = b[p.key];
      if (!(v > 0)) continue;
      const w = x(at + v) - x(at);
      parts.push(
        `<rect class="mark money-part" data-part="${p.key}" x="${px(x(at))}" y="${y}" width="${px(Math.max(0.5, w))}" height="${BAR}" fill="${p.colour}"><title>${esc(`${r.policy}: ${p.label} ${usd(v)} (${((v / b.effective) * 100).toFixed(1)}% of ${usd(b.effective)}, mean over ${r.seeds} seeds)`)}</title></rect>`,
      );
      if (w > 60)
        parts.push(
          `<text x="${px(x(at) + w / 2)}" y="${y + 16}" text-anchor="middle" style="fill:${textOn(p.colour)}">${esc(usdCompact(v))}</text>`,
        );
      at += v;
    }
    parts.push(`<text class="label" x="${px(x(at) + 8)}" y="${y + 16}">${esc(usdCompact(b.effective))}</text>`);
  });
  if (boundUsd !== undefined && boundUsd > 0)
    parts.push(
      `<path class="mark bound" d="M${px(x(boundUsd) - 4)} ${px(y0 - 6)} H${px(x(boundUsd) + 4)} M${px(x(boundUsd))} ${px(y0 - 6)} V${px(y1)} M${px(x(boundUsd) - 4)} ${px(y1)} H${px(x(boundUsd) + 4)}" stroke="${COLOUR.ink}" stroke-width="1.5" stroke-dasharray="5 4" fill="none"><title>${esc(`offline-optimal lower bound: ${usd(boundUsd)}`)}</title></path>`,
    );
  return figure({
    heading: 'Where the money goes',
    note: "Each policy's mean effective cost over seeds, split by what it paid for: useful spend (work kept), commitment waste (shortfall paid on minimums and reserved GPU-hours left idle), work thrown away at spot preemptions, outages and capacity cuts (GPU-hours since the last checkpoint at the price paid), and work left undone at the horizon (valued at the dearest list price per H100-equivalent GPU-hour). The parts add up to the bar. The dashed line is the offline-optimal lower bound.",
    svg: chart({
      id: 'policy-money',
      kind: 'policy-money',
      title: 'Where the money goes, by policy (stacked)',
      desc: `${desc.join('; ')}.${boundUsd !== undefined ? ` Lower bound ${usd(boundUsd)}.` : ''}`,
      box,
      body: parts.join(''),
    }),
    legend: legend([
      ...MONEY_PARTS.map((p) => ({ label: p.label, colour: p.colour, swatch: 'box' as const })),
      ...(boundUsd !== undefined
        ? [{ label: 'Offline-optimal lower bound', colour: COLOUR.ink, swatch: 'dash' as const }]
        : []),
    ]),
  });
}
