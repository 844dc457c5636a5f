/** "Did you mean …?" for names the user mistyped (GPU models, providers, regions). */

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours ('ue' -> 'eu'). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate (case-insensitive; punctuation-insensitive), when it is close enough to be a typo. */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  if (value.length > 64) return undefined; // no typo of a name is that long, and the distance is quadratic
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');
  const v = norm(value);
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = editDistance(v, norm(c));
    if (dist < bestD || (dist === bestD && best !== undefined && c < best)) { best = c; bestD = dist; }
  }
  const limit = Math.max(1, Math.floor(v.length / 3));
  return best !== undefined && bestD <= limit ? best : undefined;
}

/** ` (did you mean 'H100'?)` or an empty string. */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  const c = closest(value, candidates);
  return c === undefined ? '' : ` (did you mean '${c}'?)`;
}
