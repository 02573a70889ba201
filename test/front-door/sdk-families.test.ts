/**
 * Each endpoint family through the front door with the official SDK an application would use,
 * unchanged but for base URL and key, against a local stand-in for AI Gateway.
 */
import Anthropic from "@anthropic-ai/sdk";
import { GoogleGenAI } from "@google/genai";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { entry, TEST_ACCOUNT_ID, TEST_GATEWAY_ID, TEST_GATEWAY_TOKEN, testGraph } from "../../stand-ins/front-door-workerd";
import type { ReceivedRequest } from "../../stand-ins/ai-gateway";
import { frontDoorForFile } from "./front-door-for-file";

const KEY = "sy_test_families_0001";
const running = frontDoorForFile({
  routes: { chat: { canaryPercent: 0 } },
  environment: "staging",
  keys: {
    [KEY]: entry({
      workload: "support-bot",
      keyName: "support-staging",
      routes: ["chat"],
      models: ["openai/gpt-4.1-mini", "openai/text-embedding-3-small", "openai/gpt-image-1", "anthropic/claude-sonnet-4-6", "google-ai-studio/gemini-2.5-flash", "mistral/mistral-large-latest", "grok/grok-4", "openrouter/openai/gpt-4o", "openai/gpt-always-500"],
    }),
  },
});

function lastReceived(): ReceivedRequest {
  const last = running.upstream.received.at(-1);
  if (!last) throw new Error("the stand-in received nothing");
  return last;
}

const gatewayPath = (rest: string) => `/v1/${TEST_ACCOUNT_ID}/${TEST_GATEWAY_ID}/${rest}`;

