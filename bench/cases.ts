/**
 * The benchmark cases of issue 6, without printing or R: each case times one effekt estimator on
 * seeded data from bench/data.ts and returns its estimates (the numbers compared with R).
 * bench/run.ts adds R and the table; test/bench/bench-smoke.test.ts runs these at a tiny n.
 */
import { coxZph, coxph, fitFromGrams, inferenceFromFit, kaplanMeier, logrank, twfeDesign, wildClusterBootstrap } from "../src/index.js";
import type { CoxFit, TwfeDesign } from "../src/index.js";
import { coxData, didData, kmData, type CoxBenchData, type DidBenchData, type KmBenchData } from "./data.js";

export const CASE_IDS = ["cox", "cox-robust", "cox-startstop", "zph", "km", "logrank", "did", "did-cr2", "did-boot"] as const;
export type CaseId = (typeof CASE_IDS)[number];
/** `--only` groups: "cox" also selects robust, start/stop and zph; "did" also CR2 and bootstrap. */
export const CASE_GROUPS: Record<string, CaseId[]> = {
  cox: ["cox", "cox-robust", "cox-startstop", "zph"],
  km: ["km"],
  logrank: ["logrank"],
  did: ["did", "did-cr2", "did-boot"],
};

/** Survival reported by KM at these days (per group) and compared with R's summary(fit, times=). */
export const KM_TIMES = [30, 90, 180, 365, 730];

export interface Timed<T> {
  seconds: number;
  value: T;
}

export function timed<T>(f: () => T): Timed<T> {
  const t0 = performance.now();
  const value = f();
  return { seconds: (performance.now() - t0) / 1000, value };
}

/** Rows [0, m) of every column (views, no copies). */
export function headCox(d: CoxBenchData, m: number): CoxBenchData {
  if (m >= d.n) return d;
  return {
    ...d,
    n: m,
    time: d.time.subarray(0, m),
    start: d.start.subarray(0, m),
    event: d.event.subarray(0, m),
    x: d.x.map((c) => c.subarray(0, m)),
    office: d.office.subarray(0, m),
  };
}

export function headDid(d: DidBenchData, m: number): DidBenchData {
  return { ...d, y: d.y.subarray(0, m), d: d.d.subarray(0, m), office: d.office.subarray(0, m), month: d.month.subarray(0, m) };
}

export const fitCox = (d: CoxBenchData): CoxFit => coxph({ time: d.time, event: d.event, x: d.x, names: d.names });
export const fitCoxRobust = (d: CoxBenchData): CoxFit =>
  coxph({ time: d.time, event: d.event, x: d.x, names: d.names, cluster: d.office });
export const fitCoxStartStop = (d: CoxBenchData): CoxFit =>
  coxph({ time: d.time, start: d.start, event: d.event, x: d.x, names: d.names });

/** Estimates compared with R, per case (see bench/r/bench.R for R's side, same order). */
export const coxEstimates = (f: CoxFit): number[] => [...f.coef];
export const coxRobustEstimates = (f: CoxFit): number[] => [...f.coef, ...(f.robust_se ?? [])];

export function kmEstimates(d: KmBenchData): number[] {
  const r = kaplanMeier({ time: d.time, event: d.event, group: d.group, times: KM_TIMES });
  return r.curves.flatMap((c) => c.at_times?.surv ?? []);
}

export function logrankEstimates(d: KmBenchData): number[] {
  const r = logrank({ time: d.time, event: d.event, group: d.group });
  return [r.chisq, ...r.expected];
}

export function twfeFit(d: DidBenchData) {
  const des = twfeDesign({ y: d.y, d: d.d, unit: d.office, time: d.month, cluster: d.office });
  const fit = fitFromGrams(des.grams, des.yIndex, des.regressors);
  const res = inferenceFromFit(fit, d.offices / 2);
  return { des, fit, res };
}

/** DiD estimates compared with R: estimate, CR2 standard error, Satterthwaite df (clubSandwich). */
export const didEstimates = (r: ReturnType<typeof twfeFit>["res"]): number[] => [r.estimate, r.se_cr2, r.df_satterthwaite];

export function bootstrap(des: TwfeDesign, fit: ReturnType<typeof twfeFit>["fit"]) {
  return wildClusterBootstrap(des, fit, { draws: 1024, seed: 1 });
}

