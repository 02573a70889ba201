import { describe, expect, it } from "vitest";
import { alarmsActionable } from "../../policies/rules/alarms-actionable";
import { TYPES } from "../../policies/support/types";
import { messages, resource, UNKNOWN_STRING } from "./harness";

const alarm = (over: Record<string, unknown>) => resource(TYPES.MetricAlarm, "checkout-budget-80", { name: "switchyard-prod-checkout-budget-80", alarmActions: [UNKNOWN_STRING], ...over });

describe("switchyard-alarms-actionable", () => {
  it("passes an alarm whose action is a topic created in the same preview", async () => {
    expect(await messages(alarmsActionable, [alarm({})])).toEqual([]);
  });

  it("reports an alarm with actions disabled", async () => {
    expect(await messages(alarmsActionable, [alarm({ actionsEnabled: false })])).toEqual([
      'Alarm "switchyard-prod-checkout-budget-80" has actionsEnabled: false, so it notifies no one. Remove actionsEnabled or set it to true.',
    ]);
  });

  it("names the stack-file field that gives a workload's budget alarm, or the usage ledger's, its actions", async () => {
    const tagged = (tags: Record<string, string>) => alarm({ alarmActions: [], tags });
    expect(await messages(alarmsActionable, [tagged({ "switchyard:environment": "prod", "switchyard:workload": "checkout" }), tagged({ "switchyard:environment": "prod" })])).toEqual([
      'Alarm "switchyard-prod-checkout-budget-80" has no alarmActions, so it notifies no one. Workload "checkout" lists no alert channel: set workloads.checkout.alerts to channels declared under alerts (for example [oncall]).',
      'Alarm "switchyard-prod-checkout-budget-80" has no alarmActions, so it notifies no one. The usage ledger\'s alarms have no alert channel: declare one under alerts (they notify the first) or set usageLedger.alerts.',
    ]);
  });

  it("reports an alarm with no actions", async () => {
    expect(await messages(alarmsActionable, [alarm({ alarmActions: [] }), alarm({ alarmActions: undefined })])).toEqual([
      'Alarm "switchyard-prod-checkout-budget-80" has no alarmActions, so it notifies no one. Set alarmActions to the stack\'s alert topic.',
      'Alarm "switchyard-prod-checkout-budget-80" has no alarmActions, so it notifies no one. Set alarmActions to the stack\'s alert topic.',
    ]);
  });
});
