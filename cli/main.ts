/**
 * `switchyard <command>`: each command lives in its own module and is loaded only when called,
 * so `validate` never pays for Pulumi's SDK.
 */
const COMMANDS: Record<string, { summary: string; load: () => { main(argv: string[]): Promise<number> } }> = {
  validate: { summary: "check stack files: switchyard validate [FILE|STACK ...] [--all] [--format text|json]", load: () => require("./validate") },
  plan: { summary: "offline review report: switchyard plan <STACK|FILE> [--format text|md|json|sarif] [--out DIR] [--base REF]", load: () => require("./plan") },
  smoke: { summary: "prompt set through the front door: switchyard smoke <STACK> --base-url URL --key-env VAR", load: () => require("./smoke") },
  ledger: { summary: "chargeback from the usage ledger: switchyard ledger summarize <DIR|s3://...> --month YYYY-MM", load: () => require("./ledger") },
};

function usage(): string {
  return ["usage: switchyard <command> [options]", "", ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)].join("\n");
}

async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write(`${name && name !== "--help" && name !== "-h" ? `unknown command "${name}"\n` : ""}${usage()}\n`);
    return name === "--help" || name === "-h" ? 0 : 2;
  }
  return command.load().main(rest);
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`switchyard: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
