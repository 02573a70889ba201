/**
 * CloudWatch allows an alarm a handful of actions per state (vendor/limits.ts alarmActionsPerState),
 * and the stack file decides how many Switchyard's alarms get: a workload's budget alarms notify the
 * topic of every channel in its `alerts`, the usage ledger's alarms every channel in
 * `usageLedger.alerts`. A longer list would pass the loader and fail in PutMetricAlarm, so the
 * loader refuses it at the first channel past the limit.
 */
import { VENDOR_LIMITS } from "../vendor/limits";
import type { SpecIssue } from "./checks";
import type { StackFile } from "./schema";

export const MAX_ALARM_ACTIONS = VENDOR_LIMITS.alarmActionsPerState.figure;

/** Lists of channels that become one alarm's actions and are longer than CloudWatch allows. */
export function alarmActionProblems(stack: Pick<StackFile, "workloads" | "usageLedger">): SpecIssue[] {
  const problems: SpecIssue[] = [];
  const tooMany = (count: number, whose: string) =>
    `${count} channels, but ${whose} notify every one of them and CloudWatch allows an alarm at most ${MAX_ALARM_ACTIONS} actions per state: keep at most ${MAX_ALARM_ACTIONS} channels here (one channel can reach several people: an e-mail list, or a webhook that fans out)`;
  for (const [name, w] of Object.entries(stack.workloads)) {
    if (w.budget && w.alerts.length > MAX_ALARM_ACTIONS) {
      problems.push({ path: ["workloads", name, "alerts", MAX_ALARM_ACTIONS], message: tooMany(w.alerts.length, "this workload's budget alarms") });
    }
  }
  const ledger = stack.usageLedger;
  if (ledger.enabled && ledger.alerts && ledger.alerts.length > MAX_ALARM_ACTIONS) {
    problems.push({ path: ["usageLedger", "alerts", MAX_ALARM_ACTIONS], message: tooMany(ledger.alerts.length, "the usage ledger's alarms") });
  }
  return problems;
}
