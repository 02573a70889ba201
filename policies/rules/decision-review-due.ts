import type { PolicyConfigSchema } from "@pulumi/policy";
import type { WorkloadArgs } from "../../components/contract";
import { reportAt } from "../support/location";
import { validateComponent } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { readSettings } from "../support/settings";
import { daysBetween, days, isCalendarDate, todaySchema, todayUtc } from "../support/today";
import { TYPES } from "../support/types";

const configSchema: PolicyConfigSchema = { properties: { today: todaySchema } };

/** A decision past its review date is a decision nobody owns any more. */
export const decisionReviewDue: SwitchyardResourcePolicy = {
  name: "switchyard-decision-review-due",
  description: "No workload's decision record is past its review date (UTC).",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema,
  remediationSteps: "Review the decision with its owners, update what changed, and move workloads.<w>.decision.reviewDate to the next review.",
  unknownValues: "Reads only the Workload's inputs, written in the stack file and known in every preview.",
  validateResource: validateComponent<WorkloadArgs>(TYPES.Workload, (w, args, report) => {
    const reviewDate = w.decision?.reviewDate;
    if (!isCalendarDate(reviewDate)) return; // switchyard-decision-record-complete reports a missing date
    const today = todayUtc(readSettings<{ today?: string }>(configSchema, args).today);
    const overdue = daysBetween(reviewDate, today);
    if (overdue > 0) {
      reportAt(
        report,
        ["workloads", w.workload, "decision", "reviewDate"],
        `Workload "${w.workload}"'s decision was due for review on ${reviewDate}, ${days(overdue)} ago (today is ${today}). Review it and set workloads.${w.workload}.decision.reviewDate to the next review date.`,
      );
    }
  }),
};
