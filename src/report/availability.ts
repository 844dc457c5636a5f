/**
 * Availability over time: on top, the share of inference demand served in each time bucket (when the scenario has
 * inference); below, one lane per provider with its outages marked — a whole-provider outage fills the lane, a
 * regional one its lower half. Outages shorter than a pixel are drawn two pixels wide so none disappears; the lane's
 * right side states how many and how long. Provider-wide outages are shaded behind the served line too.
 */
import type { SimResult } from '../sim/result.js';
import { dayTime, duration, esc, num, pct } from './format.js';
import { COLOUR } from './palette.js';
import {
  chart,
  figure,
  legend,
  niceStep,
  niceTicks,
  plot,
  px,
  scale,
  timeTicks,
  WIDTH,
  yAxis,
  type Box,
} from './svg.js';

const LANE = 30;
const GAP = 8;
const SERVED_H = 120;

/** The lowest share the served axis shows: a round value a little under the worst bucket (never under 0). */
export function servedFloor(minShare: number): number {
  const missing = 1 - Math.min(1, Math.max(0, minShare));
  if (missing <= 0) return 0.99;
  const step = niceStep(missing * 1.25, 1);
  return Math.max(0, 1 - Math.min(1, step));
}

/** Percent labels with the fewest decimals that state every tick exactly. */
export function shareLabels(ticks: readonly number[]): string[] {
  for (let d = 0; d < 6; d++) {
    const labels = ticks.map((v) => pct(v, d));
    if (ticks.every((v, i) => Math.abs(Number(labels[i]!.slice(0, -1)) - v * 100) < 1e-6)) return labels;
  }
  return ticks.map((v) => pct(v, 6));
}

