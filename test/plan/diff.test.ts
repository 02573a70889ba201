import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changeNote, diffStacks } from "../../plan/diff";
import { diffResources, type DiffableResource } from "../../plan/resource-diff";
import { parseStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";

const prodYaml = readFileSync(join(__dirname, "..", "..", "stacks", "prod.yaml"), "utf8");
const load = (yaml: string): StackSpec => {
  const r = parseStackFile(yaml, "stacks/prod.yaml");
  if (!r.ok) throw new Error(r.defects.map((d) => d.message).join("\n"));
  return r.spec;
};

describe("stack diff in the stack file's own terms", () => {
  const base = load(prodYaml);

  it("no change, no entries", () => {
    expect(diffStacks(base, load(prodYaml))).toEqual([]);
  });

  it("a budget 800 -> 1280 USD shows +60%, a canary 10% -> 25% +15 points, a moved expiry in days", () => {
    const head = load(
      prodYaml
        .replace("budget: { monthlyUsd: 800, alertAtPercent: [80, 100] }", "budget: { monthlyUsd: 1280, alertAtPercent: [80, 100] }")
        .replace("key: anthropic-main, percent: 10 }", "key: anthropic-main, percent: 25 }")
        .replace("expiresOn: 2027-02-15", "expiresOn: 2027-03-17"),
    );
    const changes = diffStacks(base, head);
    expect(changes.filter((c) => c.section !== "decisions")).toEqual([
      { section: "routes", name: "chat", change: "changed", fields: [{ field: "canary.percent", old: 10, new: 25, note: "+15 points" }] },
      { section: "gatewayKeys", name: "checkout-prod", change: "changed", fields: [{ field: "expiresOn", old: "2027-02-15", new: "2027-03-17", note: "moves 30 days later" }] },
      { section: "budgets", name: "support-summarizer", change: "changed", fields: [{ field: "monthlyUsd", old: 800, new: 1280, note: "+60%" }] },
    ]);
    // The records those changes reach, each with only the lines that changed.
    const records = changes.filter((c) => c.section === "decisions");
    expect(records.map((c) => `${c.name}: ${c.fields.map((f) => f.field).join(", ")}`)).toEqual([
      "checkout-assistant: Model routes, Gateway controls required",
      "ops-copilot: Model routes",
      "support-summarizer: Gateway controls required",
    ]);
    expect(records[0]?.fields[1]).toEqual({ field: "Gateway controls required", old: "key checkout-prod: expires 2027-02-15, only from 203.0.113.0/24, families chat", new: "key checkout-prod: expires 2027-03-17, only from 203.0.113.0/24, families chat" });
    expect(records[2]?.fields[0]?.old).toBe("budget 800 USD a month: spend limit at the gateway (429 once spent); alarms at 80/100%");
  });

  it("a decision field shows in the workload's decision record, in the template's terms, not in its workload entry", () => {
    const head = load(prodYaml.replace("      providerNativeControls: [data-residency, quota-increase]\n      reviewDate: 2027-02-01", "      providerNativeControls: [data-residency, quota-increase, audit-logs]\n      reviewDate: 2027-05-02"));
    expect(diffStacks(base, head)).toEqual([
      {
        section: "decisions",
        name: "research-lab",
        change: "changed",
        fields: [
          { field: "Provider-native controls required", old: "data-residency, quota-increase", new: "data-residency, quota-increase, audit-logs" },
          { field: "Review date", old: "2027-02-01", new: "2027-05-02", note: "moves 90 days later" },
        ],
      },
    ]);
  });

  it("a route's new primary reaches the records of every workload that calls it: routes, provider accounts, families", () => {
    const head = load(prodYaml.replace("primary: { model: google-ai-studio/gemini-2.5-flash, key: gemini-main }", "primary: { model: anthropic/claude-haiku-4-5, key: anthropic-main }"));
    const records = diffStacks(base, head).filter((c) => c.section === "decisions");
    expect(records.map((c) => `${c.name}: ${c.fields.map((f) => f.field).join(", ")}`)).toEqual([
      "data-pipeline: Provider accounts needed, Model routes",
      "ops-copilot: Model routes",
      "support-summarizer: Provider accounts needed, Model routes",
    ]);
    // Gemini stays (the route's rollback target); Anthropic comes.
    expect(records[2]?.fields[0]).toEqual({ field: "Provider accounts needed", new: "anthropic through the gateway: account not named; key anthropic-main, owner platform@acme.example" });
  });

  it("workloads, keys, budgets and provider keys added and removed", () => {
    const head = load(
      prodYaml
        .replace(/  ops-copilot:\n[\s\S]*?reviewDate: 2027-02-15\n/, "")
        .replace("\nroutes:\n", "  groq-main:\n    provider: groq\n    source: { pulumiSecret: groqApiKey }\n    owner: platform@acme.example\n    rotation: { everyDays: 90, lastRotated: 2026-11-01 }\n\nroutes:\n"),
    );
    const changes = diffStacks(base, head).map((c) => `${c.change} ${c.section} ${c.name}`);
    expect(changes).toEqual(
      expect.arrayContaining(["added providerKeys groq-main", "removed workloads ops-copilot", "removed gatewayKeys ops-copilot-prod", "removed budgets ops-copilot"]),
    );
    const removed = diffStacks(base, head).find((c) => c.section === "budgets" && c.name === "ops-copilot");
    expect(removed?.fields).toContainEqual({ field: "monthlyUsd", old: 900 });
  });

  it("a rollback flip and a fallback list change read as whole targets", () => {
    const head = load(prodYaml.replace("active: primary", "active: rollback").replace("      - { model: mistral/mistral-large-latest, key: mistral-main }\n", ""));
    const chat = diffStacks(base, head).find((c) => c.name === "chat");
    expect(chat?.fields).toEqual([
      { field: "active", old: "primary", new: "rollback" },
      {
        field: "fallbacks",
        old: "google-ai-studio/gemini-2.5-flash (key gemini-main) -> mistral/mistral-large-latest (key mistral-main)",
        new: "google-ai-studio/gemini-2.5-flash (key gemini-main)",
      },
    ]);
  });

  it("with no base, everything is added", () => {
    const changes = diffStacks(undefined, base);
    expect(changes.every((c) => c.change === "added")).toBe(true);
    expect(changes.filter((c) => c.section === "workloads")).toHaveLength(6);
  });

  it("notes: decreases, zero bases and earlier dates", () => {
    expect(changeNote("monthlyUsd", 500, 250)).toBe("-50%");
    expect(changeNote("monthlyUsd", 0, 250)).toBeUndefined();
    expect(changeNote("canary.percent", 25, 24)).toBe("-1 point");
    expect(changeNote("expiresOn", "2027-02-01", "2027-01-31")).toBe("moves 1 day earlier");
    expect(changeNote("owner", "a@x.example", "b@x.example")).toBeUndefined();
  });
});

describe("resource diff", () => {
  const r = (name: string, type: string, inputs: Record<string, unknown>, custom = true): DiffableResource => ({ urn: `urn:pulumi:prod::switchyard::${type}::${name}`, type, name, custom, inputs });
  const ROUTE = "cloudflare:index/aiGatewayDynamicRouting:AiGatewayDynamicRouting";
  const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

  it("creates, deletes, replaces on a forcing input, updates otherwise; components are left out", () => {
    const base = [r("chat-route", ROUTE, { name: "chat", elements: [1] }), r("a-50pct", ALARM, { threshold: 250 }), r("gone", ALARM, {}), r("w", "switchyard:index:Workload", { x: 1 }, false)];
    const head = [r("chat-route", ROUTE, { name: "chat", elements: [2] }), r("a-50pct", ALARM, { threshold: 400 }), r("new", ALARM, {}), r("w", "switchyard:index:Workload", { x: 2 }, false)];
    expect(diffResources(base, head).map((c) => [c.action, c.name, c.changedInputs.join(","), c.replaceBecause.join(",")])).toEqual([
      ["delete", "gone", "", ""],
      ["replace", "chat-route", "elements", "elements"],
      ["create", "new", "", ""],
      ["update", "a-50pct", "threshold", ""],
    ]);
  });

  it("unchanged resources are not listed", () => {
    expect(diffResources([r("a", ALARM, { t: { deep: [1] } })], [r("a", ALARM, { t: { deep: [1] } })])).toEqual([]);
  });
});
