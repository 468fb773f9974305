/**
 * Boundaries of the gate's rules that the mutation run (docs/testing.md) found unchecked: "fewer
 * than k" is strict (an office with exactly k events keeps its pair), and bad input to the table
 * suppression names its row in the error's location, not only in the message.
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { makeTable } from "../../src/io/table.js";
import type { CoxAnalysis } from "../../src/job/analyses.js";
import { gateSurvival } from "../../src/publish/survival-gate.js";
import { suppressSmallCells } from "../../src/report/suppress.js";

describe("gate boundaries", () => {
  it("an office with exactly k events, or exactly k persons without the event, does not withhold its pair", () => {
    // k = 3. P1: 3 events, 10 without; C1: 10 events, 3 without. Both counts are k, not fewer.
    // P2: 2 events (fewer than k) → only K2 is withheld.
    const offices = [["P1", 1, 3, 10], ["C1", 0, 10, 3], ["P2", 1, 2, 10], ["C2", 0, 10, 10]] as const;
    const office: string[] = [];
    const event: number[] = [];
    const pilot: number[] = [];
    for (const [n, p, e, o] of offices) for (let i = 0; i < e + o; i++) { office.push(n); event.push(i < e ? 1 : 0); pilot.push(p); }
    const spells = makeTable("spells", [
      { name: "office", type: "string", values: office },
      { name: "event", type: "number", values: Float64Array.from(event) },
      { name: "pilot", type: "number", values: Float64Array.from(pilot) },
    ]);
    const cox = {
      pooled: { n: 58, nevent: 25 },
      per_pair: [
        { county: "K1", pilot_office: "P1", control_office: "C1", fit: { n: 26, nevent: 13 } },
        { county: "K2", pilot_office: "P2", control_office: "C2", fit: { n: 32, nevent: 12 } },
      ],
    } as unknown as CoxAnalysis;
    const g = gateSurvival(undefined, cox, spells, 3);
    expect(g.cox.withheld).toEqual(["K2"]);
    expect(g.cox.estimates("K1")).toBe(true);
  });

  it("a ragged or non-count table names the 1-based row in the error's location", () => {
    const ragged = (() => { try { suppressSmallCells([[1, 2], [3, 4], [5]]); } catch (e) { return e; } })();
    expect(ragged).toBeInstanceOf(InputError);
    expect((ragged as InputError).row).toBe(3);
    const negative = (() => { try { suppressSmallCells([[1, 2], [3, -4]]); } catch (e) { return e; } })();
    expect((negative as InputError).row).toBe(2);
  });
});
