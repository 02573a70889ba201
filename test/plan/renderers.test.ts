import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderJson } from "../../plan/report-json";
import { githubSourceLinks } from "../../plan/source-links";
import { GITHUB_COMMENT_LIMIT, MARKDOWN_MAX_LENGTH, renderMarkdown } from "../../plan/report-markdown";
import { PLAN_SCHEMA_VERSION } from "../../plan/report-model";
import { renderText, TEXT_WIDTH } from "../../plan/report-text";
import { wrap } from "../../plan/format-helpers";
import { componentResources, largeReport, reportFromYaml } from "./report-fixture";

const devYaml = readFileSync(join(__dirname, "..", "..", "stacks", "dev.yaml"), "utf8");
const workloads = ["checkout-assistant", "support-summarizer", "search-indexer", "research-lab", "data-pipeline", "ops-copilot"];

describe("text report", () => {
  it("keeps every line within 80 columns, even for long names and messages", () => {
    const longMessage = `A ${"very-long-word-without-spaces-".repeat(6)} message that goes on and on well past eighty columns of terminal width.`;
    const report = reportFromYaml(devYaml, {
      resources: componentResources(workloads, "dev"),
      violations: [{ policyName: "switchyard-keys-allowed-ips", severity: "medium", enforcementLevel: "advisory", message: longMessage, urn: componentResources(["ops-copilot"], "dev")[1]?.urn }],
    });
    const lines = renderText(report).split("\n");
    expect(TEXT_WIDTH).toBe(80);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(renderText(report)).toContain("very-long-word");
  });

  it("says FAIL and counts mandatory violations", () => {
    const res = componentResources(["ops-copilot"], "dev");
    const report = reportFromYaml(devYaml, { resources: res, violations: [{ policyName: "switchyard-keys-expiry", severity: "high", enforcementLevel: "mandatory", message: "expires too late", urn: res[1]?.urn }] });
    expect(report.summary.passed).toBe(false);
    expect(renderText(report)).toMatch(/^FAIL: 1 mandatory violation, 0 advisory violations$/m);
  });

  it("wrap cuts words longer than the line and never exceeds the width", () => {
    const lines = wrap(`${"x".repeat(200)} short words here`, 30, "  ", "    ");
    expect(lines.every((l) => l.length <= 30)).toBe(true);
    expect(lines.join("").replace(/\s/g, "")).toBe(`${"x".repeat(200)}shortwordshere`);
  });
});

