/**
 * Budgets the gateway enforces, grouped by amount. Cloudflare allows at most 20 spend-limit
 * rules per gateway (vendor/limits.ts aiGatewaySpendRules, with its source); the
 * workloads with the same monthly amount share one rule, so the limit is 20 distinct amounts,
 * not 20 workloads. The loader refuses more (checks.ts); components/spend-limit-rules.ts turns
 * the groups into rules.
 */
import { VENDOR_LIMITS } from "../vendor/limits";
import { callsGateway } from "./paths";
import type { WorkloadSpec } from "./schema";

/** Cloudflare's limit of spend-limit rules per gateway. */
export const MAX_SPEND_RULES = VENDOR_LIMITS.aiGatewaySpendRules.figure;

export interface SpendLimitGroup {
  /** The shared `budget.monthlyUsd`. */
  monthlyUsd: number;
  /** Workload labels, sorted. */
  workloads: string[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Gateway and hybrid workloads whose budget has hardLimit on, by amount (ascending). */
export function spendLimitGroups(workloads: Readonly<Record<string, Pick<WorkloadSpec, "path" | "budget">>>): SpendLimitGroup[] {
  const groups = new Map<number, string[]>();
  for (const [name, w] of Object.entries(workloads)) {
    if (!callsGateway(w.path) || !w.budget?.hardLimit) continue;
    const names = groups.get(w.budget.monthlyUsd) ?? [];
    names.push(name);
    groups.set(w.budget.monthlyUsd, names);
  }
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([monthlyUsd, names]) => ({ monthlyUsd, workloads: names.sort(byName) }));
}
