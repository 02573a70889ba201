/**
 * What reaches AI Gateway (a local stand-in that records every request): only each endpoint
 * family's allow-listed headers and query parameters, the front door's own token and metadata,
 * and the body as sent (only the model changed where the upstream path needs another id).
 */
import { describe, expect, it } from "vitest";
import { entry, TEST_GATEWAY_TOKEN, testGraph } from "../../stand-ins/front-door-workerd";
import { frontDoorForFile } from "./front-door-for-file";

const KEY = "sy_test_headers_key";
const running = frontDoorForFile({
  environment: "prod",
  routes: { chat: { canaryPercent: 100 }, summarize: { canaryPercent: 0 } },
  keys: { [KEY]: entry({ workload: "ledger-bot", keyName: "ledger-prod", routes: ["dynamic/chat", "summarize"], models: ["google-ai-studio/gemini-2.5-flash", "openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-6"] }) },
});

const forged = {
  "x-api-key": "sk-ant-client-provider-key",
  "x-goog-api-key": "AIza-client-provider-key",
  "api-key": "azure-client-provider-key",
  "proxy-authorization": `Bearer ${KEY}`,
  "cf-aig-authorization": "Bearer forged-token",
  "cf-aig-metadata": JSON.stringify({ workload: "someone-else" }),
  "cf-aig-skip-cache": "true",
  "cf-skip-cache": "true",
  "CF-AIG-Custom-Cost": "{}",
  "OpenAI-Organization": "org-someone-else",
  "OpenAI-Project": "proj-someone-else",
  "content-encoding": "identity",
  "x-switchyard-sticky": "user-42",
  "x-request-id": "req-123",
  "anthropic-beta": "tools-2024",
  "openai-beta": "assistants=v2",
};

describe("headers and metadata upstream (Worker in workerd -> local stand-in for AI Gateway recording requests)", () => {
  it("forwards the OpenAI family's allow-list only: no copy of any credential, no org, project, gateway control or encoding", async () => {
    const res = await fetch(`${running.door.url}/v1/chat/completions?key=${KEY}&Key=${KEY}&trace=1`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", accept: "application/json", ...forged },
      body: JSON.stringify({ model: "dynamic/chat", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(200);
    const got = running.upstream.received.at(-1)!;
    // host, content-length, connection, accept-encoding and cf-worker are the runtime's own.
    expect(Object.keys(got.headers).filter((n) => !["host", "content-length", "connection", "accept-encoding", "cf-worker"].includes(n)).sort()).toEqual([
      "accept",
      "cf-aig-authorization",
      "cf-aig-metadata",
      "content-type",
      "openai-beta",
    ]);
    expect(got.headers["cf-aig-authorization"]).toBe(`Bearer ${TEST_GATEWAY_TOKEN}`);
    expect(JSON.parse(String(got.headers["cf-aig-metadata"]))).toEqual({ workload: "ledger-bot", keyName: "ledger-prod", environment: "prod", cohort: "canary", budget: "ledger-bot" });
    expect(got.headers["openai-beta"]).toBe("assistants=v2");
    expect([...got.query.keys()]).toEqual([]);
    expect(JSON.parse(got.body)).toEqual({ model: `dynamic/${testGraph("chat", "primary")}`, messages: [{ role: "user", content: "hi" }] });
    const everything = JSON.stringify(got);
    for (const secret of [KEY, "sk-ant-client-provider-key", "AIza-client-provider-key", "azure-client-provider-key", "forged-token", "org-someone-else", "proj-someone-else"]) expect(everything).not.toContain(secret);
  });

  it("hands AI Gateway the caller's W3C trace context as its own trace headers, so its span joins the caller's trace", async () => {
    const res = await fetch(`${running.door.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
      body: JSON.stringify({ model: "openai/gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(200);
    const got = running.upstream.received.at(-1)!;
    expect(got.headers["cf-aig-otel-trace-id"]).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(got.headers["cf-aig-otel-parent-span-id"]).toBe("00f067aa0ba902b7");
    expect(got.headers.traceparent).toBeUndefined();
  });

  it("forwards the Anthropic family's version and beta headers and its beta query", async () => {
    const res = await fetch(`${running.door.url}/v1/messages?beta=true&trace=1`, {
      method: "POST",
      headers: { ...forged, "x-api-key": KEY, "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ model: "claude-sonnet-4-6", max_tokens: 8, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(200);
    const got = running.upstream.received.at(-1)!;
    expect(got.headers["anthropic-version"]).toBe("2023-06-01");
    expect(got.headers["anthropic-beta"]).toBe("tools-2024");
    expect(got.headers["openai-beta"]).toBeUndefined();
    expect([...got.query.entries()]).toEqual([["beta", "true"]]);
  });

  it("sends the body's bytes as they came, only the model replaced (no re-serialisation: big numbers and spacing survive)", async () => {
    const body = '{ "model" : "openai/gpt-4.1-mini",\n  "seed": 12345678901234567890, "temperature": 1.0, "messages": [] }';
    const res = await fetch(`${running.door.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body });
    expect(res.status).toBe(200);
    expect(running.upstream.received.at(-1)!.body).toBe(body.replace('"openai/gpt-4.1-mini"', '"gpt-4.1-mini"'));
  });

  it("metadata has at most five entries (AI Gateway's limit); cohort is primary at 0 % and none for plain models", async () => {
    const post = (model: string) =>
      fetch(`${running.door.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: JSON.stringify({ model, messages: [] }) });
    await post("dynamic/summarize");
    const route = JSON.parse(String(running.upstream.received.at(-1)!.headers["cf-aig-metadata"])) as Record<string, unknown>;
    expect(route.cohort).toBe("primary");
    await post("gpt-4.1-mini");
    const plain = JSON.parse(String(running.upstream.received.at(-1)!.headers["cf-aig-metadata"])) as Record<string, unknown>;
    expect(plain.cohort).toBe("none");
    expect(plain).toEqual({ workload: "ledger-bot", keyName: "ledger-prod", environment: "prod", cohort: "none", budget: "ledger-bot" });
  });

  it("Gemini's ?key= is taken as the key and removed from the forwarded query (alt=sse kept)", async () => {
    const res = await fetch(`${running.door.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=${KEY}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    await res.text();
    const got = running.upstream.received.at(-1)!;
    expect(got.path.endsWith("/google-ai-studio/v1beta/models/gemini-2.5-flash:streamGenerateContent")).toBe(true);
    expect([...got.query.entries()]).toEqual([["alt", "sse"]]);
    expect(JSON.stringify(got)).not.toContain(KEY);
  });
});
