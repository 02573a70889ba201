/**
 * A local Node HTTP server standing in for Cloudflare AI Gateway in tests and the bench. It
 * answers the documented provider shapes (OpenAI chat completions / Responses / embeddings /
 * images, Anthropic messages, Gemini generateContent / streamGenerateContent, the compat
 * endpoint for dynamic routes, OpenRouter's chat path) under /{account}/{gateway}/..., and records
 * what it receives. It is not AI Gateway: it checks nothing but the route graphs a test says exist
 * (`graphs`), and records everything.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The `cf-aig-log-id` the stand-in answered with (AI Gateway returns one per logged request). */
  logId: string;
}

export interface StandIn {
  /** Base URL to bind as the Worker's UPSTREAM (like https://gateway.ai.cloudflare.com/v1). */
  url: string;
  received: ReceivedRequest[];
  /** Route graphs that exist, as AI Gateway would have them; undefined: any `dynamic/` name answers. */
  graphs: Set<string> | undefined;
  /** Streams wait here after their first event until the test calls `release()`. */
  holdStreams(): { release(): void };
  /** Awaited before each answer: a test's stand-in for what AI Gateway does with the request meanwhile (logging it). */
  beforeAnswer?: (request: ReceivedRequest) => Promise<void>;
  close(): Promise<void>;
}

const TEXT = "Switchyard says hello.";

function sse(res: ServerResponse, status = 200): void {
  res.writeHead(status, { "content-type": "text/event-stream", "cache-control": "no-cache", "x-stand-in": "ai-gateway" });
}

function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { "content-type": "application/json", "x-stand-in": "ai-gateway" });
  res.end(JSON.stringify(body));
}

/** Base64 of little-endian float32s: what OpenAI returns for encoding_format "base64". */
function base64Floats(values: number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString("base64");
}

export async function startStandIn(): Promise<StandIn> {
  const received: ReceivedRequest[] = [];
  const state: { graphs: Set<string> | undefined } = { graphs: undefined };
  let gate: Promise<void> | undefined;

  async function streamEvents(res: ServerResponse, events: string[]): Promise<void> {
    sse(res);
    res.write(events[0]);
    if (gate) await gate;
    for (const event of events.slice(1)) res.write(event);
    res.end();
  }

  async function answer(req: ReceivedRequest, res: ServerResponse): Promise<void> {
    // /v1/{account}/{gateway}/{provider}/...
    const endpoint = req.path.split("/").filter(Boolean).slice(3).join("/");
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    const model = String(body.model ?? "");
    if (body.model === "fail/with-500" || model.endsWith("always-500")) return sendJson(res, { error: { message: "stand-in upstream failure", type: "server_error" } }, 500);

    if (model.startsWith("dynamic/") && state.graphs && !state.graphs.has(model.slice("dynamic/".length))) {
      return sendJson(res, { error: { message: `stand-in: no route ${model}` } }, 404);
    }
    if (endpoint === "openai/chat/completions" || endpoint === "compat/chat/completions" || endpoint === "openrouter/chat/completions") {
      const usage = { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 };
      if (body.stream) {
        const chunk = (delta: Record<string, unknown>, finish: string | null) =>
          `data: ${JSON.stringify({ id: "chatcmpl-standin", object: "chat.completion.chunk", created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        return streamEvents(res, [chunk({ role: "assistant", content: "Switchyard " }, null), chunk({ content: "says hello." }, null), chunk({}, "stop"), `data: ${JSON.stringify({ id: "chatcmpl-standin", object: "chat.completion.chunk", created: 1, model, choices: [], usage })}\n\n`, "data: [DONE]\n\n"]);
      }
      return sendJson(res, { id: "chatcmpl-standin", object: "chat.completion", created: 1, model, choices: [{ index: 0, message: { role: "assistant", content: TEXT, refusal: null }, finish_reason: "stop", logprobs: null }], usage });
    }
    if (endpoint === "openai/responses") {
      return sendJson(res, {
        id: "resp_standin", object: "response", created_at: 1, status: "completed", model,
        output: [{ id: "msg_standin", type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: TEXT, annotations: [] }] }],
        usage: { input_tokens: 8, output_tokens: 5, total_tokens: 13, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
      });
    }
    if (endpoint === "openai/embeddings") {
      const vector = [0.25, -0.5, 0.75];
      return sendJson(res, { object: "list", model, data: [{ object: "embedding", index: 0, embedding: body.encoding_format === "base64" ? base64Floats(vector) : vector }], usage: { prompt_tokens: 4, total_tokens: 4 } });
    }
    if (endpoint === "openai/images/generations") {
      return sendJson(res, { created: 1, data: [{ b64_json: Buffer.from("stand-in image").toString("base64") }], usage: { input_tokens: 6, output_tokens: 0, total_tokens: 6 } });
    }
    if (endpoint === "anthropic/v1/messages") {
      const usage = { input_tokens: 10, output_tokens: 6 };
      if (body.stream) {
        const ev = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
        return streamEvents(res, [
          ev("message_start", { message: { id: "msg_standin", type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } } }),
          ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
          ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: TEXT } }),
          ev("content_block_stop", { index: 0 }),
          ev("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 6 } }),
          ev("message_stop", {}),
        ]);
      }
      return sendJson(res, { id: "msg_standin", type: "message", role: "assistant", model, content: [{ type: "text", text: TEXT }], stop_reason: "end_turn", stop_sequence: null, usage });
    }
    const gemini = /^google-ai-studio\/(v1|v1beta)\/models\/([^:]+):(generateContent|streamGenerateContent)$/.exec(endpoint);
    if (gemini) {
      const usageMetadata = { promptTokenCount: 7, candidatesTokenCount: 5, totalTokenCount: 12 };
      const response = (text: string, finish?: string) => ({ candidates: [{ content: { role: "model", parts: [{ text }] }, index: 0, ...(finish ? { finishReason: finish } : {}) }], usageMetadata, modelVersion: decodeURIComponent(gemini[2]) });
      if (gemini[3] === "streamGenerateContent") {
        return streamEvents(res, [`data: ${JSON.stringify(response("Switchyard "))}\r\n\r\n`, `data: ${JSON.stringify(response("says hello.", "STOP"))}\r\n\r\n`]);
      }
      return sendJson(res, response(TEXT, "STOP"));
    }
    return sendJson(res, { error: { message: `stand-in does not serve ${endpoint}` } }, 404);
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      const record: ReceivedRequest = { method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: { ...req.headers }, body: Buffer.concat(chunks).toString("utf8"), logId: `stand-in-log-${received.length + 1}` };
      received.push(record);
      // Every answer names its log entry, as AI Gateway's does (ai-gateway/evaluations/add-human-feedback-api: "Locate the cf-aig-log-id in the request response").
      res.setHeader("cf-aig-log-id", record.logId);
      (handle.beforeAnswer ? handle.beforeAnswer(record) : Promise.resolve()).then(() => answer(record, res)).catch(() => {
        if (!res.headersSent) sendJson(res, { error: { message: "stand-in failed" } }, 500);
        else res.end();
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const handle: StandIn = {
    url: `http://127.0.0.1:${port}/v1`,
    received,
    get graphs() {
      return state.graphs;
    },
    set graphs(value) {
      state.graphs = value;
    },
    holdStreams() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return {
        release: () => {
          gate = undefined;
          release();
        },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return handle;
}
