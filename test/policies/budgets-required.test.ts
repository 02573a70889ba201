import { describe, expect, it } from "vitest";
import { budgetsRequired } from "../../policies/rules/budgets-required";
import { capture, loadExample } from "../support/mock-engine";
import { workload } from "./fixtures";
import { fields, messages } from "./harness";

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

  // Issue 26, finding 4: a workload with no alerts passed validate. A direct workload's budget
  // thresholds then reached nobody, and the plan said nothing (its AWS budget had no notifications).
  it("reports a direct workload of a stack file whose budget has thresholds and no alert channel, at workloads.<w>.alerts", { timeout: 60_000 }, async () => {
    const dev = loadExample("dev");
    const lab = dev.workloads["research-lab"];
    expect(lab).toMatchObject({ path: "direct", budget: { alertAtPercent: [50, 90] } });
    const silent = { ...dev, workloads: { ...dev.workloads, "research-lab": { ...lab, alerts: [] } } };
    const { resources } = await capture(silent);
    expect(await messages(budgetsRequired, resources)).toEqual([
      'Workload "research-lab" (path direct) has a budget with alert thresholds but no alert channel, so they reach nobody. Add a channel from the alerts section to workloads.research-lab.alerts.',
    ]);
    expect(await fields(budgetsRequired, resources)).toEqual(["workloads.research-lab.alerts"]);
    expect(await messages(budgetsRequired, [workload({ workload: "lab", path: "direct", budget: { monthlyUsd: 10, alertAtPercent: [], hardLimit: false }, alerts: [] })])).toEqual([]);
  });
});
