/**
 * Hard budgets for any number of workloads: 60 workloads with budget.hardLimit over 12 distinct
 * amounts validate and plan, and the gateway gets 12 spend-limit rules (one per amount).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { runPlan } from "../../plan/run-plan";
import { generateStack } from "../../stacks/generate-stack";
import { FIXTURE_TODAY } from "./report-fixture";

const dir = mkdtempSync(join(tmpdir(), "switchyard-budgets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("60 hard-limited workloads over 12 amounts", () => {
  it("validate and plan; the gateway carries 12 rules covering all 60", { timeout: 180_000 }, async () => {
    const stack = generateStack(80) as { workloads: Record<string, { path: string; budget: { monthlyUsd: number; hardLimit: boolean } }> };
    const limited = Object.values(stack.workloads).filter((w) => w.path !== "direct");
    expect(limited).toHaveLength(60);
    limited.forEach((w, i) => {
      w.budget.monthlyUsd = 100 + (i % 12) * 25;
      w.budget.hardLimit = true;
    });
    const file = join(dir, "prod.yaml");
    writeFileSync(file, stringify(stack, { lineWidth: 0 }));
    const { report, resources } = await runPlan({ file, today: FIXTURE_TODAY, policyConfigFile: join(__dirname, "..", "..", "policies", "config", "prod.json") });
    expect(report.summary.workloads).toBe(80);
    expect(report.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    // What the planned gateway carries, as the plan captured it.
    const gateway = resources.filter((r) => r.type === "cloudflare:index/aiGateway:AiGateway");
    expect(gateway).toHaveLength(1);
    const { enabled, rules } = gateway[0].inputs.spendLimits as { enabled: boolean; rules: Array<{ limit: number; metadata: { workload: { values: string[] } } }> };
    expect(enabled).toBe(true);
    expect(rules.map((r) => r.limit)).toEqual([100, 125, 150, 175, 200, 225, 250, 275, 300, 325, 350, 375]);
    for (const r of rules) expect(r.metadata.workload.values).toHaveLength(5);
    expect(rules.flatMap((r) => r.metadata.workload.values).sort()).toEqual(Object.entries(stack.workloads).filter(([, w]) => w.path !== "direct").map(([name]) => name).sort());
  });
});
