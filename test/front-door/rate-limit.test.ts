/**
 * `requestsPerMinute` through the Worker in workerd with Miniflare's rate-limiting bindings (the
 * bindings the FrontDoor component declares, one per distinct limit): the request over the
 * limit answers 429 with Retry-After, and each official SDK raises its own rate-limit error.
 */
import Anthropic from "@anthropic-ai/sdk";
import { ApiError, GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { bundleFrontDoor } from "../../runtime/front-door/bundle";
import { liveKeyTable } from "../../runtime/front-door/live-keys";
import { scriptWithTablesText } from "../../runtime/front-door/script";
import { entry, sha256Hex, startFrontDoor } from "../../stand-ins/front-door-workerd";
import { frontDoorForFile } from "./front-door-for-file";

const models = ["openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-6", "google-ai-studio/gemini-2.5-flash"];
const FOR_OPENAI = "sy_test_rate_openai";
const FOR_ANTHROPIC = "sy_test_rate_anthropic";
const FOR_GEMINI = "sy_test_rate_gemini";
const OTHER_LIMIT = "sy_test_rate_other_limit";
const UNLIMITED = "sy_test_rate_unlimited";
const running = frontDoorForFile({
  routes: { chat: {} },
  rateLimits: { "checkout-assistant": 3, "batch-job": 5 },
  keys: {
    [FOR_OPENAI]: entry({ keyName: "a", models }),
    [FOR_ANTHROPIC]: entry({ keyName: "b", models }),
    [FOR_GEMINI]: entry({ keyName: "c", models }),
    [OTHER_LIMIT]: entry({ workload: "batch-job", keyName: "d", models }),
    [UNLIMITED]: entry({ workload: "no-limit", keyName: "e", models }),
  },
});

const chat = (key: string) => new OpenAI({ apiKey: key, baseURL: `${running.door.url}/v1`, maxRetries: 0 }).chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });
const messages = (key: string) => new Anthropic({ apiKey: key, baseURL: running.door.url, maxRetries: 0 }).messages.create({ model: "claude-sonnet-4-6", max_tokens: 8, messages: [{ role: "user", content: "hi" }] });
const generate = (key: string) => new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: running.door.url } }).models.generateContent({ model: "gemini-2.5-flash", contents: "hi" });

/** Miniflare counts in windows aligned to the wall-clock minute: start a sequence well inside one. */
async function insideOneMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 55_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
}

async function failure(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (err) {
    return err;
  }
  throw new Error("expected a refusal");
}

describe("rate limits (Worker in workerd, Miniflare rate-limiting bindings; local stand-in for AI Gateway)", () => {
  it("OpenAI: the 4th request in a minute on a 3-per-minute key is a RateLimitError with Retry-After", { timeout: 15_000 }, async () => {
    await insideOneMinute();
    for (let i = 0; i < 3; i++) await chat(FOR_OPENAI);
    const err = await failure(() => chat(FOR_OPENAI));
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.headers?.get("retry-after")).toBe("60");
    expect(e.error).toEqual({ message: 'key "a" is over its workload\'s requests per minute; retry after 60 s', type: "requests", param: null, code: "rate_limit_exceeded" });
  });

  it("Anthropic: RateLimitError with rate_limit_error", { timeout: 15_000 }, async () => {
    await insideOneMinute();
    for (let i = 0; i < 3; i++) await messages(FOR_ANTHROPIC);
    const err = await failure(() => messages(FOR_ANTHROPIC));
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    const e = err as InstanceType<typeof Anthropic.RateLimitError>;
    expect(e.headers?.get("retry-after")).toBe("60");
    expect(e.error).toEqual({ type: "error", error: { type: "rate_limit_error", message: 'key "b" is over its workload\'s requests per minute; retry after 60 s' } });
  });

  it("Gemini: ApiError 429 RESOURCE_EXHAUSTED", { timeout: 15_000 }, async () => {
    await insideOneMinute();
    for (let i = 0; i < 3; i++) await generate(FOR_GEMINI);
    const err = await failure(() => generate(FOR_GEMINI));
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(429);
    expect(JSON.parse(e.message.slice(e.message.indexOf("{")))).toEqual({ error: { code: 429, status: "RESOURCE_EXHAUSTED", message: 'key "c" is over its workload\'s requests per minute; retry after 60 s' } });
  });

  it("each key counts on its own; another limit and no limit are unaffected", { timeout: 15_000 }, async () => {
    await insideOneMinute();
    for (let i = 0; i < 5; i++) await chat(OTHER_LIMIT);
    expect(await failure(() => chat(OTHER_LIMIT))).toBeInstanceOf(OpenAI.RateLimitError);
    for (let i = 0; i < 12; i++) await chat(UNLIMITED);
  });

  it("a limit without its binding, unreadable tables, or a script without them refuses (500) rather than letting requests through unlimited", async () => {
    // The first admits the key (its live set as the component writes it) but names a limit without a binding.
    const keys = await liveKeyTable([{ digest: sha256Hex(FOR_OPENAI), entry: JSON.stringify(entry({ keyName: "a", models })) }]);
    const tables = [JSON.stringify({ routes: {}, rateLimits: { "checkout-assistant": 7 }, keys }), "not json", '{"routes":{}}', '{"routes":{},"rateLimits":{}}'];
    for (const module of [...tables.map((text) => scriptWithTablesText(text)), bundleFrontDoor()]) {
      const broken = await startFrontDoor({ upstream: running.upstream.url, routes: {}, rateLimits: { "checkout-assistant": 3 }, module, keys: { [FOR_OPENAI]: entry({ keyName: "a", models }) } });
      try {
        const res = await fetch(`${broken.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${FOR_OPENAI}`, "content-type": "application/json" }, body: JSON.stringify({ model: "gpt-4.1-mini", messages: [] }) });
        expect(res.status).toBe(500);
        expect(res.headers.get("x-switchyard-refusal")).toBe("misconfigured");
      } finally {
        await broken.close();
      }
    }
  });

  it("no request over a limit reached the stand-in", () => {
    const perKey = new Map<string, number>();
    for (const got of running.upstream.received) {
      const keyName = JSON.parse(String(got.headers["cf-aig-metadata"])).keyName as string;
      perKey.set(keyName, (perKey.get(keyName) ?? 0) + 1);
    }
    expect(Object.fromEntries(perKey)).toEqual({ a: 3, b: 3, c: 3, d: 5, e: 12 });
  });
});
