/**
 * Baseline cumulative hazard and adjusted survival against R. Expected numbers were produced with
 * R 4.2.2, survival 3.5-3 on ../shared/reference/survival/lung.csv:
 *   fit <- coxph(Surv(time, dead) ~ age + sex, data = lung2, ties = TIES)
 *   b <- basehaz(fit, centered = TRUE); b <- b[c(TRUE, diff(b$hazard) > 0), ]   # event times only
 *   b$hazard[c(1, 10, 50, 100)]
 *   sf <- survfit(fit, newdata = data.frame(age = 60, sex = 2)); sf$surv[sf$n.event > 0][c(1, 10, 50, 100)]
 */
import { describe, it, beforeAll } from "vitest";
import { readTable } from "../../src/io/read-table.js";
import { coxBaseline, coxphFromTable } from "../../src/survival/cox/index.js";
import { TOL, expectRelClose, refPath } from "../helpers/reference.js";

const R = {
  efron: {
    cumhaz: [0.00418804877651941, 0.06093415010692977, 0.34968703753687258, 0.94492827299566506],
    surv: [0.997059985065747, 0.958065773773902, 0.782045575448121, 0.514624516822843],
  },
  breslow: {
    cumhaz: [0.00418860166467598, 0.06080906271517664, 0.34911495256811792, 0.94333870353156679],
    surv: [0.9970582023221, 0.958130566225707, 0.782268932683012, 0.515037606093777],
  },
};

describe("coxBaseline (R basehaz / survfit.coxph)", () => {
  let table: Awaited<ReturnType<typeof readTable>>;
  beforeAll(async () => {
    table = await readTable(refPath("survival", "lung.csv"));
  });
  for (const ties of ["efron", "breslow"] as const) {
    it(`matches R with ${ties} ties`, () => {
      const fit = coxphFromTable(table, { time: "time", event: "dead", covariates: ["age", "sex"], ties });
      const b = coxBaseline(fit, { profiles: [{ age: 60, sex: 2 }] });
      const s = b.strata[0];
      [0, 9, 49, 99].forEach((k, i) => {
        expectRelClose(s.cumhaz[k], R[ties].cumhaz[i], TOL.survival.surv, `cumhaz[${k}]`);
        expectRelClose(s.surv[0][k], R[ties].surv[i], TOL.survival.surv, `surv[${k}]`);
      });
    });
  }
});
