# R side of `npm run bench` (bench/run.ts): reads the seeded data that run.ts wrote as raw
# little-endian binary, times only the model call (system.time, elapsed), writes results.json.
# Usage: Rscript bench/r/bench.R DIR   (DIR holds config.json and the *.f64 / *.i32 files)
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
dir <- commandArgs(trailingOnly = TRUE)[1]
cfg <- fromJSON(file.path(dir, "config.json"))
rd <- function(name, n, type = "double") {
  con <- file(file.path(dir, name), "rb"); on.exit(close(con))
  readBin(con, type, n = n, size = if (type == "double") 8 else 4, endian = "little")
}
out <- list()
tm <- function(expr) unname(system.time(expr)["elapsed"])
has <- function(id) id %in% cfg$cases

if (any(c("cox", "cox-robust", "cox-startstop", "zph") %in% cfg$cases)) {
  n <- cfg$n_cox
  d <- data.frame(time = rd("cox_time.f64", n), start = rd("cox_start.f64", n), event = rd("cox_event.f64", n),
                  x1 = rd("cox_x1.f64", n), x2 = rd("cox_x2.f64", n), x3 = rd("cox_x3.f64", n),
                  x4 = rd("cox_x4.f64", n), x5 = rd("cox_x5.f64", n), office = rd("cox_office.i32", n, "integer"))
  f <- Surv(time, event) ~ x1 + x2 + x3 + x4 + x5
  if (has("cox") || has("zph")) {
    s <- tm(fit <- coxph(f, data = d, ties = "efron"))
    out$cox <- list(rows = n, seconds = s, est = unname(coef(fit)))
  }
  if (has("zph")) {
    s <- tm(z <- cox.zph(fit))
    out$zph <- list(rows = n, seconds = s, est = unname(z$table[, "chisq"]))
  }
  if (has("cox-robust")) {
    m <- cfg$n_robust
    dm <- d[seq_len(m), ]
    s <- tm(fr <- coxph(f, data = dm, ties = "efron", cluster = office))
    out[["cox-robust"]] <- list(rows = m, seconds = s, est = c(unname(coef(fr)), unname(sqrt(diag(vcov(fr))))))
  }
  if (has("cox-startstop")) {
    s <- tm(fs <- coxph(Surv(start, time, event) ~ x1 + x2 + x3 + x4 + x5, data = d, ties = "efron"))
    out[["cox-startstop"]] <- list(rows = n, seconds = s, est = unname(coef(fs)))
  }
  rm(d); invisible(gc())
}

if (has("km") || has("logrank")) {
  n <- cfg$n_km
  k <- data.frame(time = rd("km_time.f64", n), event = rd("km_event.f64", n), group = rd("km_group.i32", n, "integer"))
  if (has("km")) {
    s <- tm(sf <- survfit(Surv(time, event) ~ group, data = k))
    out$km <- list(rows = n, seconds = s, est = summary(sf, times = cfg$km_times)$surv)
  }
  if (has("logrank")) {
    s <- tm(sd <- survdiff(Surv(time, event) ~ group, data = k))
    out$logrank <- list(rows = n, seconds = s, est = c(sd$chisq, unname(sd$exp)))
  }
  rm(k); invisible(gc())
}

if (has("did")) {
  n <- cfg$n_did_lm
  g <- data.frame(y = rd("did_y.f64", n), d = rd("did_d.f64", n), office = rd("did_office.i32", n, "integer"),
                  month = rd("did_month.i32", n, "integer"))
  s <- tm(fl <- lm(y ~ d + factor(office) + factor(month), data = g))
  out$did <- list(rows = n, seconds = s, est = unname(coef(fl)["d"]))
  if (has("did-cr2")) {
    suppressPackageStartupMessages(library(clubSandwich))
    m <- cfg$n_did_cr2
    gm <- g[seq_len(m), ]
    s <- tm({
      fm <- lm(y ~ d + factor(office) + factor(month), data = gm)
      ct <- coef_test(fm, vcov = "CR2", cluster = gm$office, test = "Satterthwaite", coefs = "d")
    })
    dfs <- if (!is.null(ct$df_Satt)) ct$df_Satt else ct$df
    out[["did-cr2"]] <- list(rows = m, seconds = s, est = c(ct$beta, ct$SE, dfs))
  }
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA), file.path(dir, "results.json"))
