import type { Command } from "commander";
import { UsageError } from "../../errors.js";

// Placeholder while the command is being built; replaced by the real command.
export function register(program: Command): void {
  program
    .command("prepare")
    .description("(not built yet)")
    .action(() => {
      throw new UsageError("effekt prepare is not built yet");
    });
}
