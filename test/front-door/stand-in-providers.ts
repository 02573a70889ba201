/**
 * A local Node HTTP server standing in for the providers' own APIs, for `switchyard smoke
 * --compare-direct`'s direct path: OpenAI (and the OpenAI-compatible APIs: /v1/chat/completions,
 * /v1/embeddings, Bearer key), Anthropic (/v1/messages; x-api-key, or Authorization: Bearer, which
 * is how @anthropic-ai/sdk 1.14 sends an apiKey: client.js apiKeyAuth) and Gemini
 * (/{v1|v1beta}/models/{model}:generateContent and :streamGenerateContent?alt=sse, x-goog-api-key;
 * @google/genai 3.3 calls v1 by default).
 * Every answer is typed with the official SDK's own response type (openai's ChatCompletion,
 * ChatCompletionChunk, CreateEmbeddingResponse; @anthropic-ai/sdk's Message and
 * RawMessageStreamEvent; @google/genai's GenerateContentResponse), so `tsc` holds it to what the
 * SDKs read. It answers with the token counts the AI Gateway stand-in uses, so an unchanged
 * answer compares alike; `*-always-500` fails as there, and `*-rate-limited` answers 429 here
 * only. It checks the key is the one a test expects and records what it receives.
 */
import type Anthropic from "@anthropic-ai/sdk";
import type { GenerateContentResponse } from "@google/genai";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type OpenAI from "openai";

export interface ProviderStandIn {
  /** Base URLs as the SDKs take them. */
  openaiBaseUrl: string;
  anthropicBaseUrl: string;
  geminiBaseUrl: string;
  received: Array<{ method: string; path: string; headers: IncomingMessage["headers"]; body: string }>;
  close(): Promise<void>;
}

const TEXT = "Switchyard says hello.";

const completion = (model: string): OpenAI.ChatCompletion => ({
  id: "chatcmpl-direct",
  object: "chat.completion",
  created: 1,
  model,
  choices: [{ index: 0, message: { role: "assistant", content: TEXT, refusal: null }, finish_reason: "stop", logprobs: null }],
  usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 },
});

const chunks = (model: string): OpenAI.ChatCompletionChunk[] => {
  const chunk = (delta: OpenAI.ChatCompletionChunk.Choice.Delta, finish: OpenAI.ChatCompletionChunk.Choice["finish_reason"]): OpenAI.ChatCompletionChunk => ({
    id: "chatcmpl-direct",
    object: "chat.completion.chunk",
    created: 1,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  return [
    chunk({ role: "assistant", content: "Switchyard " }, null),
    chunk({ content: "says hello." }, null),
    chunk({}, "stop"),
    { id: "chatcmpl-direct", object: "chat.completion.chunk", created: 1, model, choices: [], usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 } },
  ];
};

const embedding = (model: string): OpenAI.CreateEmbeddingResponse => ({
  object: "list",
  model,
  data: [{ object: "embedding", index: 0, embedding: [0.25, -0.5, 0.75] }],
  usage: { prompt_tokens: 4, total_tokens: 4 },
});

const usage = (input: number, output: number): Anthropic.Usage => ({
  cache_creation: null,
  cache_creation_input_tokens: null,
  cache_read_input_tokens: null,
  inference_geo: null,
  input_tokens: input,
  output_tokens: output,
  output_tokens_details: null,
  server_tool_use: null,
  service_tier: null,
  speed: null,
});

const message = (model: string, content: Anthropic.ContentBlock[], output: number, stop: Anthropic.StopReason | null): Anthropic.Message => ({
  id: "msg_direct",
  type: "message",
  role: "assistant",
  container: null,
  content,
  diagnostics: null,
  model,
  stop_reason: stop,
  stop_sequence: null,
  stop_details: null,
  usage: usage(10, output),
});

const messageEvents = (model: string): Anthropic.RawMessageStreamEvent[] => [
  { type: "message_start", message: message(model, [], 1, null) },
  { type: "content_block_start", index: 0, content_block: { type: "text", text: "", citations: null } },
  { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: TEXT } },
  { type: "content_block_stop", index: 0 },
  { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null, container: null, stop_details: null }, usage: { cache_creation_input_tokens: null, cache_read_input_tokens: null, input_tokens: null, output_tokens: 6, output_tokens_details: null, server_tool_use: null } },
  { type: "message_stop" },
];

