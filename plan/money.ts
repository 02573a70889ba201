/**
 * What a stack may spend a month, as its budgets declare it: the total of the workloads'
 * `budget.monthlyUsd`, and how much of it each way of holding a budget holds (a spend limit at the
 * gateway is the only hard limit; stacks/budget-enforcement.ts). Pure: a StackSpec in.
 */
import { budgetEnforcement, type BudgetEnforcement } from "../stacks/budget-enforcement";
import type { StackSpec } from "../stacks/schema";
import type { MoneySummary } from "./report-model";

const HELD_ORDER: readonly BudgetEnforcement[] = ["gateway-spend-limit", "alarms", "aws-budget", "not-metered"];

export function moneyOf(spec: StackSpec, base?: StackSpec): MoneySummary {
  const heldBy = new Map<BudgetEnforcement, { workloads: number; monthlyUsd: number }>();
  let total = 0;
  let budgeted = 0;
  for (const w of Object.values(spec.workloads)) {
    if (!w.budget) continue;
    total += w.budget.monthlyUsd;
    budgeted += 1;
    for (const e of budgetEnforcement(spec, w)) {
      const held = heldBy.get(e) ?? { workloads: 0, monthlyUsd: 0 };
      heldBy.set(e, { workloads: held.workloads + 1, monthlyUsd: held.monthlyUsd + w.budget.monthlyUsd });
    }
  }
  return {
    monthlyBudgetUsd: total,
    budgetedWorkloads: budgeted,
    unbudgetedWorkloads: Object.keys(spec.workloads).length - budgeted,
    heldBy: HELD_ORDER.flatMap((enforcement) => {
      const held = heldBy.get(enforcement);
      return held ? [{ enforcement, ...held }] : [];
    }),
    ...(base ? { baseMonthlyBudgetUsd: moneyOf(base).monthlyBudgetUsd } : {}),
  };
}
