/**
 * What a reviewer decides on, in the words every format leads with: the verdict, the violations
 * this change brings (apart from those the base already had), and the money. The renderers
 * (report-text.ts, report-markdown.ts) lay these out in the same order: verdict, the policy config's
 * and pack's changes (they change the review itself, issue 23), lifecycle findings, new violations,
 * money, then the changes, then the details.
 */
import { awsCostWords } from "./aws-cost";
import type { BudgetEnforcement } from "../stacks/budget-enforcement";
import { plural, usd } from "./format-helpers";
import type { PlanReport, ViolationEntry } from "./report-model";

/** New violations first (all of them without --base), and those the base already had. */
export function splitViolations(report: PlanReport): { fresh: ViolationEntry[]; onBase: ViolationEntry[] } {
  return { fresh: report.violations.filter((v) => v.onBase !== true), onBase: report.violations.filter((v) => v.onBase === true) };
}

const isMandatory = (v: ViolationEntry) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate";

/** "FAIL: 1 failing lifecycle finding, 2 mandatory violations (1 new), 0 advisory violations". */
export function verdictWords(report: PlanReport): string {
  const { summary } = report;
  const lifecycleFailing = (report.lifecycle ?? []).filter((f) => f.level === "failing").length;
  const based = report.violations.some((v) => v.onBase !== undefined);
  const fresh = (pred: (v: ViolationEntry) => boolean) => (based ? ` (${report.violations.filter((v) => pred(v) && v.onBase === false).length} new)` : "");
  const mandatory = `${plural(summary.mandatoryViolations, "mandatory violation")}${fresh(isMandatory)}`;
  const advisory = `${plural(summary.advisoryViolations, "advisory violation")}${fresh((v) => !isMandatory(v))}`;
  return summary.passed
    ? `PASS: no mandatory policy fails (${plural(summary.advisoryViolations, "advisory violation")}${based ? `, ${report.violations.filter((v) => v.onBase === false).length} new` : ""})`
    : `FAIL: ${lifecycleFailing ? `${plural(lifecycleFailing, "failing lifecycle finding")}, ` : ""}${mandatory}, ${advisory}`;
}

/** What holds a budget, in the report's words. */
export const HELD_BY: Record<BudgetEnforcement, string> = {
  "gateway-spend-limit": "hard limit at the gateway",
  alarms: "alarms only",
  "aws-budget": "AWS budget on Bedrock",
  "not-metered": "not metered",
};

/** The money lines: the budgets' total and its change against the base, then what holds them. */
export function moneyWords(report: PlanReport): string[] {
  const m = report.money;
  const total = `monthly budgets: ${usd(m.monthlyBudgetUsd)} across ${plural(m.budgetedWorkloads, "workload")}${m.unbudgetedWorkloads ? ` (${m.unbudgetedWorkloads} without a budget)` : ""}`;
  const lines = [total];
  if (m.baseMonthlyBudgetUsd !== undefined && report.diff) {
    const delta = m.monthlyBudgetUsd - m.baseMonthlyBudgetUsd;
    const pct = m.baseMonthlyBudgetUsd === 0 ? "" : ` (${delta > 0 ? "+" : ""}${Math.round((delta / m.baseMonthlyBudgetUsd) * 1000) / 10}%)`;
    lines.push(delta === 0 ? `unchanged against ${report.diff.baseRef}` : `${delta > 0 ? "+" : "-"}${usd(Math.abs(delta))}${pct} against ${report.diff.baseRef} (${usd(m.baseMonthlyBudgetUsd)})`);
  }
  const hard = m.heldBy.find((h) => h.enforcement === "gateway-spend-limit");
  lines.push(hard ? `hard limits: ${usd(hard.monthlyUsd)} (${plural(hard.workloads, "workload")}), calls stop at the gateway once spent` : "hard limits: none, no budget stops calls once spent");
  for (const h of m.heldBy) if (h.enforcement !== "gateway-spend-limit") lines.push(`${HELD_BY[h.enforcement]}: ${usd(h.monthlyUsd)} (${plural(h.workloads, "workload")})`);
  lines.push(`estimated AWS cost: ${awsCostWords(report.awsCost)}`);
  return lines;
}

/** At most `shown` names, then a count. */
export function someNames(names: readonly string[], shown = 12): string {
  if (names.length === 0) return "none";
  const listed = names.slice(0, shown).join(", ");
  return names.length > shown ? `${listed} and ${names.length - shown} more` : listed;
}
