/**
 * Spend per provider over time, stacked: one column per time bucket spanning the bucket's dates, split by provider.
 * Buckets differ in length (contract and ramp dates cut them), so the height is the spend rate, normalised to USD per
 * 730 hours (a mean month); each column's tooltip gives the bucket's exact spend. Shortfall settled at a period's end
 * is in the bucket where it was paid.
 */
import type { SimResult } from '../sim/result.js';
import { day, esc, usd, usdCompact } from './format.js';
import { colourMap } from './palette.js';
import { chart, dateAxis, figure, legend, niceTicks, plot, px, scale, WIDTH, yAxis, type Box } from './svg.js';

const MONTH_H = 730;

export function spendChart(r: SimResult): string {
  const providers = Object.keys(r.cost.byProviderCents);
  const colour = colourMap(providers);
  const box: Box = { width: WIDTH, height: 340, left: 78, right: 24, top: 20, bottom: 46 };
  const { x0, x1, y1 } = plot(box);
  const x = scale(r.horizon.start, r.horizon.end, x0, x1);
  const rows = r.periods.map((b) => {
    const hours = (b.end - b.start) / 3_600_000;
    const rates = providers.map((p) => (hours > 0 ? ((b.spendCents[p] ?? 0) / 100 / hours) * MONTH_H : 0));
    return { b, rates, total: rates.reduce((s, v) => s + v, 0) };
  });
  const yTicks = niceTicks(0, Math.max(1, ...rows.map((row) => row.total)), 5);
  const y = scale(0, yTicks[yTicks.length - 1]!, y1, box.top);
  const marks: string[] = [];
  for (const { b, rates } of rows) {
    let base = 0;
    const left = x(b.start) + 0.5;
    const width = Math.max(1, x(b.end) - x(b.start) - 1);
    providers.forEach((p, k) => {
      const v = rates[k]!;
      if (!(v > 0)) return;
      const top = y(base + v);
      const h = y(base) - top;
      base += v;
      if (h <= 0) return;
      const title = `${p}, ${day(b.start)} → ${day(b.end)}: ${usd((b.spendCents[p] ?? 0) / 100)} (${usd(v)} per 730 h)`;
      marks.push(
        `<rect class="mark" x="${px(left)}" y="${px(top)}" width="${px(width)}" height="${px(Math.max(0.5, h))}" fill="${colour(p)}"><title>${esc(title)}</title></rect>`,
      );
    });
  }
  const totalUsd = Object.values(r.cost.byProviderCents).reduce((s, v) => s + v, 0) / 100;
  const desc =
    `Spend of ${providers.length} providers over ${r.periods.length} time buckets, ${usd(totalUsd)} in all: ` +
    providers.map((p) => `${p} ${usd((r.cost.byProviderCents[p] ?? 0) / 100)}`).join(', ') +
    '.';
  const body =
    yAxis(
      box,
      yTicks.map((v) => ({ y: y(v), label: usdCompact(v) })),
      'Spend rate (USD per 730 h month)',
    ) +
    dateAxis(box, r.horizon.start, r.horizon.end, x) +
    marks.join('');
  return figure({
    heading: 'Spend per provider over time',
    note: 'Usage, reserved blocks and shortfall payments, stacked by provider; column height is the spend rate in each time bucket (USD per 730-hour month). Hover a column for its exact amount.',
    svg: chart({
      id: 'spend-by-provider',
      kind: 'spend',
      title: 'Spend per provider over time (stacked)',
      desc,
      box,
      body,
    }),
    legend: legend(
      providers.map((p) => ({
        label: `${p} (${usd((r.cost.byProviderCents[p] ?? 0) / 100)})`,
        colour: colour(p),
        swatch: 'box' as const,
      })),
    ),
  });
}
