/** "Did you mean …?" for names the user mistyped (GPU models, providers, regions). */

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours ('ue' -> 'eu').
 * Three rolling rows, so a call allocates O(|b|), not O(|a| × |b|). */
export function editDistance(a: string, b: string): number {
  const m = b.length;
  let prev2 = new Uint32Array(m + 1);
  let prev = new Uint32Array(m + 1);
  let cur = new Uint32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

/** The closest candidate (case-insensitive; punctuation-insensitive), when it is close enough to be a typo. */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  if (value.length > 64) return undefined; // no typo of a name is that long
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');
  const v = norm(value);
  const limit = Math.max(1, Math.floor(v.length / 3));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const n = norm(c);
    if (Math.abs(n.length - v.length) > limit) continue; // the distance is at least the difference in length
    const dist = editDistance(v, n);
    if (dist < bestD || (dist === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = dist;
    }
  }
  return best !== undefined && bestD <= limit ? best : undefined;
}

/** ` (did you mean 'H100'?)` or an empty string. */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  const c = closest(value, candidates);
  return c === undefined ? '' : ` (did you mean '${c}'?)`;
}
