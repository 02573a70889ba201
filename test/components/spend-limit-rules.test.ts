import { describe, expect, it } from "vitest";
import { SPEND_WINDOW_SECONDS, spendLimitRules } from "../../components/spend-limit-rules";
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

describe("spendLimitRules", () => {
  it("one rule per budgeted gateway or hybrid workload with hardLimit, filtered on its workload metadata", () => {
    const rules = spendLimitRules({
      b: workload({ budget: { monthlyUsd: 250, alertAtPercent: [100], hardLimit: true } }),
      a: workload({ path: "hybrid", directKeys: ["openai-main"] }),
      direct: workload({ path: "direct", keys: [], routes: [], directKeys: ["x"] }),
      soft: workload({ budget: { monthlyUsd: 10, alertAtPercent: [100], hardLimit: false } }),
      none: workload({ budget: undefined }),
    });
    expect(rules).toEqual([
      { id: "workload-a", enabled: true, limit: 100, limitType: "cost", window: SPEND_WINDOW_SECONDS, technique: "fixed", metadata: { workload: { mode: "filter", values: ["a"] } } },
      { id: "workload-b", enabled: true, limit: 250, limitType: "cost", window: SPEND_WINDOW_SECONDS, technique: "fixed", metadata: { workload: { mode: "filter", values: ["b"] } } },
    ]);
  });

  it("rule ids are stable: removing one workload leaves the others' rules unchanged", () => {
    const all = { x: workload(), y: workload(), z: workload() };
    const without = { x: all.x, z: all.z };
    const before = spendLimitRules(all);
    expect(spendLimitRules(without)).toEqual(before.filter((r) => r.id !== "workload-y"));
    expect(new Set(before.map((r) => r.id)).size).toBe(3);
  });

  it("20 rules pass; 21 fail naming the limit and the workloads", () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`w${String(i).padStart(2, "0")}`, workload()]));
    expect(spendLimitRules(many(20))).toHaveLength(20);
    expect(() => spendLimitRules(many(21))).toThrow(/^21 workloads ask for a gateway spend limit \(budget.hardLimit\), but Cloudflare allows at most 20 spend-limit rules per gateway; set budget.hardLimit: false on 1 of: w00, w01/);
  });
});
