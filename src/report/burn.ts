/**
 * Commitment burn-down, one chart per contract: within each commitment period the cumulative burn (USD or GPU-hours,
 * what the simulator books against the term: usage and the reserved charges that count) climbs from zero, and must
 * reach the period's minimum (plus what was carried in) by the period's end. The minimums drawn period after period
 * are the contract's ramp. A period that ends short is marked with the gap and what was paid for it.
 *
 * When burn far exceeds the minimums (credits used twenty times over), the axis stops at three times the largest
 * minimum so the ramp stays readable; the clipped periods say how far over they went.
 */
import type { ContractPeriodResult, SimResult } from '../sim/result.js';
import { compact, day, esc, num, pct, usd, usdCompact } from './format.js';
import { COLOUR } from './palette.js';
import { chart, figure, legend, niceTicks, plot, px, scale, slug, WIDTH, dateAxis, yAxis, type Box } from './svg.js';

const CLIP_FACTOR = 3;

/** One chart per contract of `r.contracts` (a simulation's settled periods, or the ledger's). */
export function burnCharts(r: Pick<SimResult, 'contracts' | 'horizon'>): string[] {
  const byContract = new Map<string, ContractPeriodResult[]>();
  for (const c of r.contracts) {
    const list = byContract.get(c.contract) ?? [];
    list.push(c);
    byContract.set(c.contract, list);
  }
  return [...byContract.entries()].map(([id, periods], i) =>
    burnChart(
      slug('burn', i, id),
      id,
      [...periods].sort((a, b) => a.start - b.start),
      r.horizon,
    ),
  );
}

