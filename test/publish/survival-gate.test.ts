/**
 * The gate of the time-to-work outputs (src/publish/survival-gate.ts) on hand-made analyses, k = 3:
 * safe KM steps, Aalen–Johansen causes read on unions of those bins, per-pair Cox models withheld by
 * the rule "an office with 0 < events < k or 0 < persons without the event < k", and the Cox/KM
 * counts protected together. Expected values are worked out in the comments; the last test checks
 * the counts the gate lets through with the independent attacker of ./attacker.ts.
 */
import { describe, expect, it } from "vitest";
import { makeTable } from "../../src/io/table.js";
import type { CoxAnalysis, SurvivalAnalysis } from "../../src/job/analyses.js";
import { gateSurvival } from "../../src/publish/survival-gate.js";
import { LinearKnowledge } from "./attacker.js";

const K = 3;

/** Spells: one row per person, office name, event 0/1, pilot 0/1. */
function spells(offices: { name: string; pilot: number; events: number; others: number }[]) {
  const office: string[] = [];
  const event: number[] = [];
  const pilot: number[] = [];
  for (const o of offices) {
    for (let i = 0; i < o.events + o.others; i++) {
      office.push(o.name);
      event.push(i < o.events ? 1 : 0);
      pilot.push(o.pilot);
    }
  }
  return makeTable("spells", [
    { name: "office", type: "string", values: office },
    { name: "event", type: "number", values: Float64Array.from(event) },
    { name: "pilot", type: "number", values: Float64Array.from(pilot) },
  ]);
}

/**
 * A KM curve of n persons with one event at each of the times 1..e and the other n − e censored at
 * time e: n_risk = n, n − 1, …; S(t_j) = (n − j − 1)/n. lower/upper are marked j/100 and 1 − j/100
 * so that the test sees from which row a value was read.
 */
function kmCurve(group: string, n: number, e: number) {
  const r = Array.from({ length: e }, (_, j) => j);
  const f = (g: (j: number) => number) => Float64Array.from(r, g);
  return {
    group,
    n,
    events: e,
    time: f((j) => j + 1),
    n_risk: f((j) => n - j),
    n_event: f(() => 1),
    n_censor: f((j) => (j === e - 1 ? n - e : 0)),
    surv: f((j) => (n - j - 1) / n),
    lower: f((j) => j / 100),
    upper: f((j) => 1 - j / 100),
  };
}

const fit = (n: number, nevent: number) => ({ n, nevent }) as unknown as CoxAnalysis["pooled"] & object;

/** Offices of two county pairs; P2 has only 2 events (0 < 2 < k). */
const OFFICES = [
  { name: "P1", pilot: 1, events: 10, others: 10 },
  { name: "C1", pilot: 0, events: 10, others: 10 },
  { name: "P2", pilot: 1, events: 2, others: 10 },
  { name: "C2", pilot: 0, events: 10, others: 10 },
];

function analyses(offices = OFFICES) {
  const tot = (p: number, what: "events" | "n") => offices.filter((o) => o.pilot === p).reduce((s, o) => s + o.events + (what === "n" ? o.others : 0), 0);
  const pair = (county: string, a: string, b: string) => {
    const os = offices.filter((o) => o.name === a || o.name === b);
    return { county, pilot_office: a, control_office: b, fit: fit(os.reduce((s, o) => s + o.events + o.others, 0), os.reduce((s, o) => s + o.events, 0)) };
  };
  const survival = {
    km: { curves: [kmCurve("pilot=1", tot(1, "n"), tot(1, "events")), kmCurve("pilot=0", tot(0, "n"), tot(0, "events"))] },
  } as unknown as SurvivalAnalysis;
  const cox = {
    pooled: fit(tot(0, "n") + tot(1, "n"), tot(0, "events") + tot(1, "events")),
    per_pair: [pair("K1", "P1", "C1"), pair("K2", "P2", "C2")],
  } as unknown as CoxAnalysis;
  return { survival, cox, spells: spells(offices) };
}

