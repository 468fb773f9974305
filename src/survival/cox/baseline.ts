/**
 * Baseline cumulative hazard and covariate-adjusted survival curves after coxph, as R's
 * survfit.coxph / basehaz: at each event time t (per stratum) the hazard increment for the mean
 * covariate profile is Breslow Σw_deaths/S0(t) or, with Efron ties, Σ_{k<d} (W/d)/(S0 − (k/d)·S0_deaths)
 * (R's ctype 2), with S0 at β̂ and covariates centred at their means. A profile z scales the
 * cumulative hazard by exp((z − mean)'β̂); survival = exp(−cumulative hazard).
 * Curves step only at event times (R also lists censoring times, where the curve does not change).
 */
import { UsageError } from "../../errors.js";
import { eventTimeSums } from "./event-times.js";
import { type CoxFit, modelData } from "./fit.js";
import { type CoxInput, linearPredictorInternal, toInternal } from "./risk-sets.js";

export interface BaselineStratum {
  /** Stratum code (0-based, in the order of the strata levels). */
  stratum: number;
  time: number[];
  n_risk: number[];
  n_event: number[];
  /** Cumulative hazard at the covariate means (R's basehaz(fit, centered = TRUE)). */
  cumhaz: number[];
  /** Survival for each requested profile (same order as `profiles`). */
  surv: number[][];
}

export interface BaselineResult {
  terms: string[];
  means: number[];
  profiles: number[][];
  strata: BaselineStratum[];
}

/**
 * @param profiles covariate profiles, each either an array in term order or an object by term name
 *   (missing terms default to the mean). Without profiles, the curve at the means is given.
 * @param input the model input, needed only for a fit read back from JSON.
 */
export function coxBaseline(
  fit: CoxFit,
  opts: { profiles?: (number[] | Record<string, number>)[]; input?: CoxInput } = {},
): BaselineResult {
  const d = modelData(fit, opts.input);
  if (!d) throw new UsageError("coxBaseline needs a fit returned by coxph, or { input } with the data it was fitted on (a fit read back from JSON)");
  const p = d.p;
  const profiles = (opts.profiles ?? [fit.means]).map((z) => {
    if (Array.isArray(z)) {
      if (z.length !== p) throw new UsageError(`a profile has ${z.length} values for ${p} terms (${fit.terms.join(", ")})`);
      return z;
    }
    for (const k of Object.keys(z)) if (!fit.terms.includes(k)) throw new UsageError(`profile names unknown term "${k}"`);
    return fit.terms.map((t, j) => (t in z ? z[t] : fit.means[j]));
  });
  const scale = profiles.map((z) => Math.exp(z.reduce((s, v, j) => s + (v - fit.means[j]) * fit.coef[j], 0)));
  const { eta, shift } = linearPredictorInternal(d, toInternal(d, fit.coef));
  const ev = eventTimeSums(d, eta);
  // the walk's hazard is for the stratum's centring constants and shifted η: move it to the means
  const toMeans = Array.from({ length: d.nstrata }, (_, s) => {
    let v = -shift[s];
    for (let j = 0; j < p; j++) v += fit.coef[j] * (fit.means[j] - d.stratumMeans[s * p + j]);
    return Math.exp(v);
  });
  const strata: BaselineStratum[] = [];
  for (let s = 0; s < d.nstrata; s++) {
    const out: BaselineStratum = { stratum: s, time: [], n_risk: [], n_event: [], cumhaz: [], surv: profiles.map(() => []) };
    let H = 0;
    for (let e = ev.bounds[s]; e < ev.bounds[s + 1]; e++) {
      H += ev.H[e] * toMeans[s];
      out.time.push(ev.time[e]);
      out.n_risk.push(ev.nrisk[e]);
      out.n_event.push(ev.ndead[e]);
      out.cumhaz.push(H);
      scale.forEach((c, i) => out.surv[i].push(Math.exp(-H * c)));
    }
    strata.push(out);
  }
  return { terms: fit.terms, means: fit.means, profiles, strata };
}
