/**
 * The index of the last element at or before `value` in an ascending array (binary search); 0 when
 * every element is after it or the array is empty. Line tables and block starts are looked up this way.
 */
export function lastAtOrBefore(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
