/**
 * Every refusal, in the error shape of the SDK that called: the official SDKs raise their own
 * typed errors; raw requests show the exact bodies. A local stand-in plays AI Gateway and
 * must receive none of the refused requests.
 */
import Anthropic from "@anthropic-ai/sdk";
import { ApiError, GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utcDate } from "../../runtime/front-door/scope";
import { entry, startFrontDoor, type FrontDoorUnderTest } from "./front-door-under-test";
import { startStandIn, type StandIn } from "./stand-in-gateway";

const GOOD = "sy_test_refusals_good";
const EXPIRED = "sy_test_refusals_expired";
const EXPIRES_TODAY = "sy_test_refusals_today";
const EXPIRES_TOMORROW = "sy_test_refusals_tomorrow";
const OFFICE_ONLY = "sy_test_refusals_office";
const V6_ONLY = "sy_test_refusals_v6";
const LOOPBACK_OK = "sy_test_refusals_loopback";
const UNKNOWN = "sy_test_refusals_never_issued";

const day = 86_400_000;
let upstream: StandIn;
let door: FrontDoorUnderTest;

beforeAll(async () => {
  upstream = await startStandIn();
  const models = ["openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-6", "google-ai-studio/gemini-2.5-flash"];
  door = await startFrontDoor({
    upstream: upstream.url,
    routes: { chat: { canaryPercent: 10 } },
    keys: {
      [GOOD]: entry({ keyName: "good", routes: ["chat"], models }),
      [EXPIRED]: entry({ keyName: "old", models, expiresOn: "2020-01-01" }),
      [EXPIRES_TODAY]: entry({ keyName: "today", models, expiresOn: utcDate(new Date()) }),
      [EXPIRES_TOMORROW]: entry({ keyName: "tomorrow", models, expiresOn: utcDate(new Date(Date.now() + day)) }),
      [OFFICE_ONLY]: entry({ keyName: "office", models, allowedIps: ["10.0.0.0/8", "192.168.1.0/24"] }),
      [V6_ONLY]: entry({ keyName: "v6", models, allowedIps: ["2001:db8::/32"] }),
      [LOOPBACK_OK]: entry({ keyName: "loopback", models, allowedIps: ["198.51.100.0/24", "127.0.0.0/8"] }),
    },
  });
});
afterAll(async () => {
  await door?.close();
  await upstream?.close();
});

const openai = (key: string) => new OpenAI({ apiKey: key, baseURL: `${door.url}/v1` });
const anthropic = (key: string) => new Anthropic({ apiKey: key, baseURL: door.url });
const gemini = (key: string) => new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: door.url } });

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
  const res = await fetch(`${door.url}${path}`, init);
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
    expect(o.error).toEqual({ message: "unknown API key", type: "invalid_request_error", param: null, code: "invalid_api_key" });
    const a = await anthropicError(UNKNOWN);
    expect(a).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(a.error).toEqual({ type: "error", error: { type: "authentication_error", message: "unknown API key" } });
    const g = await geminiError(UNKNOWN);
    expect(g.status).toBe(401);
    expect(geminiBody(g)).toEqual({ error: { code: 401, message: "unknown API key", status: "UNAUTHENTICATED" } });
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

  it("address outside allowedIps: 403 (IPv4 CIDRs; CF-Connecting-IP is 127.0.0.1 here)", async () => {
    const o = await openaiError(OFFICE_ONLY);
    expect(o).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(o.error).toMatchObject({ code: "ip_not_allowed", type: "permission_error", message: expect.stringContaining("may not be used from 127.0.0.1; allowed: 10.0.0.0/8, 192.168.1.0/24") });
    const a = await anthropicError(OFFICE_ONLY);
    expect(a).toBeInstanceOf(Anthropic.PermissionDeniedError);
    const g = await geminiError(OFFICE_ONLY);
    expect(geminiBody(g).error).toMatchObject({ code: 403, status: "PERMISSION_DENIED" });
    const allowed = await openai(LOOPBACK_OK).chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });
    expect(allowed.object).toBe("chat.completion");
  });

  it("IPv6 CIDRs: inside allowed, outside refused", async () => {
    const call = (ip: string) =>
      raw("/v1/chat/completions", { method: "POST", headers: { authorization: `Bearer ${V6_ONLY}`, "content-type": "application/json", "cf-connecting-ip": ip }, body: JSON.stringify({ model: "gpt-4.1-mini", messages: [] }) });
    expect((await call("2001:db8:0:1::5")).status).toBe(200);
    expect((await call("2001:db9::5")).status).toBe(403);
    expect((await call("10.1.2.3")).status).toBe(403);
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
    expect(await raw("/v1/audio/speech", { method: "POST", headers: { authorization: `Bearer ${GOOD}` }, body: "{}" })).toMatchObject({ status: 404, body: { error: { code: "unknown_endpoint" } } });
  });

  it("no refused request reached the stand-in", () => {
    const bodies = upstream.received.map((r) => r.headers["cf-aig-metadata"]);
    // Only the allowed calls above: tomorrow's key, the loopback key and the in-range IPv6 address.
    expect(bodies.map((m) => JSON.parse(String(m)).keyName).sort()).toEqual(["loopback", "tomorrow", "v6"]);
  });
});