type GeminiAnswer = Pick<GenerateContentResponse, "candidates" | "usageMetadata" | "modelVersion">;
const gemini = (model: string, text: string, finish?: "STOP"): GeminiAnswer => ({
  candidates: [{ content: { role: "model", parts: [{ text }] }, index: 0, ...(finish ? { finishReason: finish as NonNullable<GeminiAnswer["candidates"]>[number]["finishReason"] } : {}) }],
  usageMetadata: { promptTokenCount: 7, candidatesTokenCount: 5, totalTokenCount: 12 },
  modelVersion: model,
});

/** OpenAI's error body (the SDKs read `error.message`, `type`, `code`). */
const openaiError = (message: string, type: string) => ({ error: { message, type, param: null, code: null } });

export async function startProviderStandIn(keys: { openai: string; anthropic: string; gemini: string }): Promise<ProviderStandIn> {
  const received: ProviderStandIn["received"] = [];

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { "content-type": "application/json", "x-stand-in": "provider", ...headers });
    res.end(JSON.stringify(body));
  }
  function stream(res: ServerResponse, events: string[]): void {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "x-stand-in": "provider" });
    for (const event of events) res.write(event);
    res.end();
  }

  function answer(req: IncomingMessage, path: string, body: Record<string, unknown>, res: ServerResponse): void {
    const model = String(body.model ?? "");
    if (path === "/v1/chat/completions" || path === "/v1/embeddings") {
      if (req.headers.authorization !== `Bearer ${keys.openai}`) return send(res, 401, openaiError("Incorrect API key provided.", "invalid_request_error"));
      if (model.endsWith("always-500")) return send(res, 500, openaiError("stand-in provider failure", "server_error"));
      if (model.endsWith("rate-limited")) return send(res, 429, openaiError("Rate limit reached.", "requests"), { "retry-after": "1" });
      if (path === "/v1/embeddings") return send(res, 200, embedding(model));
      if (body.stream) return stream(res, [...chunks(model).map((c) => `data: ${JSON.stringify(c)}\n\n`), "data: [DONE]\n\n"]);
      return send(res, 200, completion(model));
    }
    if (path === "/v1/messages") {
      if (req.headers["x-api-key"] !== keys.anthropic && req.headers.authorization !== `Bearer ${keys.anthropic}`) return send(res, 401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
      if (body.stream) return stream(res, messageEvents(model).map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`));
      return send(res, 200, message(model, [{ type: "text", text: TEXT, citations: null }], 6, "end_turn"));
    }
    const generate = /^\/(?:v1|v1beta)\/models\/([^:]+):(generateContent|streamGenerateContent)$/.exec(path);
    if (generate) {
      if (req.headers["x-goog-api-key"] !== keys.gemini) return send(res, 400, { error: { code: 400, message: "API key not valid.", status: "INVALID_ARGUMENT" } });
      const name = decodeURIComponent(generate[1]);
      if (generate[2] === "streamGenerateContent") return stream(res, [gemini(name, "Switchyard "), gemini(name, "says hello.", "STOP")].map((g) => `data: ${JSON.stringify(g)}\r\n\r\n`));
      return send(res, 200, gemini(name, TEXT, "STOP"));
    }
    send(res, 404, openaiError(`stand-in provider does not serve ${path}`, "invalid_request_error"));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ method: req.method ?? "", path: url.pathname, headers: { ...req.headers }, body });
      answer(req, url.pathname, body ? (JSON.parse(body) as Record<string, unknown>) : {}, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    openaiBaseUrl: `${base}/v1`,
    anthropicBaseUrl: base,
    geminiBaseUrl: base,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
