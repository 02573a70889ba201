/**
 * A local Node HTTP server standing in for Cloudflare AI Gateway in tests and the bench. It
 * answers the documented provider shapes (OpenAI chat completions / Responses / completions /
 * embeddings / images / audio / moderations / files / batches and Realtime over WebSocket,
 * Anthropic messages / count_tokens / message batches, Gemini generateContent /
 * streamGenerateContent / countTokens / embedContent / batchEmbedContents, the compat endpoint
 * for dynamic routes, OpenRouter's chat path) under /{account}/{gateway}/..., with the fields the
 * official SDKs read (openai 7.59, @anthropic-ai/sdk 1.14, @google/genai 3.3 response types), and
 * records what it receives. It is not AI Gateway: it checks nothing but the route graphs a test
 * says exist (`graphs`), and records everything.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

export interface ReceivedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body's bytes (multipart uploads carry files). */
  raw: Buffer;
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
    const isJson = String(req.headers["content-type"] ?? "").startsWith("application/json");
    const body = req.body && isJson ? (JSON.parse(req.body) as Record<string, unknown>) : {};
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
    const answered = answerMoreFamilies(endpoint, req, body, res);
    if (answered) return;
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
      const raw = Buffer.concat(chunks);
      const record: ReceivedRequest = { method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: { ...req.headers }, body: raw.toString("utf8"), raw, logId: `stand-in-log-${received.length + 1}` };
      received.push(record);
      // Every answer names its log entry, as AI Gateway's does (ai-gateway/evaluations/add-human-feedback-api: "Locate the cf-aig-log-id in the request response").
      res.setHeader("cf-aig-log-id", record.logId);
      (handle.beforeAnswer ? handle.beforeAnswer(record) : Promise.resolve()).then(() => answer(record, res)).catch(() => {
        if (!res.headersSent) sendJson(res, { error: { message: "stand-in failed" } }, 500);
        else res.end();
      });
    });
  });
  // OpenAI Realtime at /{account}/{gateway}/openai?model= (websockets-api/realtime-api.mdx): recorded, then
  // session.created naming the model, and each client event answered with response.done.
  const sockets = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    received.push({ method: "GET", path: url.pathname, query: url.searchParams, headers: { ...req.headers }, body: "", raw: Buffer.alloc(0), logId: `stand-in-log-${received.length + 1}` });
    if (!url.pathname.endsWith("/openai")) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify({ type: "session.created", event_id: "event_standin_1", session: { id: "sess_standin", object: "realtime.session", model: url.searchParams.get("model") } }));
      ws.on("message", (data) => {
        const event = JSON.parse(data.toString()) as { type?: string };
        ws.send(JSON.stringify({ type: "response.done", event_id: "event_standin_2", response: { id: "resp_standin", object: "realtime.response", status: "completed", output: [], usage: { total_tokens: 3, input_tokens: 1, output_tokens: 2 } }, received_type: event.type }));
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
        for (const client of sockets.clients) client.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return handle;
}

/** Files uploaded to the stand-in (OpenAI files.create), by id. */
const uploadedFiles = new Map<string, { filename: string; content: string; bytes: number }>();

/** The field values and files of a multipart body, as the stand-in reads them (through the WHATWG parser Node ships). */
function multipart(req: ReceivedRequest): Promise<FormData> {
  return new Response(req.raw, { headers: { "content-type": String(req.headers["content-type"]) } }).formData();
}

/** The endpoint families beyond chat, embeddings and image generation; false when `endpoint` is none of them. */
function answerMoreFamilies(endpoint: string, req: ReceivedRequest, body: Record<string, unknown>, res: ServerResponse): boolean {
  const model = String(body.model ?? "");
  const usage = { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 };
  const later = (work: () => Promise<void>) => {
    work().catch(() => sendJson(res, { error: { message: "stand-in could not read the form" } }, 400));
    return true;
  };
  const batch = (id: string, extra: Record<string, unknown> = {}) => ({ id, object: "batch", endpoint: "/v1/chat/completions", errors: null, input_file_id: "file-standin-1", completion_window: "24h", status: "validating", output_file_id: null, error_file_id: null, created_at: 1, request_counts: { total: 1, completed: 0, failed: 0 }, metadata: null, ...extra });
  const messageBatch = (id: string, status = "in_progress") => ({ id, type: "message_batch", processing_status: status, request_counts: { processing: 1, succeeded: 0, errored: 0, canceled: 0, expired: 0 }, ended_at: null, created_at: "2026-01-01T00:00:00Z", expires_at: "2026-01-02T00:00:00Z", archived_at: null, cancel_initiated_at: null, results_url: null });
  const done = (answer: unknown) => (sendJson(res, answer), true);
  if (endpoint === "openai/completions" && body.stream) {
    const chunk = (text: string, finish: string | null) => `data: ${JSON.stringify({ id: "cmpl-standin", object: "text_completion", created: 1, model, choices: [{ index: 0, text, finish_reason: finish, logprobs: null }] })}\n\n`;
    sse(res);
    for (const event of [chunk("Switchyard ", null), chunk("says hello.", "stop"), "data: [DONE]\n\n"]) res.write(event);
    res.end();
    return true;
  }
  if (endpoint === "openai/completions") return done({ id: "cmpl-standin", object: "text_completion", created: 1, model, choices: [{ index: 0, text: TEXT, finish_reason: "stop", logprobs: null }], usage });
  if (endpoint === "openai/images/edits" || endpoint === "openai/images/variations") {
    return later(async () => {
      const form = await multipart(req);
      sendJson(res, { created: 1, data: [{ b64_json: Buffer.from(`stand-in edit of ${(form.get("image") as File | null)?.name}`).toString("base64") }] });
    });
  }
  if (endpoint === "openai/audio/transcriptions" || endpoint === "openai/audio/translations") {
    return later(async () => {
      const form = await multipart(req);
      const audio = form.get("file") as File | null;
      sendJson(res, { text: `stand-in transcript of ${audio?.name} (${audio?.size} bytes) by ${form.get("model")}` });
    });
  }
  if (endpoint === "openai/audio/speech") {
    res.writeHead(200, { "content-type": "audio/mpeg", "x-stand-in": "ai-gateway" });
    res.end(Buffer.from(`stand-in speech: ${String(body.input)}`));
    return true;
  }
  if (endpoint === "openai/moderations") {
    return done({ id: "modr-standin", model, results: [{ flagged: false, categories: { violence: false }, category_scores: { violence: 0.01 }, category_applied_input_types: { violence: ["text"] } }] });
  }
  if (endpoint === "openai/files") {
    return later(async () => {
      const form = await multipart(req);
      const file = form.get("file") as File;
      const id = `file-standin-${uploadedFiles.size + 1}`;
      uploadedFiles.set(id, { filename: file.name, content: await file.text(), bytes: file.size });
      sendJson(res, { id, object: "file", bytes: file.size, created_at: 1, filename: file.name, purpose: form.get("purpose"), status: "processed" });
    });
  }
  const file = /^openai\/files\/([^/]+)(\/content)?$/.exec(endpoint);
  if (file) {
    const found = uploadedFiles.get(file[1]);
    if (!found) return (sendJson(res, { error: { message: "No such File object", type: "invalid_request_error" } }, 404), true);
    if (!file[2]) return done({ id: file[1], object: "file", bytes: found.bytes, created_at: 1, filename: found.filename, purpose: "batch", status: "processed" });
    res.writeHead(200, { "content-type": "application/octet-stream", "x-stand-in": "ai-gateway" });
    res.end(found.content);
    return true;
  }
  if (endpoint === "openai/batches") return done(batch("batch_standin_1", { endpoint: body.endpoint, input_file_id: body.input_file_id, completion_window: body.completion_window }));
  const openaiBatch = /^openai\/batches\/([^/]+)(\/cancel)?$/.exec(endpoint);
  if (openaiBatch) return done(batch(openaiBatch[1], { status: openaiBatch[2] ? "cancelling" : "in_progress" }));
  if (endpoint === "anthropic/v1/messages/count_tokens") return done({ input_tokens: 10 });
  // A batch whose first request's custom_id is "ended" is created ended (its id ends in _ended: below).
  if (endpoint === "anthropic/v1/messages/batches") return done(messageBatch(Array.isArray(body.requests) && body.requests[0]?.custom_id === "ended" ? "msgbatch_standin_ended" : "msgbatch_standin_1"));
  const anthropicResults = /^anthropic\/v1\/messages\/batches\/([^/]+)\/results$/.exec(endpoint);
  if (anthropicResults) {
    const result = { custom_id: "a", result: { type: "succeeded", message: { id: "msg_standin", type: "message", role: "assistant", model: "claude-sonnet-4-6", content: [{ type: "text", text: TEXT }], stop_reason: "end_turn", stop_sequence: null, usage: { input_tokens: 10, output_tokens: 6 } } } };
    res.writeHead(200, { "content-type": "application/binary", "x-stand-in": "ai-gateway" });
    res.end(`${JSON.stringify(result)}\n`);
    return true;
  }
  const anthropicBatch = /^anthropic\/v1\/messages\/batches\/([^/]+)(\/cancel)?$/.exec(endpoint);
  // A batch id ending in _ended has ended: its results_url is at Anthropic, as the API answers it.
  if (anthropicBatch?.[1].endsWith("_ended")) return done({ ...messageBatch(anthropicBatch[1], "ended"), results_url: `https://api.anthropic.com/v1/messages/batches/${anthropicBatch[1]}/results` });
  if (anthropicBatch) return done(messageBatch(anthropicBatch[1], anthropicBatch[2] ? "canceling" : "in_progress"));
  const gemini = /^google-ai-studio\/(v1|v1beta)\/models\/([^:]+):(countTokens|embedContent|batchEmbedContents)$/.exec(endpoint);
  if (gemini?.[3] === "countTokens") return done({ totalTokens: 7 });
  if (gemini?.[3] === "embedContent") return done({ embedding: { values: [0.25, -0.5, 0.75] } });
  if (gemini?.[3] === "batchEmbedContents") return done({ embeddings: (Array.isArray(body.requests) ? body.requests : [0]).map(() => ({ values: [0.25, -0.5, 0.75] })) });
  return false;
}
