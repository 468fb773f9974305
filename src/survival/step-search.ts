/**
 * Reading a step function at a time: the index of the last of the sorted times that is ≤ t, or −1
 * when t lies before the first (binary search, O(log n)). Kaplan–Meier and Aalen–Johansen at given
 * times, the clustered share-in-work tables and the figures all read curves this way.
 */
export function lastAtOrBefore(time: ArrayLike<number>, t: number, n = time.length): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
