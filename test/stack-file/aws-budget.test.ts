/**
 * AWS Budgets' limits on a workload whose budget is also an AWS budget (stacks/aws-budget.ts): one
 * SNS subscriber and up to 10 e-mail subscribers per notification. The five-notification limit,
 * with its position, is in the bad corpus (budget-aws-six-thresholds.yaml).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { budgetSubscribers } from "../../stacks/aws-budget";
import { parseStackFile } from "../../stacks/load";
import { DEV_BASE } from "./corpus-files";

const DEV = readFileSync(DEV_BASE, "utf8");
const PAGER = "  pager: { webhook: https://events.pager.example/integration/switchyard }\n";

/** dev-base.yaml with extra alert channels and research-lab (direct, aws-bedrock) listing `alerts`. */
function devWith(channels: string[], alerts: string[]): string {
  expect(DEV.split(PAGER)).toHaveLength(2);
  return DEV.replace(PAGER, PAGER + channels.join("")).replace("    alerts: [finance]\n    decision:\n      billingSourceOfRecord: provider", `    alerts: [${alerts.join(", ")}]\n    decision:\n      billingSourceOfRecord: provider`);
}
function defectsOf(text: string): string[] {
  const result = parseStackFile(text, "budget.yaml");
  return result.ok ? [] : result.defects.map((d) => `${d.path}: ${d.message}`);
}
const webhook = (name: string) => `  ${name}: { webhook: https://hooks.example.com/${name} }\n`;
const email = (name: string) => `  ${name}: { email: ${name}@acme.example }\n`;

describe("AWS budget subscribers", () => {
  it("e-mail channels are e-mail subscribers, webhook channels reach the budget through their SNS topic", () => {
    const channels = { finance: { email: "finance@acme.example" }, pager: { webhook: "https://events.pager.example/x" } };
    expect(budgetSubscribers(["pager", "finance", "missing"], (n) => channels[n as keyof typeof channels])).toEqual({
      emails: [{ index: 1, channel: "finance", address: "finance@acme.example" }],
      topics: [{ index: 0, channel: "pager" }],
    });
  });

  it("one webhook channel and ten e-mail channels fit", () => {
    const mails = Array.from({ length: 9 }, (_, i) => `mail-${i}`);
    expect(defectsOf(devWith(mails.map(email), ["finance", "pager", ...mails]))).toEqual([]);
  });

  it("a second webhook channel is refused at its place in alerts: a notification takes one SNS subscriber", () => {
    expect(defectsOf(devWith([webhook("chat")], ["finance", "pager", "chat"]))).toEqual([
      'workloads.research-lab.alerts[2]: this workload reads an aws-bedrock key directly, so its budget is also an AWS budget, whose notifications take one SNS subscriber, and webhook channels reach it through SNS: "pager" is already that subscriber. Keep one webhook channel on this workload (e-mail channels are mailed directly, up to 10)',
    ]);
  });

  it("an eleventh e-mail channel is refused", () => {
    const mails = Array.from({ length: 10 }, (_, i) => `mail-${i}`);
    expect(defectsOf(devWith(mails.map(email), ["finance", ...mails]))).toEqual([
      "workloads.research-lab.alerts[10]: this workload reads an aws-bedrock key directly, so its budget is also an AWS budget, whose notifications take at most 10 e-mail subscribers: keep at most 10 e-mail channels on this workload",
    ]);
  });

  it("a gateway workload has no AWS budget, so none of these limits apply to it", () => {
    const text = DEV.replace(PAGER, PAGER + webhook("chat")).replace("    alerts: [oncall, pager]", "    alerts: [oncall, pager, chat]").replace("budget: { monthlyUsd: 120 }", "budget: { monthlyUsd: 120, alertAtPercent: [10, 20, 30, 40, 50, 60] }");
    expect(defectsOf(text)).toEqual([]);
  });
});
