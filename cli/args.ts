/**
 * Every command declares its arguments, options and exit codes once (a CommandSpec); from that
 * come its parsing (node:util parseArgs, with unknown options and values refused in our own words
 * and a "did you mean" from fastest-levenshtein), its --help text and the README's exit codes.
 * Every error reads `switchyard <command>: what went wrong; what to do`.
 */
import { parseArgs } from "node:util";
import { wrap } from "../plan/format-helpers";
import { nearest } from "../stacks/nearest";

export { nearest };

export interface OptionSpec {
  name: string;
  short?: string;
  /** A string option takes a value (named `value` in help); a boolean one is a switch. */
  type: "string" | "boolean";
  value?: string;
  description: string;
  default?: string;
  /** The values a string option accepts. */
  choices?: readonly string[];
}

export interface ArgumentSpec {
  name: string;
  description: string;
  required: boolean;
  /** Takes any number of values (the last argument only). */
  variadic?: boolean;
}

export interface CommandSpec {
  /** `plan`, or `ledger summarize` for a subcommand. */
  name: string;
  /** A few words for the list of commands. */
  brief: string;
  summary: string;
  /** Paragraphs printed under the usage line. */
  details?: string[];
  arguments: ArgumentSpec[];
  options: OptionSpec[];
  /** Exit code -> what it means. */
  exitCodes: Array<[number, string]>;
  examples?: string[];
}

/** A bad command line or input the command cannot work with: exit 2. */
export class CliError extends Error {
  constructor(
    readonly what: string,
    readonly todo: string,
  ) {
    super(`${what}; ${todo}`);
    this.name = "CliError";
  }
}

/** The one error line every command prints (`command` empty for switchyard itself). */
export function errorLine(command: string, what: string, todo: string): string {
  return `switchyard${command ? ` ${command}` : ""}: ${what}; ${todo}\n`;
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}
const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/**
 * A command's main: parses `argv` against `spec`, prints help on --help (stdout, exit 0), runs
 * `body`, and turns a CliError into the one error line and exit code 2.
 */
export async function runCommand(spec: CommandSpec, argv: string[], body: (args: Parsed) => Promise<number> | number, io: Io = processIo): Promise<number> {
  try {
    const parsed = parseCommand(spec, argv);
    if (parsed.help) {
      io.out(helpText(spec));
      return 0;
    }
    return await body(parsed);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.err(errorLine(spec.name, e.what, e.todo));
    return 2;
  }
}


const HELP: OptionSpec = { name: "help", short: "h", type: "boolean", description: "print this help and exit 0" };

const flag = (o: OptionSpec) => `--${o.name}`;
const usageArgs = (a: ArgumentSpec) => (a.required ? `<${a.name}>` : `[${a.name}]`) + (a.variadic ? " ..." : "");

export function usageLine(spec: CommandSpec): string {
  return `switchyard ${spec.name} ${spec.arguments.map(usageArgs).join(" ")}${spec.options.length ? " [options]" : ""}`.replace(/ +/g, " ").trimEnd();
}

/** Help is read in an 80-column terminal. */
const HELP_WIDTH = 80;

/** Two columns, the right one wrapped under itself. */
export function helpTable(rows: Array<[string, string]>): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.flatMap(([left, right]) => wrap(right, HELP_WIDTH, `  ${left.padEnd(width)}  `, " ".repeat(width + 4)));
}

export function helpText(spec: CommandSpec): string {
  const out = [`usage: ${usageLine(spec)}`, "", ...wrap(spec.summary, HELP_WIDTH)];
  for (const p of spec.details ?? []) out.push("", ...wrap(p, HELP_WIDTH));
  if (spec.arguments.length) out.push("", "arguments:", ...helpTable(spec.arguments.map((a) => [a.name, a.description])));
  const options = [...spec.options, HELP].map((o): [string, string] => {
    const left = `${o.short ? `-${o.short}, ` : ""}${flag(o)}${o.type === "string" ? ` ${o.value ?? (o.choices ? o.choices.join("|") : "VALUE")}` : ""}`;
    return [left, `${o.description}${o.default !== undefined ? ` (default: ${o.default})` : ""}`];
  });
  out.push("", "options:", ...helpTable(options));
  out.push("", "exit codes:", ...helpTable(spec.exitCodes.map(([code, meaning]) => [String(code), meaning])));
  if (spec.examples?.length) out.push("", "examples:", ...spec.examples.map((e) => `  ${e}`));
  return `${out.join("\n")}\n`;
}

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

/** Parses `argv` against `spec`; throws CliError naming what is wrong and what to do. */
export function parseCommand(spec: CommandSpec, argv: string[]): Parsed {
  const all = [...spec.options, HELP];
  const seeHelp = `see switchyard ${spec.name} --help`;
  const { tokens } = parseArgs({
    args: argv,
    options: Object.fromEntries(all.map((o) => [o.name, { type: o.type, ...(o.short ? { short: o.short } : {}) }])),
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  // --help wins over everything else on the line, so that a half-typed command can ask for it.
  if (tokens.some((t) => t.kind === "option" && t.name === "help")) return { values: {}, positionals: [], help: true };

  const values: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === "positional") positionals.push(t.value);
    if (t.kind !== "option") continue;
    const option = all.find((o) => o.name === t.name);
    if (!option) {
      const near = nearest(t.name, all.map((o) => o.name));
      throw new CliError(`unknown option ${t.rawName}${near ? ` (did you mean --${near}?)` : ""}`, seeHelp);
    }
    if (option.type === "boolean") {
      if (t.inlineValue) throw new CliError(`${flag(option)} takes no value`, `write ${flag(option)} alone`);
      values[option.name] = true;
      continue;
    }
    // parseArgs (strict: false) leaves a string option given last, or before another option, without a value.
    const value = t.value ?? undefined;
    const wanted = option.choices ? `one of ${option.choices.join(", ")}` : (option.value ?? "a value");
    if (value === undefined || (!t.inlineValue && value.startsWith("--"))) throw new CliError(`${flag(option)} needs a value`, `give it ${wanted}`);
    if (option.choices && !option.choices.includes(value)) {
      const near = nearest(value, option.choices);
      throw new CliError(`${flag(option)} ${value} is not one of ${option.choices.join(", ")}${near ? ` (did you mean ${near}?)` : ""}`, `pick one of those`);
    }
    if (values[option.name] !== undefined && values[option.name] !== value) throw new CliError(`${flag(option)} is given twice`, "give it once");
    values[option.name] = value;
  }
  for (const o of spec.options) if (values[o.name] === undefined && o.default !== undefined) values[o.name] = o.type === "boolean" ? o.default === "true" : o.default;

  const last = spec.arguments.at(-1);
  const max = last?.variadic ? Infinity : spec.arguments.length;
  if (positionals.length > max) throw new CliError(`unexpected argument "${positionals[max]}"`, `${usageLine(spec)}; ${seeHelp}`);
  return { values, positionals, help: false };
}

/** The error for a required argument that is missing: what it is, then how to give it. */
export function missingArgument(spec: CommandSpec, name: string, todo: string): CliError {
  const arg = spec.arguments.find((a) => a.name === name);
  return new CliError(`missing ${arg ? `<${arg.name}>, ${arg.description}` : name}`, todo);
}
