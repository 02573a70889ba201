/**
 * Every refusal, in the error shape of the SDK that called: the official SDKs raise their own
 * typed errors; raw requests show the exact bodies. A local stand-in plays AI Gateway and
 * must receive none of the refused requests.
 */
import Anthropic from "@anthropic-ai/sdk";
import { ApiError, GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../runtime/front-door/body";
import { utcDate } from "../../runtime/front-door/scope";
import { entry } from "../../stand-ins/front-door-workerd";
import { frontDoorForFile } from "./front-door-for-file";

const GOOD = "sy_test_refusals_good";
const EXPIRED = "sy_test_refusals_expired";
const EXPIRES_TODAY = "sy_test_refusals_today";
const EXPIRES_TOMORROW = "sy_test_refusals_tomorrow";
const OFFICE_ONLY = "sy_test_refusals_office";
const V6_ONLY = "sy_test_refusals_v6";
const LOOPBACK_OK = "sy_test_refusals_loopback";
const UNKNOWN = "sy_test_refusals_never_issued";
const EXPIRED_OFFICE_ONLY = "sy_test_refusals_expired_office";
const LATE = "sy_test_refusals_issued_late";

const day = 86_400_000;
/** What an unissued key, and a key used from outside its allowedIps, are both told. */
const UNKNOWN_MESSAGE = "unknown API key, or one not usable from your address";
const models = ["openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-6", "google-ai-studio/gemini-2.5-flash"];
const running = frontDoorForFile({
  routes: { chat: { canaryPercent: 10 } },
  keys: {
    [GOOD]: entry({ keyName: "good", routes: ["chat"], models }),
    [EXPIRED]: entry({ keyName: "old", models, expiresOn: "2020-01-01" }),
    [EXPIRES_TODAY]: entry({ keyName: "today", models, expiresOn: utcDate(new Date()) }),
    [EXPIRES_TOMORROW]: entry({ keyName: "tomorrow", models, expiresOn: utcDate(new Date(Date.now() + day)) }),
    [OFFICE_ONLY]: entry({ keyName: "office", models, allowedIps: ["10.0.0.0/8", "192.168.1.0/24"] }),
    [V6_ONLY]: entry({ keyName: "v6", models, allowedIps: ["2001:db8::/32"] }),
    [LOOPBACK_OK]: entry({ keyName: "loopback", models, allowedIps: ["198.51.100.0/24", "127.0.0.0/8"] }),
    [EXPIRED_OFFICE_ONLY]: entry({ keyName: "office", models, allowedIps: ["10.0.0.0/8", "192.168.1.0/24"], expiresOn: "2020-01-01" }),
  },
});

const openai = (key: string) => new OpenAI({ apiKey: key, baseURL: `${running.door.url}/v1` });
const anthropic = (key: string) => new Anthropic({ apiKey: key, baseURL: running.door.url });
const gemini = (key: string) => new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: running.door.url } });

