/**
 * What a first-time user met (issue 26): one `validate` run gives every defect of a file, layout
 * included, each with its field path and its own line; a field that slipped out of the middle of
 * an entry is named at its own line, not at the fields after it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDefect, parseStackFile } from "../../stacks/load";

const staging = readFileSync(join(__dirname, "..", "..", "stacks", "staging.yaml"), "utf8");
const lines = staging.split("\n");
const lineOf = (text: string) => lines.indexOf(text) + 1;
const BUDGET = lineOf("    budget: { monthlyUsd: 120 }");
const replaceLine = (source: string, line: number, text: string) => source.split("\n").map((l, i) => (i === line - 1 ? text : l)).join("\n");

function defects(source: string): string[] {
  const loaded = parseStackFile(source, "stacks/staging.yaml");
  if (loaded.ok) throw new Error("expected defects");
  return loaded.defects.map(formatDefect);
}

describe("a field that slipped out of the middle of an entry", () => {
  const slipped = replaceLine(staging, BUDGET, "  budget: { monthlyUsd: 120 }");

  it("is named at its own line, with the column it belongs at, and the fields after it are not blamed", () => {
    const found = defects(slipped);
    expect(found[0]).toBe(
      `stacks/staging.yaml:${BUDGET}:3: workloads.ops-copilot: "budget" starts at column 3, between fields of "ops-copilot" at column 5 (lines ${BUDGET - 1} and ${BUDGET + 1}): indent it to column 5`,
    );
    expect(found.join("\n")).not.toMatch(/"alerts" starts at|"decision" starts at/);
    expect(found).toHaveLength(1);
  });
});

describe("one validate run", () => {
  it("reports layout, shape, references and credentials of a file together, each with a field path and its own line", () => {
    let source = replaceLine(staging, BUDGET, "  budget: { monthlyUsd: 120 }");
    const typo = lineOf("    owner: team-ops@acme.example");
    source = replaceLine(source, typo, "    ownr: team-ops@acme.example");
    const provider = lineOf("    provider: anthropic");
    source = replaceLine(source, provider, "    provider: antropic");
    const secret = lineOf("    source: { pulumiSecret: geminiApiKey }");
    source = replaceLine(source, secret, `    source: { pulumiSecret: AIza${"x".repeat(35)} }`);

    const found = defects(source);
    const at = (line: number) => found.filter((d) => d.startsWith(`stacks/staging.yaml:${line}:`));
    expect(at(BUDGET)).toHaveLength(1);
    expect(at(typo)).toEqual([expect.stringMatching(/^stacks\/staging\.yaml:\d+:5: workloads\.ops-copilot\.ownr: unknown field "ownr" \(did you mean "owner"\?\)/)]);
    expect(at(provider)).toEqual([expect.stringMatching(/providerKeys\.[a-z-]+\.provider: expected one of: .* \(did you mean "anthropic"\?\)$/)]);
    expect(at(secret)).toEqual([expect.stringMatching(/providerKeys\.[a-z-]+\.source\.pulumiSecret: looks like a raw credential/)]);
    // No defect without its field path.
    expect(found.filter((d) => /^stacks\/staging\.yaml:\d+:\d+: [^a-z]/.test(d))).toEqual([]);
    expect(found.join("\n")).not.toContain("x".repeat(35));
  });

  it("tells a raw key in pulumiSecret to go to Pulumi config as a secret", () => {
    const secret = lineOf("    source: { pulumiSecret: geminiApiKey }");
    const found = defects(replaceLine(staging, secret, `    source: { pulumiSecret: AIza${"x".repeat(35)} }`));
    expect(found).toEqual([expect.stringContaining("pulumi config set --secret")]);
    expect(found[0]).not.toMatch(/use providerKeys\.<name>\.source\.pulumiSecret/);
  });
});
