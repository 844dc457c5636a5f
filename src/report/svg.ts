/**
 * SVG building blocks for the report's charts: scales, nice ticks, time ticks, axes, the chart element with its title
 * and description, and the legend. Every chart is an `<svg class="chart" role="img">` with a `<title>` and `<desc>`;
 * the marks that carry data have the class `mark` (what the browser test measures).
 */
import { COLOUR } from './palette.js';
import { esc, monthName } from './format.js';

export const WIDTH = 960;

/** A chart's size and the margins around its plot area. */
export interface Box {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export const plot = (b: Box): { x0: number; x1: number; y0: number; y1: number } => ({
  x0: b.left,
  x1: b.width - b.right,
  y0: b.top,
  y1: b.height - b.bottom,
});

/** A linear map from [d0, d1] to [r0, r1]; a degenerate domain maps to the middle of the range. */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return (v) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** A step of 1, 2, 2.5 or 5 × 10^k giving about `count` intervals over `span`. */
export function niceStep(span: number, count = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

const clean = (v: number): number => Number(v.toPrecision(12));

/** Round tick values covering [lo, hi]: the first ≤ lo, the last ≥ hi. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) hi = lo + (lo === 0 ? 1 : Math.abs(lo));
  const step = niceStep(hi - lo, count);
  const first = Math.floor(lo / step + 1e-9) * step;
  const out: number[] = [];
  for (let v = first, i = 0; i < 100; i++, v = first + i * step) {
    out.push(clean(v));
    if (v >= hi - step * 1e-9) break;
  }
  return out;
}

export interface TimeTick {
  readonly at: number;
  readonly label: string;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Ticks on calendar boundaries (UTC): months or years for long spans, days or hours for short ones. */
export function timeTicks(start: number, end: number, max = 8): TimeTick[] {
  const span = end - start;
  const out: TimeTick[] = [];
  if (span >= 60 * DAY_MS) {
    const step = [1, 2, 3, 6, 12, 24, 36, 60, 120].find((m) => span / (m * 30.44 * DAY_MS) <= max) ?? 240;
    const d = new Date(start);
    let m = d.getUTCFullYear() * 12 + d.getUTCMonth();
    if (Date.UTC(Math.floor(m / 12), m % 12, 1) < start) m++;
    while (m % step !== 0) m++;
    for (
      let at = Date.UTC(Math.floor(m / 12), m % 12, 1);
      at <= end;
      m += step, at = Date.UTC(Math.floor(m / 12), m % 12, 1)
    ) {
      out.push({ at, label: step >= 12 ? String(Math.floor(m / 12)) : `${monthName(m % 12)} ${Math.floor(m / 12)}` });
    }
    return out;
  }
  const hours = [1, 2, 3, 6, 12, 24, 48, 168, 336].find((h) => span / (h * HOUR_MS) <= max) ?? 672;
  const stepMs = hours * HOUR_MS;
  for (let at = Math.ceil(start / stepMs) * stepMs; at <= end; at += stepMs) {
    const d = new Date(at);
    const date = `${d.getUTCDate()} ${monthName(d.getUTCMonth())}`;
    out.push({ at, label: hours >= 24 ? date : `${date} ${String(d.getUTCHours()).padStart(2, '0')}:00` });
  }
  return out;
}

const f = (v: number): string => String(Math.round(v * 10) / 10);
export { f as px };

/** Vertical grid lines and labels under the plot, and the axis title. */
export function xAxis(b: Box, ticks: readonly { x: number; label: string }[], title: string): string {
  const { x0, x1, y0, y1 } = plot(b);
  const parts = ticks.map(
    (t) =>
      `<line x1="${f(t.x)}" x2="${f(t.x)}" y1="${f(y0)}" y2="${f(y1)}" stroke="${COLOUR.grid}"/>` +
      `<text x="${f(t.x)}" y="${f(y1 + 16)}" text-anchor="${t.x > x1 - 28 ? 'end' : 'middle'}">${esc(t.label)}</text>`,
  );
  parts.push(`<line x1="${f(x0)}" x2="${f(x1)}" y1="${f(y1)}" y2="${f(y1)}" stroke="${COLOUR.axis}"/>`);
  parts.push(
    `<text class="axis-title" x="${f((x0 + x1) / 2)}" y="${f(b.height - 6)}" text-anchor="middle">${esc(title)}</text>`,
  );
  return `<g class="axis x-axis">${parts.join('')}</g>`;
}

/** The time axis of a chart over [start, end]: its month or day ticks (timeTicks) placed by `x`, titled Date (UTC). */
export const dateAxis = (b: Box, start: number, end: number, x: (at: number) => number): string =>
  xAxis(
    b,
    timeTicks(start, end).map((t) => ({ x: x(t.at), label: t.label })),
    'Date (UTC)',
  );

/** Horizontal grid lines and labels left of the plot, and the axis title (rotated). */
export function yAxis(b: Box, ticks: readonly { y: number; label: string }[], title: string): string {
  const { x0, x1, y0, y1 } = plot(b);
  const parts = ticks.map(
    (t) =>
      `<line x1="${f(x0)}" x2="${f(x1)}" y1="${f(t.y)}" y2="${f(t.y)}" stroke="${COLOUR.grid}"/>` +
      `<text x="${f(x0 - 6)}" y="${f(t.y + 4)}" text-anchor="end">${esc(t.label)}</text>`,
  );
  parts.push(`<line x1="${f(x0)}" x2="${f(x0)}" y1="${f(y0)}" y2="${f(y1)}" stroke="${COLOUR.axis}"/>`);
  const cy = (y0 + y1) / 2;
  parts.push(
    `<text class="axis-title" transform="translate(14 ${f(cy)}) rotate(-90)" text-anchor="middle">${esc(title)}</text>`,
  );
  return `<g class="axis y-axis">${parts.join('')}</g>`;
}

/** The chart element: an accessible image with a title and a description, drawn in a fixed coordinate system. */
export function chart(o: { id: string; kind: string; title: string; desc: string; box: Box; body: string }): string {
  return (
    `<svg class="chart" id="${esc(o.id)}" data-chart="${esc(o.kind)}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${o.box.width} ${o.box.height}" ` +
    `role="img" aria-labelledby="${esc(o.id)}-title ${esc(o.id)}-desc"><title id="${esc(o.id)}-title">${esc(o.title)}</title>` +
    `<desc id="${esc(o.id)}-desc">${esc(o.desc)}</desc>${o.body}</svg>`
  );
}

export type Swatch = 'box' | 'line' | 'dash' | 'dot' | 'diamond' | 'half';

export interface LegendItem {
  readonly label: string;
  readonly colour: string;
  readonly swatch: Swatch;
}

function swatch(s: Swatch, c: string): string {
  const shape = {
    box: `<rect x="1" y="2" width="16" height="10" fill="${c}"/>`,
    half: `<rect x="1" y="7" width="16" height="5" fill="${c}"/>`,
    line: `<line x1="0" x2="18" y1="7" y2="7" stroke="${c}" stroke-width="3"/>`,
    dash: `<line x1="0" x2="18" y1="7" y2="7" stroke="${c}" stroke-width="2" stroke-dasharray="4 3"/>`,
    dot: `<circle cx="9" cy="7" r="4.5" fill="${c}"/>`,
    diamond: `<path d="M9 1.5 L14.5 7 L9 12.5 L3.5 7 Z" fill="${c}"/>`,
  }[s];
  return `<svg class="swatch" width="18" height="14" viewBox="0 0 18 14" aria-hidden="true">${shape}</svg>`;
}

/** The legend, as an HTML list (readable by a screen reader, and selectable text). */
export function legend(items: readonly LegendItem[]): string {
  return `<ul class="legend">${items.map((i) => `<li>${swatch(i.swatch, i.colour)}<span>${esc(i.label)}</span></li>`).join('')}</ul>`;
}

/** A figure: heading, one-line explanation, the chart, its legend. */
export function figure(o: { heading: string; note: string; svg: string; legend?: string }): string {
  return `<figure><figcaption><h3>${esc(o.heading)}</h3><p>${esc(o.note)}</p></figcaption>${o.svg}${o.legend ?? ''}</figure>`;
}

/** An id usable in HTML and url(#…): a prefix, an index (unique), and the name's letters and digits. */
export function slug(prefix: string, i: number, name: string): string {
  return `${prefix}-${i}-${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)}`;
}
