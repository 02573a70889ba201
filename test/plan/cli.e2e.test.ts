/**
 * `switchyard plan` exit codes: 0 when no mandatory policy fails, 1 when one does, 2 on invalid
 * input (with the loader's positioned defects). In process through cli/plan.ts's main, and once
 * through bin/switchyard.js as a user runs it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/plan";
import { todayUtc } from "../../stacks/dates";
import { commentMarker, MARKDOWN_MAX_LENGTH } from "../../plan/report-markdown";
import { PlanInputError, runPlan } from "../../plan/run-plan";
import { generateStackYaml } from "../../stacks/generate-stack";
import { captureOutput } from "../support/capture-output";
import { FIXTURE_TODAY } from "./report-fixture";

const ROOT = join(__dirname, "..", "..");
const TODAY_BEFORE = process.env.SWITCHYARD_TODAY;
const prodYaml = readFileSync(join(ROOT, "stacks", "prod.yaml"), "utf8");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "switchyard-plan-cli-"));
  // A key expiring in 200 days: prod's keys-expiry policy is mandatory at 90 days.
  writeFileSync(join(dir, "prod-late-expiry.yaml"), prodYaml.replace("expiresOn: 2027-02-15", "expiresOn: 2027-06-15"));
  writeFileSync(join(dir, "prod-invalid.yaml"), prodYaml.replace("owner: team-ops@acme.example", "owner: not-an-email").replace("expiresOn: 2027-02-01", "expiresOn: soon"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const run = (...args: string[]) => captureOutput(() => main([...args, "--today", FIXTURE_TODAY]));

describe("switchyard plan exit codes", () => {
  it("0: the prod example passes", { timeout: 120_000 }, async () => {
    const r = await run("prod", "--format", "md");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("## Switchyard plan: `prod`: passes");
  });

  it("1: a mandatory policy fails, and the report says which, at the key's line", { timeout: 120_000 }, async () => {
    const file = join(dir, "prod-late-expiry.yaml");
    const r = await run(file, "--policy-config", join(ROOT, "policies", "config", "prod.json"), "--out", join(dir, "out"));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL: 1 mandatory violation/m);
    expect(r.stdout).toContain("MANDATORY high switchyard-keys-expiry");
    const line = readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes("expiresOn: 2027-06-15")) + 1;
    expect(r.stdout).toContain(`${file}:${line}:`);
    for (const f of ["plan.txt", "plan.md", "plan.json", "plan.sarif"]) expect(existsSync(join(dir, "out", f))).toBe(true);
  });

  it("2: invalid input prints every positioned defect and plans nothing", async () => {
    const file = join(dir, "prod-invalid.yaml");
    const r = await run(file, "--format", "json");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`${file}:\\d+:\\d+: workloads\\.ops-copilot\\.owner: expected an e-mail address`));
    expect(r.stderr).toMatch(/:\d+:\d+: workloads\.support-summarizer\.keys\[0\]\.expiresOn: expected a calendar date/);
  });

  it("2: a missing file, a bad date, an unknown format or a missing policy config", async () => {
    expect((await run(join(dir, "nope.yaml"))).code).toBe(2);
    expect((await run("prod", "--format", "html")).code).toBe(2);
    expect((await main(["prod", "--today", "2026-13-45"].concat([])).catch(() => -1))).toBe(2);
    const noConfig = await run("prod", "--policy-config", join(dir, "missing.json"));
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toContain("missing.json");
  });

  // Was a bug: a run that exits 2 left the previous run's plan.md, which still said "passes".
  it("2 with --out: the earlier reports are gone and plan.md says what happened", async () => {
    const out = join(dir, "stale-out");
    mkdirSync(out, { recursive: true });
    for (const f of ["plan.txt", "plan.md", "plan.json", "plan.sarif"]) writeFileSync(join(out, f), "## Switchyard plan: `prod`: passes, no mandatory policy fails\n");
    const file = join(dir, "prod-invalid.yaml");
    const r = await run(file, "--out", out);
    expect(r.code).toBe(2);
    expect(readdirSync(out)).toEqual(["plan.md"]);
    const md = readFileSync(join(out, "plan.md"), "utf8");
    expect(md.startsWith(`${commentMarker("prod-invalid")}\n## Switchyard plan: \`prod-invalid\`: not planned\n`)).toBe(true);
    expect(md).not.toContain("passes");
    // It quotes what the command said: the defects and the error line, not a guess.
    expect(md).toContain(r.stderr.trimEnd());
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe(`switchyard plan: ${file} is invalid (2 defects), nothing was planned; fix the defects above and plan again`);
  });

  it("2 with --out for a stack that does not exist: plan.md says so", async () => {
    const out = join(dir, "missing-out");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "plan.json"), "{}");
    const r = await run("qa", "--out", out);
    expect(r.code).toBe(2);
    expect(readdirSync(out)).toEqual(["plan.md"]);
    expect(readFileSync(join(out, "plan.md"), "utf8")).toContain('switchyard plan: no stack "qa": stacks/qa.yaml does not exist');
  });

  it("through bin/switchyard.js: the exit code reaches the shell", { timeout: 120_000 }, () => {
    const child = spawnSync(process.execPath, [join(ROOT, "bin", "switchyard.js"), "plan", join(dir, "prod-late-expiry.yaml"), "--policy-config", join(ROOT, "policies", "config", "prod.json"), "--today", FIXTURE_TODAY, "--format", "sarif"], { cwd: ROOT, encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(1);
    expect((JSON.parse(child.stdout) as { runs: Array<{ results: unknown[] }> }).runs[0]?.results.length).toBeGreaterThan(0);
  });
});

describe("a generated 1,000-workload stack", () => {
  it(`plans end to end and its Markdown stays within ${MARKDOWN_MAX_LENGTH} characters`, { timeout: 600_000 }, () => {
    const file = join(dir, "generated-1000.yaml");
    writeFileSync(file, generateStackYaml(1000));
    // A child process: the mock engine holds every resource of the run in memory.
    const child = spawnSync(process.execPath, [join(ROOT, "bin", "switchyard.js"), "plan", file, "--policy-config", join(ROOT, "policies", "config", "prod.json"), "--today", FIXTURE_TODAY, "--format", "md", "--out", join(dir, "gen-out")], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(child.stderr).toBe("");
    expect([0, 1]).toContain(child.status);
    const md = child.stdout;
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    expect(md).toContain("| Workloads, gateway keys, routes, provider keys | 1000,");
    const report = JSON.parse(readFileSync(join(dir, "gen-out", "plan.json"), "utf8")) as { violations: Array<{ message: string }>; summary: { passed: boolean } };
    // Every violation is in the comment (the generated stack has few), and the exit code agrees.
    const prose = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    for (const v of report.violations) expect(md).toContain(prose(v.message));
    expect(child.status).toBe(report.summary.passed ? 0 : 1);
  });
});

describe("today", () => {
  // Was a bug: Date.parse rolls 2026-02-30 over to 2026-03-02, so the date was accepted.
  it("an impossible date is refused everywhere a date is given: --today, runPlan, SWITCHYARD_TODAY", async () => {
    expect(await captureOutput(() => main(["prod", "--today", "2026-02-30"]))).toEqual({
      code: 2,
      stdout: "",
      stderr: "switchyard plan: --today 2026-02-30 is not a calendar date; give a date that exists, as YYYY-MM-DD\n",
    });
    await expect(runPlan({ file: join(ROOT, "stacks", "prod.yaml"), today: "2026-02-30" })).rejects.toThrow(PlanInputError);
    await expect(runPlan({ file: join(ROOT, "stacks", "prod.yaml"), today: "2026-02-30" })).rejects.toThrow('today "2026-02-30" is not a calendar date');
    vi.stubEnv("SWITCHYARD_TODAY", "2026-02-30");
    try {
      expect(() => todayUtc()).toThrow('today must be a YYYY-MM-DD date, got "2026-02-30"');
      expect(todayUtc("2028-02-29")).toBe("2028-02-29");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("--today judges expiries, rotations and reviews as of that date, in the report and the policies alike", { timeout: 120_000 }, async () => {
    const r = await run("prod", "--format", "json");
    const later = await captureOutput(() => main(["prod", "--format", "json", "--today", "2027-02-05"]));
    const now = JSON.parse(r.stdout) as { stack: { today: string }; expiringKeys: unknown[] };
    const then = JSON.parse(later.stdout) as { stack: { today: string }; expiringKeys: Array<{ name: string; daysLeft: number; location: { path: string } }>; violations: Array<{ policyName: string; location: { path: string } }> };
    expect(now.stack.today).toBe(FIXTURE_TODAY);
    expect(then.stack.today).toBe("2027-02-05");
    expect(later.code).toBe(1);
    expect(then.expiringKeys.find((k) => k.name === "support-prod")).toMatchObject({ daysLeft: -4 });
    // The policies saw the same date: the expired key is a mandatory violation at that key.
    expect(then.violations.filter((v) => v.policyName === "switchyard-keys-expiry").map((v) => v.location.path).sort()).toEqual(["workloads.ops-copilot.keys[0].expiresOn", "workloads.support-summarizer.keys[0].expiresOn"]);
    // Unset afterwards: the plan does not leak its date into the process.
    expect(process.env.SWITCHYARD_TODAY).toBe(TODAY_BEFORE);
  });
});
