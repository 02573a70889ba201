/**
 * `switchyard validate`: exit codes, --all, --format json, stack names, and the checks across
 * environments (production's Cloudflare account is its own; gateway ids unique per account).
 * Each test works on temp copies of the examples, run through ./bin/switchyard.js.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveStack } from "../../cli/project";
import { validateFiles } from "../../cli/validate";
import { BAD_DIR, EXAMPLES, ROOT } from "./corpus-files";
import { runValidateBin, runValidateInProcess } from "./run-validate";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** A temp directory with stacks/{dev,staging,prod}.yaml copied from the examples, then edited. */
function repoWith(edits: Record<string, Array<[string, string]>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "switchyard-cli-"));
  dirs.push(dir);
  mkdirSync(join(dir, "stacks"));
  for (const file of EXAMPLES) {
    const name = file.slice(file.lastIndexOf("/") + 1);
    let text = readFileSync(file, "utf8");
    for (const [find, replace] of edits[name] ?? []) {
      expect(text.split(find), `edit of ${name}`).toHaveLength(2);
      text = text.replace(find, replace);
    }
    writeFileSync(join(dir, "stacks", name), text);
  }
  return dir;
}
const DEV_ACCOUNT = "1f2e3d4c5b6a79880123456789abcdef";
const PROD_ACCOUNT = "7c6b5a4938271605f4e3d2c1b0a99887";

interface JsonReport {
  valid: boolean;
  files: Array<{ file: string; environment?: string; valid: boolean; defects: Array<{ file: string; line: number; col: number; path: string; message: string }> }>;
  acrossStacks: Array<{ file: string; line: number; col: number; path: string; message: string }>;
  warnings: Array<{ file: string; line: number; col: number; path: string; message: string }>;
}

