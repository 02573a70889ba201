/**
 * `switchyard smoke --compare-direct` end to end, as a user runs it (a separate process): the
 * front door in workerd (Miniflare) in front of the AI Gateway stand-in, and the direct path
 * through the official SDKs (openai, @anthropic-ai/sdk, @google/genai) to a local stand-in for the
 * providers' own APIs whose answers are typed with those SDKs' response types. The report sets
 * the two side by side and walks the steps before moving traffic.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Comparison } from "../../cli/smoke-compare";
import type { SmokeReport } from "../../cli/smoke-report";
import { entry, startFrontDoor, type FrontDoorUnderTest } from "../../stand-ins/front-door-workerd";
import { startStandIn, type StandIn } from "../../stand-ins/ai-gateway";
import { startProviderStandIn, type ProviderStandIn } from "./stand-in-providers";

const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "bin", "switchyard.js");
const KEY = "sy_test_compare_checkout_e51";
const RATE_LIMITED_KEY = "sy_test_compare_batch_f72";
const PROVIDER_KEYS = { openai: "sk-test-standin-openai-0001", anthropic: "sk-ant-test-standin-0002", gemini: "AIza-test-standin-0003" };
const MODELS = ["openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-6", "google-ai-studio/gemini-2.5-flash", "openai/text-embedding-3-small"];

let gateway: StandIn;
let providers: ProviderStandIn;
let door: FrontDoorUnderTest;
let stackFile: string;

beforeAll(async () => {
  gateway = await startStandIn();
  providers = await startProviderStandIn(PROVIDER_KEYS);
  door = await startFrontDoor({
    upstream: gateway.url,
    routes: { chat: { canaryPercent: 0 } },
    keys: {
      [KEY]: entry({ routes: ["dynamic/chat"], models: MODELS }),
      [RATE_LIMITED_KEY]: entry({ workload: "data-pipeline", keyName: "batch", routes: [], models: ["openai/gpt-4.1-rate-limited"] }),
    },
  });
  // dev.yaml, with checkout-assistant's models widened to the three SDKs and a move recorded.
  const dev = readFileSync(join(ROOT, "stacks", "dev.yaml"), "utf8");
  const moving = dev
    .replace("    models: [openai/gpt-4.1-mini]\n", `    models: [${MODELS.join(", ")}]\n`)
    .replace(
      "      rollbackOwner: platform-oncall@acme.example\n      providerNativeControls: []\n      reviewDate: 2027-03-01\n",
      "      rollbackOwner: platform-oncall@acme.example\n      currentBaseUrl: https://api.openai.com/v1\n      rollbackModel: openai/gpt-4.1\n      rollbackKey: openai-main\n      providerNativeControls: []\n      reviewDate: 2027-03-01\n",
    );
  expect(moving).not.toBe(dev);
  stackFile = join(mkdtempSync(join(tmpdir(), "smoke-compare-")), "dev.yaml");
  writeFileSync(stackFile, moving);
});
afterAll(async () => {
  await door?.close();
  await providers?.close();
  await gateway?.close();
});

const providerEnv = (without: string[] = []) =>
  Object.fromEntries(
    Object.entries({
      OPENAI_API_KEY: PROVIDER_KEYS.openai,
      OPENAI_BASE_URL: providers.openaiBaseUrl,
      ANTHROPIC_API_KEY: PROVIDER_KEYS.anthropic,
      ANTHROPIC_BASE_URL: providers.anthropicBaseUrl,
      GEMINI_API_KEY: PROVIDER_KEYS.gemini,
      GOOGLE_GEMINI_BASE_URL: providers.geminiBaseUrl,
    }).filter(([name]) => !without.includes(name)),
  );

async function smoke(key: string, env: Record<string, string>, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // Nothing of the developer's own environment leaks in: only what the test sets, and PATH.
  const clean = { PATH: process.env.PATH ?? "", SMOKE_KEY: key, ...env };
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, "smoke", stackFile, "--base-url", door.url, "--key-env", "SMOKE_KEY", ...extra], { env: clean, cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const line = (c: Comparison) => `${c.model} ${c.prompt} -> ${c.directModel}: ${c.verdict} ${c.frontDoor.shape} | ${c.direct.shape} ${c.frontDoor.inputTokens}/${c.frontDoor.outputTokens} | ${c.direct.inputTokens}/${c.direct.outputTokens}`;

describe("switchyard smoke --compare-direct (CLI -> front door in workerd -> AI Gateway stand-in; official SDKs -> provider stand-in)", () => {
  it("sets every call beside the same prompt sent straight to the provider, and walks the steps", async () => {
    const before = providers.received.length;
    const { code, stdout, stderr } = await smoke(KEY, providerEnv(), "--compare-direct", "--format", "json");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const report = JSON.parse(stdout) as SmokeReport;
    expect(report).toMatchObject({ passed: true, workload: "checkout-assistant" });
    expect(report.comparison?.map(line)).toEqual([
      // A route goes straight to its primary target (stacks/dev.yaml: openai/gpt-4.1).
      "dynamic/chat plain -> openai/gpt-4.1: same chat.completion | chat.completion 9/5 | 9/5",
      "dynamic/chat streamed -> openai/gpt-4.1: same chat.completion.chunk x4 | chat.completion.chunk x4 9/5 | 9/5",
      "openai/gpt-4.1-mini plain -> openai/gpt-4.1-mini: same chat.completion | chat.completion 9/5 | 9/5",
      "openai/gpt-4.1-mini streamed -> openai/gpt-4.1-mini: same chat.completion.chunk x4 | chat.completion.chunk x4 9/5 | 9/5",
      "anthropic/claude-sonnet-4-6 plain -> anthropic/claude-sonnet-4-6: same message | message 10/6 | 10/6",
      "anthropic/claude-sonnet-4-6 streamed -> anthropic/claude-sonnet-4-6: same message events x6 | message events x6 10/6 | 10/6",
      "google-ai-studio/gemini-2.5-flash plain -> google-ai-studio/gemini-2.5-flash: same generateContent | generateContent 7/5 | 7/5",
      "google-ai-studio/gemini-2.5-flash streamed -> google-ai-studio/gemini-2.5-flash: same generateContent chunks x2 | generateContent chunks x2 7/5 | 7/5",
      "openai/text-embedding-3-small embedding -> openai/text-embedding-3-small: same embedding[3] | embedding[3] 4/undefined | 4/undefined",
    ]);
    // Model, latency and the answering model side by side: a route's graph answers under its own name here.
    const chat = report.comparison?.[0];
    expect(chat?.frontDoor.answeredBy).toBe("dynamic/chat-primary-test");
    expect(chat?.direct).toMatchObject({ model: "openai/gpt-4.1", api: "openai-chat", outcome: "ok", httpStatus: 200, answeredBy: "gpt-4.1" });
    expect(chat?.notes).toContain("answered by dynamic/chat-primary-test through the front door, gpt-4.1 direct (the route's canary or a fallback may answer)");
    for (const c of report.comparison ?? []) expect(c.notes.at(-1)).toMatch(/^latency \d+ ms through the front door, \d+ ms direct \([+-]\d+ ms\)$/);
    expect(report.comparison?.[2]?.direct.answeredBy).toBe("gpt-4.1-mini");

    // The SDKs reached the provider stand-in with the provider keys, in each provider's own header, and bare model ids.
    const sent = providers.received.slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v1/chat/completions",
      "POST /v1/chat/completions",
      "POST /v1/chat/completions",
      "POST /v1/chat/completions",
      "POST /v1/messages",
      "POST /v1/messages",
      "POST /v1/models/gemini-2.5-flash:generateContent",
      "POST /v1/models/gemini-2.5-flash:streamGenerateContent",
      "POST /v1/embeddings",
      // decision.rollbackModel, tried directly.
      "POST /v1/chat/completions",
    ]);
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${PROVIDER_KEYS.openai}`);
    expect(sent[4]?.headers.authorization).toBe(`Bearer ${PROVIDER_KEYS.anthropic}`);
    expect(sent[6]?.headers["x-goog-api-key"]).toBe(PROVIDER_KEYS.gemini);
    expect(JSON.parse(sent[0]?.body ?? "{}").model).toBe("gpt-4.1");
    expect(JSON.parse(sent[9]?.body ?? "{}").model).toBe("gpt-4.1");
    expect(report.rollbackCall).toMatchObject({ model: "openai/gpt-4.1", outcome: "ok" });

    expect(report.steps.map((s) => `${s.id}: ${s.status}`)).toEqual([
      "scoped-key: left to a person",
      "staging-client: left to a person",
      "prompt-set: checked",
      "usage-visible: left to a person",
      "budget: checked",
      "rollback-ready: checked",
      "direct-controls: checked",
    ]);
    expect(report.steps[0]?.detail).toBe("the key of checkout-assistant may call 5 routes and models (dynamic/chat, openai/gpt-4.1-mini, anthropic/claude-sonnet-4-6, google-ai-studio/gemini-2.5-flash, openai/text-embedding-3-small): move one non-critical route first");
    expect(report.steps[2]?.detail).toMatch(/^9 calls of the default prompt set recorded in this report; 9 side by side with the direct path, alike$/);
    expect(report.steps[5]?.detail).toBe("openai/gpt-4.1 key openai-main at https://api.openai.com/v1 (answered directly); every route has a rollback target");
  });

  it("no key is ever printed, in any format", async () => {
    for (const format of ["text", "md", "json"]) {
      const { stdout, stderr } = await smoke(KEY, providerEnv(), "--compare-direct", "--format", format);
      for (const secret of [KEY, ...Object.values(PROVIDER_KEYS)]) expect(stdout + stderr).not.toContain(secret);
    }
  });

  it("text and md reports show the comparison and the steps", async () => {
    const text = await smoke(KEY, providerEnv(), "--compare-direct");
    expect(text.stdout).toContain("Compared with the direct path (9 calls, 0 differ)");
    expect(text.stdout).toMatch(/^anthropic\/claude-sonnet-4-6\s+streamed\s+anthropic\/claude-sonnet-4-6\s+SAME\s+OK 200\s+OK 200\s+message events x6 \| message events x6\s+10\/6 \| 10\/6/m);
    expect(text.stdout).toContain("rollback model openai/gpt-4.1 directly: OK 200");
    expect(text.stdout).toContain("  [checked] The prompt set recorded: 9 calls");
    expect(text.stdout.split("\n").slice(text.stdout.split("\n").indexOf("Before moving traffic")).filter((l) => l.length > 80)).toEqual([]);
    const md = await smoke(KEY, providerEnv(), "--compare-direct", "--format", "md");
    expect(md.stdout).toContain("## Switchyard smoke: `dev`: passed");
    expect(md.stdout).toContain("| Old key, base URL and model ready for rollback | checked |");
    expect(md.stdout).toContain("### Compared with the direct path");
  });

  it("a provider whose key is not set is not compared, and says which variable to set", async () => {
    const { code, stdout } = await smoke(KEY, providerEnv(["GEMINI_API_KEY"]), "--compare-direct", "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as SmokeReport;
    const gemini = report.comparison?.filter((c) => c.model.startsWith("google-ai-studio/"));
    expect(gemini?.map((c) => [c.verdict, c.notes])).toEqual([
      ["not compared", ["set GEMINI_API_KEY to compare with google-ai-studio directly"]],
      ["not compared", ["set GEMINI_API_KEY to compare with google-ai-studio directly"]],
    ]);
    expect(report.steps[2]?.detail).toContain("7 side by side with the direct path, alike (2 not compared)");
  });

  it("a different error behaviour fails the comparison, the prompt-set step and the run (exit 1)", async () => {
    const { code, stdout } = await smoke(RATE_LIMITED_KEY, providerEnv(), "--compare-direct", "--format", "json", "--prompts", join(ROOT, "cli", "smoke-prompts.json"));
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as SmokeReport;
    expect(report.passed).toBe(false);
    expect(report.comparison?.map((c) => [c.model, c.prompt, c.verdict, c.differences])).toEqual([
      ["openai/gpt-4.1-rate-limited", "plain", "differs", ["error behaviour: an answer through the front door, HTTP 429 direct"]],
      ["openai/gpt-4.1-rate-limited", "streamed", "differs", ["error behaviour: an answer through the front door, HTTP 429 direct"]],
    ]);
    expect(report.comparison?.[0]?.direct.error).toMatch(/^HTTP 429 RateLimitError: 429 Rate limit reached\./);
    expect(report.steps.find((s) => s.id === "prompt-set")).toMatchObject({ status: "failed" });
    // No workload declares exactly what this key may call: the steps that need one are left to a person.
    expect(report.workload).toBeUndefined();
    expect(report.steps.find((s) => s.id === "budget")?.status).toBe("left to a person");
  });

  it("--workload names the workload; a key that may call other things than it declares fails the scoped-key step", async () => {
    const { code, stdout } = await smoke(RATE_LIMITED_KEY, {}, "--workload", "data-pipeline", "--format", "json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as SmokeReport;
    expect(report.steps[0]).toMatchObject({ id: "scoped-key", status: "failed" });
    expect(report.steps[0]?.detail).toBe("the key may call openai/gpt-4.1-rate-limited, but workloads.data-pipeline declares dynamic/embed, dynamic/summarize: a stale key table, or another workload's key");
    const unknown = await smoke(KEY, {}, "--workload", "checkout-asistant");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('switchyard smoke: the stack has no workload "checkout-asistant" (did you mean checkout-assistant?)');
  });

  it("--compare-direct without any provider key is a usage error (exit 2)", async () => {
    const { code, stderr } = await smoke(KEY, {}, "--compare-direct");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^switchyard smoke: --compare-direct needs a provider key, and no provider key variable is set; export the providers' keys in OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY/);
  });
});
