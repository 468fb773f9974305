/**
 * Progress of a job: a progress bar (cli-progress) when stderr is a terminal, plain timestamped-free
 * log lines otherwise (scheduled batch runs write logs, not bars), nothing when quiet.
 */
import cliProgress from "cli-progress";

export interface Progress {
  step(label: string): void;
  done(): void;
}

export function makeProgress(total: number, mode: "auto" | "bar" | "log" | "quiet" = "auto"): Progress {
  const useBar = mode === "bar" || (mode === "auto" && process.stderr.isTTY === true);
  if (mode === "quiet") return { step() {}, done() {} };
  if (!useBar) {
    let i = 0;
    return {
      step(label) {
        i++;
        process.stderr.write(`effekt: [${i}/${total}] ${label}\n`);
      },
      done() {
        process.stderr.write("effekt: done\n");
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: "effekt [{bar}] {value}/{total} {label}", stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: "starting" });
  return {
    step(label) {
      bar.increment(1, { label });
    },
    done() {
      bar.update(total, { label: "done" });
      bar.stop();
    },
  };
}
