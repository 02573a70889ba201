/**
 * When a workload's budget is also an AWS budget, and the limits AWS Budgets puts on it. A direct
 * or hybrid workload that reads an aws-bedrock key spends on AWS, out of the gateway's sight, so
 * its budget also becomes an AWS budget on that spend (components/workload.ts).
 *
 * Limits, figures and sources in vendor/limits.ts: notifications per budget, SNS and e-mail
 * subscribers per notification, and the length of a budget's name.
 */
import { VENDOR_LIMITS } from "../vendor/limits";
import { readsDirectly } from "./paths";
import type { AlertChannelSpec, Provider, WorkloadSpec } from "./schema";

export const AWS_BUDGET_LIMITS = {
  notifications: VENDOR_LIMITS.budgetNotifications.figure,
  snsSubscribers: VENDOR_LIMITS.budgetSnsSubscribers.figure,
  emailSubscribers: VENDOR_LIMITS.budgetEmailSubscribers.figure,
  nameLength: VENDOR_LIMITS.budgetNameCharacters.figure,
} as const;

/** The AWS budget's name (unique in the AWS account, as budget names must be). */
export function awsBudgetName(environment: string, workload: string): string {
  return `switchyard-${environment}-${workload}-bedrock`;
}

/** Whether the workload's budget is also an AWS budget: it reads an aws-bedrock key directly. */
export function hasAwsBudget(path: WorkloadSpec["path"], directKeyProviders: ReadonlyArray<Provider | undefined>): boolean {
  return readsDirectly(path) && directKeyProviders.includes("aws-bedrock");
}

/**
 * Who an AWS budget notification goes to: e-mail channels as e-mail subscribers (AWS Budgets mails
 * them itself), webhook channels through their SNS topic. `index` is the channel's place in the
 * workload's `alerts`; channels that do not resolve are left out.
 */
export function budgetSubscribers(
  alerts: readonly string[],
  channelOf: (name: string) => AlertChannelSpec | undefined,
): { emails: Array<{ index: number; channel: string; address: string }>; topics: Array<{ index: number; channel: string }> } {
  const emails: Array<{ index: number; channel: string; address: string }> = [];
  const topics: Array<{ index: number; channel: string }> = [];
  alerts.forEach((channel, index) => {
    const spec = channelOf(channel);
    if (spec?.email !== undefined) emails.push({ index, channel, address: spec.email });
    else if (spec?.webhook !== undefined) topics.push({ index, channel });
  });
  return { emails, topics };
}
