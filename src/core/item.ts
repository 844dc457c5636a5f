/** The element at `i` of an array (or typed array) that the caller knows is there: a read past the end is a bug in the
 * caller, thrown at once instead of flowing on as `undefined` (or NaN) — the checked form of `a[i]!`. */
export function item<T>(a: ArrayLike<T>, i: number): T {
  const v = a[i];
  if (v === undefined) throw new RangeError(`no element ${i} in an array of ${a.length}`);
  return v;
}
