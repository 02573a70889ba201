/**
 * `switchyard plan` of the prod example with one safety control, or the usage record, turned off
 * in the stack file: the plan fails (a mandatory violation, exit code 1) with the policy that names
 * it, located at the field to fix: the stack file's own line, as the report and SARIF show it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runPlan } from "../../plan/run-plan";
import { FIXTURE_TODAY } from "./report-fixture";

const ROOT = join(__dirname, "..", "..");
const prodYaml = readFileSync(join(ROOT, "stacks", "prod.yaml"), "utf8");
const policyConfigFile = join(ROOT, "policies", "config", "prod.json");
const dir = mkdtempSync(join(tmpdir(), "switchyard-prod-safety-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The 1-based line of the first line of `yaml` that starts (after indentation) with `text`. */
const lineOf = (yaml: string, text: string) => yaml.split("\n").findIndex((l) => l.trimStart().startsWith(text)) + 1;

async function plan(name: string, yaml: string) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return (await runPlan({ file, today: FIXTURE_TODAY, policyConfigFile })).report;
}

/** `field`: what the message names; `path` and `at`: where the report points (a removed section: the mapping that lacked it). */
const CASES: Array<{ name: string; edit: (yaml: string) => string; policy: string; field: string; path: string; at: string }> = [
  {
    name: "guardrails-off",
    edit: (y) => y.replace(/  guardrails:[\s\S]*?(?=  dlp:)/, ""),
    policy: "switchyard-gateway-guardrails",
    field: "gateway.guardrails",
    path: "gateway",
    at: "gateway:",
  },
  { name: "dlp-off", edit: (y) => y.replace(/  dlp:[\s\S]*?(?=  openTelemetry:)/, ""), policy: "switchyard-gateway-dlp", field: "gateway.dlp", path: "gateway", at: "gateway:" },
  {
    name: "otel-off",
    edit: (y) => y.replace(/  openTelemetry:[\s\S]*?(?=  frontDoor:)/, ""),
    policy: "switchyard-gateway-opentelemetry",
    field: "gateway.openTelemetry",
    path: "gateway",
    at: "gateway:",
  },
  { name: "logs-off", edit: (y) => y.replace("    collect: true\n", "    collect: false\n"), policy: "switchyard-ledger-logs-collected", field: "gateway.logs.collect", path: "gateway.logs.collect", at: "collect: false" },
  {
    name: "ledger-off",
    edit: (y) => y.replace("usageLedger:\n", "usageLedger:\n  enabled: false\n"),
    policy: "switchyard-ledger-required",
    field: "usageLedger.enabled",
    path: "usageLedger.enabled",
    at: "enabled: false",
  },
];

describe("the prod example plans clean, and fails with the policy that names each control turned off", () => {
  it("as committed: passes, no violation at all", { timeout: 120_000 }, async () => {
    const report = await plan("prod", prodYaml);
    expect([report.summary.passed, report.violations.map((v) => v.policyName)]).toEqual([true, []]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", { timeout: 120_000 }, async (_name, c) => {
    const yaml = c.edit(prodYaml);
    expect(yaml).not.toBe(prodYaml);
    const report = await plan(c.name, yaml);
    expect(report.summary.passed).toBe(false);
    expect(report.violations.map((v) => [v.policyName, v.enforcementLevel, v.location.path])).toEqual([[c.policy, "mandatory", c.path]]);
    // A missing section points at the mapping that lacks it; a field set wrong, at its own line.
    expect(report.violations[0]?.location.line).toBe(lineOf(yaml, c.at));
    expect(report.violations[0]?.message).toContain(c.field);
  });
});
