/**
 * What holds a workload's budget, asked once for the plan's workloads table and the decision
 * records: a spend-limit rule at the gateway (its calls go through the gateway and `hardLimit` is
 * on: spend-limit-groups.ts), alarms only (`hardLimit` off: notifications at its thresholds, which
 * the usage exporter sends since issue 22; the value keeps its name for the plan's JSON readers), an
 * AWS budget on its Bedrock spend (aws-budget.ts), or nothing that meters it (direct calls the
 * gateway never sees).
 */
import { hasAwsBudget } from "./aws-budget";
import { callsGateway } from "./paths";
import type { StackSpec, WorkloadSpec } from "./schema";

export type BudgetEnforcement = "gateway-spend-limit" | "alarms" | "aws-budget" | "not-metered";

/** Empty when the workload has no budget. */
export function budgetEnforcement(stack: Pick<StackSpec, "providerKeys">, w: Pick<WorkloadSpec, "path" | "budget" | "directKeys">): BudgetEnforcement[] {
  if (!w.budget) return [];
  const viaGateway = callsGateway(w.path);
  const awsBudget = hasAwsBudget(
    w.path,
    w.directKeys.map((k) => (Object.hasOwn(stack.providerKeys, k) ? stack.providerKeys[k].provider : undefined)),
  );
  return [
    ...(viaGateway ? [w.budget.hardLimit ? ("gateway-spend-limit" as const) : ("alarms" as const)] : []),
    ...(awsBudget ? (["aws-budget"] as const) : []),
    ...(!viaGateway && !awsBudget ? (["not-metered"] as const) : []),
  ];
}