export function availabilityChart(r: SimResult): string {
  const providers = Object.keys(r.cost.byProviderCents);
  const buckets = r.periods.filter((b) => b.demandUnitHours > 0);
  const hasServed = buckets.length > 0;
  const servedTop = 24;
  const lanesTop = hasServed ? servedTop + SERVED_H + 44 : 30;
  const height = lanesTop + providers.length * (LANE + GAP) + 46;
  const box: Box = { width: WIDTH, height, left: 110, right: 180, top: servedTop, bottom: 46 };
  const { x0, x1 } = plot(box);
  const x = scale(r.horizon.start, r.horizon.end, x0, x1);
  const horizonH = (r.horizon.end - r.horizon.start) / 3_600_000;
  const parts: string[] = [];
  const axisY = height - box.bottom;
  parts.push('<g class="axis x-axis">');
  for (const t of timeTicks(r.horizon.start, r.horizon.end)) {
    parts.push(
      `<line x1="${px(x(t.at))}" x2="${px(x(t.at))}" y1="${servedTop}" y2="${px(axisY)}" stroke="${COLOUR.grid}"/>`,
    );
    parts.push(
      `<text x="${px(x(t.at))}" y="${px(axisY + 16)}" text-anchor="${x(t.at) > x1 - 28 ? 'end' : 'middle'}">${esc(t.label)}</text>`,
    );
  }
  parts.push(`<line x1="${x0}" x2="${x1}" y1="${px(axisY)}" y2="${px(axisY)}" stroke="${COLOUR.axis}"/>`);
  parts.push(
    `<text class="axis-title" x="${px((x0 + x1) / 2)}" y="${height - 6}" text-anchor="middle">Date (UTC)</text>`,
  );
  parts.push('</g>');
  const outageBox = (o: { start: number; end: number }): { left: number; width: number } => {
    const left = x(Math.max(o.start, r.horizon.start));
    return { left, width: Math.max(2, x(Math.min(o.end, r.horizon.end)) - left) };
  };

  if (hasServed) {
    const shares = buckets.map((b) => b.servedUnitHours / b.demandUnitHours);
    const ticks = niceTicks(servedFloor(Math.min(...shares)), 1, 4).filter((v) => v >= 0 && v <= 1 + 1e-12);
    const lo = ticks[0]!;
    const sbox: Box = {
      width: WIDTH,
      height: servedTop + SERVED_H + 40,
      left: box.left,
      right: box.right,
      top: servedTop,
      bottom: 40,
    };
    const y = scale(lo, 1, servedTop + SERVED_H, servedTop);
    const labels = shareLabels(ticks);
    parts.push(
      yAxis(
        sbox,
        ticks.map((v, i) => ({ y: y(v), label: labels[i]! })),
        'Served (%)',
      ),
    );
    for (const o of r.outages) {
      if (o.region !== '*') continue;
      const { left, width } = outageBox(o);
      parts.push(
        `<rect x="${px(left)}" y="${servedTop}" width="${px(width)}" height="${SERVED_H}" fill="${COLOUR.bad}" opacity="0.15"/>`,
      );
    }
    const line = buckets
      .map((b, k) => `${k === 0 ? 'M' : 'L'}${px(x(b.start))} ${px(y(shares[k]!))} H${px(x(b.end))}`)
      .join(' ');
    const first = buckets[0]!;
    const last = buckets[buckets.length - 1]!;
    parts.push(
      `<path class="mark served-area" d="${line} L${px(x(last.end))} ${servedTop + SERVED_H} L${px(x(first.start))} ${servedTop + SERVED_H} Z" fill="${COLOUR.good}" opacity="0.25"/>`,
    );
    parts.push(`<path class="mark served" d="${line}" fill="none" stroke="${COLOUR.good}" stroke-width="2.5"/>`);
    buckets.forEach((b, k) => {
      const title = `${dayTime(b.start)} → ${dayTime(b.end)}: ${pct(shares[k]!, 3)} of inference demand served (${num(b.servedUnitHours)} of ${num(b.demandUnitHours)} H100-replica-hours)`;
      parts.push(
        `<rect x="${px(x(b.start))}" y="${servedTop}" width="${px(Math.max(1, x(b.end) - x(b.start)))}" height="${SERVED_H}" fill="transparent"><title>${esc(title)}</title></rect>`,
      );
    });
    parts.push(
      `<text class="label" x="${x1 + 8}" y="${servedTop + 14}">Overall ${esc(pct(r.inference.attainment, 2))}</text>`,
    );
    parts.push(`<text class="label" x="${x1 + 8}" y="${servedTop + 30}">of demand served</text>`);
    parts.push(`<text class="panel-title" x="${x0}" y="${px(lanesTop - 12)}">Outages by provider</text>`);
  }

  providers.forEach((p, k) => {
    const top = lanesTop + k * (LANE + GAP);
    const mine = r.outages.filter((o) => o.provider === p);
    const hours = mine.reduce(
      (s, o) => s + (Math.min(o.end, r.horizon.end) - Math.max(o.start, r.horizon.start)) / 3_600_000,
      0,
    );
    const wholeH = mine
      .filter((o) => o.region === '*')
      .reduce((s, o) => s + (Math.min(o.end, r.horizon.end) - Math.max(o.start, r.horizon.start)) / 3_600_000, 0);
    parts.push(
      `<rect class="lane" x="${x0}" y="${top}" width="${px(x1 - x0)}" height="${LANE}" fill="${COLOUR.up}"><title>${esc(`${p}: up ${pct(1 - wholeH / horizonH, 3)} of the time as a whole provider`)}</title></rect>`,
    );
    parts.push(`<text class="lane-label" x="${x0 - 8}" y="${top + LANE / 2 + 4}" text-anchor="end">${esc(p)}</text>`);
    for (const o of mine) {
      const { left, width } = outageBox(o);
      const whole = o.region === '*';
      const title = `${p} ${whole ? 'provider-wide' : `region ${o.region}`} outage: ${dayTime(o.start)} → ${dayTime(o.end)} (${duration((o.end - o.start) / 3_600_000)})`;
      parts.push(
        `<rect class="mark outage ${whole ? 'whole' : 'regional'}" x="${px(left)}" y="${whole ? top : top + LANE / 2}" width="${px(width)}" height="${whole ? LANE : LANE / 2}" fill="${whole ? COLOUR.bad : COLOUR.warn}"><title>${esc(title)}</title></rect>`,
      );
    }
    const stat =
      mine.length === 0 ? 'no outages' : `${mine.length} outage${mine.length === 1 ? '' : 's'}, ${duration(hours)}`;
    parts.push(`<text class="label" x="${x1 + 8}" y="${top + LANE / 2 + 4}">${esc(stat)}</text>`);
  });

  const whole = r.outages.filter((o) => o.region === '*').length;
  const desc =
    `${r.outages.length} outages over the horizon (${whole} provider-wide, ${r.outages.length - whole} regional) across ${providers.length} providers` +
    (hasServed
      ? `; ${pct(r.inference.attainment, 2)} of inference demand served overall.`
      : '; the scenario has no inference demand.');
  return figure({
    heading: 'Availability and outages',
    note:
      (hasServed ? 'Top: share of inference demand served in each time bucket (note the axis range). ' : '') +
      'Lanes: each provider over the horizon, outages marked. Hover an outage for its dates and length.',
    svg: chart({
      id: 'availability',
      kind: 'availability',
      title: 'Availability timeline with outages per provider',
      desc,
      box,
      body: parts.join(''),
    }),
    legend: legend([
      ...(hasServed ? [{ label: 'Inference demand served (%)', colour: COLOUR.good, swatch: 'line' as const }] : []),
      { label: 'Provider up', colour: COLOUR.up, swatch: 'box' },
      { label: 'Provider-wide outage', colour: COLOUR.bad, swatch: 'box' },
      { label: 'Regional outage (lower half)', colour: COLOUR.warn, swatch: 'half' },
    ]),
  });
}
