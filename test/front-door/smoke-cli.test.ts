/**
 * `switchyard smoke` as a user runs it (a separate process) against the front door in workerd,
 * with a local stand-in for AI Gateway answering in the documented provider shapes.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { apiFor, parseAnswer, sseData } from "../../cli/smoke";
import { entry, testGraph } from "../../stand-ins/front-door-workerd";
import { frontDoorForFile } from "./front-door-for-file";

const run = promisify(execFile);
const CLI = join(__dirname, "..", "..", "bin", "switchyard.js");
const GOOD = "sy_test_smoke_good_key_b71";
const BROKEN = "sy_test_smoke_broken_key_c44";
const STALE = "sy_test_smoke_stale_key_d09";
const running = frontDoorForFile({
  routes: { chat: { canaryPercent: 10, graphs: { primary: testGraph("chat", "primary"), rollback: testGraph("chat", "rollback") } } },
  keys: {
    [GOOD]: entry({ routes: ["dynamic/chat"], models: ["openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-6", "google-ai-studio/gemini-2.5-flash", "openai/text-embedding-3-small", "openai/gpt-image-1"] }),
    [BROKEN]: entry({ keyName: "broken", routes: [], models: ["openai/gpt-4.1-mini", "openai/gpt-always-500"] }),
    [STALE]: entry({ keyName: "stale", routes: ["dynamic/chat", "dynamic/ghost"], models: [] }),
  },
});

async function smoke(key: string, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, "smoke", "dev", "--base-url", running.door.url, "--key-env", "SMOKE_KEY", ...extra], { env: { ...process.env, SMOKE_KEY: key }, cwd: join(__dirname, "..", "..") });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("switchyard smoke (CLI process -> Worker in workerd -> local stand-in for AI Gateway)", () => {
  it("runs the default prompt set through every route and model the key may call; exit 0", async () => {
    const { code, stdout } = await smoke(GOOD, "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { passed: boolean; models: string[]; results: Array<Record<string, unknown>> };
    expect(report.passed).toBe(true);
    expect(report.models).toEqual(["dynamic/chat", "openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-6", "google-ai-studio/gemini-2.5-flash", "openai/text-embedding-3-small", "openai/gpt-image-1"]);
    const rows = report.results.map((r) => `${r.model} ${r.prompt} ${r.api} ${r.outcome} ${r.shape} ${r.inputTokens}/${r.outputTokens}`);
    expect(rows).toEqual([
      "dynamic/chat plain openai-chat ok chat.completion 9/5",
      "dynamic/chat streamed openai-chat ok chat.completion.chunk x4 9/5",
      "openai/gpt-4.1-mini plain openai-chat ok chat.completion 9/5",
      "openai/gpt-4.1-mini streamed openai-chat ok chat.completion.chunk x4 9/5",
      "anthropic/claude-sonnet-4-6 plain anthropic-messages ok message 10/6",
      "anthropic/claude-sonnet-4-6 streamed anthropic-messages ok message events x6 10/6",
      "google-ai-studio/gemini-2.5-flash plain gemini-generate ok generateContent 7/5",
      "google-ai-studio/gemini-2.5-flash streamed gemini-generate ok generateContent chunks x2 7/5",
      "openai/text-embedding-3-small embedding openai-embeddings ok embedding[3] 4/undefined",
      "openai/gpt-image-1 - - skip - undefined/undefined",
    ]);
    for (const r of report.results.filter((x) => x.outcome === "ok")) expect(r.latencyMs).toBeGreaterThan(0);
  });

  it("prints a table; the key never appears in the output", async () => {
    const { code, stdout, stderr } = await smoke(GOOD);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^model\s+prompt\s+api\s+result\s+http\s+shape\s+in tok\s+out tok\s+ms\s+first byte ms\s+error$/m);
    expect(stdout).toMatch(/^anthropic\/claude-sonnet-4-6\s+streamed\s+anthropic-messages\s+OK\s+200\s+message events x6\s+10\s+6\s+\d+\s+\d+/m);
    expect(stdout).toContain("9 ok, 0 failed, 1 skipped: passed");
    expect(stdout + stderr).not.toContain(GOOD);
  });

  it("an upstream error fails its rows and the run (exit 1)", async () => {
    const { code, stdout } = await smoke(BROKEN);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^openai\/gpt-always-500\s+plain\s+openai-chat\s+FAIL\s+500\s+-.*HTTP 500: .*stand-in upstream failure/m);
    expect(stdout).toContain("2 ok, 2 failed, 0 skipped: FAILED");
  });

  it("a route the key may call but the stack file lacks fails (stale key table)", async () => {
    const { code, stdout } = await smoke(STALE);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^dynamic\/ghost\s+-\s+-\s+FAIL.*route is not in this stack file/m);
  });

  it("a refused key fails at the listing, without echoing the key", async () => {
    const { code, stdout, stderr } = await smoke("sy_never_issued_key_zz");
    expect(code).toBe(1);
    expect(stdout).toContain("FAILED: GET /v1/models answered 401: unknown API key");
    expect(stdout + stderr).not.toContain("sy_never_issued_key_zz");
  });

  it("--prompts: a custom set with expectations on the answer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "smoke-prompts-"));
    const pass = join(dir, "pass.json");
    const fail = join(dir, "fail.json");
    writeFileSync(pass, JSON.stringify({ version: 1, prompts: [{ id: "hello", text: "Say hello", contains: "HELLO" }] }));
    writeFileSync(fail, JSON.stringify({ version: 1, prompts: [{ id: "bye", text: "Say goodbye", contains: "goodbye" }] }));
    expect((await smoke(BROKEN.replace("broken", "x"), "--prompts", pass)).code).toBe(1); // unknown key still fails
    const passed = await smoke(GOOD, "--prompts", pass);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain("4 ok, 0 failed, 1 skipped: passed");
    const failed = await smoke(GOOD, "--prompts", fail);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('answer does not contain "goodbye"');
  });

  it("--route R --target rollback tries only that route, on its standby graph", async () => {
    const before = running.upstream.received.length;
    const { code, stdout } = await smoke(GOOD, "--route", "chat", "--target", "rollback", "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { route: string; target: string; models: string[]; results: Array<{ model: string; outcome: string }> };
    expect(report).toMatchObject({ route: "chat", target: "rollback", models: ["dynamic/chat"] });
    expect(report.results.map((r) => `${r.model} ${r.outcome}`)).toEqual(["dynamic/chat ok", "dynamic/chat ok"]);
    const served = running.upstream.received.slice(before).map((r) => JSON.parse(r.body).model as string);
    expect(served).toEqual([`dynamic/${testGraph("chat", "rollback")}`, `dynamic/${testGraph("chat", "rollback")}`]);
  });

  it("--route a key may not call fails at the listing; a route the stack file lacks, or a bad --target, is a usage error", async () => {
    const refused = await smoke(BROKEN, "--route", "chat");
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('FAILED: this key may not call route "chat"');
    const unknown = await smoke(GOOD, "--route", "ghost");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('switchyard smoke: the stack has no route "ghost"; name one of: chat, summarize, embed');
    expect((await smoke(GOOD, "--route", "chat", "--target", "canary")).code).toBe(2);
  });

  it("usage errors exit 2", async () => {
    const missingEnv = await run(process.execPath, [CLI, "smoke", "dev", "--base-url", running.door.url, "--key-env", "NO_SUCH_VAR_FOR_SMOKE"], { cwd: join(__dirname, "..", "..") }).catch((e: { code: number; stderr: string }) => e);
    expect((missingEnv as { code: number }).code).toBe(2);
    expect((missingEnv as { stderr: string }).stderr).toContain("NO_SUCH_VAR_FOR_SMOKE is empty or unset");
  });
});

describe("smoke parsing", () => {
  it("picks the API each model speaks", () => {
    expect(apiFor("dynamic/chat")).toEqual({ api: "openai-chat", kind: "chat" });
    expect(apiFor("mistral/mistral-large-latest")).toEqual({ api: "openai-chat", kind: "chat" });
    expect(apiFor("anthropic/claude-sonnet-4-6")).toEqual({ api: "anthropic-messages", kind: "chat" });
    expect(apiFor("google-ai-studio/text-embedding-004")).toHaveProperty("skip");
    expect(apiFor("grok/grok-4")).toEqual({ api: "openai-chat", kind: "chat" });
    expect(apiFor("openrouter/openai/gpt-4o")).toEqual({ api: "openai-chat", kind: "chat" });
    expect(apiFor("aws-bedrock/anthropic.claude-3-haiku")).toEqual({ skip: "AI Gateway serves this provider on no path the front door reaches" });
  });
  it("rejects answers in the wrong shape", () => {
    expect(() => parseAnswer("openai-chat", false, JSON.stringify({ type: "message", content: [] }))).toThrow("response shape: expected a chat.completion with choices");
    expect(() => parseAnswer("anthropic-messages", true, "data: {\"type\":\"ping\"}\n\n")).toThrow("expected message_start ... message_stop");
    expect(sseData("event: x\ndata: {\"a\":1}\n\ndata: [DONE]\n\n")).toEqual([{ a: 1 }]);
  });
});
