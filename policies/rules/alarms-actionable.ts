import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { decisive, peek } from "../support/known";
import { TYPES } from "../support/types";

/** An alarm with no action, or with actions disabled, changes state in silence. */
export const alarmsActionable: SwitchyardResourcePolicy = {
  name: "switchyard-alarms-actionable",
  description: "Every CloudWatch alarm has actions enabled and at least one alarm action (the stack's alert topic).",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Give the alarm alarmActions: [<alert topic ARN>] and leave actionsEnabled unset or true; check that the workload lists an alert channel.",
  unknownValues:
    "An alarm action that is an unknown ARN (a topic created in the same preview) counts as an action; an unknown actionsEnabled, or an alarmActions list that is unknown as a whole, makes the engine report that the policy can't run during preview.",
  validateResource: validateTypes<unknown>(TYPES.MetricAlarm, (_a, args, report) => {
    const name = String(peek(args.props, "name") ?? args.name);
    if (decisive(args.props, "actionsEnabled") === false) report(`Alarm "${name}" has actionsEnabled: false, so it notifies no one. Remove actionsEnabled or set it to true.`);
    const actions = decisive(args.props, "alarmActions");
    if (!Array.isArray(actions) || actions.length === 0) report(`Alarm "${name}" has no alarmActions, so it notifies no one. Set alarmActions to the stack's alert topic.`);
  }),
};
