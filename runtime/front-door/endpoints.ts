/**
 * Every operation the front door serves: the provider API it belongs to, the endpoint family a
 * key must be scoped to, where its model is, and where it goes on AI Gateway.
 *
 * AI Gateway proxies each provider's own API under /{account_id}/{gateway_id}/{provider}/
 * (cloudflare-docs, read 2026-12, src/content/docs/ai-gateway/usage/providers/):
 * - openai.mdx "URL structure": replace https://api.openai.com/v1 with .../openai, so every
 *   OpenAI path keeps its tail (/openai/files, /openai/audio/speech...);
 * - anthropic.mdx: base URL .../anthropic, then Anthropic's path (/anthropic/v1/messages...);
 * - google-ai-studio.mdx: base URL .../google-ai-studio, "then you can append the endpoint you
 *   want to hit, for example: v1/models/{model}:{generative_ai_rest_resource}" (we keep the
 *   caller's v1 or v1beta);
 * - websockets-api/realtime-api.mdx: OpenAI Realtime is wss://.../openai?model=<model> with
 *   cf-aig-authorization and the OpenAI-Beta header. Gemini Live (.../google) names its model in
 *   the first frame, not the URL, so the front door cannot check it before connecting: not served.
 * Chat completions for other providers' `provider/model` ids and for dynamic routes go to
 * /compat/chat/completions (usage/chat-completion.mdx; stacks/providers.ts says which goes where).
 * Every path names the gateway, so none needs the `cf-aig-gateway-id` header.
 *
 * Paths are the SDKs' own (openai 7.59 resources/*, @anthropic-ai/sdk 1.14 resources/messages and
 * models, @google/genai 3.3 models.* : `{model}:embedContent` is sent as `:batchEmbedContents`,
 * models.list as GET {version}/models). Listing files and batches is not served: they are the
 * provider account's, shared by every workload, so a key would see the others'.
 *
 * What goes upstream is an allow-list per API: the headers and query parameters the provider's
 * API reads, never whatever the client sent (credentials, org and project selectors, gateway
 * controls and encodings stay behind).
 */
import type { EndpointFamily } from "../../stacks/endpoint-families";
import { bareModel, chatCompletionsPath, dynamicName, providerOf, providerOfNativeApi, type Provider } from "../../stacks/providers";
import type { ErrorDialect } from "./refusals";

/** A provider API the front door speaks: its error dialect, and the provider a bare model id means. */
export type Api = ErrorDialect;

export const API_PROVIDER: Readonly<Record<Api, Provider>> = {
  openai: providerOfNativeApi("openai"),
  anthropic: providerOfNativeApi("anthropic"),
  gemini: providerOfNativeApi("gemini"),
};

/** Where an operation's model is read. */
export type ModelIn =
  /** The top-level `model` of a JSON body. */
  | "json"
  /** The `model` field of a multipart form (OpenAI audio transcriptions, image edits). */
  | "form"
  /** Gemini: /{version}/models/{model}:{method}. */
  | "path"
  /** OpenAI Realtime: ?model=. */
  | "query"
  /** OpenAI files.create: a batch input file, every JSONL line's `body.model` (its `url` names the family). */
  | "openai-batch-file"
  /** OpenAI batches.create: models were checked at upload; the `endpoint` names the family. */
  | "openai-batch"
  /** Anthropic messages.batches.create: every `requests[].params.model`. */
  | "anthropic-batch"
  /** A batch or file by id: no model. */
  | "none"
  /** The key's models, in the API's own list or model format (answered by the front door). */
  | "list"
  | "retrieve";

export interface Operation {
  /** The SDK call, for messages and docs: `openai audio.transcriptions.create`. */
  name: string;
  api: Api;
  /** The family a key needs; model lists need none. */
  family: EndpointFamily | null;
  method: "GET" | "POST";
  path: RegExp;
  model: ModelIn;
  /** OpenAI chat completions: reaches other providers (compat endpoint) and dynamic routes. */
  chatCompletions?: true;
  /** A WebSocket upgrade. */
  websocket?: true;
}

