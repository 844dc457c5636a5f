/**
 * The page around the charts: one HTML document with its style inline and a Content-Security-Policy that forbids
 * every fetch (no scripts, fonts, images or styles from anywhere), so the file shows the same offline, forever.
 */
import { esc } from './format.js';

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d8dee4; --panel: #ffffff; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 48px; }
header h1 { font-size: 26px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 20px; margin: 36px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 2px; }
section > p { margin: 4px 0 12px; color: var(--muted); max-width: 80ch; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 20px 0 0; }
.figures div { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.figures dt { color: var(--muted); font-size: 13px; }
.figures dd { margin: 2px 0 0; font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.figures dd small { display: block; font-size: 12px; font-weight: 400; color: var(--muted); }
figure { margin: 14px 0 22px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px 10px; }
figcaption p { margin: 0 0 8px; color: var(--muted); font-size: 13px; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #24292f; }
svg.chart .axis-title, svg.chart .panel-title { font-weight: 600; }
svg.chart .lane-label { font-weight: 600; font-size: 13px; }
svg.chart .mark:hover { opacity: 0.8; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 6px 0 0; padding: 0; font-size: 13px; }
.legend li { display: flex; align-items: center; gap: 6px; }
table { border-collapse: collapse; width: 100%; background: var(--panel); border: 1px solid var(--line); font-size: 13px; margin: 8px 0 16px; }
caption { text-align: left; font-weight: 600; padding: 6px 0; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; }
thead th { background: #eef1f4; font-weight: 600; }
tbody th { white-space: nowrap; }
.table-wrap { overflow-x: auto; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.bad td { color: #a33a00; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--muted); }
footer { margin-top: 36px; color: var(--muted); font-size: 13px; }
`;

export function page(o: { title: string; heading: string; subtitle: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="skyfleet">
<title>${esc(o.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>${esc(o.heading)}</h1><p>${esc(o.subtitle)}</p></header>
${o.body}
</main>
</body>
</html>
`;
}

export interface Column {
  readonly label: string;
  readonly numeric?: boolean;
}

/** A table of text cells (escaped here); `bad` rows are highlighted (a shortfall, a miss). */
export function table(
  caption: string,
  columns: readonly Column[],
  rows: readonly { cells: readonly string[]; bad?: boolean }[],
): string {
  const head = columns.map((c) => `<th scope="col"${c.numeric ? ' class="n"' : ''}>${esc(c.label)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr${r.bad ? ' class="bad"' : ''}>${r.cells
          .map((cell, i) =>
            i === 0
              ? `<th scope="row">${esc(cell)}</th>`
              : `<td${columns[i]?.numeric ? ' class="n"' : ''}>${esc(cell)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  return `<div class="table-wrap"><table><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** The headline numbers, as a definition list of cards. */
export function figures(items: readonly { label: string; value: string; note?: string }[]): string {
  return `<dl class="figures">${items.map((i) => `<div><dt>${esc(i.label)}</dt><dd>${esc(i.value)}${i.note ? `<small>${esc(i.note)}</small>` : ''}</dd></div>`).join('')}</dl>`;
}

export function section(id: string, heading: string, intro: string, content: string): string {
  return `<section id="${esc(id)}"><h2>${esc(heading)}</h2>${intro ? `<p>${esc(intro)}</p>` : ''}${content}</section>`;
}
