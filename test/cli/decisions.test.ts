/**
 * `switchyard decisions`: every template field, in order, for every workload, in Markdown and JSON
 * (the same records); what is derived from the stack file; overdue reviews; never a key or a
 * secret reference; --out; bad input. The CLI runs in process through cli/main.ts.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../cli/main";
import { DECISION_FIELDS, decisionRecord, decisionRecords, familiesOf } from "../../plan/decision-records";
import { fieldLines } from "../../plan/decision-lines";
import { parseStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";
import { captureOutput } from "../support/capture-output";

const ROOT = join(__dirname, "..", "..");
const cli = (...argv: string[]) => captureOutput(() => run(argv, (name) => import(`../../cli/${name}.ts`)));
const TODAY = "2026-11-27";
const prodYaml = readFileSync(join(ROOT, "stacks", "prod.yaml"), "utf8");
const load = (yaml: string): StackSpec => {
  const r = parseStackFile(yaml, "stacks/prod.yaml");
  if (!r.ok) throw new Error(r.defects.map((d) => `${d.line}: ${d.message}`).join("\n"));
  return r.spec;
};
const PROD_WORKLOADS = ["checkout-assistant", "data-pipeline", "ops-copilot", "research-lab", "search-indexer", "support-summarizer"];
const LABELS = DECISION_FIELDS.map(([, label]) => label);

describe("switchyard decisions prod", () => {
  it("--format md: every field of the template, in its order, for every prod workload", async () => {
    const { code, stdout, stderr } = await cli("decisions", "prod", "--format", "md", "--today", TODAY);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const sections = stdout.split(/^### /m).slice(1);
    expect(sections.map((s) => s.slice(0, s.indexOf("\n")))).toEqual(PROD_WORKLOADS.map((w) => `\`${w}\``));
    for (const section of sections) {
      const rows = section.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| field"));
      expect(rows.map((r) => r.slice(2, r.indexOf(" | ")))).toEqual(LABELS);
      expect(rows.every((r) => r.split(" | ")[1]?.trim())).toBe(true);
    }
    expect(LABELS).toEqual([
      "Workload",
      "Owner",
      "Environment",
      "Preferred path",
      "Provider accounts needed",
      "Gateway workspace/key needed",
      "Model routes",
      "Endpoint families",
      "Current base URL",
      "Target base URL",
      "Billing source of record",
      "Usage source of record",
      "Invoice reviewer",
      "Quota owner",
      "Provider-native controls required",
      "Gateway controls required",
      "Rollback owner",
      "Review date",
    ]);
  });

  it("--format json: the same records, keys in the template's order", async () => {
    const { code, stdout } = await cli("decisions", "prod", "--format", "json", "--today", TODAY);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { kind: string; schemaVersion: number; stack: unknown; records: Array<Record<string, unknown>> };
    expect(report).toMatchObject({ kind: "switchyard-decisions", schemaVersion: 1, stack: { file: "stacks/prod.yaml", environment: "prod", today: TODAY } });
    expect(report.records.map((r) => r.workload)).toEqual(PROD_WORKLOADS);
    for (const r of report.records) expect(Object.keys(r)).toEqual([...DECISION_FIELDS.map(([key]) => key), "notRecorded"]);
    expect(report.records).toEqual(JSON.parse(JSON.stringify(decisionRecords(load(prodYaml), TODAY))));
  });

  it("a record past its review date says so, in the index and in its table", async () => {
    const { stdout } = await cli("decisions", "prod", "--today", "2027-02-03");
    expect(stdout).toContain("> **1 record is past its review date**: `research-lab` (due 2027\u201102\u201101).");
    expect(stdout).toContain("| `research-lab` | direct provider account | research<wbr>@acme.example | 2027\u201102\u201101 (**overdue**, 2 days ago) |");
    expect(stdout).toContain("| Review date | 2027\u201102\u201101: **OVERDUE**, 2 days ago |");
    // On the review date itself it is due, not overdue (as switchyard-decision-review-due judges it).
    expect((await cli("decisions", "prod", "--today", "2027-02-01")).stdout).not.toContain("OVERDUE");
  });

  it("never shows a key or where one is stored: labels, owners and rotation dates only", async () => {
    const spec = load(prodYaml);
    const references = Object.values(spec.providerKeys).map((k) => k.source.pulumiSecret ?? k.source.awsSecretArn ?? "");
    for (const format of ["md", "json"]) {
      const { stdout } = await cli("decisions", "prod", "--format", format, "--today", TODAY);
      for (const ref of references) expect(stdout).not.toContain(ref);
      expect(stdout).toMatch(/openai-main/);
    }
  });

  it("--out DIR writes both formats, the same as standard output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "decisions-out-"));
    const md = await cli("decisions", "prod", "--out", dir, "--today", TODAY);
    const json = await cli("decisions", "prod", "--format", "json", "--today", TODAY);
    expect(readFileSync(join(dir, "decisions.md"), "utf8")).toBe(md.stdout);
    expect(readFileSync(join(dir, "decisions.json"), "utf8")).toBe(json.stdout);
  });

  it("bad input exits 2 with one line", async () => {
    expect(await cli("decisions", "prod", "--today", "2026-02-30")).toMatchObject({ code: 2, stderr: "switchyard decisions: --today 2026-02-30 is not a calendar date; give a date that exists, as YYYY-MM-DD\n" });
    expect((await cli("decisions", "prod", "--format", "txt")).stderr).toContain("--format txt is not one of md, json");
    expect((await cli("decisions")).stderr).toMatch(/^switchyard decisions: missing <STACK\|FILE>/);
    const invalid = await cli("decisions", "test/fixtures/bad/ref-decision-rollback-key.yaml");
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('workloads.checkout-assistant.decision.rollbackKey: unknown provider key "openai-mian" (did you mean "openai-main"?)');
  });
});

describe("what a record derives from the stack file", () => {
  const spec = load(prodYaml);
  const lines = (name: string, field: (typeof DECISION_FIELDS)[number][0], s = spec) => fieldLines(decisionRecord(s, name, TODAY), field);

  it("provider accounts: the gateway's key and account per provider reached (routes' every target, models), and each direct key", () => {
    expect(lines("support-summarizer", "providerAccounts")).toEqual([
      "google-ai-studio through the gateway: account not named; key gemini-main, owner platform@acme.example, rotation due 2027-01-30",
      "openai through the gateway: account org-acme-prod (committed); key openai-main, owner platform@acme.example, rotation due 2027-01-13",
    ]);
    expect(lines("research-lab", "providerAccounts")).toEqual(["aws-bedrock, read directly: account 210987654321 (pay-as-you-go); key bedrock-research, owner research@acme.example, rotation due 2027-02-28"]);
    // Under Unified Billing, a provider without a key is paid by Cloudflare.
    const unified = load(prodYaml.replace("billing: byok", "billing: unified").replace("    models: [anthropic/claude-haiku-4-5]", "    models: [anthropic/claude-haiku-4-5, groq/llama-3.3-70b]").replace("    anthropic/claude-haiku-4-5: { perRequestUsd: 0.005 }", "    anthropic/claude-haiku-4-5: { perRequestUsd: 0.005 }\n    groq/llama-3.3-70b: { perRequestUsd: 0.001 }"));
    expect(lines("ops-copilot", "providerAccounts", unified)).toContain("groq through the gateway: Cloudflare Unified Billing (no groq key declared)");
  });

  it("gateway workspace and endpoint families: the front door's own mapping; none for a direct workload", () => {
    expect(lines("ops-copilot", "endpointFamilies")).toEqual(["chat through the front door: dynamic/chat, dynamic/summarize, anthropic/claude-haiku-4-5"]);
    // What the front door's operations reach: routes only chat completions; a provider every family of its own API.
    expect(familiesOf("dynamic/chat")).toEqual(["chat"]);
    expect(familiesOf("google-ai-studio/gemini-2.5-flash")).toEqual(["chat", "embeddings"]);
    expect(familiesOf("anthropic/claude-haiku-4-5")).toEqual(["chat", "batch"]);
    expect(familiesOf("openai/gpt-4.1-mini")).toEqual(["chat", "embeddings", "images", "audio", "moderations", "batch", "realtime"]);
    expect(familiesOf("mistral/mistral-large-latest")).toEqual(["chat"]);
    // A key naming no families may call every family its models reach.
    const unnamed = load(prodYaml.replace("        allowedIps: [192.0.2.0/24]\n        families: [chat]", "        allowedIps: [192.0.2.0/24]"));
    expect(lines("ops-copilot", "endpointFamilies", unnamed)).toEqual([
      "chat through the front door: dynamic/chat, dynamic/summarize, anthropic/claude-haiku-4-5",
      "batch through the front door: anthropic/claude-haiku-4-5",
    ]);
    expect(lines("research-lab", "endpointFamilies")).toEqual(["aws-bedrock API, direct: key bedrock-research"]);
    expect(lines("research-lab", "gatewayWorkspace")).toEqual(["none: a direct workload holds no gateway key"]);
    expect(lines("checkout-assistant", "gatewayWorkspace")).toEqual(["gateway acme-prod in Cloudflare account 7c6b5a4938271605f4e3d2c1b0a99887", "key checkout-prod"]);
  });

  it("base URLs: the front door (or the gateway without one) and each provider API read directly; current when recorded", () => {
    expect(lines("data-pipeline", "targetBaseUrl")).toEqual(["https://ai.acme.example (front door)", "https://api.openai.com/v1 (openai API)"]);
    expect(lines("data-pipeline", "currentBaseUrl")).toEqual(["the target base URL (decision.currentBaseUrl is not recorded)"]);
    const noFrontDoor = load(prodYaml.replace("  frontDoor:\n    hostname: ai.acme.example\n", ""));
    expect(lines("checkout-assistant", "targetBaseUrl", noFrontDoor)).toEqual(["https://gateway.ai.cloudflare.com/v1/7c6b5a4938271605f4e3d2c1b0a99887/acme-prod/compat (gateway)"]);
    const moving = load(prodYaml.replace("      rollbackModel: openai/gpt-4.1\n", "      rollbackModel: openai/gpt-4.1\n      currentBaseUrl: https://api.openai.com/v1\n"));
    expect(lines("checkout-assistant", "currentBaseUrl", moving)).toEqual(["https://api.openai.com/v1"]);
    expect(lines("checkout-assistant", "rollbackOwner", moving)).toEqual([
      "platform-oncall@acme.example",
      "kept ready: openai/gpt-4.1 with key openai-main, owner platform@acme.example, rotation due 2027-01-13 at https://api.openai.com/v1",
    ]);
  });

  it("gateway controls: budget and how it is held, rate limit, each key's expiry and addresses", () => {
    expect(lines("checkout-assistant", "gatewayControls")).toEqual([
      "budget 2,500 USD a month: spend limit at the gateway (429 once spent); alarms at 50/80/100%",
      "300 requests a minute per key",
      "key checkout-prod: expires 2027-02-15, only from 203.0.113.0/24, families chat",
    ]);
    // Direct: an AWS budget on Bedrock spend; a direct workload on another provider is not metered.
    expect(lines("research-lab", "gatewayControls")).toEqual(["budget 6,000 USD a month: an AWS budget on Bedrock spend; alarms at 50/90%"]);
    const directOpenai = load(prodYaml.replace("    directKeys: [bedrock-research]", "    directKeys: [openai-main]"));
    expect(lines("research-lab", "gatewayControls", directOpenai)).toEqual(["budget 6,000 USD a month: not metered: the gateway does not see direct calls; alarms at 50/90%"]);
    const alarmsOnly = load(prodYaml.replace("budget: { monthlyUsd: 900 }", "budget: { monthlyUsd: 900, hardLimit: false }"));
    expect(lines("ops-copilot", "gatewayControls", alarmsOnly)[0]).toBe("budget 900 USD a month: alarms only; alarms at 50/80/100%");
  });

  it("a field left out reads 'not recorded' and is named", () => {
    const bare = load(prodYaml.replace("      invoiceReviewer: finance@acme.example\n      quotaOwner: team-ops@acme.example\n", ""));
    const record = decisionRecord(bare, "ops-copilot", TODAY);
    expect(record.notRecorded).toEqual(["workloads.ops-copilot.decision.invoiceReviewer", "workloads.ops-copilot.decision.quotaOwner"]);
    expect(fieldLines(record, "invoiceReviewer")).toEqual(["not recorded"]);
    expect(record.invoiceReviewer).toBeNull();
  });
});