async function openaiError(key: string, model = "gpt-4.1-mini"): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await openai(key).chat.completions.create({ model, messages: [{ role: "user", content: "hi" }] });
  } catch (err) {
    if (err instanceof OpenAI.APIError) return err;
    throw err;
  }
  throw new Error("expected the front door to refuse");
}
async function anthropicError(key: string, model = "claude-sonnet-4-6"): Promise<InstanceType<typeof Anthropic.APIError>> {
  try {
    await anthropic(key).messages.create({ model, max_tokens: 16, messages: [{ role: "user", content: "hi" }] });
  } catch (err) {
    if (err instanceof Anthropic.APIError) return err;
    throw err;
  }
  throw new Error("expected the front door to refuse");
}
async function geminiError(key: string, model = "gemini-2.5-flash"): Promise<ApiError> {
  try {
    await gemini(key).models.generateContent({ model, contents: "hi" });
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error("expected the front door to refuse");
}
/** Gemini's ApiError carries the JSON body in its message after the status. */
const geminiBody = (err: ApiError): { error: { code: number; message: string; status: string } } => JSON.parse(err.message.slice(err.message.indexOf("{")));

async function raw(path: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${running.door.url}${path}`, init);
  return { status: res.status, body: await res.json() };
}

describe("front door refusals (official SDKs -> Worker in workerd; local stand-in for AI Gateway)", () => {
  it("no key: 401 in each SDK's shape", async () => {
    const json = { "content-type": "application/json" };
    expect(await raw("/v1/chat/completions", { method: "POST", headers: json, body: "{}" })).toEqual({
      status: 401,
      body: { error: { message: expect.stringContaining("no API key"), type: "invalid_request_error", param: null, code: "missing_api_key" } },
    });
    expect(await raw("/v1/messages", { method: "POST", headers: json, body: "{}" })).toEqual({
      status: 401,
      body: { type: "error", error: { type: "authentication_error", message: expect.stringContaining("no API key") } },
    });
    expect(await raw("/v1beta/models/gemini-2.5-flash:generateContent", { method: "POST", headers: json, body: "{}" })).toEqual({
      status: 401,
      body: { error: { code: 401, message: expect.stringContaining("no API key"), status: "UNAUTHENTICATED" } },
    });
  });

  it("unknown key: 401, and the key is not echoed", async () => {
    const o = await openaiError(UNKNOWN);
    expect(o).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(o.error).toEqual({ message: UNKNOWN_MESSAGE, type: "invalid_request_error", param: null, code: "invalid_api_key" });
    const a = await anthropicError(UNKNOWN);
    expect(a).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(a.error).toEqual({ type: "error", error: { type: "authentication_error", message: UNKNOWN_MESSAGE } });
    const g = await geminiError(UNKNOWN);
    expect(g.status).toBe(401);
    expect(geminiBody(g)).toEqual({ error: { code: 401, message: UNKNOWN_MESSAGE, status: "UNAUTHENTICATED" } });
    for (const message of [o.message, a.message, g.message]) expect(message).not.toContain(UNKNOWN);
  });

  it("expired key: 401 saying so", async () => {
    const o = await openaiError(EXPIRED);
    expect(o.status).toBe(401);
    expect(o.error).toMatchObject({ code: "expired_api_key", message: expect.stringContaining('key "old" of workload "checkout-assistant" expired on 2020-01-01') });
    const a = await anthropicError(EXPIRED);
    expect(a.status).toBe(401);
    expect((a.error as { error: { message: string } }).error.message).toContain("expired on 2020-01-01");
    const g = await geminiError(EXPIRED);
    expect(geminiBody(g).error).toMatchObject({ code: 401, status: "UNAUTHENTICATED", message: expect.stringContaining("expired on 2020-01-01") });
  });

  it("a key is refused from 00:00 UTC on its expiresOn date and accepted the day before", async () => {
    const today = await openaiError(EXPIRES_TODAY);
    expect(today.status).toBe(401);
    expect(today.error).toMatchObject({ code: "expired_api_key" });
    const ok = await openai(EXPIRES_TOMORROW).chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });
    expect(ok.choices[0].message.content).toBe("Switchyard says hello.");
  });

  it("address outside allowedIps: 401 as for an unissued key (CF-Connecting-IP is 127.0.0.1 here)", async () => {
    const o = await openaiError(OFFICE_ONLY);
    expect(o).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(o.error).toEqual({ message: UNKNOWN_MESSAGE, type: "invalid_request_error", param: null, code: "invalid_api_key" });
    const a = await anthropicError(OFFICE_ONLY);
    expect(a).toBeInstanceOf(Anthropic.AuthenticationError);
    const g = await geminiError(OFFICE_ONLY);
    expect(geminiBody(g).error).toMatchObject({ code: 401, status: "UNAUTHENTICATED" });
    const allowed = await openai(LOOPBACK_OK).chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });
    expect(allowed.object).toBe("chat.completion");
  });

  it("a refused address learns nothing else: not the CIDRs, the key's name, its workload, its expiry or its scope", async () => {
    for (const key of [OFFICE_ONLY, EXPIRED_OFFICE_ONLY]) {
      const res = await raw("/v1/chat/completions", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ model: "gpt-5", messages: [] }) });
      expect(res).toEqual({ status: 401, body: { error: { message: UNKNOWN_MESSAGE, type: "invalid_request_error", param: null, code: "invalid_api_key" } } });
      for (const secret of ["10.0.0.0", "192.168", "office", "checkout-assistant", "2020-01-01", "gpt-4.1-mini"]) expect(JSON.stringify(res.body)).not.toContain(secret);
    }
  });

  it("IPv6 CIDRs: inside allowed, outside refused", async () => {
    const call = (ip: string) =>
      raw("/v1/chat/completions", { method: "POST", headers: { authorization: `Bearer ${V6_ONLY}`, "content-type": "application/json", "cf-connecting-ip": ip }, body: JSON.stringify({ model: "gpt-4.1-mini", messages: [] }) });
    expect((await call("2001:db8:0:1::5")).status).toBe(200);
    expect((await call("2001:db9::5")).status).toBe(401);
    expect((await call("10.1.2.3")).status).toBe(401);
  });

  it("model or route outside the key's scope: 403 naming what the key may call", async () => {
    const mayCall = "it may call: dynamic/chat, openai/gpt-4.1-mini, anthropic/claude-sonnet-4-6, google-ai-studio/gemini-2.5-flash";
    const o = await openaiError(GOOD, "gpt-5");
    expect(o).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(o.error).toEqual({ message: `key "good" of workload "checkout-assistant" may not call "gpt-5"; ${mayCall}`, type: "permission_error", param: null, code: "model_not_allowed" });
    const route = await openaiError(GOOD, "dynamic/summarize");
    expect(route.status).toBe(403);
    expect(route.error).toMatchObject({ message: expect.stringContaining(`may not call "dynamic/summarize"; ${mayCall}`) });
    const a = await anthropicError(GOOD, "claude-opus-4-1");
    expect(a).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(a.error).toEqual({ type: "error", error: { type: "permission_error", message: `key "good" of workload "checkout-assistant" may not call "claude-opus-4-1"; ${mayCall}` } });
    const g = await geminiError(GOOD, "gemini-2.5-pro");
    expect(geminiBody(g)).toEqual({ error: { code: 403, status: "PERMISSION_DENIED", message: `key "good" of workload "checkout-assistant" may not call "gemini-2.5-pro"; ${mayCall}` } });
  });

  it("malformed body: 400 in each shape; dynamic routes only on chat completions", async () => {
    const bad = (path: string, headers: Record<string, string>, body = "{not json") => raw(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    expect(await bad("/v1/chat/completions", { authorization: `Bearer ${GOOD}` })).toEqual({
      status: 400,
      body: { error: { message: "the request body is not a JSON object", type: "invalid_request_error", param: null, code: "invalid_request" } },
    });
    expect(await bad("/v1/messages", { "x-api-key": GOOD })).toEqual({ status: 400, body: { type: "error", error: { type: "invalid_request_error", message: "the request body is not a JSON object" } } });
    expect(await bad("/v1beta/models/gemini-2.5-flash:generateContent", { "x-goog-api-key": GOOD }, "[1,2]")).toEqual({
      status: 400,
      body: { error: { code: 400, message: "the request body is not a JSON object", status: "INVALID_ARGUMENT" } },
    });
    expect(await bad("/v1/chat/completions", { authorization: `Bearer ${GOOD}` }, JSON.stringify({ messages: [] }))).toMatchObject({ status: 400, body: { error: { message: "the request names no model" } } });
    const routeOnMessages = await anthropicError(GOOD, "dynamic/chat");
    expect(routeOnMessages).toBeInstanceOf(Anthropic.BadRequestError);
    expect(routeOnMessages.message).toContain("dynamic routes accept only OpenAI chat completions");
  });

  it("an unserved path answers 404 in the guessed SDK's shape", async () => {
    expect(await raw("/v1/fine_tuning/jobs", { method: "POST", headers: { authorization: `Bearer ${GOOD}` }, body: "{}" })).toMatchObject({ status: 404, body: { error: { code: "unknown_endpoint" } } });
  });

  it("a malformed percent-escape in a Gemini model: 401 without a key, 400 in Gemini's shape with one (checked after the key)", async () => {
    const path = "/v1beta/models/gemini-2.5%ZZflash:generateContent";
    const body = JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] });
    expect(await raw(path, { method: "POST", headers: { "content-type": "application/json" }, body })).toMatchObject({ status: 401, body: { error: { status: "UNAUTHENTICATED" } } });
    expect(await raw(path, { method: "POST", headers: { "content-type": "application/json", "x-goog-api-key": UNKNOWN }, body })).toMatchObject({ status: 401 });
    expect(await raw(path, { method: "POST", headers: { "content-type": "application/json", "x-goog-api-key": GOOD }, body })).toEqual({
      status: 400,
      body: { error: { code: 400, message: "the model name in the path is not valid percent-encoding", status: "INVALID_ARGUMENT" } },
    });
  });

  it("a body naming the model twice is refused, in whichever order the scope check would have passed", async () => {
    const post = (body: string) => raw("/v1/chat/completions", { method: "POST", headers: { authorization: `Bearer ${GOOD}`, "content-type": "application/json" }, body });
    const refused = { status: 400, body: { error: { message: 'the request body names "model" twice', type: "invalid_request_error", param: null, code: "invalid_request" } } };
    expect(await post('{"model":"gpt-5","messages":[],"model":"gpt-4.1-mini"}')).toEqual(refused);
    expect(await post('{"model":"gpt-4.1-mini","messages":[],"model":"gpt-5"}')).toEqual(refused);
    expect((await post('{"model":"gpt-4.1-mini","messages":[],"mod\\u0065l":"gpt-5"}')).status).toBe(400);
    expect((await post('{"model":"gpt-4.1-mini","messages":[],"MODEL":"gpt-5"}')).status).toBe(400);
  });

  it(`a body over ${MAX_BODY_BYTES / 1024 / 1024} MiB: 413 in each SDK's shape, declared or streamed`, async () => {
    const big = new Uint8Array(MAX_BODY_BYTES + 1).fill(0x20);
    expect(await raw("/v1/chat/completions", { method: "POST", headers: { authorization: `Bearer ${GOOD}`, "content-type": "application/json" }, body: big })).toEqual({
      status: 413,
      body: { error: { message: "the request body is larger than the front door's limit of 16 MiB", type: "invalid_request_error", param: null, code: "request_too_large" } },
    });
    expect(await raw("/v1/messages", { method: "POST", headers: { "x-api-key": GOOD, "content-type": "application/json" }, body: big })).toMatchObject({ status: 413, body: { type: "error", error: { type: "invalid_request_error" } } });
    const chunks = (function* () {
      for (let sent = 0; sent <= MAX_BODY_BYTES; sent += 1 << 20) yield new Uint8Array(1 << 20).fill(0x20);
    })();
    const streamed = new ReadableStream<Uint8Array>({ pull: (c) => { const next = chunks.next(); if (next.done) c.close(); else c.enqueue(next.value); } });
    expect(await raw("/v1beta/models/gemini-2.5-flash:generateContent", { method: "POST", headers: { "x-goog-api-key": GOOD, "content-type": "application/json" }, body: streamed, duplex: "half" } as RequestInit)).toMatchObject({
      status: 413,
      body: { error: { code: 413, status: "INVALID_ARGUMENT" } },
    });
    const justUnder = JSON.stringify({ model: "gpt-4.1-mini", messages: [], pad: "x".repeat(MAX_BODY_BYTES - 100) });
    expect((await raw("/v1/chat/completions", { method: "POST", headers: { authorization: `Bearer ${GOOD}`, "content-type": "application/json" }, body: justUnder })).status).toBe(200);
  });

  it("a key tried before it is issued works as soon as the Worker version admitting it serves", async () => {
    const call = () => raw("/v1/chat/completions", { method: "POST", headers: { authorization: `Bearer ${LATE}`, "content-type": "application/json" }, body: JSON.stringify({ model: "gpt-4.1-mini", messages: [] }) });
    expect((await call()).status).toBe(401);
    // Its entry is written, then the version that admits it deployed (pulumi up's order); the
    // earlier refusal read no KV, so no miss is remembered anywhere.
    await running.door.putKey(LATE, entry({ keyName: "late", models: ["openai/gpt-4.1-mini"] }));
    expect((await call()).status).toBe(200);
  });

  it("no refused request reached the stand-in", () => {
    const bodies = running.upstream.received.map((r) => r.headers["cf-aig-metadata"]);
    // Only the allowed calls above: tomorrow's key, the loopback key, the in-range IPv6 address, the body just under the limit, the late key.
    expect(bodies.map((m) => JSON.parse(String(m)).keyName).sort()).toEqual(["good", "late", "loopback", "tomorrow", "v6"]);
  });
});
