/**
 * results.json for publication: the analyses' result objects through the gate. Built by
 * whitelisting — only the fields listed here are copied, so a new field of a result type is not
 * published until someone decides it is safe. Counts come from the linked cells (":" when hidden),
 * survival curves from the safe bins, per-pair Cox models below the threshold are withheld;
 * covariate means (binary covariates × n give counts) and rows dropped (in manifest.json, which is
 * not for publication) are left out.
 */
import type { CoxTableFit } from "../survival/cox/index.js";
import type { DidResult } from "../did/index.js";
import type { CoxAnalysis, DidAnalysis, SurvivalAnalysis } from "../job/analyses.js";
import type { ExitsCells, ExitsSpec } from "./exits-cells.js";
import type { SurvivalGate } from "./survival-gate.js";

type J = unknown;

/** The 2×2 cells of a DiD result as exits specs: treated/control × pre/post years. */
export function didCellSpecs(
  cells: ExitsCells,
  pre: readonly number[],
  post: readonly number[],
): Record<"treated_pre" | "treated_post" | "control_pre" | "control_post", { exits: ExitsSpec; job: ExitsSpec }> {
  const pilot = cells.offices.filter((o) => o.pilot === 1).map((o) => o.name);
  const control = cells.offices.filter((o) => o.pilot !== 1).map((o) => o.name);
  const mk = (offices: string[], years: readonly number[]) => ({
    exits: { measure: "exits", offices, years } as ExitsSpec,
    job: { measure: "job", offices, years } as ExitsSpec,
  });
  return { treated_pre: mk(pilot, pre), treated_post: mk(pilot, post), control_pre: mk(control, pre), control_post: mk(control, post) };
}

function gatedDid(d: DidResult, cells: ExitsCells, pre: readonly number[], post: readonly number[]): J {
  const specs = didCellSpecs(cells, pre, post);
  const outCells: Record<string, J> = {};
  for (const [key, s] of Object.entries(specs)) {
    const c = d.did_2x2.cells[key as keyof typeof specs];
    const n = cells.count(s.exits, c.n);
    const mean = cells.share(s.job, s.exits, { num: Math.round(c.mean * c.n), den: c.n });
    outCells[key] = { mean, n };
  }
  const all = { measure: "exits", years: [...pre, ...post] } as ExitsSpec;
  const pick = <T extends object>(o: T, keys: (keyof T)[]) => Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
  const twfeKeys = ["estimate", "se_iid", "se_cr1", "se_cr2", "df_satterthwaite", "t_cr1", "p_iid", "p_cr1_normal", "p_cr1_t", "df_cr1", "p_cr2_satterthwaite", "n_clusters", "n_treated_clusters", "n_parameters", "ci", "warnings", "covariates"] as const;
  const twfe = (t: DidResult["twfe"] | undefined) =>
    t && { ...pick(t, twfeKeys as unknown as (keyof typeof t)[]), n: cells.count(all, t.n) };
  // The 2×2 estimate and three shares give the fourth: shown only with all four.
  const allShown = Object.values(outCells).every((c) => typeof (c as { mean: unknown }).mean === "number");
  return {
    did_2x2: { estimate: allShown ? d.did_2x2.estimate : ":", cells: outCells },
    twfe: twfe(d.twfe),
    twfe_no_covariates: twfe(d.twfe_no_covariates),
    wild_cluster_bootstrap: d.wild_cluster_bootstrap,
    randomization_inference: d.randomization_inference,
    event_study: d.event_study,
    n: cells.count(all, d.n),
    warnings: d.warnings,
  };
}

/** Declare (before solve) or read (after) the DiD counts that results.json and the tables show. */
export function publishedDid(did: DidAnalysis, cells: ExitsCells, pilotStartYear: number): J {
  const years = cells.years;
  const preAll = years.filter((y) => y < pilotStartYear);
  const postAll = years.filter((y) => y >= pilotStartYear);
  const c = did.comparison;
  return {
    comparison: {
      ...(gatedDid(c, cells, c.pre, c.post) as object),
      pre: c.pre,
      post: c.post,
      rows: cells.count({ measure: "exits", years: [...c.pre, ...c.post] }, c.rows),
    },
    all_years: gatedDid(did.all_years, cells, preAll, postAll),
    // model estimates (placebos, leave-one-office-out, relative magnitudes): no counts
    robustness: did.robustness as unknown,
    sensitivity: (did.sensitivity ?? null) as unknown,
  };
}

