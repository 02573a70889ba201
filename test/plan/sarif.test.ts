/**
 * SARIF output validated with ajv against the official SARIF 2.1.0 JSON schema (draft-04, as
 * published by OASIS/schemastore; the copy shipped in @microsoft/jest-sarif), and located at the
 * stack-file line of the offending entry.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { artifactLocation, renderSarif } from "../../plan/report-sarif";
import { lineHashes } from "../../plan/sarif-fingerprint";
import { allPolicies } from "../../policies/registry";
import { runPlan } from "../../plan/run-plan";
import { componentResources, reportFromYaml } from "./report-fixture";

const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as Record<string, unknown>;
// The schema's language pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` is not valid with the u flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const prodYaml = readFileSync(join(__dirname, "..", "..", "stacks", "prod.yaml"), "utf8");
const lineOf = (text: string) => prodYaml.split("\n").findIndex((l) => l === text) + 1;
const res = componentResources(["ops-copilot", "research-lab"]);
const urn = (name: string) => res.find((r) => r.name === name)?.urn as string;

const report = reportFromYaml(prodYaml, {
  file: "stacks/prod.yaml",
  resources: res,
  violations: [
    { policyName: "switchyard-keys-expiry", severity: "high", enforcementLevel: "mandatory", message: "Gateway key expires too late.", urn: urn("ops-copilot") },
    { policyName: "switchyard-keys-allowed-ips", severity: "medium", enforcementLevel: "advisory", message: "Set workloads.ops-copilot.keys[0].allowedIps to the CIDRs.", urn: urn("ops-copilot-keys"), path: ["workloads", "ops-copilot", "keys", 0, "allowedIps"] },
    { policyName: "switchyard-decision-review-due", severity: "medium", enforcementLevel: "advisory", message: "Review overdue.", urn: urn("research-lab-keys") },
    { policyName: "switchyard-budgets-required", severity: "medium", enforcementLevel: "advisory", message: "A stack-wide finding." },
  ],
});
const sarif = JSON.parse(renderSarif(report)) as {
  version: string;
  runs: Array<{ tool: { driver: { rules: Array<{ id: string; help: { text: string } }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
};

describe("SARIF report", () => {
  it("is valid SARIF 2.1.0", () => {
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(sarif.version).toBe("2.1.0");
  });

  it("the schema check can fail: a result without a message is refused", () => {
    const broken = structuredClone(sarif) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    delete broken.runs[0]?.results[0]?.message;
    expect(validate(broken)).toBe(false);
  });

  it("points each result at the stack-file line of its entry", () => {
    const results = sarif.runs[0]?.results ?? [];
    const by = (rule: string) => results.find((r) => r.ruleId === rule)?.locations[0]?.physicalLocation;
    expect(by("switchyard-keys-expiry")?.region.startLine).toBe(lineOf("  ops-copilot:"));
    // The field the policy named (as data) is more precise than the workload: the key's allowedIps line.
    expect(by("switchyard-keys-allowed-ips")?.region.startLine).toBe(prodYaml.split("\n").findIndex((l) => l.includes("allowedIps: [192.0.2.0/24]")) + 1);
    expect(by("switchyard-decision-review-due")?.region.startLine).toBe(lineOf("  research-lab:"));
    expect(by("switchyard-budgets-required")?.region.startLine).toBe(1 + prodYaml.split("\n").findIndex((l) => l.startsWith("environment:")));
    expect(by("switchyard-keys-expiry")?.artifactLocation.uri).toBe("stacks/prod.yaml");
  });

  it("mandatory is error, advisory warning; rules carry the policy's fix", () => {
    const results = sarif.runs[0]?.results ?? [];
    expect(results.find((r) => r.ruleId === "switchyard-keys-expiry")?.level).toBe("error");
    expect(results.find((r) => r.ruleId === "switchyard-keys-allowed-ips")?.level).toBe("warning");
    expect(sarif.runs[0]?.tool.driver.rules.find((r) => r.id === "switchyard-keys-allowed-ips")?.help.text).toMatch(/allowedIps/);
  });

  it("a clean plan is valid SARIF with no results", () => {
    const clean = JSON.parse(renderSarif(reportFromYaml(prodYaml))) as unknown;
    expect(validate(clean)).toBe(true);
  });
});

describe("SARIF locations", () => {
  // Was a bug: `switchyard plan /abs/path/stacks/prod.yaml --format sarif` wrote the absolute path as a uri under %SRCROOT%.
  it("an absolute stack path inside the repository gives a uri relative to the repository root", { timeout: 120_000 }, async () => {
    const absolute = join(__dirname, "..", "..", "stacks", "prod.yaml");
    const { report: planned } = await runPlan({ file: absolute, today: "2027-06-01" });
    const log = JSON.parse(renderSarif(planned)) as typeof sarif;
    const locations = log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation) ?? [];
    expect(locations.length).toBeGreaterThan(0);
    for (const location of locations) expect(location).toEqual({ uri: "stacks/prod.yaml", uriBaseId: "%SRCROOT%" });
    expect(validate(log)).toBe(true);
  });

  it("a file outside any repository is an absolute file: URI with no base", () => {
    expect(artifactLocation("/tmp/elsewhere/prod.yaml")).toEqual({ uri: "file:///tmp/elsewhere/prod.yaml" });
    expect(artifactLocation("stacks/prod.yaml")).toEqual({ uri: "stacks/prod.yaml", uriBaseId: "%SRCROOT%" });
  });
});

// Issue 23, item 5: GitHub's code-scanning page showed `help.markdown` with raw `<w>`,
// `<alert topic ARN>` (gone when rendered), regions without end positions, no
// primaryLocationLineHash (several results of one rule on one line could collapse into one
// alert) and no precision.
describe("SARIF within GitHub's documented constraints", () => {
  const withPlaceholders = reportFromYaml(prodYaml, {
    file: "stacks/prod.yaml",
    resources: res,
    violations: [1, 2, 3].map((n) => ({ policyName: "switchyard-policy-floor", severity: "critical" as const, enforcementLevel: "mandatory" as const, message: `Policy number ${"abc"[n - 1]} is weakened.` })),
  });
  const log = JSON.parse(renderSarif(withPlaceholders, { stackSource: prodYaml })) as {
    runs: Array<{
      tool: { driver: { rules: Array<{ id: string; help: { text: string; markdown: string }; properties: { precision?: string } }> } };
      results: Array<{ partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number; endLine?: number; endColumn?: number } } }> }>;
    }>;
  };
  const run = log.runs[0]!;

  it("help markdown has no raw angle brackets: placeholders render as written", () => {
    const help = run.tool.driver.rules[0]!.help;
    expect(help.markdown).not.toMatch(/[<>]/);
    // The floor policy's fix names policies/config/<environment>.json.
    expect(help.text).toContain("policies/config/<environment>.json");
    expect(help.markdown).toContain("policies/config/&lt;environment&gt;.json");
    // And every policy's fix, as any rule would carry it.
    for (const p of allPolicies) expect(JSON.parse(renderSarif({ ...withPlaceholders, violations: [{ ...withPlaceholders.violations[0]!, policyName: p.name, fix: p.remediationSteps }] })).runs[0].tool.driver.rules[0].help.markdown).not.toMatch(/[<>]/);
  });

  it("every rule has a precision", () => {
    expect(run.tool.driver.rules.map((r) => r.properties.precision)).toEqual(run.tool.driver.rules.map(() => "very-high"));
  });

  it("regions end at the end of their line", () => {
    for (const r of run.results) {
      const { region } = r.locations[0]!.physicalLocation;
      expect(region.endLine).toBe(region.startLine);
      expect(region.endColumn).toBe((prodYaml.split("\n")[region.startLine - 1] as string).trimEnd().length + 1);
    }
  });

  it("each result carries GitHub's primaryLocationLineHash, and three results of one rule on one line stay three", () => {
    const prints = run.results.map((r) => r.partialFingerprints);
    expect(prints).toHaveLength(3);
    for (const p of prints) expect(p.primaryLocationLineHash).toMatch(/^[0-9a-f]+:\d+$/);
    expect(new Set(prints.map((p) => JSON.stringify(p))).size).toBe(3);
    expect(validate(log)).toBe(true);
  });

  it("the line hash is github/codeql-action's own (values its src/fingerprints.ts hash() gave at v4.36.2 for this text)", () => {
    // CRLF endings, a blank line, indentation and a tab: the cases the algorithm normalises.
    const hashes = lineHashes("a\r\nb\r\n\r\n  a\r\nb\r\nx\ty");
    expect([...hashes].map(([l, h]) => `${l}=${h}`)).toEqual(["1=c74d4e99fba22920:1", "2=c4d0ad9e137ce281:1", "3=48ada43840fa82e5:1", "4=88f8961b651458af:1", "5=71c210aaf71d3638:1", "6=1f885425855a3084:1"]);
  });
});
