/**
 * Workload budgets enforced at the gateway: one Cloudflare AI Gateway spend-limit rule per
 * distinct monthly amount among the gateway and hybrid workloads whose budget has `hardLimit`
 * on (stacks/spend-limit-groups.ts; the loader refuses more than 20 amounts). Each rule filters
 * on the `workload` metadata the front door sets (the workloads with that amount) and splits by
 * `budget` (the workload again), so every workload has its own bucket of that amount.
 */
import type * as cloudflare from "../vendor/pulumi-cloudflare";
import { SPEND_BUCKET_KEY, SPEND_FILTER_KEY } from "../runtime/front-door/metadata";
import type { WorkloadSpec } from "../stacks/schema";
import { spendLimitGroups } from "../stacks/spend-limit-groups";

/**
 * The rules' window: 30 days, read as seconds. Cloudflare states no unit for `window`
 * (cloudflare-docs spend-limits.mdx says only "a fixed length of time", not aligned to calendar
 * months); docs/verification.md says what each reading would mean and how to settle it.
 */
export const SPEND_WINDOW_SECONDS = 30 * 24 * 60 * 60;

export interface SpendLimitRule {
  /** Derived from the amount only: adding a workload with an existing amount changes one rule's filter. */
  id: string;
  enabled: boolean;
  /** US dollars per window, for each workload in the rule. */
  limit: number;
  limitType: "cost";
  window: number;
  technique: "fixed";
  metadata: {
    [SPEND_FILTER_KEY]: { mode: "filter"; values: string[] };
    [SPEND_BUCKET_KEY]: { mode: "partition" };
  };
}

/** `budget-usd-500`, `budget-usd-12-5`: one id per distinct amount. */
export function spendLimitRuleId(monthlyUsd: number): string {
  return `budget-usd-${String(monthlyUsd).replace(".", "-")}`;
}

/** The rules for a stack's workloads, amounts ascending. */
export function spendLimitRules(workloads: Readonly<Record<string, Pick<WorkloadSpec, "path" | "budget">>>): SpendLimitRule[] {
  return spendLimitGroups(workloads).map(
    (group) =>
      ({
        id: spendLimitRuleId(group.monthlyUsd),
        enabled: true,
        limit: group.monthlyUsd,
        limitType: "cost",
        window: SPEND_WINDOW_SECONDS,
        technique: "fixed",
        metadata: { [SPEND_FILTER_KEY]: { mode: "filter", values: group.workloads }, [SPEND_BUCKET_KEY]: { mode: "partition" } },
      }) satisfies SpendLimitRule & cloudflare.types.input.AiGatewaySpendLimitsRule,
  );
}