const ID = "([^/]+)";
/** Each operation's path as written below, for recogniseEndpoint's index. */
const PATH_TEXT = new WeakMap<Operation, string>();
const op = (name: string, api: Api, family: EndpointFamily | null, method: Operation["method"], path: string, model: ModelIn, extra: Partial<Operation> = {}): Operation => {
  const operation: Operation = { name, api, family, method, path: new RegExp(`^${path}$`), model, ...extra };
  PATH_TEXT.set(operation, path);
  return operation;
};

/** Every operation served, per API. Model lists and retrieves share /v1/models: the SDK's headers say whose (apiOfModelsPath). */
export const OPERATIONS: readonly Operation[] = [
  op("openai chat.completions.create", "openai", "chat", "POST", "/v1/chat/completions", "json", { chatCompletions: true }),
  op("openai responses.create", "openai", "chat", "POST", "/v1/responses", "json"),
  op("openai completions.create", "openai", "chat", "POST", "/v1/completions", "json"),
  op("openai embeddings.create", "openai", "embeddings", "POST", "/v1/embeddings", "json"),
  op("openai images.generate", "openai", "images", "POST", "/v1/images/generations", "json"),
  op("openai images.edit", "openai", "images", "POST", "/v1/images/edits", "form"),
  op("openai images.createVariation", "openai", "images", "POST", "/v1/images/variations", "form"),
  op("openai audio.transcriptions.create", "openai", "audio", "POST", "/v1/audio/transcriptions", "form"),
  op("openai audio.translations.create", "openai", "audio", "POST", "/v1/audio/translations", "form"),
  op("openai audio.speech.create", "openai", "audio", "POST", "/v1/audio/speech", "json"),
  op("openai moderations.create", "openai", "moderations", "POST", "/v1/moderations", "json"),
  op("openai files.create", "openai", "batch", "POST", "/v1/files", "openai-batch-file"),
  op("openai files.retrieve", "openai", "batch", "GET", `/v1/files/${ID}`, "none"),
  op("openai files.content", "openai", "batch", "GET", `/v1/files/${ID}/content`, "none"),
  op("openai batches.create", "openai", "batch", "POST", "/v1/batches", "openai-batch"),
  op("openai batches.retrieve", "openai", "batch", "GET", `/v1/batches/${ID}`, "none"),
  op("openai batches.cancel", "openai", "batch", "POST", `/v1/batches/${ID}/cancel`, "none"),
  op("openai realtime (WebSocket)", "openai", "realtime", "GET", "/v1/realtime", "query", { websocket: true }),
  op("openai models.list", "openai", null, "GET", "/v1/models", "list"),
  op("openai models.retrieve", "openai", null, "GET", `/v1/models/(.+)`, "retrieve"),
  op("anthropic messages.create", "anthropic", "chat", "POST", "/v1/messages", "json"),
  op("anthropic messages.countTokens", "anthropic", "chat", "POST", "/v1/messages/count_tokens", "json"),
  op("anthropic messages.batches.create", "anthropic", "batch", "POST", "/v1/messages/batches", "anthropic-batch"),
  op("anthropic messages.batches.retrieve", "anthropic", "batch", "GET", `/v1/messages/batches/${ID}`, "none"),
  op("anthropic messages.batches.results", "anthropic", "batch", "GET", `/v1/messages/batches/${ID}/results`, "none"),
  op("anthropic messages.batches.cancel", "anthropic", "batch", "POST", `/v1/messages/batches/${ID}/cancel`, "none"),
  op("anthropic models.list", "anthropic", null, "GET", "/v1/models", "list"),
  op("anthropic models.retrieve", "anthropic", null, "GET", `/v1/models/(.+)`, "retrieve"),
  op("google-genai models.generateContent", "gemini", "chat", "POST", `/(v1|v1beta)/models/([^/:]+):(generateContent)`, "path"),
  op("google-genai models.generateContentStream", "gemini", "chat", "POST", `/(v1|v1beta)/models/([^/:]+):(streamGenerateContent)`, "path"),
  op("google-genai models.countTokens", "gemini", "chat", "POST", `/(v1|v1beta)/models/([^/:]+):(countTokens)`, "path"),
  op("google-genai embedContent (REST :embedContent)", "gemini", "embeddings", "POST", `/(v1|v1beta)/models/([^/:]+):(embedContent)`, "path"),
  op("google-genai models.embedContent", "gemini", "embeddings", "POST", `/(v1|v1beta)/models/([^/:]+):(batchEmbedContents)`, "path"),
  op("google-genai models.list", "gemini", null, "GET", "/(v1|v1beta)/models", "list"),
  op("google-genai models.get", "gemini", null, "GET", `/(v1|v1beta)/models/([^/:]+)`, "retrieve"),
];

