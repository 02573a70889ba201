/**
 * Workload budgets enforced at the gateway: one Cloudflare AI Gateway spend-limit rule per
 * gateway or hybrid workload whose budget has `hardLimit` on, filtered on the `workload`
 * metadata the front door sets on every request.
 */
import { MAX_SPEND_RULES } from "../stacks/checks";
import type { WorkloadSpec } from "../stacks/schema";

/** A month, in seconds (the rule's `window` is most likely seconds: unverified, see docs/resources.md). */
export const SPEND_WINDOW_SECONDS = 30 * 24 * 60 * 60;

export interface SpendLimitRule {
  /** Stable: derived from the workload's name only, so other workloads never change it. */
  id: string;
  enabled: boolean;
  /** US dollars per window. */
  limit: number;
  limitType: "cost";
  window: number;
  technique: "fixed";
  metadata: { workload: { mode: "filter"; values: string[] } };
}

export function spendLimitRuleId(workload: string): string {
  return `workload-${workload}`;
}

/** The rules for a stack's workloads, in name order; throws when Cloudflare's limit is exceeded. */
export function spendLimitRules(workloads: Readonly<Record<string, WorkloadSpec>>): SpendLimitRule[] {
  const rules = Object.entries(workloads)
    .filter(([, w]) => w.path !== "direct" && w.budget?.hardLimit)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, w]): SpendLimitRule => ({
      id: spendLimitRuleId(name),
      enabled: true,
      limit: w.budget!.monthlyUsd,
      limitType: "cost",
      window: SPEND_WINDOW_SECONDS,
      technique: "fixed",
      metadata: { workload: { mode: "filter", values: [name] } },
    }));
  if (rules.length > MAX_SPEND_RULES) {
    throw new Error(
      `${rules.length} workloads ask for a gateway spend limit (budget.hardLimit), but Cloudflare allows at most ${MAX_SPEND_RULES} spend-limit rules per gateway; ` +
        `set budget.hardLimit: false on ${rules.length - MAX_SPEND_RULES} of: ${rules.map((r) => r.metadata.workload.values[0]).join(", ")}`,
    );
  }
  return rules;
}
