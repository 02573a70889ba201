/** What holds a workload's budget, for each path and key, on the example prod stack. */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { budgetEnforcement } from "../../stacks/budget-enforcement";
import { loadStackFile } from "../../stacks/load";
import type { WorkloadSpec } from "../../stacks/schema";

const prod = loadStackFile(join(__dirname, "..", "..", "stacks", "prod.yaml"));
const budget = { monthlyUsd: 500, alertAtPercent: [80], hardLimit: true };
const held = (w: Pick<WorkloadSpec, "path" | "budget" | "directKeys">) => budgetEnforcement(prod, w);

describe("budgetEnforcement", () => {
  it("the example prod workloads: a direct Bedrock workload is held by its AWS budget, not by a gateway limit", () => {
    expect(Object.fromEntries(Object.entries(prod.workloads).map(([name, w]) => [name, held(w)]))).toEqual({
      "checkout-assistant": ["gateway-spend-limit"],
      "data-pipeline": ["gateway-spend-limit"],
      "ops-copilot": ["gateway-spend-limit"],
      "research-lab": ["aws-budget"],
      "search-indexer": ["gateway-spend-limit"],
      "support-summarizer": ["gateway-spend-limit"],
    });
  });

  it("hardLimit off leaves alarms only; a hybrid Bedrock workload has both; a direct non-Bedrock one is not metered; no budget, nothing", () => {
    expect(held({ path: "gateway", budget: { ...budget, hardLimit: false }, directKeys: [] })).toEqual(["alarms"]);
    expect(held({ path: "hybrid", budget, directKeys: ["bedrock-research"] })).toEqual(["gateway-spend-limit", "aws-budget"]);
    expect(held({ path: "direct", budget, directKeys: ["openai-main"] })).toEqual(["not-metered"]);
    expect(held({ path: "direct", budget: undefined, directKeys: ["openai-main"] })).toEqual([]);
  });
});
