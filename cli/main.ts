/**
 * `switchyard <command>`: each command lives in its own module and is loaded only when called,
 * so `validate` never pays for Pulumi's SDK and `--help`, `--version` and `help` load no command.
 */
import { errorLine, helpTable, helpText, nearest } from "./args";
import { COMMAND_SPECS, decisionsSpec, discoverSpec, importHelp, importLitellmSpec, initSpec, ledgerHelp, ledgerSummarizeSpec, planSpec, smokeSpec, validateSpec } from "./specs";

type Command = { main(argv: string[]): Promise<number> };
/** Loads cli/<name>.ts. bin/ has tsx's CommonJS hook, so require; tests pass their own loader. */
export type Loader = (name: string) => Command | Promise<Command>;
const requireCommand: Loader = (name) => require(`./${name}`) as Command;

const COMMANDS: Record<string, { help: () => string }> = {
  validate: { help: () => helpText(validateSpec) },
  plan: { help: () => helpText(planSpec) },
  decisions: { help: () => helpText(decisionsSpec) },
  smoke: { help: () => helpText(smokeSpec) },
  ledger: { help: () => ledgerHelp() },
  init: { help: () => helpText(initSpec) },
  discover: { help: () => helpText(discoverSpec) },
  import: { help: () => importHelp() },
};

export function version(): string {
  return (require("../package.json") as { version: string }).version;
}

export function topHelp(): string {
  return [
    "usage: switchyard <command> [arguments] [options]",
    "",
    "Your organisation's AI API gateway as code: stack files, the offline review",
    "plan, smoke tests and chargeback.",
    "",
    "commands:",
    ...helpTable(COMMAND_SPECS.map((s) => [s.name, s.brief])),
    "",
    "options:",
    ...helpTable([
      ["-h, --help", "print this help; switchyard help <command> (or switchyard <command> --help) prints a command's arguments, options and exit codes"],
      ["-v, --version", "print the version"],
    ]),
    "",
    "Exit codes: 0 success; 1 a check failed (plan: a mandatory policy; smoke: a",
    "call); 2 bad arguments or input, with one line saying what went wrong and what",
    "to do.",
    "",
  ].join("\n");
}

const names = Object.keys(COMMANDS);
const unknownCommand = (name: string) => {
  const near = nearest(name, names);
  return errorLine("", `unknown command "${name}"${near ? ` (did you mean ${near}?)` : ""}`, `the commands are ${names.join(", ")}; see switchyard --help`);
};

export async function run(argv: string[], load: Loader = requireCommand): Promise<number> {
  const [name, ...rest] = argv;
  const out = (text: string) => process.stdout.write(text);
  const err = (text: string) => process.stderr.write(text);
  if (name === "--version" || name === "-v") return out(`${version()}\n`), 0;
  if (name === "--help" || name === "-h") return out(topHelp()), 0;
  if (name === "help") {
    const topic = rest[0];
    if (topic === undefined) return out(topHelp()), 0;
    const command = COMMANDS[topic];
    if (!command) return err(unknownCommand(topic)), 2;
    if (topic === "ledger" && rest[1] === "summarize") return out(helpText(ledgerSummarizeSpec)), 0;
    if (topic === "import" && rest[1] === "litellm") return out(helpText(importLitellmSpec)), 0;
    return out(command.help()), 0;
  }
  if (name === undefined) return err(errorLine("", "missing <command>", `name one of ${names.join(", ")}; see switchyard --help`)), 2;
  if (name.startsWith("-")) {
    const near = nearest(name.replace(/^-+/, ""), ["help", "version"]);
    return err(errorLine("", `unknown option ${name}${near ? ` (did you mean --${near}?)` : ""}`, "options go after the command; see switchyard --help")), 2;
  }
  const command = COMMANDS[name];
  if (!command) return err(unknownCommand(name)), 2;
  // Help needs only the specs: the command's code (the loader, Pulumi's SDK for plan) stays unloaded.
  if (rest.includes("--help") || rest.includes("-h")) {
    if (name !== "ledger" && name !== "import") return out(command.help()), 0;
    if (name === "ledger" && rest[0] === "summarize") return out(helpText(ledgerSummarizeSpec)), 0;
    if (name === "import" && rest[0] === "litellm") return out(helpText(importLitellmSpec)), 0;
  }
  return (await load(name)).main(rest);
}

/** bin/switchyard.js: runs the command line and sets the exit code. */
export function cli(argv: string[]): void {
  run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // Every expected failure is a CliError handled by its command: this is a bug or the system refusing.
      const command = argv[0] && COMMANDS[argv[0]] ? argv[0] : "";
      process.stderr.write(errorLine(command, `unexpected error: ${e instanceof Error ? e.message : String(e)}`, "if the message does not say how to fix it, please report it with the command you ran"));
      process.exitCode = 2;
    },
  );
}
