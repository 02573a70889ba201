/**
 * The AWS budget of a workload that reads an aws-bedrock key directly: every alert channel gets its
 * notifications within AWS Budgets' limits (one SNS subscriber and up to 10 e-mail subscribers per
 * notification), and the filter counts Bedrock models billed through AWS Marketplace.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { CaptureResult } from "../../engine/capture";
import type { StackSpec } from "../../stacks/schema";
import { capture, editable, loadExample, named, T } from "../support/mock-engine";

const NOW = new Date("2026-11-27T00:00:00Z");
const SERVICES = {
  ors: [
    { dimensions: { key: "SERVICE", values: ["Amazon Bedrock"] } },
    { dimensions: { key: "SERVICE", values: ["(Amazon Bedrock Edition)"], matchOptions: ["ENDS_WITH"] } },
  ],
};

describe("the Bedrock budget of a direct workload with e-mail and webhook channels", () => {
  let spec: StackSpec;
  let result: CaptureResult;
  beforeAll(async () => {
    spec = editable(loadExample("dev"));
    spec.workloads["research-lab"].alerts = ["finance", "oncall", "pager"];
    result = await capture(spec, { now: NOW });
  });

  it("notifies every channel: e-mail channels as e-mail subscribers, the webhook through its one SNS topic", () => {
    const notifications = named(result, T.budget, "research-lab-bedrock-budget").inputs.notifications as Array<Record<string, unknown>>;
    expect(notifications.map((n) => n.threshold)).toEqual(spec.workloads["research-lab"].budget!.alertAtPercent);
    for (const n of notifications) {
      expect(n.subscriberEmailAddresses).toEqual([spec.alerts.finance.email, spec.alerts.oncall.email]);
      expect(n.subscriberSnsTopicArns).toEqual([expect.stringContaining(":switchyard-dev-alerts-pager-")]);
    }
  });

  it("counts Amazon Bedrock and the Marketplace Bedrock editions, in the key's AWS account", () => {
    expect(named(result, T.budget, "research-lab-bedrock-budget").inputs).toMatchObject({
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitUnit: "USD",
      filterExpression: { ands: [SERVICES, { dimensions: { key: "LINKED_ACCOUNT", values: ["123456789012"] } }] },
    });
    expect(named(result, T.budget, "research-lab-bedrock-budget").inputs.costFilters).toBeUndefined();
  });

  it("without a 12-digit providerAccount id, the service filter alone", async () => {
    const edited = editable(spec);
    delete (edited.providerKeys["bedrock-research"] as { providerAccount?: unknown }).providerAccount;
    const budget = named(await capture(edited, { now: NOW }), T.budget, "research-lab-bedrock-budget");
    expect(budget.inputs.filterExpression).toEqual(SERVICES);
  });
});