const COX_KEYS = ["terms", "coef", "se", "robust_se", "hazard_ratio", "hr_lower", "hr_upper", "z", "p", "loglik", "tests", "nstrata", "iter", "converged", "ties", "zph", "clusters", "small_sample", "randomization", "warnings", "periods"] as const;

function gatedFit(f: CoxTableFit, model: string, g: SurvivalGate): J {
  const o: Record<string, J> = {};
  for (const k of COX_KEYS) if (k in f) o[k] = (f as unknown as Record<string, J>)[k];
  // the jackknife's SEs and limits; the per-office refits stay in the analyst's own output
  if (f.jackknife) {
    const { leave_one_out: _loo, left_out: _names, ...jk } = f.jackknife;
    o.jackknife = jk;
  }
  const shown = g.cox.counts(model);
  o.n = shown ? f.n : ":";
  o.nevent = shown ? f.nevent : ":";
  return o;
}

export function publishedCox(cox: CoxAnalysis, g: SurvivalGate, k: number): J {
  return {
    pooled: cox.pooled && gatedFit(cox.pooled, "pooled", g),
    // estimates only (no counts beyond the pooled model's): the hazard ratio of pilot by period
    by_period: cox.by_period && gatedFit(cox.by_period, "pooled", g),
    per_pair: cox.per_pair.map((p) => ({
      county: p.county,
      pilot_office: p.pilot_office,
      control_office: p.control_office,
      fit: g.cox.estimates(p.county)
        ? gatedFit(p.fit, p.county, g)
        : { withheld: `an office of this pair has fewer than ${k} persons with, or without, the event` },
    })),
  };
}

/** First published time at which the curve is at or below 0.5 (S, or a CI limit). */
function firstBelowHalf(time: number[], v: number[]): number | null {
  for (let i = 0; i < time.length; i++) if (v[i] <= 0.5) return time[i];
  return null;
}

export function publishedSurvival(s: SurvivalAnalysis, g: SurvivalGate): J {
  const totals = (group: string) => g.km.find((c) => c.group === group && !c.withheld);
  const lr = (l: SurvivalAnalysis["logrank"]) => ({
    chisq: l.chisq,
    df: l.df,
    p: l.p,
    rho: l.rho,
    groups: l.groups,
    n: l.groups.map((x, i) => (totals(x) && g.cox.groupN(x) ? l.n[i] : ":")),
    observed: l.groups.map((x, i) => (totals(x) ? l.observed[i] : ":")),
  });
  return {
    km: {
      conf_type: s.km.conf_type,
      conf_level: s.km.conf_level,
      note: "Steps aggregated into time bins (from, to] with at least min_cell events each (the last bin: 0 or at least min_cell); n_risk at the start of each bin; the curve stops where fewer than min_cell remain at risk.",
      curves: g.km.map((c) =>
        c.withheld
          ? { group: c.group, withheld: true }
          : {
              group: c.group,
              n: g.cox.groupN(c.group) ? c.n : ":",
              events: c.events,
              bins: c.bins.map((b) => ({ from: Number.isFinite(b.from) ? b.from : null, to: Number.isFinite(b.to) ? b.to : null, n_risk: b.n_risk, n_event: b.n_event })),
              time: c.time,
              n_risk: c.n_risk,
              surv: c.surv,
              lower: c.lower,
              upper: c.upper,
              median: firstBelowHalf(c.time, c.surv),
              // as R's survfit: the median's lower limit is where the upper band reaches 0.5
              median_lower: firstBelowHalf(c.time, c.upper),
              median_upper: firstBelowHalf(c.time, c.lower),
            },
      ),
    },
    logrank: lr(s.logrank),
    logrank_by_pair: lr(s.logrank_by_pair),
    competing: s.competing && {
      std_err_type: s.competing.std_err_type,
      conf_type: s.competing.conf_type,
      conf_level: s.competing.conf_level,
      curves: g.aj,
    },
    // pilot − control by day and RMST over whole groups (thousands of persons), with few-cluster inference
    effect_over_time: (({ dropped: _d, ...e }) => e)(s.effect_over_time) as unknown,
  };
}
