/**
 * Colours of the report: the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies), in an
 * order that puts the low-contrast yellow last. Meaningful colours (outage, shortfall, met) are fixed.
 */
export const SERIES = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999', '#F0E442'] as const;

export const COLOUR = {
  ink: '#1f2328',
  muted: '#57606a',
  grid: '#d8dee4',
  axis: '#57606a',
  /** Provider-wide outage and shortfall. */
  bad: '#D55E00',
  /** Regional outage. */
  warn: '#E69F00',
  good: '#009E73',
  up: '#e3f1ec',
  target: '#1f2328',
  burn: '#0072B2',
  burnFill: '#0072B233',
  effective: '#0072B2',
  billed: '#56B4E9',
} as const;

/** A stable colour per name, by its position in `names`. */
export function colourMap(names: readonly string[]): (name: string) => string {
  const index = new Map(names.map((n, i) => [n, i]));
  return (name) => SERIES[(index.get(name) ?? 0) % SERIES.length]!;
}

/** Black or white, whichever reads better on `hex` (#rrggbb), by the WCAG relative luminance. */
export function textOn(hex: string): string {
  const lin = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(1) + 0.7152 * lin(3) + 0.0722 * lin(5);
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}
