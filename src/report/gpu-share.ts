/**
 * GPU share per provider over time: one column per time bucket, 100% stacked by the share of the bucket's GPU-hours
 * each provider served — the concentration a cap or a survivability rule is about, as it moves with outages,
 * ramps and prices. Buckets with no GPU-hours at all are left empty.
 */
import type { SimResult } from '../sim/result.js';
import { day, esc, num, pct } from './format.js';
import { colourMap } from './palette.js';
import { chart, dateAxis, figure, legend, plot, px, scale, WIDTH, yAxis, type Box } from './svg.js';

export function gpuShareChart(r: SimResult): string {
  const providers = Object.keys(r.cost.byProviderCents);
  const colour = colourMap(providers);
  const box: Box = { width: WIDTH, height: 260, left: 78, right: 24, top: 20, bottom: 46 };
  const { x0, x1, y1 } = plot(box);
  const x = scale(r.horizon.start, r.horizon.end, x0, x1);
  const y = scale(0, 1, y1, box.top);
  const marks: string[] = [];
  const totals: Record<string, number> = {};
  for (const b of r.periods) {
    const total = providers.reduce((s, p) => s + (b.gpuHours[p] ?? 0), 0);
    if (!(total > 0)) continue;
    let base = 0;
    const left = x(b.start) + 0.5;
    const width = Math.max(1, x(b.end) - x(b.start) - 1);
    for (const p of providers) {
      const gh = b.gpuHours[p] ?? 0;
      totals[p] = (totals[p] ?? 0) + gh;
      const share = gh / total;
      if (!(share > 0)) continue;
      const top = y(base + share);
      const h = y(base) - top;
      base += share;
      const title = `${p}, ${day(b.start)} → ${day(b.end)}: ${pct(share)} of ${num(total)} GPU-hours`;
      marks.push(
        `<rect class="mark" x="${px(left)}" y="${px(top)}" width="${px(width)}" height="${px(Math.max(0.5, h))}" fill="${colour(p)}"><title>${esc(title)}</title></rect>`,
      );
    }
  }
  const all = Object.values(totals).reduce((s, v) => s + v, 0);
  const desc =
    `Share of GPU-hours per provider in each of ${r.periods.length} time buckets; over the horizon: ` +
    providers.map((p) => `${p} ${pct(all > 0 ? (totals[p] ?? 0) / all : null)}`).join(', ') +
    '.';
  const body =
    yAxis(
      box,
      [0, 0.25, 0.5, 0.75, 1].map((v) => ({ y: y(v), label: pct(v, 0) })),
      'Share of GPU-hours',
    ) +
    dateAxis(box, r.horizon.start, r.horizon.end, x) +
    marks.join('');
  return figure({
    heading: 'GPU share per provider over time',
    note: 'Each column is one time bucket, split by the share of its GPU-hours each provider served. Hover a column for the numbers.',
    svg: chart({
      id: 'gpu-share-by-provider',
      kind: 'gpu-share',
      title: 'GPU share per provider over time (100% stacked)',
      desc,
      box,
      body,
    }),
    legend: legend(
      providers.map((p) => ({
        label: `${p} (${pct(all > 0 ? (totals[p] ?? 0) / all : null)})`,
        colour: colour(p),
        swatch: 'box' as const,
      })),
    ),
  });
}