export interface RecognisedEndpoint {
  op: Operation;
  dialect: ErrorDialect;
  /** The path's captures: an id, or Gemini's version and model (still percent-encoded). */
  captures: string[];
}

/** Whose /v1/models a GET is: the OpenAI, Anthropic and Gemini SDKs all call that path, each with its own headers. */
function apiOfModelsPath(pathname: string, headers: Headers, url: URL): Api {
  if (pathname.startsWith("/v1beta/") || headers.has("x-goog-api-key") || url.searchParams.has("key")) return "gemini";
  if (headers.has("anthropic-version") || headers.has("x-api-key")) return "anthropic";
  return "openai";
}

/** A path with nothing a regular expression reads as more than itself. */
const LITERAL_PATH = /^[A-Za-z0-9/_-]+$/;

/**
 * OPERATIONS indexed for recogniseEndpoint, which answers as if it tried each in order (the
 * first that fits wins): operations on one fixed path by method and path, the others (ids,
 * versions, models in the path) in order behind them. Every request is looked up here.
 */
const BY_LITERAL_PATH = new Map<string, Array<{ order: number; op: Operation }>>();
const PATTERNED: Array<{ order: number; op: Operation }> = [];
OPERATIONS.forEach((op, order) => {
  const literal = PATH_TEXT.get(op)!;
  if (!LITERAL_PATH.test(literal)) PATTERNED.push({ order, op });
  else {
    const key = `${op.method} ${literal}`;
    BY_LITERAL_PATH.set(key, [...(BY_LITERAL_PATH.get(key) ?? []), { order, op }]);
  }
});

/** Recognises the operation from method, path and (for model lists) the SDK's headers; undefined for anything not served. Decodes nothing. */
export function recogniseEndpoint(method: string, url: URL, headers: Headers): RecognisedEndpoint | undefined {
  const pathname = url.pathname;
  const path = pathname.endsWith("/") ? pathname.replace(/\/+$/, "") : pathname;
  const modelsApi = method === "GET" && /^\/(v1|v1beta)\/models(\/|$)/.test(path) ? apiOfModelsPath(path, headers, url) : undefined;
  const fits = (op: Operation): boolean => modelsApi === undefined || op.api === modelsApi;
  let found: { order: number; op: Operation; captures: string[] } | undefined;
  for (const candidate of BY_LITERAL_PATH.get(`${method} ${path}`) ?? []) {
    if (fits(candidate.op)) {
      found = { ...candidate, captures: [] };
      break;
    }
  }
  for (const candidate of PATTERNED) {
    if (found !== undefined && candidate.order > found.order) break;
    if (candidate.op.method !== method || !fits(candidate.op)) continue;
    const match = candidate.op.path.exec(path);
    if (match) {
      found = { ...candidate, captures: match.slice(1) };
      break;
    }
  }
  return found && { op: found.op, dialect: found.op.api, captures: found.captures };
}

/** Guesses the caller's SDK for refusals on paths the front door does not serve. */
export function dialectForUnknownPath(pathname: string, headers: Headers): ErrorDialect {
  if (pathname.startsWith("/v1beta") || headers.has("x-goog-api-key")) return "gemini";
  if (headers.has("x-api-key") || headers.has("anthropic-version")) return "anthropic";
  return "openai";
}

/** Gemini paths: the caller's API version and the model segment, still percent-encoded. */
export function geminiPath(endpoint: RecognisedEndpoint): { version: string; model: string; method: string } | undefined {
  if (endpoint.op.api !== "gemini" || endpoint.op.model !== "path") return undefined;
  const [version, model, method] = endpoint.captures;
  return { version, model, method };
}

