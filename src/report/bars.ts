/**
 * Horizontal bars with 95% confidence intervals: one group per policy, one bar per measure, each bar from zero to the
 * mean over seeds, a whisker from the interval's low to its high end, and a dot at the mean (so a zero still shows).
 */
import type { Interval } from '../sim/metrics.js';
import { esc } from './format.js';
import { COLOUR } from './palette.js';
import { chart, niceTicks, plot, px, scale, WIDTH, xAxis, type Box } from './svg.js';

export interface BarSeries {
  readonly name: string;
  readonly colour: string;
}
export interface BarGroup {
  readonly label: string;
  readonly values: readonly (Interval | undefined)[];
}

const BAR = 18;
const GROUP_GAP = 16;

export function intervalBars(o: {
  id: string;
  kind: string;
  title: string;
  desc: string;
  xTitle: string;
  series: readonly BarSeries[];
  groups: readonly BarGroup[];
  axis: (v: number) => string;
  value: (i: Interval) => string;
}): string {
  const per = o.series.length * BAR + GROUP_GAP;
  const box: Box = {
    width: WIDTH,
    height: 20 + o.groups.length * per + 46,
    left: 170,
    right: 170,
    top: 20,
    bottom: 46,
  };
  const { x0, x1, y0 } = plot(box);
  const all = o.groups.flatMap((g) =>
    g.values.filter((v): v is Interval => v !== undefined && Number.isFinite(v.mean)),
  );
  const hi = Math.max(0, ...all.map((v) => Math.max(v.hi ?? v.mean, v.mean)));
  const ticks = niceTicks(0, hi > 0 ? hi : 1, 5);
  const x = scale(0, ticks[ticks.length - 1]!, x0, x1);
  const parts: string[] = [
    xAxis(
      box,
      ticks.map((v) => ({ x: x(v), label: o.axis(v) })),
      o.xTitle,
    ),
  ];
  o.groups.forEach((g, gi) => {
    const top = y0 + gi * per;
    parts.push(
      `<text class="lane-label" x="${x0 - 10}" y="${px(top + (o.series.length * BAR) / 2 + 4)}" text-anchor="end">${esc(g.label)}</text>`,
    );
    o.series.forEach((s, si) => {
      const v = g.values[si];
      const y = top + si * BAR;
      const mid = y + (BAR - 4) / 2;
      if (!v || !Number.isFinite(v.mean)) {
        parts.push(`<text class="label" x="${x0 + 6}" y="${px(mid + 4)}">${esc(`${s.name}: not measured`)}</text>`);
        return;
      }
      const title = `${g.label}, ${s.name}: ${o.value(v)}${v.lo !== null && v.hi !== null ? ` (95% CI ${o.axis(v.lo)} to ${o.axis(v.hi)}, ${v.n} seeds)` : ` (${v.n} seed${v.n === 1 ? '' : 's'}, no interval)`}`;
      const w = x(Math.max(0, v.mean)) - x0;
      if (w > 0)
        parts.push(
          `<rect class="mark bar" x="${x0}" y="${y}" width="${px(w)}" height="${BAR - 4}" fill="${s.colour}"><title>${esc(title)}</title></rect>`,
        );
      // An interval narrower than the drawing's resolution (every seed gave the same, or as good as) is no whisker:
      // the title still says it.
      const a = v.lo !== null ? x(Math.max(0, v.lo)) : 0;
      const b = v.hi !== null ? x(v.hi) : 0;
      if (v.lo !== null && v.hi !== null && Number(px(b)) > Number(px(a))) {
        parts.push(
          `<path class="mark ci" d="M${px(a)} ${px(mid)} H${px(b)} M${px(a)} ${px(mid - 5)} V${px(mid + 5)} M${px(b)} ${px(mid - 5)} V${px(mid + 5)}" stroke="${COLOUR.ink}" stroke-width="1.5" fill="none"/>`,
        );
      }
      parts.push(
        `<circle class="mark mean" cx="${px(x(Math.max(0, v.mean)))}" cy="${px(mid)}" r="3.5" fill="${COLOUR.ink}"><title>${esc(title)}</title></circle>`,
      );
      parts.push(
        `<text class="label" x="${px(Math.max(x(v.hi ?? v.mean), x(v.mean)) + 8)}" y="${px(mid + 4)}">${esc(o.value(v))}</text>`,
      );
    });
  });
  return chart({ id: o.id, kind: o.kind, title: o.title, desc: o.desc, box, body: parts.join('') });
}
