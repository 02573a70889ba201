/**
 * What a smoke call is and how its answer is read: the prompt, the row of results, and one reader
 * for the documented answer shapes of the four APIs smoke speaks (OpenAI chat completions and
 * embeddings, Anthropic Messages, Gemini generateContent), whether the answer came as an HTTP body
 * through the front door or as an SDK's objects straight from the provider.
 */
export interface SmokePrompt {
  id: string;
  text: string;
  /** "chat" (default) runs on every generative model; "embedding" only on embedding models. */
  kind?: "chat" | "embedding";
  stream?: boolean;
  maxTokens?: number;
  /** Case-insensitive text the answer must contain. */
  contains?: string;
}

export type SmokeApi = "openai-chat" | "openai-embeddings" | "anthropic-messages" | "gemini-generate";

/** Which graph of a route to call: the front door's `x-switchyard-target`. */
export type RouteTarget = "primary" | "rollback";

export interface SmokeResult {
  model: string;
  prompt: string;
  api: SmokeApi | "-";
  outcome: "ok" | "fail" | "skip";
  httpStatus?: number;
  /** What the answer looked like: e.g. chat.completion, chat.completion.chunk x5, message, embedding[1536]. */
  shape: string;
  /** The model the answer names. */
  answeredBy?: string;
  inputTokens?: number;
  outputTokens?: number;
  latencyMs: number;
  /** Streams: milliseconds to the first byte of the body. */
  firstByteMs?: number;
  error?: string;
  /** When the call was sent (ISO); through the front door, the log id AI Gateway answered with (`cf-aig-log-id`). */
  at?: string;
  logId?: string;
}

/** Data payloads of a server-sent event stream. */
export function sseData(text: string): unknown[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trim())
    .filter((data) => data && data !== "[DONE]")
    .map((data) => JSON.parse(data) as unknown);
}

export interface Answer {
  shape: string;
  text: string;
  /** The model the answer says answered it (OpenAI and Anthropic `model`, Gemini `modelVersion`). */
  answeredBy?: string;
  inputTokens?: number;
  outputTokens?: number;
}

type AnyJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Reads an answer from its HTTP body in the API's documented shape; throws naming what is missing. */
export function parseAnswer(api: SmokeApi, stream: boolean, body: string): Answer {
  return readAnswer(api, stream && api !== "openai-embeddings", stream && api !== "openai-embeddings" ? sseData(body) : JSON.parse(body));
}

/**
 * Reads an answer already parsed: a JSON body, or a stream's events in order. The front door's
 * bodies and the provider SDKs' objects (which carry the same fields) go through this one reader,
 * so the two paths of --compare-direct are described alike.
 */
export function readAnswer(api: SmokeApi, stream: boolean, payload: unknown): Answer {
  const need = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`response shape: ${what}`);
  };
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  if (!stream) {
    const b = (payload ?? {}) as AnyJson;
    if (api === "openai-embeddings") {
      need(b.object === "list" && Array.isArray(b.data) && Array.isArray(b.data[0]?.embedding), "expected { object: list, data: [{ embedding: [...] }] }");
      return { shape: `embedding[${b.data[0].embedding.length}]`, text: "", answeredBy: str(b.model), inputTokens: b.usage?.prompt_tokens };
    }
    if (api === "openai-chat") {
      need(b.object === "chat.completion" && Array.isArray(b.choices), "expected a chat.completion with choices");
      return { shape: "chat.completion", text: String(b.choices[0]?.message?.content ?? ""), answeredBy: str(b.model), inputTokens: b.usage?.prompt_tokens, outputTokens: b.usage?.completion_tokens };
    }
    if (api === "anthropic-messages") {
      need(b.type === "message" && Array.isArray(b.content), "expected a message with content blocks");
      return { shape: "message", text: b.content.filter((c: AnyJson) => c.type === "text").map((c: AnyJson) => c.text).join(""), answeredBy: str(b.model), inputTokens: b.usage?.input_tokens, outputTokens: b.usage?.output_tokens };
    }
    need(Array.isArray(b.candidates), "expected candidates");
    return { shape: "generateContent", text: (b.candidates[0]?.content?.parts ?? []).map((p: AnyJson) => p.text ?? "").join(""), answeredBy: str(b.modelVersion), inputTokens: b.usageMetadata?.promptTokenCount, outputTokens: b.usageMetadata?.candidatesTokenCount };
  }
  const events = (Array.isArray(payload) ? payload : []) as AnyJson[];
  need(events.length > 0, "an empty event stream");
  if (api === "openai-chat") {
    need(events.every((e) => e.object === "chat.completion.chunk"), "expected chat.completion.chunk events");
    const usage = events.find((e) => e.usage)?.usage;
    return { shape: `chat.completion.chunk x${events.length}`, text: events.map((e) => e.choices?.[0]?.delta?.content ?? "").join(""), answeredBy: str(events[0].model), inputTokens: usage?.prompt_tokens, outputTokens: usage?.completion_tokens };
  }
  if (api === "anthropic-messages") {
    need(events[0].type === "message_start" && events.some((e) => e.type === "message_stop"), "expected message_start ... message_stop");
    const output = events.filter((e) => e.type === "message_delta").map((e) => e.usage?.output_tokens).filter((n) => typeof n === "number").at(-1);
    return { shape: `message events x${events.length}`, text: events.filter((e) => e.delta?.type === "text_delta").map((e) => e.delta.text).join(""), answeredBy: str(events[0].message?.model), inputTokens: events[0].message?.usage?.input_tokens, outputTokens: output };
  }
  need(events.every((e) => Array.isArray(e.candidates)), "expected candidates in every event");
  const usage = events.at(-1)?.usageMetadata;
  return { shape: `generateContent chunks x${events.length}`, text: events.map((e) => (e.candidates[0]?.content?.parts ?? []).map((p: AnyJson) => p.text ?? "").join("")).join(""), answeredBy: str(events.at(-1)?.modelVersion), inputTokens: usage?.promptTokenCount, outputTokens: usage?.candidatesTokenCount };
}

export const redact = (text: string, key: string): string => (key ? text.split(key).join("***") : text);

/** Fills a row from an answer: its shape, model and usage, and whether it passes the prompt's expectations. */
export function judgeAnswer(row: SmokeResult, api: SmokeApi, prompt: SmokePrompt, answer: Answer): void {
  Object.assign(row, { shape: answer.shape, ...(answer.answeredBy !== undefined ? { answeredBy: answer.answeredBy } : {}), inputTokens: answer.inputTokens, outputTokens: answer.outputTokens });
  if (api !== "openai-embeddings" && answer.text.trim() === "") row.error = "empty answer";
  else if (answer.inputTokens === undefined) row.error = "no token usage reported";
  else if (prompt.contains && !answer.text.toLowerCase().includes(prompt.contains.toLowerCase())) row.error = `answer does not contain "${prompt.contains}"`;
  else row.outcome = "ok";
}

