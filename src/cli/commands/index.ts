import type { Command } from "commander";
import { register as cox } from "./cox.js";
import { register as cuminc } from "./cuminc.js";
import { register as did } from "./did.js";
import { register as km } from "./km.js";
import { register as logrank } from "./logrank.js";
import { register as power } from "./power.js";
import { register as prepare } from "./prepare.js";
import { register as run } from "./run.js";
import { register as simulate } from "./simulate.js";

/** Every subcommand, in the order `effekt --help` lists them. */
export function registerCommands(program: Command): void {
  run(program);
  prepare(program);
  simulate(program);
  did(program);
  cox(program);
  km(program);
  logrank(program);
  cuminc(program);
  power(program);
}
