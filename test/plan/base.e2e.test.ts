/**
 * `--base REF` on a scripted git history in a temporary repository: the stack file is committed,
 * then edited (a budget, a canary, a key expiry, a fallback, a workload added and one removed, a
 * decision's review date and rollback model); the plan of the edited file against HEAD~2 gives the
 * stack-file diff, the decision records that changed and the resource changes.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPlan, PlanInputError } from "../../plan/run-plan";
import { renderMarkdown } from "../../plan/report-markdown";
import { renderText } from "../../plan/report-text";
import { FIXTURE_TODAY } from "./report-fixture";
import { scratchRepo, type ScratchRepo } from "../support/scratch-repo";

const ROOT = join(__dirname, "..", "..");
const prodYaml = readFileSync(join(ROOT, "stacks", "prod.yaml"), "utf8");
const policyConfigFile = join(ROOT, "policies", "config", "prod.json");
let repo: ScratchRepo;
let file: string;
const git = (...args: string[]) => repo.git(...args);

const edited = prodYaml
  .replace("budget: { monthlyUsd: 800, alertAtPercent: [80, 100] }", "budget: { monthlyUsd: 1280, alertAtPercent: [80, 100] }")
  .replace("key: anthropic-main, percent: 10 }", "key: anthropic-main, percent: 25 }")
  .replace("expiresOn: 2027-02-15", "expiresOn: 2027-02-25")
  .replace("      - { model: mistral/mistral-embed, key: mistral-main }\n", "      - { model: openai/text-embedding-3-small, key: openai-main }\n")
  .replace("      rollbackModel: openai/gpt-4.1\n      rollbackKey: openai-main\n      providerNativeControls: []\n      reviewDate: 2027-03-01", "      rollbackModel: openai/gpt-4o\n      rollbackKey: openai-main\n      providerNativeControls: []\n      reviewDate: 2027-06-01")
  .replace(/  ops-copilot:\n[\s\S]*?reviewDate: 2027-02-15\n/, (block) => block.replace(/ops-copilot/g, "ops-assistant"));

beforeAll(() => {
  repo = scratchRepo("switchyard-plan-base-");
  writeFileSync(join(repo.dir, "README.md"), "history starts without the stack file\n");
  git("add", ".");
  git("commit", "-qm", "no stack yet");
  mkdirSync(join(repo.dir, "stacks"));
  file = join(repo.dir, "stacks", "prod.yaml");
  writeFileSync(file, prodYaml);
  git("add", ".");
  git("commit", "-qm", "prod stack");
  writeFileSync(file, "environment: prod\nowner: not-an-email\n");
  git("commit", "-qam", "broken stack");
  writeFileSync(file, edited);
  git("commit", "-qam", "budget, canary, expiry, fallback swap, renamed workload");
});
afterAll(() => repo?.remove());

describe("--base against a scripted git history", () => {
  it("diffs entries with old and new values and lists the resource changes", { timeout: 120_000 }, async () => {
    const { report } = await runPlan({ file, base: "HEAD~2", today: FIXTURE_TODAY, policyConfigFile });
    const diff = report.diff;
    expect(diff?.baseState).toBe("ok");
    const entry = (section: string, name: string) => diff?.entries.find((e) => e.section === section && e.name === name);
    expect(entry("budgets", "support-summarizer")?.fields).toEqual([{ field: "monthlyUsd", old: 800, new: 1280, note: "+60%" }]);
    expect(entry("routes", "chat")?.fields).toEqual([{ field: "canary.percent", old: 10, new: 25, note: "+15 points" }]);
    expect(entry("gatewayKeys", "checkout-prod")?.fields).toEqual([{ field: "expiresOn", old: "2027-02-15", new: "2027-02-25", note: "moves 10 days later" }]);
    expect(entry("workloads", "ops-copilot")?.change).toBe("removed");
    expect(entry("workloads", "ops-assistant")?.change).toBe("added");

    const actions = (action: string) => (diff?.resources ?? []).filter((r) => r.action === action).map((r) => r.name);
    // The renamed workload's resources go and come (URNs carry the name).
    expect(actions("delete")).toEqual(expect.arrayContaining(["ops-copilot-keys"]));
    expect(actions("create")).toEqual(expect.arrayContaining(["ops-assistant-keys"]));
    // A fallback swapped changes both of the route's graphs: each is replaced under a new (content-addressed) name
    // (`elements` is RequiresReplace at the provider, `name` by the Route's replaceOnChanges).
    const embed = diff?.resources.filter((r) => r.name.startsWith("embed") && r.type.endsWith("AiGatewayDynamicRouting"));
    expect(embed?.map((r) => [r.name, r.action, r.replaceBecause])).toEqual([
      ["embed-rollback-route", "replace", ["elements", "name"]],
      ["embed-route", "replace", ["elements", "name"]],
    ]);
    // The decision records the edits reach, in the template's terms.
    const record = (name: string) => entry("decisions", name)?.fields.map((f) => `${f.field}: ${f.old ?? ""} -> ${f.new ?? ""}${f.note ? ` (${f.note})` : ""}`);
    expect(record("checkout-assistant")).toEqual([
      "Model routes: dynamic/chat: openai/gpt-4.1; canary anthropic/claude-sonnet-4-5 10%; fallbacks google-ai-studio/gemini-2.5-flash, mistral/mistral-large-latest; rollback openai/gpt-4o -> dynamic/chat: openai/gpt-4.1; canary anthropic/claude-sonnet-4-5 25%; fallbacks google-ai-studio/gemini-2.5-flash, mistral/mistral-large-latest; rollback openai/gpt-4o",
      "Gateway controls required: key checkout-prod: expires 2027-02-15, only from 203.0.113.0/24, families chat -> key checkout-prod: expires 2027-02-25, only from 203.0.113.0/24, families chat",
      "Rollback owner: kept ready: openai/gpt-4.1 with key openai-main, owner platform@acme.example -> kept ready: openai/gpt-4o with key openai-main, owner platform@acme.example",
      "Review date: 2027-03-01 -> 2027-06-01 (moves 92 days later)",
    ]);
    expect(entry("decisions", "ops-copilot")?.change).toBe("removed");
    expect(entry("decisions", "ops-assistant")).toEqual({ section: "decisions", name: "ops-assistant", change: "added", fields: [] });
    // Renderers carry it, within 80 columns for text.
    const md = renderMarkdown(report);
    expect(md).toContain("monthlyUsd: 800 -> 1280 (+60%)");
    expect(md).toContain("#### Decision records that changed (6)");
    expect(md).toContain("| `checkout-assistant` | changed | Model routes:");
    // Markdown's > is escaped in record cells (GitHub shows "->").
    expect(md).toContain("Review date: 2027\u201103\u201101 -\\> 2027\u201106\u201101 (moves 92 days later) |");
    expect(md).toContain("| `ops-assistant` | new record |  |");
    const text = renderText(report);
    expect(text).toContain("canary.percent: 10 -> 25 (+15 points)");
    expect(text).toContain("decision records that changed");
    expect(text.split("\n").filter((l) => l.length > 80)).toEqual([]);
  });

  it("a base where the file did not exist: everything is added", { timeout: 120_000 }, async () => {
    const { report } = await runPlan({ file, base: "HEAD~3", today: FIXTURE_TODAY, policyConfigFile });
    expect(report.diff?.baseState).toBe("missing");
    expect(report.diff?.entries.every((e) => e.change === "added")).toBe(true);
    expect(report.diff?.resources.every((r) => r.action === "create")).toBe(true);
    expect(report.diff?.resources.length).toBe(report.resources.filter((r) => r.custom).length);
  });

  it("a base where the file did not load: its defects, no resource changes", { timeout: 120_000 }, async () => {
    const { report } = await runPlan({ file, base: "HEAD~1", today: FIXTURE_TODAY, policyConfigFile });
    expect(report.diff?.baseState).toBe("invalid");
    expect(report.diff?.baseDefects.join("\n")).toMatch(/prod\.yaml@HEAD~1:2:\d+: owner: expected an e-mail address/);
    expect(report.diff?.resources).toEqual([]);
  });

  it("an unknown ref is bad input", async () => {
    await expect(runPlan({ file, base: "no-such-branch", today: FIXTURE_TODAY, policyConfigFile })).rejects.toThrow(PlanInputError);
    await expect(runPlan({ file, base: "--output=/tmp/x", today: FIXTURE_TODAY, policyConfigFile })).rejects.toThrow(/not a git ref/);
  });
});