/** Offices P1, C1, P2, C2 (pilot, control, pilot, control), each as [events, persons without the event]. */
function offices4(...counts: [number, number][]) {
  return ["P1", "C1", "P2", "C2"].map((name, j) => ({ name, pilot: j % 2 === 0 ? 1 : 0, events: counts[j][0], others: counts[j][1] }));
}

/** The gate's decisions for these offices' analyses (analyses() below), k = K. */
function gateOf(offices: { name: string; pilot: number; events: number; others: number }[]) {
  const { survival, cox, spells: sp } = analyses(offices);
  return gateSurvival(survival, cox, sp, K);
}

/**
 * The attacker of ./attacker.ts gets every count the gate shows (and the KM event totals, always
 * shown) and may determine no small count (0 < v < k) among the atoms, the pairs, the groups and all
 * offices — of persons, events or persons without the event. Returns how many small counts it checked.
 */
function smallCountsHidden(offices: { name: string; pilot: number; events: number; others: number }[], g: ReturnType<typeof gateSurvival>): number {
  const atom = (o: string, ev: boolean) => offices.findIndex((x) => x.name === o) * 2 + (ev ? 0 : 1);
  const x = offices.flatMap((o) => [o.events, o.others]);
  const fn = (names: string[], what: "n" | "events" | "others") =>
    new Map(names.flatMap((o) => (what === "n" ? [atom(o, true), atom(o, false)] : [atom(o, what === "events")])).map((a) => [a, 1]));
  const att = new LinearKnowledge(8);
  const models: [string, string[]][] = [["pooled", ["P1", "C1", "P2", "C2"]], ["K1", ["P1", "C1"]], ["K2", ["P2", "C2"]]];
  for (const [m, names] of models) if (g.cox.counts(m)) { att.add(fn(names, "n")); att.add(fn(names, "events")); }
  const groups: [string, string[]][] = [["pilot=1", ["P1", "P2"]], ["pilot=0", ["C1", "C2"]]];
  for (const [grp, names] of groups) {
    att.add(fn(names, "events"));
    if (g.cox.groupN(grp)) att.add(fn(names, "n"));
  }
  const value = (m: Map<number, number>) => [...m.keys()].reduce((s, a) => s + x[a], 0);
  const candidates = [...offices.map((o) => [o.name]), ...models.map(([, n]) => n), ...groups.map(([, n]) => n)];
  let checked = 0;
  for (const names of candidates) {
    for (const what of ["n", "events", "others"] as const) {
      const f = fn(names, what);
      const v = value(f);
      if (v > 0 && v < K) {
        checked++;
        expect(att.determines(f), `${what} of ${names.join("+")} = ${v}`).toBe(false);
      }
    }
  }
  return checked;
}