function burnChart(
  id: string,
  contract: string,
  periods: readonly ContractPeriodResult[],
  horizon: { start: number; end: number },
): string {
  const first = periods[0]!;
  const unit = first.unit;
  const fmtAxis = unit === 'usd' ? usdCompact : compact;
  const fmt = (v: number): string => (unit === 'usd' ? usd(v) : `${num(v)} GPU-h`);
  const box: Box = { width: WIDTH, height: 300, left: 78, right: 24, top: 30, bottom: 46 };
  const { x0, x1, y0, y1 } = plot(box);
  const t0 = Math.max(horizon.start, Math.min(...periods.map((p) => p.start)));
  const t1 = Math.min(horizon.end, Math.max(...periods.map((p) => p.end)));
  const x = scale(t0, t1, x0, x1);
  const target = (p: ContractPeriodResult): number => p.minimum + p.carryIn;
  const maxTarget = Math.max(0, ...periods.map(target));
  const maxUsage = Math.max(0, ...periods.map((p) => p.usage));
  const clipped = maxTarget > 0 && maxUsage > CLIP_FACTOR * maxTarget;
  const yTicks = niceTicks(0, (clipped ? CLIP_FACTOR * maxTarget : Math.max(maxUsage, maxTarget)) || 1, 5);
  const yTop = yTicks[yTicks.length - 1]!;
  const y = scale(0, yTop, y1, y0);
  const yc = (v: number): number => Math.max(y0, y(v));
  const xc = (t: number): number => x(Math.min(t1, Math.max(t0, t)));

  const marks: string[] = [];
  // The ramp: each period's minimum (+ carry-in) as a step line.
  const ramp = periods
    .map((p, k) => `${k === 0 ? 'M' : 'L'}${px(xc(p.start))} ${px(yc(target(p)))} H${px(xc(p.end))}`)
    .join(' ');
  marks.push(
    `<path class="mark ramp" d="${ramp}" fill="none" stroke="${COLOUR.target}" stroke-width="2" stroke-dasharray="6 4"/>`,
  );
  for (const p of periods) {
    const pts = [{ at: Math.max(p.start, t0), usage: 0 }, ...p.burn.filter((b) => b.at > p.start)];
    const line = pts.map((b, k) => `${k === 0 ? 'M' : 'L'}${px(xc(b.at))} ${px(y(b.usage))}`).join(' ');
    const last = pts[pts.length - 1]!;
    const title =
      `${contract}, period ${p.period + 1} (${day(p.start)} → ${day(p.end)}): burned ${fmt(p.usage)} of ${fmt(target(p))} (${pct(p.utilisation)})` +
      (p.shortfall > 0
        ? `, short ${fmt(p.shortfall)}, paid ${usd(p.paidCents / 100)}${p.carryOut > 0 ? `, ${fmt(p.carryOut)} carried forward` : ''}`
        : '');
    marks.push(
      `<path class="mark burn-area" d="${line} L${px(xc(last.at))} ${px(y1)} L${px(xc(pts[0]!.at))} ${px(y1)} Z" fill="${COLOUR.burnFill}" stroke="none" clip-path="url(#${id}-clip)"><title>${esc(title)}</title></path>`,
    );
    marks.push(
      `<path class="mark burn" d="${line}" fill="none" stroke="${COLOUR.burn}" stroke-width="2.5" clip-path="url(#${id}-clip)"/>`,
    );
    const ex = xc(last.at);
    if (p.shortfall > 0) {
      const top = yc(target(p));
      const bottom = yc(p.usage);
      marks.push(
        `<rect class="mark shortfall" x="${px(ex - 4)}" y="${px(top)}" width="8" height="${px(Math.max(2, bottom - top))}" fill="${COLOUR.bad}"><title>${esc(title)}</title></rect>`,
      );
      marks.push(
        `<path class="mark end-short" d="M${px(ex)} ${px(bottom - 7)} L${px(ex + 7)} ${px(bottom)} L${px(ex)} ${px(bottom + 7)} L${px(ex - 7)} ${px(bottom)} Z" fill="${COLOUR.bad}"><title>${esc(title)}</title></path>`,
      );
      marks.push(
        `<text class="label" x="${px(ex - 10)}" y="${px(Math.max(y0 + 12, top - 6))}" text-anchor="end" fill="${COLOUR.bad}">short ${esc(fmt(p.shortfall))}, paid ${esc(usd(p.paidCents / 100))}</text>`,
      );
    } else {
      marks.push(
        `<circle class="mark end-met" cx="${px(ex)}" cy="${px(yc(p.usage))}" r="5" fill="${COLOUR.good}" stroke="white" stroke-width="1.5"><title>${esc(title)}</title></circle>`,
      );
    }
    const over = clipped && p.usage > yTop;
    marks.push(
      `<text class="label" x="${px(ex - 8)}" y="${px(over ? y0 + 14 : Math.max(y0 + 12, yc(p.usage) - 10))}" text-anchor="end">${over ? `↑ ${esc(num(p.utilisation, 1))}× the minimum` : esc(pct(p.utilisation, 0))}</text>`,
    );
  }
  const periodLines = periods
    .slice(1)
    .map(
      (p) =>
        `<line x1="${px(xc(p.start))}" x2="${px(xc(p.start))}" y1="${px(y0)}" y2="${px(y1)}" stroke="${COLOUR.muted}" stroke-dasharray="2 3"/>`,
    )
    .join('');
  const unitLabel = unit === 'usd' ? 'USD' : 'GPU-hours';
  const body =
    `<defs><clipPath id="${id}-clip"><rect x="${x0}" y="${y0}" width="${px(x1 - x0)}" height="${px(y1 - y0)}"/></clipPath></defs>` +
    yAxis(
      box,
      yTicks.map((v) => ({ y: y(v), label: fmtAxis(v) })),
      `Burned in the period (${unitLabel})`,
    ) +
    dateAxis(box, t0, t1, x) +
    periodLines +
    marks.join('');
  const short = periods.filter((p) => p.shortfall > 0);
  const desc =
    `${periods.length} commitment periods from ${day(t0)} to ${day(t1)}. ` +
    (short.length === 0
      ? 'Every period met its minimum.'
      : `${short.length} period(s) ended short; ${usd(short.reduce((s, p) => s + p.paidCents, 0) / 100)} paid in shortfall.`) +
    (clipped ? ` The axis stops at ${CLIP_FACTOR}× the largest minimum; burn went up to ${fmt(maxUsage)}.` : '');
  const provider = first.provider;
  return figure({
    heading: `${contract} (${provider}): burn against the ramp`,
    note: `Cumulative burn within each period (${unitLabel}) against the period's minimum plus carry-in. ${desc}`,
    svg: chart({ id, kind: 'burn-down', title: `Commitment burn-down of ${contract}`, desc, box, body }),
    legend: legend([
      { label: `Burned so far in the period (${unitLabel})`, colour: COLOUR.burn, swatch: 'line' },
      { label: 'Minimum of the period (the ramp)', colour: COLOUR.target, swatch: 'dash' },
      { label: 'Period met its minimum', colour: COLOUR.good, swatch: 'dot' },
      ...(short.length
        ? [{ label: 'Period ended short (the gap)', colour: COLOUR.bad, swatch: 'diamond' as const }]
        : []),
    ]),
  });
}
