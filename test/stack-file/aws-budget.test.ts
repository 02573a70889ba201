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

  it("one webhook channel and four e-mail channels fit: the budget alarms' five actions are the tighter limit", () => {
    const mails = Array.from({ length: 3 }, (_, i) => `mail-${i}`);
    expect(defectsOf(devWith(mails.map(email), ["finance", "pager", ...mails]))).toEqual([]);
  });

  it("a second webhook channel is refused at its place in alerts: a notification takes one SNS subscriber", () => {
    expect(defectsOf(devWith([webhook("chat")], ["finance", "pager", "chat"]))).toEqual([
      'workloads.research-lab.alerts[2]: this workload reads an aws-bedrock key directly, so its budget is also an AWS budget, whose notifications take one SNS subscriber, and webhook channels reach it through SNS: "pager" is already that subscriber. Keep one webhook channel on this workload (e-mail channels are mailed directly, up to 10)',
    ]);
  });

  it("an eleventh e-mail channel is refused (past the alarms' limit of five actions, refused too)", () => {
    const mails = Array.from({ length: 10 }, (_, i) => `mail-${i}`);
    expect(defectsOf(devWith(mails.map(email), ["finance", ...mails]))).toEqual([
      "workloads.research-lab.alerts[5]: 11 channels, but this workload's budget alarms notify every one of them and CloudWatch allows an alarm at most 5 actions per state: keep at most 5 channels here (one channel can reach several people: an e-mail list, or a webhook that fans out)",
      "workloads.research-lab.alerts[10]: this workload reads an aws-bedrock key directly, so its budget is also an AWS budget, whose notifications take at most 10 e-mail subscribers: keep at most 10 e-mail channels on this workload",
    ]);
  });

  it("a gateway workload has no AWS budget, so none of these limits apply to it", () => {
    const text = DEV.replace(PAGER, PAGER + webhook("chat")).replace("    alerts: [oncall, pager]", "    alerts: [oncall, pager, chat]").replace("budget: { monthlyUsd: 120 }", "budget: { monthlyUsd: 120, alertAtPercent: [10, 20, 30, 40, 50, 60] }");
    expect(defectsOf(text)).toEqual([]);
  });
});

describe("AWS budget name", () => {
  // A 32-character environment and a long workload name validated, then AWS would have refused
  // the budget's name at `pulumi up`: fails on the loader before the name check.
  it("is at most 100 characters: a longer one is refused at the workload, with how much to cut", () => {
    const env = `e${"x".repeat(31)}`;
    const workload = `r${"e".repeat(55)}`; // switchyard-<32>-<56>-bedrock: 11 + 32 + 1 + 56 + 8 = 108
    const text = DEV.replace("environment: dev", `environment: ${env}`).replaceAll("research-lab", workload);
    expect(defectsOf(text)).toEqual([
      `workloads.${workload}: this workload reads an aws-bedrock key directly, so its budget is also an AWS budget, named "switchyard-${env}-${workload}-bedrock" (108 characters), and AWS Budgets allows names of at most 100: shorten the workload's name (or the environment's) by 8`,
    ]);
    expect(defectsOf(text.replaceAll(workload, workload.slice(0, 48)))).toEqual([]);
  });
});
