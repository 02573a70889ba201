import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { decisive, peek } from "../support/known";
import { TYPES } from "../support/types";
import { TAG } from "../../components/contract";

/** An alarm with no action, or with actions disabled, changes state in silence. */
export const alarmsActionable: SwitchyardResourcePolicy = {
  name: "switchyard-alarms-actionable",
  description: "Every CloudWatch alarm has actions enabled and at least one alarm action (the stack's alert topic).",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "List an alert channel: workloads.<w>.alerts for a budget alarm, a channel under alerts (or usageLedger.alerts) for the usage ledger's; the alarm then notifies its topic. Leave actionsEnabled unset or true.",
  unknownValues:
    "An alarm action that is an unknown ARN (a topic created in the same preview) counts as an action; an unknown actionsEnabled, or an alarmActions list that is unknown as a whole, makes the engine report that the policy can't run during preview.",
  validateResource: validateTypes<unknown>(TYPES.MetricAlarm, (_a, args, report) => {
    const name = String(peek(args.props, "name") ?? args.name);
    if (decisive(args.props, "actionsEnabled") === false) report(`Alarm "${name}" has actionsEnabled: false, so it notifies no one. Remove actionsEnabled or set it to true.`);
    const actions = decisive(args.props, "alarmActions");
    if (!Array.isArray(actions) || actions.length === 0) report(`Alarm "${name}" has no alarmActions, so it notifies no one. ${stackFileFix(peek(args.props, "tags"))}`);
  }),
};

/**
 * The stack-file field that gives an alarm its actions, by the tags the components put on it
 * (components/tags.ts): a workload's budget alarms notify `workloads.<w>.alerts`, the usage
 * ledger's alarms `usageLedger.alerts` (default: the first channel under `alerts`).
 */
function stackFileFix(tags: unknown): string {
  const t = tags && typeof tags === "object" ? (tags as Record<string, unknown>) : {};
  const workload = t[TAG.workload];
  if (typeof workload === "string") return `Workload "${workload}" lists no alert channel: set workloads.${workload}.alerts to channels declared under alerts (for example [oncall]).`;
  if (typeof t[TAG.environment] === "string") return "The usage ledger's alarms have no alert channel: declare one under alerts (they notify the first) or set usageLedger.alerts.";
  return "Set alarmActions to the stack's alert topic.";
}
