import { describe, expect, it } from "vitest";
import { alarmsActionable } from "../../policies/rules/alarms-actionable";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { capture, EXAMPLE_STACKS, loadExample } from "../support/mock-engine";
import { messages, resource, UNKNOWN_STRING } from "./harness";

const alarm = (over: Record<string, unknown>) => resource(TYPES.MetricAlarm, "usage-ledger-export-lag", { name: "switchyard-prod-usage-export-lag", alarmActions: [UNKNOWN_STRING], ...over });

describe("switchyard-alarms-actionable", () => {
  it("passes an alarm whose action is a topic created in the same preview", async () => {
    expect(await messages(alarmsActionable, [alarm({})])).toEqual([]);
  });

  it("reports an alarm with actions disabled, as no stack file's doing", async () => {
    expect(await messages(alarmsActionable, [alarm({ actionsEnabled: false })])).toEqual([
      `Alarm "switchyard-prod-usage-export-lag" has actionsEnabled: false, so it notifies no one. Remove actionsEnabled or set it to true. ${NOT_FROM_A_STACK_FILE}`,
    ]);
  });

  it("reports an alarm with no actions, as no stack file's doing", async () => {
    expect(await messages(alarmsActionable, [alarm({ alarmActions: [] }), alarm({ alarmActions: undefined })])).toEqual([
      `Alarm "switchyard-prod-usage-export-lag" has no alarmActions, so it notifies no one. Set alarmActions to an alert topic. ${NOT_FROM_A_STACK_FILE}`,
      `Alarm "switchyard-prod-usage-export-lag" has no alarmActions, so it notifies no one. Set alarmActions to an alert topic. ${NOT_FROM_A_STACK_FILE}`,
    ]);
  });

  // Why the message may say so: the usage ledger's alarms notify usageLedger.alerts, else the first
  // channel under alerts, else a topic of their own, and nothing else in a stack file makes an alarm.
  it.each(EXAMPLE_STACKS)("the %s example, with no alert channel anywhere, still gives every alarm an action", { timeout: 60_000 }, async (env) => {
    const spec = loadExample(env);
    const silent = { ...spec, alerts: {}, usageLedger: { ...spec.usageLedger, alerts: undefined }, workloads: Object.fromEntries(Object.entries(spec.workloads).map(([k, w]) => [k, { ...w, alerts: [] }])) };
    const { resources } = await capture(silent);
    const alarms = resources.filter((r) => r.type === TYPES.MetricAlarm);
    expect(alarms.length).toBeGreaterThan(0);
    expect(alarms.every((a) => (a.inputs.alarmActions as unknown[]).length > 0)).toBe(true);
    expect(await messages(alarmsActionable, alarms)).toEqual([]);
  });
});
