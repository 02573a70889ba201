/**
 * The report leads with what a reviewer decides on (plan/report-lead.ts): verdict, new violations
 * (apart from those already on the base), money, then the changes and the details; decision records
 * that change alike are grouped; trimming cuts the least important part to what fits.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffStacks } from "../../plan/diff";
import { policyLevels } from "../../plan/policy-levels";
import { allPolicies } from "../../policies/registry";
import { MARKDOWN_MAX_LENGTH, renderMarkdown } from "../../plan/report-markdown";
import { renderSarif } from "../../plan/report-sarif";
import { renderText } from "../../plan/report-text";
import { parseStackFile } from "../../stacks/load";
import { generateStack } from "../../stacks/generate-stack";
import { stringify } from "yaml";
import type { StackSpec } from "../../stacks/schema";
import { componentResources, largeReport, reportFromYaml } from "./report-fixture";

const root = join(__dirname, "..", "..");
const prodYaml = readFileSync(join(root, "stacks", "prod.yaml"), "utf8");
const prodWorkloads = ["checkout-assistant", "data-pipeline", "ops-copilot", "research-lab", "search-indexer", "support-summarizer"];

function spec(yaml: string): StackSpec {
  const loaded = parseStackFile(yaml, "stacks/prod.yaml");
  if (!loaded.ok) throw new Error(loaded.defects.map((d) => d.message).join("\n"));
  return loaded.spec;
}

/** Where each heading first appears; -1 when absent. */
const at = (text: string, ...needles: string[]) => needles.map((n) => text.indexOf(n));