describe("front door endpoint families (official SDKs -> Worker in workerd -> local stand-in for AI Gateway)", () => {
  it("OpenAI chat completions with a bare model go to the openai provider endpoint", async () => {
    const openai = new OpenAI({ apiKey: KEY, baseURL: `${running.door.url}/v1` });
    const completion = await openai.chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0].message.content).toBe("Switchyard says hello.");
    expect(completion.usage?.total_tokens).toBe(14);
    const got = lastReceived();
    expect(got.path).toBe(gatewayPath("openai/chat/completions"));
    expect(JSON.parse(got.body).model).toBe("gpt-4.1-mini");
  });

  it("OpenAI chat completions with openai/<model> strip the provider for the provider endpoint", async () => {
    const openai = new OpenAI({ apiKey: KEY, baseURL: `${running.door.url}/v1` });
    await openai.chat.completions.create({ model: "openai/gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });
    expect(lastReceived().path).toBe(gatewayPath("openai/chat/completions"));
    expect(JSON.parse(lastReceived().body)).toEqual({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });
  });

  it("dynamic/<route> goes to the compat endpoint as the route's active graph", async () => {
    const openai = new OpenAI({ apiKey: KEY, baseURL: `${running.door.url}/v1` });
    const completion = await openai.chat.completions.create({ model: "dynamic/chat", messages: [{ role: "user", content: "hi" }] });
    expect(completion.object).toBe("chat.completion");
    expect(lastReceived().path).toBe(gatewayPath("compat/chat/completions"));
    expect(JSON.parse(lastReceived().body).model).toBe(`dynamic/${testGraph("chat", "primary")}`);
  });

  it("another provider's provider/model on chat completions goes to the compat endpoint", async () => {
    const openai = new OpenAI({ apiKey: KEY, baseURL: `${running.door.url}/v1` });
    await openai.chat.completions.create({ model: "mistral/mistral-large-latest", messages: [{ role: "user", content: "hi" }] });
    expect(lastReceived().path).toBe(gatewayPath("compat/chat/completions"));
    expect(JSON.parse(lastReceived().body).model).toBe("mistral/mistral-large-latest");
  });

  it("xAI's grok/<model> goes to the compat endpoint; an OpenRouter model to OpenRouter's own chat path with its bare id", async () => {
    const openai = new OpenAI({ apiKey: KEY, baseURL: `${running.door.url}/v1` });
    await openai.chat.completions.create({ model: "grok/grok-4", messages: [{ role: "user", content: "hi" }] });
    expect(lastReceived().path).toBe(gatewayPath("compat/chat/completions"));
    expect(JSON.parse(lastReceived().body).model).toBe("grok/grok-4");
    await openai.chat.completions.create({ model: "openrouter/openai/gpt-4o", messages: [{ role: "user", content: "hi" }] });
    expect(lastReceived().path).toBe(gatewayPath("openrouter/chat/completions"));
    expect(JSON.parse(lastReceived().body).model).toBe("openai/gpt-4o");
  });

  it("OpenAI Responses", async () => {
    const openai = new OpenAI({ apiKey: KEY, baseURL: `${running.door.url}/v1` });
    const response = await openai.responses.create({ model: "gpt-4.1-mini", input: "hi" });
    expect(response.output_text).toBe("Switchyard says hello.");
    expect(lastReceived().path).toBe(gatewayPath("openai/responses"));
  });

  it("OpenAI embeddings (the SDK's base64 encoding decoded back to floats)", async () => {
    const openai = new OpenAI({ apiKey: KEY, baseURL: `${running.door.url}/v1` });
    const result = await openai.embeddings.create({ model: "text-embedding-3-small", input: "hello" });
    expect(result.data[0].embedding).toEqual([0.25, -0.5, 0.75]);
    expect(lastReceived().path).toBe(gatewayPath("openai/embeddings"));
  });

  it("OpenAI image generation", async () => {
    const openai = new OpenAI({ apiKey: KEY, baseURL: `${running.door.url}/v1` });
    const image = await openai.images.generate({ model: "gpt-image-1", prompt: "a switchyard" });
    expect(Buffer.from(image.data?.[0].b64_json ?? "", "base64").toString()).toBe("stand-in image");
    expect(lastReceived().path).toBe(gatewayPath("openai/images/generations"));
  });

  it("Anthropic messages, plain and streamed", async () => {
    const anthropic = new Anthropic({ apiKey: KEY, baseURL: running.door.url });
    const message = await anthropic.messages.create({ model: "claude-sonnet-4-6", max_tokens: 64, messages: [{ role: "user", content: "hi" }] });
    expect(message.content[0]).toMatchObject({ type: "text", text: "Switchyard says hello." });
    expect(message.usage.output_tokens).toBe(6);
    expect(lastReceived().path).toBe(gatewayPath("anthropic/v1/messages"));
    expect(lastReceived().headers["anthropic-version"]).toBeDefined();

    const stream = anthropic.messages.stream({ model: "anthropic/claude-sonnet-4-6", max_tokens: 64, messages: [{ role: "user", content: "hi" }] });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: "text", text: "Switchyard says hello." });
    expect(JSON.parse(lastReceived().body).model).toBe("claude-sonnet-4-6");
  });

  it("Gemini generateContent and streamGenerateContent (SSE)", async () => {
    const ai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: running.door.url } });
    const result = await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "hi" });
    expect(result.text).toBe("Switchyard says hello.");
    expect(result.usageMetadata?.totalTokenCount).toBe(12);
    // @google/genai 3 calls v1 by default; the front door keeps the caller's version.
    expect(lastReceived().path).toBe(gatewayPath("google-ai-studio/v1/models/gemini-2.5-flash:generateContent"));

    const stream = await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: "hi" });
    let text = "";
    for await (const chunk of stream) text += chunk.text ?? "";
    expect(text).toBe("Switchyard says hello.");
    expect(lastReceived().path).toBe(gatewayPath("google-ai-studio/v1/models/gemini-2.5-flash:streamGenerateContent"));
    expect(lastReceived().query.get("alt")).toBe("sse");

    const beta = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: running.door.url, apiVersion: "v1beta" } });
    expect((await beta.models.generateContent({ model: "gemini-2.5-flash", contents: "hi" })).text).toBe("Switchyard says hello.");
    expect(lastReceived().path).toBe(gatewayPath("google-ai-studio/v1beta/models/gemini-2.5-flash:generateContent"));
  });

  it("OpenAI streaming chat completions arrive chunk by chunk with usage", async () => {
    const openai = new OpenAI({ apiKey: KEY, baseURL: `${running.door.url}/v1` });
    const stream = await openai.chat.completions.create({ model: "dynamic/chat", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "hi" }] });
    const parts: string[] = [];
    let total: number | undefined;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta?.content) parts.push(chunk.choices[0].delta.content);
      if (chunk.usage) total = chunk.usage.total_tokens;
    }
    expect(parts).toEqual(["Switchyard ", "says hello."]);
    expect(total).toBe(14);
  });

  it("GET /v1/models lists exactly what the key may call, in OpenAI's list format", async () => {
    const openai = new OpenAI({ apiKey: KEY, baseURL: `${running.door.url}/v1` });
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    expect(ids).toEqual(["dynamic/chat", "openai/gpt-4.1-mini", "openai/text-embedding-3-small", "openai/gpt-image-1", "anthropic/claude-sonnet-4-6", "google-ai-studio/gemini-2.5-flash", "mistral/mistral-large-latest", "grok/grok-4", "openrouter/openai/gpt-4o", "openai/gpt-always-500"]);
  });

  it("GET /healthz answers without a key and never reaches the upstream", async () => {
    const before = running.upstream.received.length;
    const res = await fetch(`${running.door.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, environment: "staging" });
    expect(running.upstream.received.length).toBe(before);
  });

  it("upstream status and headers come back intact (stand-in answering 500)", async () => {
    const res = await fetch(`${running.door.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: JSON.stringify({ model: "openai/gpt-always-500", messages: [] }) });
    expect(res.status).toBe(500);
    expect(res.headers.get("x-stand-in")).toBe("ai-gateway");
    expect(res.headers.get("cf-aig-log-id")).toBe(running.upstream.received.at(-1)?.logId);
    expect(await res.json()).toEqual({ error: { message: "stand-in upstream failure", type: "server_error" } });
  });

  it("the gateway token reaches the stand-in only as cf-aig-authorization", () => {
    for (const got of running.upstream.received) {
      expect(got.headers["cf-aig-authorization"]).toBe(`Bearer ${TEST_GATEWAY_TOKEN}`);
    }
    expect(running.upstream.received.length).toBeGreaterThan(10);
  });
});
