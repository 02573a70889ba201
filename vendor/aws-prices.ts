/**
 * AWS list prices (US East, N. Virginia; USD, per month unless said) for what a Switchyard stack
 * keeps running whether or not anyone calls it, each with where it was read. The one place for
 * these figures: plan/aws-cost.ts prices a captured stack with them. Free tiers are not subtracted
 * (an account's other resources use them up), and prices vary by region: the estimate is an upper
 * bound for one account's list prices, not a bill.
 */

export interface AwsPrice {
  usd: number;
  /** What one unit is. */
  per: string;
  /** Where the figure was read. */
  source: string;
}

export interface AwsTieredPrice {
  /** Tiers in order: the first `upTo` units at `usd` each, then the next tier; the last has no bound. */
  tiers: ReadonlyArray<{ upTo?: number; usd: number }>;
  per: string;
  source: string;
}

export const AWS_PRICES = {
  secretsManagerSecret: {
    usd: 0.4,
    per: "secret per month (prorated by the hour)",
    source: "aws.amazon.com/secrets-manager/pricing: \"$0.40 per secret per month\"; API calls $0.05 per 10,000 (usage, not priced here)",
  },
  kmsKey: {
    usd: 1,
    per: "customer managed key per month",
    source:
      "aws.amazon.com/kms/pricing, Key Storage: \"Each AWS KMS key that you create in KMS costs $1/month\"; with automatic rotation \"each newly generated backing key costs an additional $1/month\" (the first year is priced here: a rotated key costs more in its second and third years)",
  },
  cloudwatchAlarmMetric: {
    usd: 0.1,
    per: "standard-resolution alarm metric per month (an alarm on one metric is one)",
    source: "aws.amazon.com/cloudwatch/pricing, Paid tier, Alarms: standard resolution (60 s) $0.10 per alarm metric; free tier of 10 alarm metrics not subtracted",
  },
  budget: {
    usd: 0.02 * 30,
    per: "AWS budget per 30-day month ($0.02 a day)",
    source:
      "docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/budgets-managing-costs.html: \"Your first two active budgets are free of charge. Each additional active budget costs $0.02 per day.\" (the two free budgets are the payer account's, not subtracted)",
  },
} as const satisfies Record<string, AwsPrice>;

export const CLOUDWATCH_CUSTOM_METRIC: AwsTieredPrice = {
  tiers: [
    { upTo: 10_000, usd: 0.3 },
    { upTo: 250_000, usd: 0.1 },
    { upTo: 1_000_000, usd: 0.05 },
    { usd: 0.02 },
  ],
  per: "custom metric per month (each name and dimension set; prorated by the hour it is published)",
  source: "aws.amazon.com/cloudwatch/pricing, Paid tier, Metrics: first 10,000 metrics $0.30, next 240,000 $0.10, next 750,000 $0.05, over 1,000,000 $0.02 per metric per month; free tier of 10 metrics not subtracted",
};

/** What `units` cost under a tiered price. */
export function tieredUsd(price: AwsTieredPrice, units: number): number {
  let usd = 0;
  let below = 0;
  for (const tier of price.tiers) {
    const inTier = Math.max(0, Math.min(units, tier.upTo ?? Infinity) - below);
    usd += inTier * tier.usd;
    if (tier.upTo === undefined || units <= tier.upTo) break;
    below = tier.upTo;
  }
  return usd;
}