describe("the report's order", () => {
  const resources = componentResources(prodWorkloads);
  const urn = (w: string) => resources.find((r) => r.name === w)?.urn;
  const violations = [
    { policyName: "switchyard-keys-allowed-ips", severity: "medium" as const, enforcementLevel: "advisory" as const, message: "old one", urn: urn("ops-copilot") },
    { policyName: "switchyard-keys-expiry", severity: "high" as const, enforcementLevel: "mandatory" as const, message: "new one", urn: urn("search-indexer") },
  ];
  const base = spec(prodYaml);
  const headYaml = prodYaml.replace("monthlyUsd: 900", "monthlyUsd: 1900");
  const report = reportFromYaml(headYaml, {
    file: "stacks/prod.yaml",
    resources,
    violations,
    diff: { baseRef: "main", baseState: "ok", baseDefects: [], entries: diffStacks(base, spec(headYaml)), resources: [] },
    base: { spec: base, violations: [violations[0]!] },
  });

  it("tells new violations from those already on the base", () => {
    expect(report.violations.map((v) => [v.message, v.onBase])).toEqual([
      ["new one", false],
      ["old one", true],
    ]);
  });

  it("a passing verdict counts the new advisory violations", () => {
    const passing = reportFromYaml(headYaml, {
      file: "stacks/prod.yaml",
      resources,
      violations: [violations[0]!],
      diff: { baseRef: "main", baseState: "ok", baseDefects: [], entries: [], resources: [] },
      base: { spec: base, violations: [violations[0]!] },
    });
    expect(renderText(passing)).toMatch(/^PASS: no mandatory policy fails \(1 advisory violation, 0 new\)$/m);
  });

  it("sarif marks each result new or unchanged against the base", () => {
    const sarif = JSON.parse(renderSarif(report)) as { runs: Array<{ results: Array<{ message: { text: string }; baselineState?: string }> }> };
    const states = sarif.runs[0]?.results.map((r) => [r.message.text.split(" ")[0], r.baselineState]);
    expect(states).toEqual([
      ["new", "new"],
      ["old", "unchanged"],
    ]);
  });

  it("text: verdict, new violations, violations already on the base, money, then changes and resource counts", () => {
    const text = renderText(report);
    expect(text).toMatch(/^FAIL: 1 mandatory violation \(1 new\), 1 advisory violation \(0 new\)$/m);
    const order = at(text, "FAIL:", "New violations against main (1)", "Violations already on main (1)", "Money", "Changes against main", "Workloads (6)", "Resources by type");
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text.indexOf("new one")).toBeLessThan(text.indexOf("old one"));
  });

  it("markdown: verdict, new violations, violations already on the base, money, then changes and resources", () => {
    const md = renderMarkdown(report);
    const order = at(md, "FAILS", "### New violations against `main` (1)", "### Violations already on `main` (1)", "### Money", "### Changes against `main`", "### Workloads", "<summary>Resources");
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("gives the monthly budget total and its change against the base, and the hard limits", () => {
    // prod's budgets: 2,500 + 3,000 + 900 + 6,000 + 1,200 + 800 = 14,400 USD; ops-copilot 900 -> 1,900.
    expect(report.money.monthlyBudgetUsd).toBe(15_400);
    expect(report.money.baseMonthlyBudgetUsd).toBe(14_400);
    const text = renderText(report);
    expect(text).toContain("monthly budgets: 15,400 USD across 6 workloads");
    expect(text).toContain("+1,000 USD (+6.9%) against main (14,400 USD)");
    expect(text).toMatch(/hard limits: [\d,]+ USD \(\d+ workloads\), calls stop at the gateway once spent/);
    expect(renderMarkdown(report)).toContain("| Monthly budgets | 15,400 USD, +1,000 USD (+6.9%) against `main` |");
  });
});

describe("decision records that change alike", () => {
  it("are one group: a canary moved on a route used by many workloads is one line, not one row per workload", () => {
    const baseInput = generateStack(300);
    const headInput = structuredClone(baseInput) as unknown as { routes: { chat: { canary: { percent: number } } } };
    headInput.routes.chat.canary.percent = 20;
    const baseYaml = stringify(baseInput);
    const headYaml = stringify(headInput);
    const entries = diffStacks(spec(baseYaml), spec(headYaml));
    const records = entries.filter((e) => e.section === "decisions");
    expect(records.length).toBe(75);
    const report = reportFromYaml(headYaml, { file: "stacks/prod.yaml", diff: { baseRef: "main", baseState: "ok", baseDefects: [], entries, resources: [] } });

    const md = renderMarkdown(report);
    const section = md.slice(md.indexOf("#### Decision records that changed (75)"));
    const rows = section.slice(0, section.indexOf("\nResources:")).split("\n").filter((l) => l.startsWith("| "));
    expect(rows.length).toBe(2); // header, one group
    expect(rows[1]).toMatch(/^\| 75 workloads: app-0000, app-0006, .* and 63 more \| changed \| Model routes: dynamic\/chat: .*canary anthropic\/<wbr>claude-sonnet-4-5 10%; .* -\\> dynamic\/chat: .*canary anthropic\/<wbr>claude-sonnet-4-5 20%/);

    const text = renderText(report);
    expect(text).toContain("changed: 75 workloads (app-0000, app-0006,");
    expect(text.match(/^ {4}changed: /gm)?.length).toBe(1);
  });
});

describe("trimming at scale", () => {
  it("drops the least important part first and keeps what fits: 300 workloads keep their table and route graphs", () => {
    const report = largeReport(300, 1, 0);
    const md = renderMarkdown(report);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    expect(md).toContain("Details were trimmed");
    // The collapsed resource list and other settings go first; the workload table and route graphs stay.
    expect(md).toContain("| workload | path | owner | budget / month | calls |");
    expect(md).toContain("| `app-0000` | gateway |");
    expect(md).toMatch(/… and \d+ more rows, in the JSON report\./);
    expect((md.match(/```mermaid/g) ?? []).length).toBe(3);
    // What fits is kept: the comment is filled, not cut to a fraction of the limit.
    expect(md.length).toBeGreaterThan(MARKDOWN_MAX_LENGTH * 0.9);
  });

  it("cuts each policy's level and settings right after the other settings, and keeps the count per level", () => {
    const config = JSON.parse(readFileSync(join(root, "policies", "config", "prod.json"), "utf8")) as Record<string, unknown>;
    const levels = policyLevels(allPolicies, config, "prod");
    const small = renderMarkdown({ ...largeReport(10, 1, 0), policyLevels: levels });
    expect(small).toContain("<summary>Each policy's level, production floor and settings</summary>");
    const md = renderMarkdown({ ...largeReport(300, 1, 0), policyLevels: levels });
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    expect(md).not.toContain("Other settings");
    expect(md).not.toContain("Each policy's level, production floor and settings");
    expect(md).toMatch(/### Policy levels in force \(`[^`]+`\)\n\n\d+ mandatory; 1 advisory \(`switchyard-routes-fallback`\)\./);
    expect(md).toContain("| workload | path | owner | budget / month | calls |");
  });
});
