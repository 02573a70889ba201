import { describe, expect, it } from "vitest";
import { budgetsRequired } from "../../policies/rules/budgets-required";
import { workload } from "./fixtures";
import { messages } from "./harness";

describe("switchyard-budgets-required", () => {
  it("passes a gateway workload with budget, thresholds and a channel, and a direct workload without budget", async () => {
    expect(await messages(budgetsRequired, [workload(), workload({ workload: "lab", path: "direct", budget: undefined, alerts: [] })])).toEqual([]);
  });

  it("reports a gateway workload without budget and without alert channel", async () => {
    expect(await messages(budgetsRequired, [workload({ budget: undefined, alerts: [] })])).toEqual([
      'Workload "checkout-assistant" (path gateway) has no budget, so its spend is neither limited nor alarmed. Set workloads.checkout-assistant.budget: { monthlyUsd, alertAtPercent }.',
      'Workload "checkout-assistant" (path gateway) has no alert channel, so budget alarms reach nobody. Add a channel from the alerts section to workloads.checkout-assistant.alerts.',
    ]);
  });

  it("reports a hybrid workload whose budget has no thresholds", async () => {
    expect(await messages(budgetsRequired, [workload({ path: "hybrid", budget: { monthlyUsd: 100, alertAtPercent: [], hardLimit: true } })])).toEqual([
      'Workload "checkout-assistant" (path hybrid) has a budget with no alert thresholds. Set workloads.checkout-assistant.budget.alertAtPercent, e.g. [50, 80, 100].',
    ]);
  });
});