export interface CaseResult {
  id: CaseId;
  label: string;
  rows: number;
  seconds: number;
  estimates: number[];
  /** Target from issue 6 in seconds (absolute) or as a multiple of another case. */
  target?: string;
  pass?: boolean;
  note?: string;
}

export interface BenchData {
  cox?: CoxBenchData;
  km?: KmBenchData;
  did?: DidBenchData;
}

export function makeData(ids: CaseId[], survRows: number, didRows: number): BenchData {
  const has = (...c: CaseId[]) => c.some((i) => ids.includes(i));
  return {
    cox: has("cox", "cox-robust", "cox-startstop", "zph") ? coxData(survRows) : undefined,
    km: has("km", "logrank") ? kmData(survRows, 10, true) : undefined,
    did: has("did", "did-cr2", "did-boot") ? didData(didRows) : undefined,
  };
}

/** Run the selected effekt cases on `data` (full size). */
export function runEffekt(ids: CaseId[], data: BenchData): CaseResult[] {
  const out: CaseResult[] = [];
  const want = (id: CaseId) => ids.includes(id);
  if (data.cox) {
    const d = data.cox;
    const plain = timed(() => fitCox(d));
    if (want("cox")) out.push({ id: "cox", label: "Cox Efron", rows: d.n, seconds: plain.seconds, estimates: coxEstimates(plain.value), target: "≤ 5 s", pass: plain.seconds <= 5 });
    if (want("cox-robust")) {
      const rob = timed(() => fitCoxRobust(d));
      const lim = 1.5 * plain.seconds;
      out.push({ id: "cox-robust", label: "Cox Efron + cluster(office)", rows: d.n, seconds: rob.seconds, estimates: coxRobustEstimates(rob.value),
        target: `≤ 1.5 × plain (${lim.toFixed(2)} s)`, pass: rob.seconds <= lim, note: `${(rob.seconds / plain.seconds).toFixed(2)} × plain` });
    }
    if (want("cox-startstop")) {
      const ss = timed(() => fitCoxStartStop(d));
      out.push({ id: "cox-startstop", label: "Cox start/stop", rows: d.n, seconds: ss.seconds, estimates: coxEstimates(ss.value), target: "≤ 8 s", pass: ss.seconds <= 8 });
    }
    if (want("zph")) {
      const z = timed(() => coxZph(plain.value));
      out.push({ id: "zph", label: "cox.zph (km) on the fit", rows: d.n, seconds: z.seconds, estimates: [...z.value.chisq], target: "≤ 5 s", pass: z.seconds <= 5 });
    }
  }
  if (data.km) {
    const d = data.km;
    const n = d.time.length;
    if (want("km")) {
      const k = timed(() => kmEstimates(d));
      out.push({ id: "km", label: "Kaplan–Meier, 10 groups", rows: n, seconds: k.seconds, estimates: k.value, target: "≤ 0.5 s", pass: k.seconds <= 0.5 });
    }
    if (want("logrank")) {
      const l = timed(() => logrankEstimates(d));
      out.push({ id: "logrank", label: "log-rank, 10 groups", rows: n, seconds: l.seconds, estimates: l.value, target: "≤ 0.5 s", pass: l.seconds <= 0.5 });
    }
  }
  if (data.did) {
    const d = data.did;
    const n = d.y.length;
    const tw = timed(() => twfeFit(d));
    if (want("did") || want("did-cr2"))
      out.push({ id: "did", label: "DiD TWFE, office + month FE (iid, CR1, CR2, Satterthwaite)", rows: n, seconds: tw.seconds, estimates: didEstimates(tw.value.res), target: "≤ 3 s", pass: tw.seconds <= 3 });
    if (want("did-boot")) {
      const b = timed(() => bootstrap(tw.value.des, tw.value.fit));
      out.push({ id: "did-boot", label: `wild cluster bootstrap, ${b.value.draws} draws${b.value.enumerated ? " (all 2^10)" : ""} + CI`, rows: n, seconds: b.seconds,
        estimates: [b.value.t, b.value.p_value], target: "≤ 1 s added", pass: b.seconds <= 1 });
    }
  }
  return out;
}
