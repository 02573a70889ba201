/**
 * Where a command finds the project's files: stack names (`prod`) mean `<root>/stacks/prod.yaml`
 * and policy configs live in `<root>/policies/config`, whichever subdirectory the command runs
 * from; the root is the nearest directory, from the working directory up, with a Pulumi.yaml or a
 * stacks/ folder. Paths typed by the user are taken from the working directory, as shells do.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { FORMATS } from "../stacks/formats";
import { formatDefect, parseStackFile } from "../stacks/load";
import type { StackSpec } from "../stacks/schema";
import { CliError, missingArgument, type CommandSpec } from "./args";

export const STACKS_DIR = "stacks";
export const POLICY_CONFIG_DIR = join("policies", "config");

/** A stack name as the CLI accepts it in place of a path: an environment, as the stack file allows it. */
export const STACK_NAME = FORMATS.environment.pattern;

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** The project root above `cwd`, or undefined outside a project. */
export function findProjectRoot(cwd = process.cwd()): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "Pulumi.yaml")) || isDirectory(join(dir, STACKS_DIR))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Stack names of the project (stacks/<name>.yaml), sorted. */
export function listStacks(root: string | undefined): string[] {
  const dir = root && join(root, STACKS_DIR);
  if (!dir || !isDirectory(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/** How a path is shown to the user: relative to the working directory. */
export function shown(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !isAbsolute(rel) ? rel : path;
}

export interface StackRef {
  /** The file to read. */
  file: string;
  /** The file as messages name it. */
  display: string;
  /** The stack's name (the file's base name). */
  name: string;
}

/** The words every command uses when a stack does not exist. */
export function noSuchStack(arg: string, display: string, root: string | undefined): CliError {
  const stacks = listStacks(root);
  const existing = stacks.length ? `the stacks are ${stacks.join(", ")}` : root ? `there is no stack file in ${shown(join(root, STACKS_DIR))}` : "no project (Pulumi.yaml or stacks/) above this directory";
  return new CliError(`no stack "${arg}": ${display} does not exist (${existing})`, `name an existing stack or a stack file, or add one with switchyard init ${STACK_NAME.test(arg) ? arg : "<env>"}`);
}

/** The error for a command's missing STACK|FILE argument, naming the stacks there are. */
export function missingStack(spec: CommandSpec, root: string | undefined): CliError {
  const stacks = listStacks(root);
  return missingArgument(spec, "STACK|FILE", stacks.length ? `name one of ${stacks.join(", ")}, or a stack file` : "name a stack file");
}

/** A STACK|FILE argument: a name means the project's stacks/<name>.yaml unless such a file is in the working directory. */
export function resolveStack(arg: string, cwd = process.cwd(), root = findProjectRoot(cwd)): StackRef {
  const asPath = resolve(cwd, arg);
  const named = STACK_NAME.test(arg) && !existsSync(asPath);
  const file = named ? join(root ?? cwd, STACKS_DIR, `${arg}.yaml`) : asPath;
  const display = named ? shown(file, cwd) : arg;
  if (!existsSync(file)) throw noSuchStack(arg, display, root);
  if (isDirectory(file)) throw new CliError(`${display} is a directory`, "name stack files, or use --all for every file in stacks/");
  return { file, display, name: basename(file).replace(/\.ya?ml$/, "") };
}

/** A stack file's spec; an invalid file prints its defects and fails as every command does. */
export function loadValidStack(display: string, err: (text: string) => void = (text) => process.stderr.write(text)): StackSpec {
  const result = parseStackFile(readFileSync(display, "utf8"), display);
  if (result.ok) return result.spec;
  for (const d of result.defects) err(`${formatDefect(d)}\n`);
  const n = result.defects.length;
  throw new CliError(`${display} is invalid (${n} defect${n === 1 ? "" : "s"})`, "fix the defects above and run again");
}
