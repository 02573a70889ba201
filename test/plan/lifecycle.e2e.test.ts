/**
 * `--base` lifecycle findings end to end, on a scratch git history: the front door's hostname of
 * prod changed fails the plan with a finding naming `gateway.frontDoor.hostname` (its custom domain
 * is protected and replaced, and clients of the old hostname are cut off); the same change in dev
 * is a warning that leaves the plan's verdict alone.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMarkdown } from "../../plan/report-markdown";
import { renderSarif } from "../../plan/report-sarif";
import { renderText } from "../../plan/report-text";
import { runPlan } from "../../plan/run-plan";
import { FIXTURE_TODAY } from "./report-fixture";
import { scratchRepo, type ScratchRepo } from "../support/scratch-repo";

const ROOT = join(__dirname, "..", "..");
const stack = (env: string) => readFileSync(join(ROOT, "stacks", `${env}.yaml`), "utf8");
let repo: ScratchRepo;
const file = (env: string) => join(repo.dir, "stacks", `${env}.yaml`);
const plan = (env: string) => runPlan({ file: file(env), base: "HEAD~1", today: FIXTURE_TODAY, policyConfigFile: join(ROOT, "policies", "config", `${env}.json`) });

beforeAll(() => {
  repo = scratchRepo("switchyard-plan-lifecycle-");
  mkdirSync(join(repo.dir, "stacks"));
  for (const env of ["prod", "dev"]) writeFileSync(file(env), stack(env));
  repo.git("add", ".");
  repo.git("commit", "-qm", "stacks");
  writeFileSync(file("prod"), stack("prod").replace("hostname: ai.acme.example", "hostname: api.acme.example"));
  writeFileSync(file("dev"), stack("dev").replace("hostname: ai.dev.acme.example", "hostname: api.dev.acme.example"));
  repo.git("commit", "-qam", "new front door hostnames");
});
afterAll(() => repo?.remove());

describe("lifecycle findings of --base", () => {
  it("prod: a new hostname fails the plan, naming gateway.frontDoor.hostname, at the top of every format", { timeout: 120_000 }, async () => {
    const { report } = await plan("prod");
    expect(report.lifecycle?.map((f) => [f.rule, f.level, f.field])).toEqual([
      ["switchyard-lifecycle-clients-cut-off", "failing", "gateway.frontDoor.hostname"],
      ["switchyard-lifecycle-refused", "failing", "gateway.frontDoor.hostname"],
    ]);
    const line = stack("prod").split("\n").findIndex((l) => l.trim() === "hostname: ai.acme.example") + 1;
    expect(report.lifecycle?.[0]?.location).toMatchObject({ file: expect.stringMatching(/stacks\/prod\.yaml$/), line, path: "gateway.frontDoor.hostname" });
    expect(report.summary.passed).toBe(false);
    expect(report.summary.mandatoryViolations).toBe(0);

    const text = renderText(report);
    expect(text).toMatch(/^FAIL: 2 failing lifecycle findings, 0 mandatory violations/m);
    expect(text.indexOf("Lifecycle against HEAD~1")).toBeLessThan(text.indexOf("Resources by type"));
    expect(text).toContain("`pulumi up` will refuse this: it would replace protected");
    expect(text.split("\n").filter((l) => l.length > 80)).toEqual([]);
    const md = renderMarkdown(report);
    expect(md).toContain("FAILS, 2 failing lifecycle findings, 0 mandatory policy violations");
    expect(md.indexOf("### Lifecycle against")).toBeLessThan(md.indexOf("### Violations"));
    const sarif = JSON.parse(renderSarif(report)) as { runs: Array<{ results: Array<{ ruleId: string; level: string; ruleIndex: number }>; tool: { driver: { rules: Array<{ id: string }> } } }> };
    const run = sarif.runs[0];
    expect(run?.results.slice(0, 2).map((r) => [r.ruleId, r.level])).toEqual([
      ["switchyard-lifecycle-clients-cut-off", "error"],
      ["switchyard-lifecycle-refused", "error"],
    ]);
    for (const r of run?.results ?? []) expect(run?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
  });

  it("dev: the same change is a warning and leaves the verdict to the policies", { timeout: 120_000 }, async () => {
    const { report } = await plan("dev");
    expect(report.lifecycle?.map((f) => [f.rule, f.level, f.field])).toEqual([["switchyard-lifecycle-clients-cut-off", "warning", "gateway.frontDoor.hostname"]]);
    expect(report.summary.passed).toBe(report.summary.mandatoryViolations === 0);
    expect(report.lifecycle?.[0]?.message).toBe("The front door's hostname changes from ai.dev.acme.example to api.dev.acme.example (its custom domain is replaced): clients calling https://ai.dev.acme.example are refused.");
  });
});
