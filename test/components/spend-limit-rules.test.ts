import * as cloudflare from "@pulumi/cloudflare";
import { describe, expect, it } from "vitest";
import { SPEND_WINDOW_SECONDS, spendLimitRuleId, spendLimitRules } from "../../components/spend-limit-rules";
import type { WorkloadSpec } from "../../stacks/schema";

const workload = (over: Partial<WorkloadSpec> = {}): WorkloadSpec => ({
  owner: "t@acme.example",
  path: "gateway",
  routes: ["chat"],
  models: [],
  keys: [{ name: "k", expiresOn: "2027-01-01" }],
  directKeys: [],
  readerRoleArn: "arn:aws:iam::123456789012:role/r",
  alerts: [],
  budget: { monthlyUsd: 100, alertAtPercent: [50, 100], hardLimit: true },
  ...over,
});
const budget = (monthlyUsd: number, hardLimit = true) => ({ monthlyUsd, alertAtPercent: [100], hardLimit });

describe("spendLimitRules", () => {
  it("one rule per distinct amount: a filter on the workloads with it, split by workload so each keeps its own bucket", () => {
    const rules = spendLimitRules({
      b: workload({ budget: budget(250) }),
      a: workload({ path: "hybrid", directKeys: ["openai-main"] }),
      c: workload(),
      direct: workload({ path: "direct", keys: [], routes: [], directKeys: ["x"] }),
      soft: workload({ budget: budget(10, false) }),
      none: workload({ budget: undefined }),
    });
    expect(rules).toEqual([
      { id: "budget-usd-100", enabled: true, limit: 100, limitType: "cost", window: 2_592_000, technique: "fixed", metadata: { workload: { mode: "filter", values: ["a", "c"] }, budget: { mode: "partition" } } },
      { id: "budget-usd-250", enabled: true, limit: 250, limitType: "cost", window: 2_592_000, technique: "fixed", metadata: { workload: { mode: "filter", values: ["b"] }, budget: { mode: "partition" } } },
    ]);
    expect(SPEND_WINDOW_SECONDS).toBe(30 * 86_400);
  });

  it("the rules are what @pulumi/cloudflare's AiGateway takes", () => {
    const typed: cloudflare.types.input.AiGatewaySpendLimitsRule[] = spendLimitRules({ a: workload() });
    expect(typed).toHaveLength(1);
  });

  it("rule ids depend on the amount only: removing a workload changes only its rule's filter", () => {
    const all = { x: workload(), y: workload(), z: workload({ budget: budget(5) }) };
    const before = spendLimitRules(all);
    const after = spendLimitRules({ x: all.x, z: all.z });
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect(after.find((r) => r.id === "budget-usd-100")?.metadata.workload.values).toEqual(["x"]);
    expect(spendLimitRules({ x: all.x, y: all.y }).map((r) => r.id)).toEqual(["budget-usd-100"]);
  });

  it("60 workloads over 12 amounts make 12 rules", () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`w${String(i).padStart(2, "0")}`, workload({ budget: budget(100 + (i % 12) * 25) })]));
    const rules = spendLimitRules(many);
    expect(rules).toHaveLength(12);
    expect(rules.map((r) => r.metadata.workload.values.length)).toEqual(Array(12).fill(5));
  });

  it("ids of fractional amounts stay distinct", () => {
    expect(spendLimitRuleId(12.5)).toBe("budget-usd-12-5");
    expect(new Set([12.5, 125, 1.25].map(spendLimitRuleId)).size).toBe(3);
  });
});
