/**
 * The gateway's safety and observability controls in the plan: the summary in every format and
 * the `--base` diff in the stack file's terms (a category, a DLP policy, an exporter, a header's
 * source), never a header's value, and within the Markdown report's width.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffStacks } from "../../plan/diff";
import { renderMarkdown } from "../../plan/report-markdown";
import { renderText, TEXT_WIDTH } from "../../plan/report-text";
import { parseStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";
import { reportFromYaml } from "./report-fixture";

const prodYaml = readFileSync(join(__dirname, "..", "..", "stacks", "prod.yaml"), "utf8");
const devYaml = readFileSync(join(__dirname, "..", "..", "stacks", "dev.yaml"), "utf8");
const load = (yaml: string): StackSpec => {
  const r = parseStackFile(yaml, "stacks/prod.yaml");
  if (!r.ok) throw new Error(r.defects.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`).join("\n"));
  return r.spec;
};
const PLAIN = "a-plain-dataset-name";
const ARN = "arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/langfuse-otel-authorization-Ab12Cd";
const LANGFUSE = `    langfuse:
      url: https://cloud.langfuse.com/api/public/otel/v1/traces
      headers:
        authorization: { awsSecretArn: "${ARN}" }
`;

describe("the --base diff of the safety controls, in the stack file's terms", () => {
  const base = load(prodYaml);

  it("a category weakened, a side removed, a DLP policy's action, an exporter added: each an entry of its own", () => {
    const head = load(
      prodYaml
        .replace("      prompt-injection: block\n", "      prompt-injection: flag\n")
        .replace(/    responses:\n      child-sexual-exploitation: block\n      indiscriminate-weapons: block\n      hate: flag\n/, "")
        .replace("        action: block\n", "        action: flag\n")
        .replace("        x-honeycomb-team: { pulumiSecret: honeycombApiKey }\n", `        x-honeycomb-team: { pulumiSecret: honeycombApiKey }\n${LANGFUSE}`),
    );
    expect(diffStacks(base, head).filter((c) => ["guardrails", "dlp", "openTelemetry"].includes(c.section))).toEqual([
      { section: "guardrails", name: "prompts", change: "changed", fields: [{ field: "prompt-injection", old: "block", new: "flag" }] },
      {
        section: "guardrails",
        name: "responses",
        change: "removed",
        fields: [
          { field: "child-sexual-exploitation", old: "block" },
          { field: "hate", old: "flag" },
          { field: "indiscriminate-weapons", old: "block" },
        ],
      },
      { section: "dlp", name: "customer-data", change: "changed", fields: [{ field: "action", old: "block", new: "flag" }] },
      {
        section: "openTelemetry",
        name: "langfuse",
        change: "added",
        fields: [
          { field: "contentType", new: "json" },
          { field: "headers.authorization", new: `awsSecretArn ${ARN}` },
          { field: "url", new: "https://cloud.langfuse.com/api/public/otel/v1/traces" },
        ],
      },
    ]);
  });

  it("a header moved from a config secret to plain text reads as its source, the plain value only as a digest", () => {
    const head = load(prodYaml.replace("x-honeycomb-team: { pulumiSecret: honeycombApiKey }", `x-honeycomb-team: { value: ${PLAIN} }`));
    const [change] = diffStacks(base, head);
    expect(change).toEqual({
      section: "openTelemetry",
      name: "honeycomb",
      change: "changed",
      fields: [{ field: "headers.x-honeycomb-team", old: "pulumiSecret honeycombApiKey", new: expect.stringMatching(/^plain text \(sha256 [0-9a-f]{8}\)$/) }],
    });
    expect(JSON.stringify(diffStacks(base, head))).not.toContain(PLAIN);
    const again = load(prodYaml.replace("x-honeycomb-team: { pulumiSecret: honeycombApiKey }", "x-honeycomb-team: { value: another-dataset-name }"));
    expect(diffStacks(head, again)[0]?.fields[0]?.field).toBe("headers.x-honeycomb-team");
  });

  it("guardrails, DLP and the exporter removed: each named as removed, gateway settings untouched", () => {
    const head = load(prodYaml.replace(/  guardrails:[\s\S]*?  frontDoor:\n/, "  frontDoor:\n"));
    expect(diffStacks(base, head).map((c) => `${c.change} ${c.section} ${c.name}`)).toEqual([
      "removed guardrails prompts",
      "removed guardrails responses",
      "removed dlp customer-data",
      "removed openTelemetry honeycomb",
    ]);
  });
});

describe("the summary", () => {
  it("text: each control on its own lines within 80 columns; dev says none, off, none", () => {
    const prod = renderText(reportFromYaml(prodYaml));
    expect(prod).toContain("  dlp: customer-data: block on request and response (2 profiles)\n");
    expect(prod).toContain("  opentelemetry honeycomb: https://api.honeycomb.io/v1/traces (protobuf;\n    x-honeycomb-team from pulumiSecret honeycombApiKey)\n");
    expect(prod.split("\n").filter((l) => l.length > TEXT_WIDTH)).toEqual([]);
    expect(renderText(reportFromYaml(devYaml))).toContain("  guardrails: none\n  dlp: off\n  opentelemetry: none\n");
  });

  it("Markdown: guardrails grouped by action, a plain header by name only, zero data retention on the gateway line", () => {
    const yaml = devYaml
      .replace("  billing: byok\n", "  billing: unified\n  zeroDataRetention: true\n  guardrails:\n    responses: { hate: flag, prompt-injection: block }\n")
      .replace("  frontDoor:\n", `  openTelemetry:\n    honeycomb:\n      url: https://api.honeycomb.io/v1/traces\n      headers:\n        x-honeycomb-dataset: { value: ${PLAIN} }\n${LANGFUSE}  frontDoor:\n`);
    const md = renderMarkdown(reportFromYaml(yaml));
    expect(md).toContain("| Gateway | `acme-dev`, unified billing, zero data retention, https://ai.dev.acme.example |");
    expect(md).toContain("| Guardrails | responses: block prompt-injection; flag hate |");
    expect(md).toContain("| DLP | off |");
    expect(md).toContain("x-honeycomb-dataset in plain text)<br/>langfuse: https://<wbr>cloud.langfuse.com/");
    expect(md).not.toContain(PLAIN);
  });
});
