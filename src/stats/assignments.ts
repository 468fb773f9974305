/**
 * The re-assignments of a 0/1 label to units that randomization inference enumerates, shared by the
 * DiD (src/did/randomization.ts) and the Cox model (src/survival/cox/randomization.ts): every set of
 * k treated units among n, or one treated unit per pair. A module of its own so that the Cox path
 * does not load the DiD's linear algebra.
 */
import { InputError } from "../errors.js";

/** C(n, k), rounded to the nearest whole number. */
export function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Every 0/1 vector of length n with k ones, in lexicographic order of the positions of the ones. */
export function combinations(n: number, k: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const cur = new Uint8Array(n);
  const rec = (start: number, left: number) => {
    if (left === 0) {
      out.push(cur.slice());
      return;
    }
    for (let i = start; i <= n - left; i++) {
      cur[i] = 1;
      rec(i + 1, left - 1);
      cur[i] = 0;
    }
  };
  rec(0, k);
  return out;
}

/** The units of each pair (pairs[u] = pair code of unit u); each pair must hold one treated and one control unit. */
export function pairGroups(treated: Uint8Array, pairs: Int32Array): number[][] {
  const members = new Map<number, number[]>();
  pairs.forEach((p, u) => {
    const m = members.get(p);
    if (m) m.push(u);
    else members.set(p, [u]);
  });
  const groups = [...members.values()];
  for (const g of groups) {
    if (g.length !== 2 || treated[g[0]] + treated[g[1]] !== 1) {
      throw new InputError("within-pair randomization needs pairs of exactly two units, one treated and one control");
    }
  }
  return groups;
}
