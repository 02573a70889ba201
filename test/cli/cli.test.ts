/**
 * The command line as a Node CLI is expected to behave: help on stdout with exit 0 for every
 * command, --version, "did you mean" for commands, subcommands, options and values, what is
 * missing when an argument is, one error format, exit codes in every --help and in the README,
 * one wording for a stack that does not exist, and the project's files found from a subdirectory.
 * In process through cli/main.ts's run (cwd: the repository), and as a user runs it through bin/.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../cli/main";
import { COMMAND_SPECS } from "../../cli/specs";
import { captureOutput } from "../support/capture-output";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "switchyard.js");
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** cli/main.ts's run in process; commands are loaded through vitest (bin/ requires them through tsx). */
const cli = (...argv: string[]) => captureOutput(() => run(argv, (name) => import(`../../cli/${name}.ts`)));

function bin(argv: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd, encoding: "utf8", timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Each command as typed, and its argv prefix (ledger's subcommand included). */
const COMMANDS = COMMAND_SPECS.map((s) => ({ name: s.name, argv: s.name.split(" "), spec: s }));
/** One error line: `switchyard <command>: what went wrong; what to do`. */
const errorLine = (command: string) => new RegExp(`^switchyard ${command}: [^;\\n]+; [^\\n]+\\n$`);

describe("help and version", () => {
  it.each(COMMANDS)("switchyard $name --help, -h and switchyard help $name: usage on stdout, exit 0", async ({ name, argv }) => {
    for (const args of [[...argv, "--help"], [...argv, "-h"], ["help", ...argv]]) {
      const r = await cli(...args);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: "" });
      expect(r.stdout).toMatch(new RegExp(`^usage: switchyard ${name} `));
    }
  });

  it.each(COMMANDS)("through bin/: switchyard $name --help", ({ name, argv }) => {
    const r = bin([...argv, "--help"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(new RegExp(`^usage: switchyard ${name} `));
  });

  it("--help wins over a half-typed command line", async () => {
    const r = await cli("smoke", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: switchyard smoke <STACK\|FILE> \[options\]/);
    expect((await cli("plan", "--formt", "x", "--help")).code).toBe(0);
  });

  it("every help fits an 80-column terminal", async () => {
    for (const args of [["--help"], ...COMMANDS.map(({ argv }) => [...argv, "--help"]), ["ledger", "--help"], ["import", "--help"]]) {
      const { stdout } = await cli(...args);
      expect(stdout.split("\n").filter((l) => l.length > 80)).toEqual([]);
    }
  });

  it("switchyard --help, -h and help list every command on stdout, exit 0", async () => {
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const r = await cli(...args);
      expect(r.code).toBe(0);
      for (const { spec } of COMMANDS) expect(r.stdout).toContain(`  ${spec.name} `);
    }
  });

  it("switchyard ledger --help lists its subcommand", async () => {
    const r = await cli("ledger", "--help");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("summarize");
  });

  it("--version and -v print the package version", async () => {
    for (const flag of ["--version", "-v"]) expect(await cli(flag)).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
    expect(bin(["--version"])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
  });

  it.each(COMMANDS)("$name --help lists its exit codes", async ({ argv, spec }) => {
    const { stdout } = await cli(...argv, "--help");
    // Wrapped to 80 columns: read as one line.
    const section = stdout.slice(stdout.indexOf("exit codes:"), stdout.indexOf("examples:")).replace(/\s+/g, " ");
    for (const [code, meaning] of spec.exitCodes) expect(section).toContain(` ${code} ${meaning} `);
  });

  it("the README lists every command's exit codes as its --help does", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const { spec } of COMMANDS) {
      const row = `| \`switchyard ${spec.name}\` | ${spec.exitCodes.map(([code, meaning]) => `**${code}** ${meaning}`).join("; ")} |`;
      expect(readme).toContain(row);
    }
  });
});

