/**
 * The AWS cost model (plan/aws-cost.ts) on a small stack captured under the mock engine, against
 * figures worked out by hand from the cited list prices (vendor/aws-prices.ts), and in every report
 * format as one line.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { awsCost, awsCostSentence } from "../../plan/aws-cost";
import { loadStackFile } from "../../stacks/load";
import { CLOUDWATCH_CUSTOM_METRIC, tieredUsd } from "../../vendor/aws-prices";
import { capture } from "../support/mock-engine";

describe("AWS cost at list prices", () => {
  it("the minimal gateway stack: 3 secrets, 2 keys, 9 exporter alarms, 28 metrics = USD 12.50 a month", async () => {
    // By hand: secrets (provider key openai-main, workload app's keys, the exporter's Cloudflare
    // token) 3 x 0.40 = 1.20; KMS keys (secrets, alerts) 2 x 1.00 = 2.00; the exporter's 9 alarms,
    // one metric each, 9 x 0.10 = 0.90; custom metrics, none per workload: 6 environment totals,
    // 2 x 6 model metrics, 10 run and event metrics = 28 x 0.30 = 8.40. No budget alarm: the
    // exporter tells budget thresholds. 12.50 for 1 workload.
    const spec = loadStackFile(join(__dirname, "..", "fixtures", "good", "minimal-gateway.yaml"));
    const cost = awsCost((await capture(spec)).resources);
    expect(cost).toEqual({
      monthlyUsd: 12.5,
      perWorkloadUsd: 12.5,
      workloads: 1,
      lines: [
        { item: "Secrets Manager secrets", count: 3, usd: 1.2, source: expect.stringContaining("aws.amazon.com/secrets-manager/pricing") },
        { item: "KMS keys", count: 2, usd: 2, source: expect.stringContaining("aws.amazon.com/kms/pricing") },
        { item: "CloudWatch alarm metrics", count: 9, usd: 0.9, source: expect.stringContaining("aws.amazon.com/cloudwatch/pricing") },
        { item: "CloudWatch custom metrics", count: 28, usd: 8.4, source: expect.stringContaining("aws.amazon.com/cloudwatch/pricing") },
      ],
    });
    expect(awsCostSentence(cost)).toBe("Estimated AWS cost: USD 12.50/month (12.500 per workload) at list prices");
  });

  it("a budget is USD 0.60 a month; an alarm on metric math counts each metric it reads", () => {
    const alarm = { type: "aws:cloudwatch/metricAlarm:MetricAlarm", inputs: { metricQueries: [{ id: "m1", metric: { metricName: "a" } }, { id: "m2", metric: { metricName: "b" } }, { id: "e1", expression: "m1+m2" }] } };
    const cost = awsCost([{ type: "switchyard:index:Workload" }, { type: "switchyard:index:Workload" }, { type: "aws:budgets/budget:Budget" }, alarm]);
    expect(cost.lines.map((l) => [l.item, l.count, l.usd])).toEqual([
      ["CloudWatch alarm metrics", 2, 0.2],
      ["AWS budgets", 1, 0.6],
    ]);
    expect(cost).toMatchObject({ monthlyUsd: 0.8, perWorkloadUsd: 0.4, workloads: 2 });
  });

  it("custom metrics are priced by tier: 15,000 metrics are 10,000 x 0.30 + 5,000 x 0.10", () => {
    expect(tieredUsd(CLOUDWATCH_CUSTOM_METRIC, 15_000)).toBeCloseTo(3_500, 9);
    expect(tieredUsd(CLOUDWATCH_CUSTOM_METRIC, 10_000)).toBeCloseTo(3_000, 9);
    expect(tieredUsd(CLOUDWATCH_CUSTOM_METRIC, 0)).toBe(0);
  });
});
