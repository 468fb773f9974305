/**
 * Person-level event times made publishable: a Kaplan–Meier (and Aalen–Johansen) step table is
 * aggregated into consecutive time bins, each holding 0 or at least k persons of every kind, and
 * the curve is truncated where fewer than k persons remain at risk.
 *
 * Fine KM rows j = 0..m−1 at times t_j have n_risk[j], events d_j and censorings c_j. With delayed
 * entry, persons arrive between rows: arrivals a_0 = n_risk[0], a_j = n_risk[j] − (n_risk[j−1] −
 * d_{j−1} − c_{j−1}). A bin is a run of rows [s, e] with
 *   n_risk = n_risk[s], n_event = Σ d, n_censor = Σ c, n_enter = Σ_{j=s+1}^{e+1} a_j,
 * so that n_risk of the next bin = n_risk + n_enter − n_event − n_censor exactly. Published per bin
 * are n_risk and n_event (and S at the bin's end); the net flow n_enter − n_censor follows from
 * them, censorings and entries on their own do not (unless one of them is 0: then the net flow is
 * the other one, a count). Bins are grown greedily from the start until
 *   n_risk ≥ k, n_event ≥ k, the net flow is 0 or ±≥ k whenever n_censor or n_enter is 0,
 ;
 * an unsafe remainder is merged backwards into the bins before it (the last bin, the tail, may
 * hold fewer than k events only if it holds none). The step of the published curve sits at the
 * bin's last time t_e with S(t_e) of the fine curve. S is shown only for bins after which at least
 * k persons remain at risk; the tail is published as counts only.
 * Censoring marks are never drawn. Competing risks ({@link coarsenForCauses}): each cause's
 * Aalen–Johansen curve is read at the ends of unions of consecutive bins in which that cause has
 * 0 or ≥ k events, so its steps are a subset of the KM steps (no new differences).
 * Source of the rule: the usual output-checking rules for survival tables (each step ≥ k events,
 * truncate when the risk set falls below k), e.g. Eurostat / ONS guidance for KM curves.
 */

export interface FineCurve {
  time: ArrayLike<number>;
  n_risk: ArrayLike<number>;
  n_event: ArrayLike<number>;
  n_censor: ArrayLike<number>;
}

/** Event counts of other causes on their own time axis (Aalen–Johansen), checked per bin. */
export interface CauseEvents {
  time: ArrayLike<number>;
  n_event: ArrayLike<number>[];
}

export interface Bin {
  /** Fine row indices [s, e]. */
  s: number;
  e: number;
  /** Time span (from, to]: from = t_{s−1} (−∞ for the first bin), to = t_e (+∞ for the last). */
  from: number;
  to: number;
  n_risk: number;
  n_event: number;
  n_censor: number;
  n_enter: number;
}

export interface BinnedCurve {
  bins: Bin[];
  /** Bins whose S at the end is shown (all but the tail, and only while ≥ k remain). */
  shown: number;
  /** No safe binning exists (the whole group is below the threshold). */
  withheld: boolean;
}

const safe = (v: number, k: number) => v === 0 || v >= k;

/** Safe bins for one group's curve; `causes` (optional) are checked on the bins' time spans. */
export function binCurve(c: FineCurve, k: number): BinnedCurve {
  const m = c.time.length;
  const arr = new Float64Array(m + 1); // a_j, with a_m = 0
  for (let j = 0; j < m; j++) arr[j] = j === 0 ? c.n_risk[0] : c.n_risk[j] - (c.n_risk[j - 1] - c.n_event[j - 1] - c.n_censor[j - 1]);
  const make = (s: number, e: number): Bin => {
    let d = 0, ce = 0, en = 0;
    for (let j = s; j <= e; j++) { d += c.n_event[j]; ce += c.n_censor[j]; }
    for (let j = s + 1; j <= e + 1 && j <= m; j++) en += arr[j];
    return { s, e, from: s === 0 ? -Infinity : c.time[s - 1], to: e === m - 1 ? Infinity : c.time[e], n_risk: c.n_risk[s], n_event: d, n_censor: ce, n_enter: en };
  };
  const ok = (b: Bin) =>
    b.n_risk >= k &&
    safe(b.n_event, k) &&
    (b.n_censor > 0 && b.n_enter > 0 ? true : safe(Math.abs(b.n_enter - b.n_censor), k));
  const bins: Bin[] = [];
  let s = 0;
  for (let e = 0; e < m; e++) {
    const b = make(s, e);
    if (ok(b) && b.n_event > 0) {
      bins.push(b);
      s = e + 1;
    }
  }
  if (s < m || (bins.length && bins[bins.length - 1].to !== Infinity)) {
    // Unsafe remainder (or the last bin must reach +∞): merge backwards until safe.
    let start = s;
    for (;;) {
      const b = make(start, m - 1);
      if (ok(b)) {
        bins.push(b);
        break;
      }
      const prev = bins.pop();
      if (!prev) return { bins: [], shown: 0, withheld: true };
      start = prev.s;
    }
  }
  if (m === 0) return { bins: [], shown: 0, withheld: true };
  // Shown: bins (not the tail) after which at least k remain at risk.
  let shown = 0;
  for (let i = 0; i < bins.length - 1; i++) {
    const after = bins[i].n_risk + bins[i].n_enter - bins[i].n_event - bins[i].n_censor;
    if (after < k) break;
    shown = i + 1;
  }
  return { bins, shown, withheld: false };
}

/** Values of a fine series at the shown bins' last rows (the published step values). */
export function atBinEnds(binned: BinnedCurve, series: ArrayLike<number>): number[] {
  return binned.bins.slice(0, binned.shown).map((b) => series[b.e]);
}

/**
 * Indices of the bins whose end closes a union of consecutive bins in which the events of every
 * cause (on its own time axis, counted in the union's time span) are 0 or ≥ k. Only the shown bins
 * are returned; an unsafe remainder joins the union before it.
 */
export function coarsenForCauses(binned: BinnedCurve, causes: CauseEvents, k: number): number[] {
  const sum = (from: number, to: number) =>
    causes.n_event.map((ev) => {
      let s = 0;
      for (let i = 0; i < causes.time.length; i++) if (causes.time[i] > from && causes.time[i] <= to) s += ev[i];
      return s;
    });
  const ends: number[] = [];
  let start = 0;
  const bins = binned.bins;
  for (let i = 0; i < bins.length; i++) {
    const v = sum(bins[start].from, bins[i].to);
    if (v.every((x) => safe(x, k)) && v.some((x) => x > 0)) {
      ends.push(i);
      start = i + 1;
    }
  }
  // An unsafe remainder joins the unions before it until the merged tail is safe.
  while (start < bins.length && ends.length) {
    ends.pop();
    start = ends.length ? ends[ends.length - 1] + 1 : 0;
    if (sum(bins[start].from, Infinity).every((x) => safe(x, k))) break;
  }
  return ends.filter((i) => i < binned.shown);
}