describe("switchyard validate", () => {
  it("--all on the examples: exit 0 and one summary line naming every file, after the one thing dev and staging share", () => {
    const run = runValidateBin(["--all"], repoWith());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'stacks/staging.yaml:67:28: providerKeys.bedrock-research.providerAccount.id: warning: aws-bedrock account "123456789012" is also used by dev (stacks/dev.yaml); environments share it (intended? switchyard init copies these: give each environment its own)\n' +
        "3 stack files valid: stacks/dev.yaml, stacks/prod.yaml, stacks/staging.yaml\nvalidate checks the stack file alone; the policies (budgets, alert channels, key expiry and the rest) are judged by `switchyard plan <stack>`\n",
    );
  });

  it("--all in the repository itself exits 0 (the issue's done-when)", () => {
    const run = runValidateBin(["--all"], ROOT);
    expect(run.stdout).toMatch(/stack files? valid: /);
    expect(run.code).toBe(0);
  });

  it("a STACK name means stacks/<name>.yaml; an existing path is taken as a path", () => {
    const dir = repoWith();
    const run = runValidateBin(["prod"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("1 stack file valid: stacks/prod.yaml\nvalidate checks the stack file alone; the policies (budgets, alert channels, key expiry and the rest) are judged by `switchyard plan <stack>`\n");
    expect(resolveStack("prod", dir).display).toBe(join("stacks", "prod.yaml"));
    expect(resolveStack("prod", join(dir, "stacks")).display).toBe("prod.yaml");
    expect(resolveStack("test/fixtures/good/direct-only.yaml", ROOT).display).toBe("test/fixtures/good/direct-only.yaml");
  });

  it("a file with defects: exit 2, FILE:LINE:COL: path: message lines, then a summary", () => {
    const dir = repoWith();
    copyFileSync(join(BAD_DIR, "renamed-required-field.yaml"), join(dir, "bad.yaml"));
    const run = runValidateBin(["bad.yaml", "dev"], dir);
    expect(run.code).toBe(2);
    expect(run.stdout.split("\n")).toEqual([
      "bad.yaml:138:3: workloads.research-lab.owner: is required (expected string)",
      'bad.yaml:139:5: workloads.research-lab.ownr: unknown field "ownr" (did you mean "owner"?)',
      "2 defects in 1 of 2 files; nothing may be deployed or planned from an invalid file",
      "",
    ]);
  });

  it("--format json: a report of every file with its defects and the defects across environments", async () => {
    const bad = join(BAD_DIR, "ref-alert.yaml");
    const run = await runValidateInProcess([EXAMPLES[0], bad, "--format", "json"]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report).toEqual({
      valid: false,
      files: [
        { file: EXAMPLES[0], environment: "dev", valid: true, defects: [] },
        {
          file: bad,
          valid: false,
          defects: [{ file: bad, line: 130, col: 22, path: "workloads.search-indexer.alerts[1]", message: 'unknown alert channel "fnance" (did you mean "finance"?); declared: oncall, finance, pager' }],
        },
      ],
      acrossStacks: [],
      warnings: [],
    });
  });

  it("--format json on valid files says valid: true and exits 0", async () => {
    const run = await runValidateInProcess([...EXAMPLES, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.valid).toBe(true);
    expect(report.files.map((f) => [f.environment, f.valid, f.defects.length])).toEqual([
      ["dev", true, 0],
      ["staging", true, 0],
      ["prod", true, 0],
    ]);
  });

  it("usage errors exit 2 with one error line on stderr; --help prints to stdout and exits 0", async () => {
    for (const [argv, error] of [
      [[], "switchyard validate: missing <STACK|FILE>, stack names or stack file paths; name stacks (dev, prod, staging) or files, or use --all\n"],
      [["--format", "xml", "x.yaml"], "switchyard validate: --format xml is not one of text, json; pick one of those\n"],
    ] as const) {
      const run = await runValidateInProcess([...argv]);
      expect(run).toEqual({ code: 2, stdout: "", stderr: error });
    }
    const help = await runValidateInProcess(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: switchyard validate/);
  });

  it("a missing file is an error naming the existing stacks, exit 2", async () => {
    const run = await runValidateInProcess(["no/such/stack.yaml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('switchyard validate: no stack "no/such/stack.yaml": no/such/stack.yaml does not exist (the stacks are dev, prod, staging); name an existing stack or a stack file, or add one with switchyard init <env>\n');
  });

  it("a prod stack sharing dev's Cloudflare account is refused with --all, pointing at prod's accountId", () => {
    const dir = repoWith({ "prod.yaml": [[`accountId: ${PROD_ACCOUNT}`, `accountId: ${DEV_ACCOUNT}`]] });
    const run = runValidateBin(["--all", "--format", "json"], dir);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.files.every((f) => f.valid)).toBe(true);
    expect(report.acrossStacks).toEqual([
      {
        file: "stacks/prod.yaml",
        line: 7,
        col: 14,
        path: "cloudflare.accountId",
        message:
          "production account is also used by dev (stacks/dev.yaml), staging (stacks/staging.yaml); an AI Gateway Run token reaches every gateway in its account, so production needs an account of its own",
      },
    ]);
    const text = runValidateBin(["--all"], dir);
    expect(text.code).toBe(2);
    expect(text.stdout.trim().split("\n").at(-1)).toBe("1 defect (1 across environments); nothing may be deployed or planned from an invalid file");
  });

  it("the same prod file alone passes: the check needs the other environments", () => {
    const dir = repoWith({ "prod.yaml": [[`accountId: ${PROD_ACCOUNT}`, `accountId: ${DEV_ACCOUNT}`]] });
    expect(runValidateBin(["prod"], dir).code).toBe(0);
    expect(runValidateBin(["prod", "dev"], dir).code).toBe(2);
  });

  it("two stacks with the same gateway id in one account: each is pointed at its gateway.id", () => {
    // dev and staging share an account in the examples; give staging dev's gateway id.
    const dir = repoWith({ "staging.yaml": [["  id: acme-staging", "  id: acme-dev"]] });
    const run = runValidateBin(["--all", "--format", "json"], dir);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.acrossStacks.map((d) => [d.file, d.line, d.col, d.path, d.message])).toEqual([
      ["stacks/dev.yaml", 13, 7, "gateway.id", 'gateway id "acme-dev" is also used in the same account by staging (stacks/staging.yaml); gateway ids are unique per account'],
      ["stacks/staging.yaml", 13, 7, "gateway.id", 'gateway id "acme-dev" is also used in the same account by dev (stacks/dev.yaml); gateway ids are unique per account'],
    ]);
  });

  it("the same gateway id in different accounts is fine", () => {
    const dir = repoWith({ "prod.yaml": [["  id: acme-prod", "  id: acme-dev"]] });
    expect(runValidateBin(["--all"], dir).code).toBe(0);
  });

  // Was a bug (fixed in a4c9710): files were de-duplicated by their spelling, so one file named two ways was
  // compared with itself: `switchyard validate dev ./stacks/dev.yaml` (or `--all ./stacks/dev.yaml`, or an
  // absolute path) reports `gateway id "acme-dev" is also used in the same account by dev`. Resolving
  // paths before de-duplicating fixes it.
  it("one file named two ways is validated once: no clash with itself", () => {
    const dir = repoWith();
    for (const argv of [["dev", "./stacks/dev.yaml"], ["--all", "./stacks/dev.yaml"], ["dev", join(dir, "stacks", "dev.yaml")]]) {
      const run = runValidateBin(argv, dir);
      expect({ argv, code: run.code, out: run.stdout }).toMatchObject({ argv, code: 0 });
    }
  });

  // Was a bug (fixed in a4c9710): a directory (here `switchyard validate stacks`) made readFileSync throw EISDIR
  // out of validateFiles; the CLI prints `switchyard: EISDIR: illegal operation on a directory, read`
  // instead of an error naming the argument.
  it("a directory given as a file is an error naming it, not an exception", () => {
    const run = runValidateBin(["stacks"], repoWith());
    expect(run).toEqual({ code: 2, stdout: "", stderr: "switchyard validate: stacks is a directory; name stack files, or use --all for every file in stacks/\n" });
  });

  it("production-like names (production, prod-eu) get the account rule too; prodigy does not", () => {
    for (const [environment, refused] of [["production", true], ["prod-eu", true], ["prodigy", false]] as const) {
      const dir = repoWith({ "prod.yaml": [["environment: prod", `environment: ${environment}`], [`accountId: ${PROD_ACCOUNT}`, `accountId: ${DEV_ACCOUNT}`], ["  id: acme-prod", "  id: acme-other"]] });
      const report = validateFiles(["dev", "prod"].map((s) => join(dir, "stacks", `${s}.yaml`)));
      expect({ environment, refused: report.acrossStacks.length > 0 }).toEqual({ environment, refused });
    }
  });

  // Issue 23, item 3: `switchyard init staging` copied dev's reader roles, secret ARNs, provider
  // account and key names, and validate --all passed: two environments silently shared them.
  // A reader role of another account is refused by the file's own check (stacks/reader-accounts.ts),
  // so prod (its own account) can share dev's role only when both deploy to one account: the
  // reader-role case is test/stack-file/shared-credentials.test.ts; here the three that cross accounts.
  it("a production stack sharing a secret ARN, provider account or gateway key name with dev is refused, each at prod's field", () => {
    const dir = repoWith({
      "prod.yaml": [
        ['awsSecretArn: "arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/bedrock-research-Ab12Cd"', 'awsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dev/bedrock-research-Ab12Cd"'],
        ["providerAccount: { id: org-acme-prod, contract: committed }", "providerAccount: { id: org-acme-dev, contract: committed }"],
        ["      - name: support-prod", "      - name: support-dev"],
      ],
    });
    const run = runValidateBin(["--all", "--format", "json"], dir);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.acrossStacks.map((d) => [d.file, d.path])).toEqual([
      ["stacks/prod.yaml", "workloads.support-summarizer.keys[0].name"],
      ["stacks/prod.yaml", "providerKeys.bedrock-research.source.awsSecretArn"],
      ["stacks/prod.yaml", "providerKeys.openai-main.providerAccount.id"],
    ]);
    expect(report.acrossStacks[0]?.message).toMatch(/^gateway key name "support-dev" is also used by dev \(stacks\/dev.yaml\); a production environment shares no reader role, secret, provider account or gateway key name with a non-production one: give prod its own$/);
    expect(report.acrossStacks[0]).toMatchObject({ line: expect.any(Number), col: expect.any(Number) });
  });

  it("two non-production stacks sharing a reader role: a warning, once, and validate still passes", () => {
    const dir = repoWith({ "staging.yaml": [["readerRoleArn: arn:aws:iam::123456789012:role/checkout-staging", "readerRoleArn: arn:aws:iam::123456789012:role/checkout-dev"]] });
    const run = runValidateBin(["--all"], dir);
    expect(run.code).toBe(0);
    const warnings = run.stdout.split("\n").filter((l) => l.includes("checkout-dev"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^stacks\/staging\.yaml:\d+:\d+: workloads\.checkout-assistant\.readerRoleArn: warning: reader role "arn:aws:iam::123456789012:role\/checkout-dev" is also used by dev \(stacks\/dev\.yaml\)/);
  });
});
