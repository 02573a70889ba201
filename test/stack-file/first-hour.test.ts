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

// The issue's own slip: `budget` and then `decision` two columns left, decision's fields left where
// they were. validate named decision's fields (line 208 in the file, staging as it was
// then) as unknown fields of a workload "decision"; it names the two lines that moved.
describe("two fields that slipped out of the middle of an entry, the second with its block left in place", () => {
  const DECISION = BUDGET + 2;
  const slipped = replaceLine(replaceLine(staging, BUDGET, "  budget: { monthlyUsd: 120 }"), DECISION, "  decision:");

  it("are named at their own lines, each with the column it belongs at, and nothing else is", () => {
    expect(lines[DECISION - 1]).toBe("    decision:");
    expect(lines[DECISION]).toMatch(/^ {6}billingSourceOfRecord: /);
    expect(defects(slipped)).toEqual([
      `stacks/staging.yaml:${BUDGET}:3: workloads.ops-copilot: "budget" starts at column 3, between fields of "ops-copilot" at column 5 (lines ${BUDGET - 1} and ${BUDGET + 1}): indent it to column 5`,
      `stacks/staging.yaml:${DECISION}:3: workloads.ops-copilot: "decision" starts at column 3, after fields of "ops-copilot" at column 5 (line ${DECISION - 1}), and its own fields are at column 7: indent it to column 5`,
    ]);
  });

  it("an entry whose fields sit deeper than those of the entry before it is not blamed when nothing slipped", () => {
    // The tab below makes the file unparsable, so its layout is read; "b" is consistent in itself.
    const text = ["environment: dev", "owner: a@acme.example", "workloads:", "  a:", "    owner: a@acme.example", "  b:", "      owner: b@acme.example", "alerts:", "\toncall: { email: a@acme.example }", ""].join("\n");
    expect(defects(text).map((d) => d.replace(/^stacks\/staging\.yaml:/, ""))).toEqual(["9:1: tab used for indentation: YAML indents with spaces"]);
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