export interface UpstreamTarget {
  /** Path under {base}/{account}/{gateway}/. */
  path: string;
  /** The model id the upstream request must carry in its body or query (undefined: in the path, or none). */
  model?: string;
}

/** The operation's own path on the gateway: the provider's slug, then the provider's path (OpenAI's without /v1). */
function nativePath(endpoint: RecognisedEndpoint, pathname: string): string {
  const path = pathname.endsWith("/") ? pathname.replace(/\/+$/, "") : pathname;
  const provider = API_PROVIDER[endpoint.op.api];
  return endpoint.op.api === "openai" ? `${provider}${path.slice("/v1".length)}` : `${provider}${path}`;
}

/**
 * Upstream path for a request already in scope. `target` is a `provider/model` id, or
 * `dynamic/<graph>` (the Cloudflare name of the route graph to serve), or undefined for an
 * operation without a model. Undefined when the gateway serves the model on no path this
 * operation can reach.
 */
export function upstreamTarget(endpoint: RecognisedEndpoint, pathname: string, target: string | undefined): UpstreamTarget | undefined {
  const { op: operation } = endpoint;
  if (target === undefined) return { path: nativePath(endpoint, pathname) };
  if (operation.chatCompletions) {
    if (dynamicName(target) !== undefined) return { path: "compat/chat/completions", model: target };
    const path = chatCompletionsPath(target);
    if (path === undefined) return undefined;
    // The compat endpoint takes provider/model; a provider's own path takes its bare id.
    return { path, model: path.startsWith("compat/") ? target : bareModel(target) };
  }
  if (providerOf(target) !== API_PROVIDER[operation.api]) return undefined;
  const gemini = geminiPath(endpoint);
  if (gemini) return { path: `${API_PROVIDER.gemini}/${gemini.version}/models/${encodeURIComponent(bareModel(target))}:${gemini.method}` };
  // Realtime: the model travels as ?model= on the provider's base (realtime-api.mdx).
  if (operation.websocket) return { path: API_PROVIDER[operation.api], model: bareModel(target) };
  return { path: nativePath(endpoint, pathname), model: bareModel(target) };
}

/** Whether the operation can reach `model` (`provider/model` or `dynamic/<route>`) on the gateway: upstreamTarget's rule, for the decision records. */
export function operationReaches(operation: Operation, model: string): boolean {
  if (operation.family === null) return false;
  if (operation.chatCompletions) return dynamicName(model) !== undefined || chatCompletionsPath(model) !== undefined;
  return dynamicName(model) === undefined && providerOf(model) === API_PROVIDER[operation.api];
}

/** Request headers each API reads besides content-type and accept: anthropic-version is required and anthropic-beta turns features on (Anthropic API versioning). */
const API_HEADERS: Readonly<Record<Api, readonly string[]>> = {
  openai: ["openai-beta"],
  anthropic: ["anthropic-version", "anthropic-beta"],
  gemini: [],
};

/** Query parameters each API reads: alt=sse selects server-sent events for streamGenerateContent; the Anthropic SDK's beta resources add ?beta=true. */
const API_QUERY: Readonly<Record<Api, readonly string[]>> = {
  openai: [],
  anthropic: ["beta"],
  gemini: ["alt"],
};

/** Request headers for AI Gateway: the API's allow-list (the front door adds its own). `contentType` null: none of ours (no body, or a form the runtime frames). */
export function forwardedHeaders(api: Api, client: Headers, contentType: string | null = "application/json"): Record<string, string> {
  const out: Record<string, string> = contentType === null ? {} : { "content-type": contentType };
  for (const name of ["accept", ...API_HEADERS[api]]) {
    const value = client.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}

/** The request URL's query for upstream: the API's allow-list only, and the model where it travels in the query. */
export function forwardedQuery(api: Api, url: URL, model?: string): string {
  // Most requests carry no query the API reads, and no model for one: nothing to build.
  if (model === undefined && (API_QUERY[api].length === 0 || url.search === "")) return "";
  const out = new URLSearchParams();
  if (model !== undefined) out.set("model", model);
  for (const name of API_QUERY[api]) for (const value of url.searchParams.getAll(name)) out.append(name, value);
  const text = out.toString();
  return text ? `?${text}` : "";
}
