/**
 * An entry's other settings: the stack-file fields the report has no field of its own for reach
 * the JSON and the comment without plan code of their own, a field the stack file does not have
 * yet included (built past the loader, as a new schema field would arrive).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../plan/build-report";
import { settingsOf } from "../../plan/flatten";
import { entryLocator } from "../../plan/locate-entry";
import { renderMarkdown } from "../../plan/report-markdown";
import { parseStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";
import { FIXTURE_TODAY, policyInfo } from "./report-fixture";

const yaml = readFileSync(join(__dirname, "..", "fixtures", "good", "dev-base.yaml"), "utf8");
const loaded = parseStackFile(yaml, "stacks/dev.yaml");
if (!loaded.ok) throw new Error("dev-base.yaml should load");

function reportOf(spec: StackSpec) {
  return buildReport({ file: "stacks/dev.yaml", spec, locate: entryLocator(yaml, "stacks/dev.yaml"), resources: [], violations: [], policies: policyInfo, today: FIXTURE_TODAY, policyConfig: "policies/config/dev.json" });
}

describe("settingsOf", () => {
  it("flattens what is not shown, as the diff names fields", () => {
    const entry = { owner: "a@acme.example", rateLimit: { requestsPerMinute: 5 }, decision: { quotaOwner: "q@acme.example", reviewDate: "2027-01-01", providerNativeControls: [] }, readerRoleArn: "arn:x" };
    expect(settingsOf(entry, ["owner", "rateLimit", "decision.reviewDate"])).toEqual({
      "decision.quotaOwner": "q@acme.example",
      "decision.providerNativeControls": "(none)",
      readerRoleArn: "arn:x",
    });
  });
});

describe("a workload field the report has no column for", () => {
  const spec = structuredClone(loaded.spec) as StackSpec;
  (spec.workloads["research-lab"] as Record<string, unknown>).dataClassification = "confidential";
  const report = reportOf(spec);
  const lab = report.workloads.find((w) => w.name === "research-lab")!;

  it("is in the JSON report's settings, beside the ones the examples have", () => {
    expect(lab.settings).toEqual({
      readerRoleArn: "arn:aws:iam::123456789012:role/research-dev",
      dataClassification: "confidential",
      "decision.billingSourceOfRecord": "provider",
      "decision.usageSourceOfRecord": "provider",
      "decision.invoiceReviewer": "finance@acme.example",
      "decision.quotaOwner": "research@acme.example",
      "decision.rollbackOwner": "research@acme.example",
      "decision.providerNativeControls": "data-residency, quota-increase",
    });
    expect(report.providerKeys.find((k) => k.name === "openai-main")!.settings).toEqual({ "providerAccount.id": "org-acme-dev", "providerAccount.contract": "pay-as-you-go" });
    expect(report.routes.find((r) => r.name === "chat")!.settings).toEqual({});
  });

  it("is a row of the comment's other settings", () => {
    expect(renderMarkdown(report)).toContain("| `workloads.research-lab` | `dataClassification` | confidential |");
  });
});
