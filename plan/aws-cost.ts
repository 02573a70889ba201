/**
 * What a stack costs on AWS each month at list prices, from the resources the program registers
 * (engine/capture.ts): the secrets, KMS keys, alarms and budgets it keeps, and the custom metrics
 * its usage exporter publishes (runtime/usage-export/contract.ts PUBLISHED_METRICS, per UsageLedger). Prices are data with their sources (vendor/aws-prices.ts).
 * Usage-priced items (API calls, Lambda time, S3 storage and requests, logs, SNS deliveries) grow
 * with traffic, not with the stack file, and are left out: the figure is what the stack costs idle.
 */
import { PUBLISHED_METRICS } from "../runtime/usage-export/contract";
import { AWS_PRICES, CLOUDWATCH_CUSTOM_METRIC, tieredUsd } from "../vendor/aws-prices";

/** What the model reads of a resource: its type, and for alarms, its inputs. */
export interface CostResource {
  type: string;
  inputs?: Record<string, unknown>;
}

export interface AwsCostLine {
  item: "Secrets Manager secrets" | "KMS keys" | "CloudWatch alarm metrics" | "CloudWatch custom metrics" | "AWS budgets";
  count: number;
  usd: number;
  source: string;
}

export interface AwsCost {
  /** USD a month, rounded to cents. */
  monthlyUsd: number;
  /** monthlyUsd over the stack's workloads, rounded to tenths of a cent (0 without workloads). */
  perWorkloadUsd: number;
  workloads: number;
  lines: AwsCostLine[];
}

export const COST_TYPES = {
  secret: "aws:secretsmanager/secret:Secret",
  kmsKey: "aws:kms/key:Key",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  budget: "aws:budgets/budget:Budget",
  workload: "switchyard:index:Workload",
  usageLedger: "switchyard:index:UsageLedger",
} as const;

/** Metrics an alarm watches: one, or each metric of its metric-math queries. */
function alarmMetrics(r: CostResource): number {
  const queries = r.inputs?.metricQueries;
  return Array.isArray(queries) && queries.length ? queries.filter((q) => q && typeof q === "object" && "metric" in q && q.metric !== undefined).length : 1;
}

const round = (usd: number, places: number) => Math.round(usd * 10 ** places) / 10 ** places;

export function awsCost(resources: readonly CostResource[]): AwsCost {
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const workloads = ofType(COST_TYPES.workload).length;
  const metrics = ofType(COST_TYPES.usageLedger).length * PUBLISHED_METRICS;
  const alarmMetricCount = ofType(COST_TYPES.alarm).reduce((n, r) => n + alarmMetrics(r), 0);
  const line = (item: AwsCostLine["item"], count: number, usd: number, source: string): AwsCostLine => ({ item, count, usd: round(usd, 4), source });
  const lines = [
    line("Secrets Manager secrets", ofType(COST_TYPES.secret).length, ofType(COST_TYPES.secret).length * AWS_PRICES.secretsManagerSecret.usd, AWS_PRICES.secretsManagerSecret.source),
    line("KMS keys", ofType(COST_TYPES.kmsKey).length, ofType(COST_TYPES.kmsKey).length * AWS_PRICES.kmsKey.usd, AWS_PRICES.kmsKey.source),
    line("CloudWatch alarm metrics", alarmMetricCount, alarmMetricCount * AWS_PRICES.cloudwatchAlarmMetric.usd, AWS_PRICES.cloudwatchAlarmMetric.source),
    line("CloudWatch custom metrics", metrics, tieredUsd(CLOUDWATCH_CUSTOM_METRIC, metrics), CLOUDWATCH_CUSTOM_METRIC.source),
    line("AWS budgets", ofType(COST_TYPES.budget).length, ofType(COST_TYPES.budget).length * AWS_PRICES.budget.usd, AWS_PRICES.budget.source),
  ].filter((l) => l.count > 0);
  const monthlyUsd = round(lines.reduce((sum, l) => sum + l.usd, 0), 2);
  return { monthlyUsd, perWorkloadUsd: workloads ? round(monthlyUsd / workloads, 3) : 0, workloads, lines };
}

/** The one line every report format shows. */
export function awsCostSentence(cost: Pick<AwsCost, "monthlyUsd" | "perWorkloadUsd">): string {
  return `Estimated AWS cost: ${awsCostWords(cost)}`;
}

/** "USD 15.40/month (2.567 per workload) at list prices". */
export function awsCostWords(cost: Pick<AwsCost, "monthlyUsd" | "perWorkloadUsd">): string {
  return `USD ${cost.monthlyUsd.toFixed(2)}/month (${cost.perWorkloadUsd.toFixed(3)} per workload) at list prices`;
}
