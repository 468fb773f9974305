/** The 2×2 difference-in-differences: (post − pre) in treated minus (post − pre) in control, with the four cell means. */
import { InputError } from "../errors.js";

export interface Cell {
  mean: number;
  /** Rows (individual data) or summed counts (aggregates). */
  n: number;
}
export interface Did2x2Result {
  estimate: number;
  cells: { treated_pre: Cell; treated_post: Cell; control_pre: Cell; control_post: Cell };
}

function result(sum: Float64Array, cnt: Float64Array): Did2x2Result {
  // cell index: 2·treated + post
  const names = ["control_pre", "control_post", "treated_pre", "treated_post"] as const;
  for (let c = 0; c < 4; c++) {
    if (!(cnt[c] > 0)) {
      const what = c >= 2 ? "treated" : "control";
      throw new InputError(`no ${what} observations in the ${c % 2 ? "post" : "pre"}-period: the 2×2 design needs all four cells`);
    }
  }
  const m = [0, 1, 2, 3].map((c) => sum[c] / cnt[c]);
  const cells = Object.fromEntries(names.map((nm, c) => [nm, { mean: m[c], n: cnt[c] }])) as Did2x2Result["cells"];
  return { estimate: m[3] - m[2] - (m[1] - m[0]), cells };
}

/** Individual-level data: y, treated-group flag and post flag per row (optional weights). */
export function did2x2(inp: { y: Float64Array; treated: ArrayLike<number>; post: ArrayLike<number>; weights?: Float64Array }): Did2x2Result {
  const sum = new Float64Array(4);
  const cnt = new Float64Array(4);
  for (let i = 0; i < inp.y.length; i++) {
    const c = 2 * (inp.treated[i] ? 1 : 0) + (inp.post[i] ? 1 : 0);
    const w = inp.weights ? inp.weights[i] : 1;
    sum[c] += w * inp.y[i];
    cnt[c] += w;
  }
  return result(sum, cnt);
}

/**
 * Unit-period aggregates: per row a share (or a success count) and the number of individuals it
 * rests on. Cell means weight each row by its count, so the result equals the individual-level 2×2.
 */
export function did2x2Aggregate(inp: {
  treated: ArrayLike<number>;
  post: ArrayLike<number>;
  count: Float64Array;
  share?: Float64Array;
  successes?: Float64Array;
}): Did2x2Result {
  if (!inp.share === !inp.successes) throw new InputError("give either shares or success counts per unit-period");
  const sum = new Float64Array(4);
  const cnt = new Float64Array(4);
  for (let i = 0; i < inp.count.length; i++) {
    const c = 2 * (inp.treated[i] ? 1 : 0) + (inp.post[i] ? 1 : 0);
    sum[c] += inp.share ? inp.share[i] * inp.count[i] : inp.successes![i];
    cnt[c] += inp.count[i];
  }
  return result(sum, cnt);
}