describe("markdown report", () => {
  it("puts the summary first and violations before the details", () => {
    const res = componentResources(["ops-copilot"], "dev");
    const md = renderMarkdown(reportFromYaml(devYaml, { resources: res, violations: [{ policyName: "switchyard-keys-allowed-ips", severity: "medium", enforcementLevel: "advisory", message: "planted", urn: res[1]?.urn }] }));
    const at = (s: string) => md.indexOf(s);
    expect(at("## Switchyard plan")).toBeGreaterThan(-1);
    expect(at("## Switchyard plan")).toBeLessThan(at("### Violations"));
    expect(at("### Violations")).toBeLessThan(at("### Workloads"));
    expect(at("### Workloads")).toBeLessThan(at("```mermaid"));
    expect(at("```mermaid")).toBeLessThan(at("<details><summary>Resources"));
    expect(md).toContain("Fix: Add workloads.&lt;w&gt;.keys[].allowedIps");
  });

  it("links violation locations to the stack file's lines when GitHub Actions names the repository and commit, else plain text", () => {
    const res = componentResources(["ops-copilot"], "dev");
    const report = reportFromYaml(devYaml, { file: "stacks/dev.yaml", resources: res, violations: [{ policyName: "switchyard-keys-allowed-ips", severity: "medium", enforcementLevel: "advisory", message: "planted", urn: res[1]?.urn }] });
    const line = report.violations[0]?.location.line as number;
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const links = githubSourceLinks({ GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/gateway", GITHUB_SHA: sha });
    expect(renderMarkdown(report, { sourceLinks: links })).toContain(`- [\`stacks/dev.yaml:${line}\`](https://github.com/acme/gateway/blob/${sha}/stacks/dev.yaml#L${line}) \`workloads.ops-copilot\`: planted`);
    expect(renderMarkdown(report)).toContain(`- \`stacks/dev.yaml:${line}\` \`workloads.ops-copilot\`: planted`);
    // Without a repository, a commit, or with a file outside the repository: plain text.
    expect(githubSourceLinks({ GITHUB_REPOSITORY: "acme/gateway", GITHUB_SHA: sha })).toBeUndefined();
    expect(githubSourceLinks({ GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/gateway" })).toBeUndefined();
    expect(renderMarkdown({ ...report, violations: report.violations.map((v) => ({ ...v, location: { ...v.location, file: "/tmp/dev.yaml" } })) }, { sourceLinks: links })).not.toContain("](https://");
  });

  it(`stays under GitHub's ${GITHUB_COMMENT_LIMIT}-character limit on a 1,000-workload stack, keeping the summary and every violation`, () => {
    const report = largeReport(1000, 1, 150);
    const md = renderMarkdown(report);
    expect(MARKDOWN_MAX_LENGTH).toBe(65_535);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    expect(md).toContain("## Switchyard plan");
    expect(md).toContain("Details were trimmed");
    // Every workload's violation is still there.
    expect((md.match(/Planted violation/g) ?? []).length).toBe(150);
    for (const w of ["app-0000", "app-0075", "app-0149"]) expect(md).toContain(`Planted violation 0 for workload "${w}"`);
    // The untrimmed comment would not have fitted: trimming did something.
    expect(renderMarkdown(report, { maxLength: Number.MAX_SAFE_INTEGER }).length).toBeGreaterThan(MARKDOWN_MAX_LENGTH);
  });

  it("cuts violations only as a last resort, most severe first, and says how many were left out", () => {
    const report = largeReport(1000, 3);
    const md = renderMarkdown(report);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    expect(md).toContain("## Switchyard plan");
    expect(md).toContain('Planted violation 0 for workload "app-0000"'); // the mandatory one
    const left = /… and (\d+) more violations/.exec(md);
    expect(left).not.toBeNull();
    const shown = (md.match(/Planted violation/g) ?? []).length;
    expect(shown + Number(left?.[1])).toBe(3000);
  });
});

describe("json report", () => {
  it("is the versioned report model", () => {
    const report = reportFromYaml(devYaml, { resources: componentResources(workloads, "dev") });
    const json = JSON.parse(renderJson(report)) as Record<string, unknown>;
    expect(json.kind).toBe("switchyard-plan");
    expect(json.schemaVersion).toBe(PLAN_SCHEMA_VERSION);
    expect(Object.keys(json).sort()).toEqual(["awsCost", "cloudflareApiCalls", "expiringKeys", "kind", "money", "policyLevels", "providerKeys", "resources", "routes", "schemaVersion", "sprawl", "stack", "summary", "violations", "workloads"]);
    expect((json.workloads as unknown[]).length).toBe(6);
  });

  it("lists keys expiring within 30 days, overdue ones included, soonest first", () => {
    const yaml = devYaml.replace("expiresOn: 2027-01-31", "expiresOn: 2026-12-10").replace("expiresOn: 2027-02-15", "expiresOn: 2026-11-20");
    const report = reportFromYaml(yaml);
    expect(report.expiringKeys.map((k) => [k.name, k.daysLeft])).toEqual([
      ["support-dev", -7],
      ["ops-copilot-dev", 13],
    ]);
    expect(report.expiringKeys[0]?.location.line).toBe(yaml.split("\n").findIndex((l) => l.includes("name: support-dev")) + 1);
  });
});
