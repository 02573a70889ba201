/** Smoke's steps before moving traffic and its comparison verdicts, from a stack file and chosen results. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SmokeResult } from "../../cli/smoke-answer";
import { compare, directModelFor } from "../../cli/smoke-compare";
import { walkSteps, workloadOfScope, type StepInput } from "../../cli/smoke-steps";
import { parseStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";

const prodYaml = readFileSync(join(__dirname, "..", "..", "stacks", "prod.yaml"), "utf8");
const load = (yaml: string): StackSpec => {
  const r = parseStackFile(yaml, "stacks/prod.yaml");
  if (!r.ok) throw new Error(r.defects.map((d) => `${d.line}: ${d.message}`).join("\n"));
  return r.spec;
};
const ok = (model: string, extra: Partial<SmokeResult> = {}): SmokeResult => ({ model, prompt: "plain", api: "openai-chat", outcome: "ok", httpStatus: 200, shape: "chat.completion", inputTokens: 9, outputTokens: 5, latencyMs: 20, ...extra });
const input = (spec: StackSpec, workload: string, callable: string[], extra: Partial<StepInput> = {}): StepInput => ({
  spec,
  workload,
  baseUrl: "https://ai.acme.example",
  callable,
  results: callable.map((m) => ok(m)),
  promptsFile: "prompts.json",
  ...extra,
});
const statuses = (i: StepInput) => Object.fromEntries(walkSteps(i).map((s) => [s.id, s.status]));

describe("the steps before moving traffic", () => {
  const prod = load(prodYaml);

  it("a key for exactly one route of its workload is checked; prod is named in the staging step", () => {
    // prod's support-summarizer calls one route and no model.
    const steps = walkSteps(input(prod, "support-summarizer", ["dynamic/summarize"]));
    expect(steps[0]).toMatchObject({ status: "checked", detail: "the key of support-summarizer may call only dynamic/summarize; whether that route is non-critical is for a person to say" });
    expect(steps[1]?.detail).toContain("this is prod, the step asks for staging first");
    expect(workloadOfScope(prod, ["dynamic/summarize"])).toBe("support-summarizer");
    expect(workloadOfScope(prod, ["dynamic/chat"])).toBeUndefined();
  });

  it("rollback: a route without a rollback target fails; unrecorded fields are left to a person, naming them", () => {
    const noRollback = load(prodYaml.replace("    rollback: { model: google-ai-studio/gemini-2.0-flash, key: gemini-main }\n", ""));
    expect(walkSteps(input(noRollback, "support-summarizer", ["dynamic/summarize"]))[5]).toMatchObject({ status: "failed", detail: "dynamic/summarize declares no rollback target" });
    expect(walkSteps(input(prod, "support-summarizer", ["dynamic/summarize"]))[5]).toMatchObject({
      status: "left to a person",
      detail: "record workloads.support-summarizer.decision.currentBaseUrl, workloads.support-summarizer.decision.rollbackModel, workloads.support-summarizer.decision.rollbackKey (what the clients go back to)",
    });
    // prod's checkout-assistant records the model and key, not the base URL (it has moved).
    expect(walkSteps(input(prod, "checkout-assistant", ["dynamic/chat", "openai/gpt-4.1-mini"]))[5]?.detail).toBe(
      "record workloads.checkout-assistant.decision.currentBaseUrl (what the clients go back to); recorded: openai/gpt-4.1 key openai-main",
    );
    const failedCall = walkSteps(input(prod, "checkout-assistant", ["dynamic/chat", "openai/gpt-4.1-mini"], { rollbackCall: ok("openai/gpt-4.1", { outcome: "fail", error: "HTTP 404 NotFoundError: 404 model not found" }) }));
    expect(failedCall[5]).toMatchObject({ status: "failed", detail: "openai/gpt-4.1 did not answer directly: HTTP 404 NotFoundError: 404 model not found" });
  });

  it("budget, direct controls and the ledger, each as the stack file has them", () => {
    const hybrid = statuses(input(prod, "data-pipeline", ["dynamic/embed", "dynamic/summarize"]));
    expect(hybrid).toMatchObject({ budget: "checked", "direct-controls": "left to a person", "usage-visible": "left to a person" });
    const bare = load(prodYaml.replace("      providerNativeControls: [committed-spend]\n", "").replace("    budget: { monthlyUsd: 3000, alertAtPercent: [50, 80, 100] }\n", "").replace("usageLedger:\n", "usageLedger:\n  enabled: false\n"));
    const steps = walkSteps(input(bare, "data-pipeline", ["dynamic/embed", "dynamic/summarize"]));
    expect(Object.fromEntries(steps.map((s) => [s.id, `${s.status}: ${s.detail}`]))).toMatchObject({
      budget: "failed: workloads.data-pipeline has no budget: set budget.monthlyUsd",
      "direct-controls": "failed: a hybrid workload names no provider-native controls: set workloads.data-pipeline.decision.providerNativeControls",
      "usage-visible": "failed: usageLedger.enabled is false: no ledger records this environment's usage",
    });
    const alarmsOnly = load(prodYaml.replace("budget: { monthlyUsd: 900 }", "budget: { monthlyUsd: 900, hardLimit: false }"));
    expect(walkSteps(input(alarmsOnly, "ops-copilot", ["dynamic/chat", "dynamic/summarize", "anthropic/claude-haiku-4-5"]))[4]).toMatchObject({ status: "left to a person", detail: "900 USD a month, alarms only (hardLimit false): nothing stops spend at the budget" });
  });

  it("a refused key fails the first three steps; an unknown workload leaves the workload's steps to a person", () => {
    const refused = statuses({ ...input(prod, "checkout-assistant", []), error: "GET /v1/models answered 401: unknown API key", results: [] });
    expect(refused).toMatchObject({ "scoped-key": "failed", "staging-client": "failed", "prompt-set": "failed" });
    const { workload: _, ...rest } = input(prod, "checkout-assistant", ["dynamic/chat"]);
    expect(statuses({ ...rest, workloadUnknown: "name it with --workload" })).toMatchObject({ "scoped-key": "left to a person", budget: "left to a person", "rollback-ready": "left to a person", "direct-controls": "left to a person" });
  });
});

describe("comparison verdicts", () => {
  const prod = load(prodYaml);

  it("a route is compared with its target on the graph reached", () => {
    expect(directModelFor(prod, "dynamic/chat", undefined)?.model).toBe("openai/gpt-4.1");
    expect(directModelFor(prod, "dynamic/chat", "rollback")?.model).toBe("openai/gpt-4o");
    expect(directModelFor(prod, "anthropic/claude-haiku-4-5", undefined)).toEqual({ model: "anthropic/claude-haiku-4-5" });
    expect(directModelFor(prod, "dynamic/ghost", undefined)).toBeUndefined();
  });

  it("the same API in another shape differs; different APIs are not held to one shape; equal failures are alike", () => {
    expect(compare(ok("openai/gpt-4.1-mini"), ok("openai/gpt-4.1-mini", { shape: "text_completion" }), "openai/gpt-4.1-mini").differences).toEqual([
      "response shape: chat.completion through the front door, text_completion direct",
    ]);
    const across = compare(ok("dynamic/chat"), ok("anthropic/claude-sonnet-4-5", { api: "anthropic-messages", shape: "message", inputTokens: 11 }), "anthropic/claude-sonnet-4-5");
    expect(across.verdict).toBe("same");
    expect(across.notes.slice(0, 2)).toEqual(["different APIs (openai-chat through the front door, anthropic-messages direct): shapes not compared", "input tokens 9 through the front door, 11 direct"]);
    const both500 = compare(ok("openai/x", { outcome: "fail", httpStatus: 500 }), ok("openai/x", { outcome: "fail", httpStatus: 500 }), "openai/x");
    expect([both500.verdict, both500.notes[0]]).toEqual(["same", "both answered HTTP 500"]);
    const statuses = compare(ok("openai/x", { outcome: "fail", httpStatus: 502 }), ok("openai/x", { outcome: "fail", httpStatus: 500 }), "openai/x");
    expect(statuses.differences).toEqual(["error behaviour: HTTP 502 through the front door, HTTP 500 direct"]);
  });
});
