/**
 * Issue 23, item 1, as a security reviewer tried it: a pull request that sets the prod policy
 * config to `{ "all": "disabled" }` in the same change as a prod key opened to 0.0.0.0/0 until
 * 2035 and a canary raised to 95%. `switchyard plan prod --base main` (bin/switchyard.js, in a
 * scratch repository laid out as the example) exits 1, and lists the level changes first.
 * Was: exit 0, "passes, no mandatory policy fails", Violations (0), no level shown anywhere.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchRepo, type ScratchRepo } from "../support/scratch-repo";
import { FIXTURE_TODAY } from "./report-fixture";

const ROOT = join(__dirname, "..", "..");
let repo: ScratchRepo;

const plan = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "switchyard.js"), "plan", "prod", "--base", "main", "--today", FIXTURE_TODAY, ...args], { cwd: repo.dir, encoding: "utf8", maxBuffer: 64 << 20 });

beforeAll(() => {
  repo = scratchRepo("switchyard-policy-levels-");
  mkdirSync(join(repo.dir, "stacks"));
  mkdirSync(join(repo.dir, "policies", "config"), { recursive: true });
  writeFileSync(join(repo.dir, "stacks", "prod.yaml"), readFileSync(join(ROOT, "stacks", "prod.yaml"), "utf8"));
  writeFileSync(join(repo.dir, "policies", "config", "prod.json"), readFileSync(join(ROOT, "policies", "config", "prod.json"), "utf8"));
  repo.git("add", ".");
  repo.git("commit", "-qm", "prod");
  repo.git("checkout", "-qb", "weaken");
  const prod = readFileSync(join(repo.dir, "stacks", "prod.yaml"), "utf8")
    .replace("expiresOn: 2027-02-15\n        allowedIps: [203.0.113.0/24]", "expiresOn: 2035-01-01\n        allowedIps: [0.0.0.0/0]")
    .replace("key: anthropic-main, percent: 10 }", "key: anthropic-main, percent: 95 }");
  writeFileSync(join(repo.dir, "stacks", "prod.yaml"), prod);
  writeFileSync(join(repo.dir, "policies", "config", "prod.json"), '{ "all": "disabled" }\n');
  repo.git("commit", "-qam", "weaken prod");
});
afterAll(() => repo?.remove());

describe("a pull request cannot switch off the review of prod", () => {
  it("fails (exit 1) and lists the level changes first, in text", { timeout: 180_000 }, () => {
    const child = plan("--format", "text");
    expect(child.stderr).toBe("");
    expect(child.status).toBe(1);
    const out = child.stdout.replace(/\n +/g, " "); // the 80-column wrap undone
    expect(out).toContain("FAIL:");
    const changes = out.indexOf("Policy config changes against main");
    expect(changes).toBeGreaterThan(0);
    for (const later of ["Lifecycle against main", "New violations against main (", "Resources by type"]) expect(out.indexOf(later)).toBeGreaterThan(changes);
    expect(out).toContain("switchyard-keys-allowed-ips: mandatory -> disabled (prod), below the production floor");
    expect(out).toContain("switchyard-routes-canary-bound: mandatory -> disabled (prod)");
    expect(out).toMatch(/MANDATORY critical switchyard-policy-floor/);
    expect(out).toContain("Policy switchyard-keys-allowed-ips is weakened by this stack's policy config (policies/config/prod.json");
  });

  it("every format carries the levels in force and the changes", { timeout: 180_000 }, () => {
    const json = JSON.parse(plan("--format", "json").stdout) as { policyLevels: Array<{ policyName: string; level: string; floor?: string }>; policyLevelChanges: Array<{ policyName: string; field: string; old: string; new: string; belowFloor: boolean }>; summary: { passed: boolean } };
    expect(json.summary.passed).toBe(false);
    expect(json.policyLevels.find((l) => l.policyName === "switchyard-keys-allowed-ips")).toMatchObject({ level: "disabled", floor: "mandatory" });
    expect(json.policyLevels.find((l) => l.policyName === "switchyard-policy-floor")?.level).toBe("mandatory");
    expect(json.policyLevelChanges[0]).toMatchObject({ field: "level", new: "disabled", belowFloor: true });
    const md = plan("--format", "md").stdout.replace(/\n +/g, " ");
    expect(md.indexOf("### Policy config changes against `main`")).toBeGreaterThan(0);
    expect(md.indexOf("### Policy config changes against `main`")).toBeLessThan(md.indexOf("### New violations against `main`"));
    expect(md).toContain("- **Below the production floor** switchyard-keys-allowed-ips: mandatory -&gt; disabled (prod)\n");
    const sarif = JSON.parse(plan("--format", "sarif").stdout) as { runs: Array<{ properties: { policyLevelChanges: unknown[] }; results: Array<{ ruleId: string; level: string }> }> };
    expect(sarif.runs[0]?.properties.policyLevelChanges.length).toBeGreaterThan(0);
    expect(sarif.runs[0]?.results.some((r) => r.ruleId === "switchyard-policy-floor" && r.level === "error")).toBe(true);
  });
});
