import type { PolicyConfigSchema } from "@pulumi/policy";
import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { daysBetween, days, isCalendarDate, todaySchema, todayUtc } from "../support/today";
import { TYPES, type WorkloadInputs } from "../support/types";

const configSchema: PolicyConfigSchema = { properties: { today: todaySchema } };

/** A decision past its review date is a decision nobody owns any more. */
export const decisionReviewDue: SwitchyardResourcePolicy = {
  name: "switchyard-decision-review-due",
  description: "No workload's decision record is past its review date (UTC).",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps: "Review the decision with its owners, update what changed, and move workloads.<w>.decision.reviewDate to the next review.",
  validateResource: validateTypes<WorkloadInputs>(TYPES.Workload, (w, args, report) => {
    const reviewDate = w.decision?.reviewDate;
    if (!isCalendarDate(reviewDate)) return; // switchyard-decision-record-complete reports a missing date
    const today = todayUtc(readSettings<{ today?: string }>(configSchema, args).today);
    const overdue = daysBetween(reviewDate, today);
    if (overdue > 0) report(`Workload "${w.workload}"'s decision was due for review on ${reviewDate}, ${days(overdue)} ago (today is ${today}). Review it and set workloads.${w.workload}.decision.reviewDate to the next review date.`);
  }),
};
