import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { decisive, peek } from "../support/known";
import { NOT_FROM_A_STACK_FILE } from "../support/stack-file-origin";
import { TYPES } from "../support/types";

/**
 * An alarm with no action, or with actions disabled, changes state in silence. The components'
 * only CloudWatch alarms are the usage ledger's, and they always notify a topic: usageLedger.alerts,
 * else the first channel under alerts, else a topic of their own (components/ai-gateway-stack.ts).
 * A workload's budget notifies through AWS Budgets and the gateway's spend limit instead; its
 * channels are switchyard-budgets-required's to check.
 */
export const alarmsActionable: SwitchyardResourcePolicy = {
  name: "switchyard-alarms-actionable",
  description: "Every CloudWatch alarm has actions enabled and at least one alarm action (the stack's alert topic).",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps:
    "Give the alarm an alert topic in alarmActions and leave actionsEnabled unset or true. No stack file causes this: the components always do both, so the program that made the alarm is to change.",
  unknownValues:
    "An alarm action that is an unknown ARN (a topic created in the same preview) counts as an action; an unknown actionsEnabled, or an alarmActions list that is unknown as a whole, makes the engine report that the policy can't run during preview.",
  validateResource: validateTypes<unknown>(TYPES.MetricAlarm, (_a, args, report) => {
    const name = String(peek(args.props, "name") ?? args.name);
    if (decisive(args.props, "actionsEnabled") === false) report(`Alarm "${name}" has actionsEnabled: false, so it notifies no one. Remove actionsEnabled or set it to true. ${NOT_FROM_A_STACK_FILE}`);
    const actions = decisive(args.props, "alarmActions");
    if (!Array.isArray(actions) || actions.length === 0) report(`Alarm "${name}" has no alarmActions, so it notifies no one. Set alarmActions to an alert topic. ${NOT_FROM_A_STACK_FILE}`);
  }),
};