describe("gateSurvival: Kaplan–Meier and Aalen–Johansen steps", () => {
  it("reads S and its limits at the ends of the shown bins", () => {
    // pilot=1: 32 persons, 12 events at t = 1..12, 20 censored at 12. Bins of 3 events end at
    // t = 3, 6, 9 and the tail (9, ∞); after each of the first three at least 29, 26, 23 ≥ 3 remain,
    // so three steps are shown: S = 29/32, 26/32, 23/32 read at rows 2, 5, 8.
    const { survival, cox, spells: sp } = analyses();
    const g = gateSurvival(survival, cox, sp, K);
    expect(g.k).toBe(K);
    const p = g.km.find((c) => c.group === "pilot=1")!;
    expect(p.withheld).toBe(false);
    expect(p.bins.map((b) => [b.s, b.e])).toEqual([[0, 2], [3, 5], [6, 8], [9, 11]]);
    expect(p.time).toEqual([3, 6, 9]);
    expect(p.n_risk).toEqual([32, 29, 26]);
    expect(p.surv).toEqual([29 / 32, 26 / 32, 23 / 32]);
    expect(p.lower).toEqual([0.02, 0.05, 0.08]);
    expect(p.upper).toEqual([0.98, 0.95, 0.92]);
    expect([p.n, p.events]).toEqual([32, 12]);
    // pilot=0: 40 persons, 20 events: six full bins, the last two events merged into the tail
    // (15..19); five steps shown.
    const c = g.km.find((x) => x.group === "pilot=0")!;
    expect(c.time).toEqual([3, 6, 9, 12, 15]);
    expect(g.aj).toEqual([]);
  });

  it("a group too small for any safe bin is withheld and gets no Aalen–Johansen curve", () => {
    // 2 persons, 2 events: n_risk 2 < k in every bin.
    const survival = {
      km: { curves: [kmCurve("pilot=1", 2, 2)] },
      competing: { curves: [{ group: "pilot=1", time: Float64Array.of(1, 2), causes: [{ cause: "work", n_event: Float64Array.of(1, 1), cuminc: Float64Array.of(0.5, 1), lower: Float64Array.of(0, 0), upper: Float64Array.of(1, 1) }] }] },
    } as unknown as SurvivalAnalysis;
    const g = gateSurvival(survival, undefined, spells([]), K);
    expect(g.km.map((c) => [c.group, c.withheld, c.time])).toEqual([["pilot=1", true, []]]);
    expect(g.aj).toEqual([]);
  });

  it("each cause is read at the ends of unions of bins holding 0 or ≥ k of its events; a rare cause is left out", () => {
    // pilot=1 bins end at t = 3, 6, 9 (shown) and ∞. Cause "work": one event at each t = 1..12
    // (3 per bin): steps at 3, 6, 9, with cuminc read at t = 3, 6, 9 (rows 2, 5, 8).
    // Cause "other": events at t = 1, 2, 3 (first bin), 4, 5, 6 (second), 7 (third), 10 (tail): unions
    // end at 3 and at 6; the remainder (6, ∞) holds 2 events (unsafe) and joins the union before
    // it, (3, ∞) with 5 events → one step, at 3.
    // Cause "rare": one event at t = 5: no union has 0 or ≥ 3 events with some > 0 → left out.
    const { survival, cox, spells: sp } = analyses();
    const time = Float64Array.from({ length: 12 }, (_, j) => j + 1);
    const ev = (ts: number[]) => Float64Array.from(time, (t) => (ts.includes(t) ? 1 : 0));
    const ci = (c: number) => Float64Array.from(time, (t) => c * t);
    (survival as { competing?: unknown }).competing = {
      curves: [
        {
          group: "pilot=1",
          time,
          causes: [
            { cause: "work", n_event: ev([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), cuminc: ci(0.01), lower: ci(0.005), upper: ci(0.02) },
            { cause: "other", n_event: ev([1, 2, 3, 4, 5, 6, 7, 10]), cuminc: ci(0.001), lower: ci(0.0005), upper: ci(0.002) },
            { cause: "rare", n_event: ev([5]), cuminc: ci(0.0001), lower: ci(0.00005), upper: ci(0.0002) },
          ],
        },
      ],
    };
    const g = gateSurvival(survival, cox, sp, K);
    expect(g.aj).toHaveLength(1);
    expect(g.aj[0].group).toBe("pilot=1");
    const [work, other] = g.aj[0].causes;
    expect(g.aj[0].causes.map((c) => c.cause)).toEqual(["work", "other"]);
    expect(work.time).toEqual([3, 6, 9]);
    expect(work.cuminc.map((v) => +v.toFixed(12))).toEqual([0.03, 0.06, 0.09]);
    expect(work.lower.map((v) => +v.toFixed(12))).toEqual([0.015, 0.03, 0.045]);
    expect(work.upper.map((v) => +v.toFixed(12))).toEqual([0.06, 0.12, 0.18]);
    expect(other.time).toEqual([3]);
    expect(other.cuminc.map((v) => +v.toFixed(12))).toEqual([0.003]);
  });

  it("each cause is read on its own time axis", () => {
    // The cause's own time axis is t = 4 … 12 with one event each: the KM bins end at 3, 6, 9, ∞;
    // the first bin holds none of its events, (−∞, 6] holds 3 → a step at 6; (6, 9] 3 → at 9;
    // (9, ∞) 3 → the tail. Read at 6 and 9 (its rows 2 and 5).
    const { survival, cox, spells: sp } = analyses();
    const time = Float64Array.of(4, 5, 6, 7, 8, 9, 10, 11, 12);
    (survival as { competing?: unknown }).competing = {
      curves: [{ group: "pilot=1", time, causes: [{ cause: "work", n_event: time.map(() => 1), cuminc: time.map((t) => (t - 3) / 10), lower: time.map((t) => (t - 3) / 20), upper: time.map((t) => (t - 2) / 10) }] }],
    };
    const g = gateSurvival(survival, cox, sp, K);
    expect(g.aj[0].causes[0].time).toEqual([6, 9]);
    expect(g.aj[0].causes[0].cuminc).toEqual([3 / 10, 6 / 10]);
    expect(g.aj[0].causes[0].lower).toEqual([3 / 20, 6 / 20]);
    expect(g.aj[0].causes[0].upper).toEqual([4 / 10, 7 / 10]);
  });
});

describe("gateSurvival: Cox models and group counts", () => {
  it("withholds a county pair with an office of 0 < events < k, estimates and counts", () => {
    // P2 has 2 events → pair K2 withheld; K1 and the pooled model keep their estimates. K2's counts
    // are pooled − K1: withheld cells are protected like hidden ones (linked-cells.ts rule 3), so
    // pooled and K1 are not both shown with their counts.
    const { survival, cox, spells: sp } = analyses();
    const g = gateSurvival(survival, cox, sp, K);
    expect(g.cox.withheld).toEqual(["K2"]);
    expect([g.cox.estimates("K1"), g.cox.estimates("K2"), g.cox.estimates("pooled")]).toEqual([true, false, true]);
    expect(g.cox.counts("K2")).toBe(false);
    expect([g.cox.counts("pooled"), g.cox.counts("K1")]).toContain(false);
    expect(g.cox.groupN("pilot=2")).toBe(false); // no such KM group
  });

  it("withholds a pair with an office of 0 < persons without the event < k, or an office not in the spells", () => {
    const offices = OFFICES.map((o) => (o.name === "C1" ? { ...o, others: 1 } : o.name === "P2" ? { ...o, events: 10 } : o));
    const { survival, cox, spells: sp } = analyses(offices);
    expect(gateSurvival(survival, cox, sp, K).cox.withheld).toEqual(["K1"]);
    (cox.per_pair[1] as { control_office: string }).control_office = "C9";
    expect(gateSurvival(survival, cox, sp, K).cox.withheld).toEqual(["K1", "K2"]);
  });

  it("an office with no events at all (0 is not a small count) does not withhold its pair", () => {
    const offices = OFFICES.map((o) => (o.name === "P2" ? { ...o, events: 0 } : o));
    const g = gateOf(offices);
    expect(g.cox.withheld).toEqual([]);
    expect([g.cox.counts("pooled"), g.cox.counts("K1"), g.cox.counts("K2")]).toEqual([true, true, true]);
  });

  it("counts that are not sums of the persons in the spells (rows dropped) are not shown", () => {
    // 80 persons in the spells; pooled n reported as 79, KM pilot=0 n as 39 instead of 40; then the
    // pooled n right but its events one too many.
    const offices = OFFICES.map((o) => (o.name === "P2" ? { ...o, events: 10 } : o));
    const { survival, cox, spells: sp } = analyses(offices);
    (cox.pooled as { n: number }).n -= 1;
    (survival.km.curves[1] as { n: number }).n -= 1;
    const g = gateSurvival(survival, cox, sp, K);
    expect(g.cox.counts("pooled")).toBe(false);
    expect(g.cox.groupN("pilot=0")).toBe(false);
    // withheld counts are protected too (linked-cells.ts rule 3): the pooled n = K1 n + K2 n, so
    // K1 and K2 are not both shown with their counts
    expect([g.cox.counts("K1"), g.cox.counts("K2")]).toContain(false);
    (cox.pooled as { n: number }).n += 1;
    (cox.pooled as { nevent: number }).nevent += 1;
    expect(gateSurvival(survival, cox, sp, K).cox.counts("pooled")).toBe(false);
  });

  it("a withheld pair's persons without the event cannot be recovered as pooled − other pairs", () => {
    // P2 and C2 have 1 and 1 persons without the event (K2 withheld; "K2 without the event" = 2 is
    // small). pooled − K1 (n minus events) would give it: the gate must hide enough. Checked with
    // the attacker: it gets every count the gate shows (and the KM event totals, always shown) and
    // may determine no small count among the atoms, the pairs, the groups and all offices.
    const offices = offices4([10, 10], [10, 10], [10, 1], [10, 1]);
    const g = gateOf(offices);
    expect(g.cox.withheld).toEqual(["K2"]);
    const checked = smallCountsHidden(offices, g);
    expect(checked).toBe(3); // the two offices' 1 and K2's 2 persons without the event
    // Something had to go: pooled and K1 cannot both be shown with both group sizes.
    expect([g.cox.counts("pooled"), g.cox.counts("K1"), g.cox.groupN("pilot=1"), g.cox.groupN("pilot=0")]).toContain(false);
  });

  it("a group's persons without the event (1 + 1 = 2 pilot persons) stay hidden, not only each office's", () => {
    // P1 and P2 have 1 person without the event each: both pairs are withheld (small atoms), and
    // "pilot=1 without the event" = 2 is small too. The KM group n (22) and its events (20, implied
    // by the published bins) would give 22 − 20 = 2 — protecting the two atoms alone does not protect
    // their sum, so the gate must hide the group n or what else determines it (pooled n − events −
    // the control group's n − events).
    const offices = offices4([10, 1], [10, 10], [10, 1], [10, 10]);
    const g = gateOf(offices);
    expect(g.cox.withheld).toEqual(["K1", "K2"]);
    expect(g.cox.groupN("pilot=1")).toBe(false);
    // the two offices' 1 each and the pilot group's 2 (K1's and K2's 11 are not small)
    expect(smallCountsHidden(offices, g)).toBe(3);
    // with pilot=1's n hidden, pooled n − events − (pilot=0 n − events) would still give it: one of those goes too
    expect([g.cox.counts("pooled"), g.cox.groupN("pilot=0")]).toContain(false);
  });

  it("all offices' persons without the event (1 + 0 + 1 + 0 = 2) stay hidden, not only the groups'", () => {
    // Every person at the control offices had the event; one at each pilot office did not. Both pairs
    // are withheld (P1, P2: 1 < k). The pilot group's 2 is small, the control group's 0 is not; the
    // pooled n − events = 2 is the same persons as the pilot group's, through other cells. Hiding the
    // pilot group's n alone leaves pooled n − events (and the control group's n − events = 0 beside it):
    // the gate must protect the total too.
    const offices = offices4([10, 1], [10, 0], [10, 1], [10, 0]);
    const g = gateOf(offices);
    expect(g.cox.withheld).toEqual(["K1", "K2"]);
    // small: P1's and P2's 1, K1's and K2's 1, the pilot group's 2 and all offices' 2
    expect(smallCountsHidden(offices, g)).toBe(6);
    expect(g.cox.counts("pooled")).toBe(false);
  });

  it("a pair whose control office has no spells is withheld, and its pilot office's small counts stay hidden", () => {
    // C2 has no persons, so it is not in the spells: pair K2 is withheld ("an office not in the
    // spells"), and P2's 2 events and 1 person without the event (small) must not follow from the
    // pooled model's or the groups' counts. Small counts the attacker checks: P2's events 2 and 1
    // without the event (its n 3 is not < k); K2's the same two (C2 adds nothing); pilot=1 without
    // the event 1 and all offices' 1 → 6.
    const offices = offices4([6, 0], [6, 0], [2, 1], [0, 0]);
    const g = gateOf(offices);
    expect(g.cox.withheld).toEqual(["K2"]);
    expect(g.cox.counts("K2")).toBe(false);
    expect(smallCountsHidden(offices, g)).toBe(6);
  });

  it("a withheld pair's counts (n and events) are both withheld: pooled − K1 cannot give K2's 2 events", () => {
    // P2 has 1 event and 1 person without it, C2 1 event: K2 is withheld (n 3, events 2, 1 without
    // the event). If only K2's n were withheld and its events shown, or K2 shown and pooled too, the
    // attacker would get K2's 2 events. Small counts: P2 n 2, events 1, others 1; C2 n 1, events 1;
    // K2 events 2, others 1; pooled others 1; pilot=1 others 1 → 9.
    const offices = offices4([6, 0], [6, 0], [1, 1], [1, 0]);
    const g = gateOf(offices);
    expect(g.cox.withheld).toEqual(["K2"]);
    expect([g.cox.estimates("pooled"), g.cox.estimates("K1"), g.cox.estimates("K2")]).toEqual([true, true, false]);
    expect(g.cox.counts("K2")).toBe(false);
    expect(smallCountsHidden(offices, g)).toBe(9);
  });

  it("the control group's persons without the event (1 + 0) stay hidden: the groups are told apart by their pilot flag", () => {
    // C1 has 1 person without the event, C2 none: "pilot=0 without the event" = 1 is small. The
    // control group's KM n (4) minus its events (3, fixed by the published bins) would give it, so
    // that n is not shown; the pilot group's (9, of whom 6 without the event) is. Small counts: P1
    // events 2; C1 events 2, others 1; P2 n 1, events 1; C2 n 1, events 1; K2 n 2, events 2; pilot=0
    // others 1 → 10 (K1's events 4 and the pooled counts are not small).
    const offices = offices4([2, 6], [2, 1], [1, 0], [1, 0]);
    const g = gateOf(offices);
    expect(g.cox.withheld).toEqual(["K1", "K2"]);
    expect([g.cox.groupN("pilot=1"), g.cox.groupN("pilot=0")]).toEqual([true, false]);
    expect(smallCountsHidden(offices, g)).toBe(10);
  });

  it("what is safe is shown: a withheld KM group has no n, and the control group's n (every person had the event) stays", () => {
    // pilot=1 (P1 2 events + 1 without, P2 1 or 6 events) ends with 1 censoring: no safe KM step, so the
    // curve is withheld and its n is not a published count. pilot=0 (C1 2, C2 1 events, nobody without
    // the event) has n = events = 3: its n tells nothing its events (published) do not, so it is shown.
    // Hiding it would lose information without protecting anything.
    for (const p2 of [1, 6]) {
      const offices = offices4([2, 1], [2, 0], [p2, 0], [1, 0]);
      const g = gateOf(offices);
      expect(g.km.map((c) => c.withheld)).toEqual([true, false]);
      expect(g.cox.withheld).toEqual(["K1", "K2"]);
      expect([g.cox.groupN("pilot=1"), g.cox.groupN("pilot=0")]).toEqual([false, true]);
      smallCountsHidden(offices, g);
    }
  });

  it("no Cox analysis: estimates allowed, nothing withheld", () => {
    const { survival, spells: sp } = analyses();
    const g = gateSurvival(survival, undefined, sp, K);
    expect(g.cox.withheld).toEqual([]);
    expect(g.cox.counts("pooled")).toBe(true);
    expect(g.cox.groupN("pilot=1")).toBe(true);
  });
});