describe("mistakes get a did-you-mean and what to do, in one format", () => {
  it("a mistyped command", async () => {
    expect(await cli("valdiate", "--all")).toEqual({
      code: 2,
      stdout: "",
      stderr: 'switchyard: unknown command "valdiate" (did you mean validate?); the commands are validate, plan, decisions, smoke, ledger, init, discover, import; see switchyard --help\n',
    });
    expect((await cli("pln")).stderr).toContain("(did you mean plan?)");
    expect((await cli("--verison")).stderr).toBe("switchyard: unknown option --verison (did you mean --version?); options go after the command; see switchyard --help\n");
  });

  it.each([
    [["validate", "--formt", "json", "prod"], "validate", "unknown option --formt (did you mean --format?); see switchyard validate --help"],
    [["plan", "prod", "--formt", "md"], "plan", "unknown option --formt (did you mean --format?); see switchyard plan --help"],
    [["plan", "prod", "--format", "mdd"], "plan", "--format mdd is not one of text, md, json, sarif (did you mean md?); pick one of those"],
    [["plan", "prod", "--today"], "plan", "--today needs a value; give it YYYY-MM-DD"],
    [["smoke", "prod", "--key-evn", "K"], "smoke", "unknown option --key-evn (did you mean --key-env?); see switchyard smoke --help"],
    [["ledger", "summarize", "x", "--moth", "2026-11"], "ledger summarize", "unknown option --moth (did you mean --month?); see switchyard ledger summarize --help"],
    [["init", "qa", "--form", "dev"], "init", "unknown option --form (did you mean --from?); see switchyard init --help"],
    [["validate", "--all=yes"], "validate", "--all takes no value; write --all alone"],
  ])("%j", async (argv, command, message) => {
    const r = await cli(...argv);
    expect(r).toEqual({ code: 2, stdout: "", stderr: `switchyard ${command}: ${message}\n` });
    expect(r.stderr).toMatch(errorLine(command));
  });

  it.each([
    [["validate"], "validate", "missing <STACK|FILE>, stack names or stack file paths; name stacks (dev, prod, staging) or files, or use --all"],
    [["plan"], "plan", "missing <STACK|FILE>, a stack name (prod means stacks/prod.yaml in the project) or a stack file path; name one of dev, prod, staging, or a stack file"],
    [["smoke", "--key-env", "K"], "smoke", "missing <STACK|FILE>, a stack name (prod means stacks/prod.yaml in the project) or a stack file path; name one of dev, prod, staging, or a stack file"],
    [["smoke", "dev"], "smoke", "missing --key-env VAR, the environment variable that holds the gateway key to test with; export the key in a variable and name it, e.g. --key-env SMOKE_KEY"],
    [["ledger"], "ledger", "missing <subcommand>; the subcommands are summarize; see switchyard ledger --help"],
    [["init"], "init", "missing <ENV>, the new environment's name (the Pulumi stack name): a lowercase slug; e.g. switchyard init qa"],
    [["plan", "dev", "prod"], "plan", 'unexpected argument "prod"; switchyard plan <STACK|FILE> [options]; see switchyard plan --help'],
  ])("what is missing: %j", async (argv, command, message) => {
    expect(await cli(...argv)).toEqual({ code: 2, stdout: "", stderr: `switchyard ${command}: ${message}\n` });
  });

  it("a stack that does not exist reads the same in every command, naming the existing stacks", async () => {
    const said = "no stack \"qa\": stacks/qa.yaml does not exist (the stacks are dev, prod, staging); name an existing stack or a stack file, or add one with switchyard init qa\n";
    expect(await cli("validate", "qa")).toEqual({ code: 2, stdout: "", stderr: `switchyard validate: ${said}` });
    expect(await cli("plan", "qa")).toEqual({ code: 2, stdout: "", stderr: `switchyard plan: ${said}` });
    expect(await cli("smoke", "qa", "--key-env", "K")).toEqual({ code: 2, stdout: "", stderr: `switchyard smoke: ${said}` });
    expect(await cli("ledger", "summarize", ROOT, "--month", "2026-11", "--budgets", "qa")).toEqual({ code: 2, stdout: "", stderr: `switchyard ledger summarize: ${said}` });
    expect(await cli("init", "prod-eu", "--from", "qa")).toEqual({ code: 2, stdout: "", stderr: `switchyard init: ${said}` });
  });

  it("an impossible date is refused, not rolled over (2026-02-30 is not 2026-03-02)", async () => {
    expect(await cli("plan", "prod", "--today", "2026-02-30")).toEqual({ code: 2, stdout: "", stderr: "switchyard plan: --today 2026-02-30 is not a calendar date; give a date that exists, as YYYY-MM-DD\n" });
  });
});

describe("from a subdirectory of the project", () => {
  it("validate names stacks and --all from the project root", () => {
    const stacksDir = join(ROOT, "stacks");
    expect(bin(["validate", "prod"], stacksDir)).toEqual({ code: 0, stdout: "1 stack file valid: prod.yaml\nvalidate checks the stack file alone; the policies (budgets, alert channels, key expiry and the rest) are judged by `switchyard plan <stack>`\n", stderr: "" });
    const all = bin(["validate", "--all"], join(ROOT, "docs"));
    expect(all.code).toBe(0);
    // After the one value dev and staging share (a warning: stacks/shared-credentials.ts), named from here too.
    expect(all.stdout).toMatch(/^\.\.\/stacks\/staging\.yaml:\d+:\d+: providerKeys\.bedrock-research\.providerAccount\.id: warning: .* dev \(\.\.\/stacks\/dev\.yaml\)/);
    expect(all.stdout.endsWith("\n3 stack files valid: ../stacks/dev.yaml, ../stacks/prod.yaml, ../stacks/staging.yaml\nvalidate checks the stack file alone; the policies (budgets, alert channels, key expiry and the rest) are judged by `switchyard plan <stack>`\n")).toBe(true);
  });

  // Was a bug: `cd stacks && switchyard plan prod.yaml` looked for policies/config/prod.json in stacks/.
  it("cd stacks && switchyard plan prod.yaml finds the policy config and names files from the repository root", { timeout: 180_000 }, () => {
    const r = bin(["plan", "prod.yaml", "--today", "2026-11-27", "--format", "json"], join(ROOT, "stacks"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { stack: { file: string; policyConfig: string } };
    expect(report.stack).toMatchObject({ file: "stacks/prod.yaml", policyConfig: "policies/config/prod.json" });
  });
});
