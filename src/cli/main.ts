/** The effekt command line: a thin shell over the public API (src/index.ts). */
import { Command, CommanderError } from "commander";
import { EffektError, EXIT_CODES } from "../errors.js";
import { VERSION } from "../version.js";
import { asSystemError, describeSystemError } from "../output/fs-errors.js";
import { registerCommands } from "./commands/index.js";

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name("effekt")
    .description("Did the pilot work? Survival analysis and difference-in-differences for programme evaluation.")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  program.configureOutput({ outputError: (str, write) => write(str) });
  registerCommands(program);
  if (argv.length <= 2) {
    // `effekt` alone: the overview of commands on stderr and the usage exit code, so that a script
    // calling effekt without a command fails instead of passing silently.
    process.stderr.write(program.helpInformation());
    return EXIT_CODES.usage;
  }
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    return reportError(e);
  }
}

function reportError(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
    return EXIT_CODES.usage;
  }
  if (e instanceof EffektError) {
    process.stderr.write(`effekt: ${e.message}\n`);
    if (process.env.EFFEKT_DEBUG) process.stderr.write(`${e.stack}\n`);
    return EXIT_CODES[e.kind];
  }
  const sys = asSystemError(e);
  if (sys) {
    // A file-system failure that no command turned into a located error: still one line, exit 5.
    process.stderr.write(`effekt: ${sys.path ? `${sys.path}: ` : ""}${describeSystemError(sys)}\n`);
    return EXIT_CODES.output;
  }
  const err = e as Error;
  process.stderr.write(`effekt: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.EFFEKT_DEBUG) process.stderr.write(`${err?.stack}\n`);
  return EXIT_CODES.internal;
}
