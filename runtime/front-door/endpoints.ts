/**
 * The endpoint families the front door serves, what each forwards, and where AI Gateway serves it.
 *
 * Upstream URL shapes follow Cloudflare's AI Gateway docs (cloudflare-docs, read 2026-11):
 * - provider endpoints: https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}/{provider}/...
 *   OpenAI: /openai/chat/completions, /openai/responses, /openai/embeddings, /openai/images/generations
 *   (usage/providers/openai.mdx shows chat completions; the other three are OpenAI's own paths
 *   appended the same way: UNVERIFIED per path); Anthropic: /anthropic/v1/messages
 *   (providers/anthropic.mdx); Google AI Studio: /google-ai-studio/{v1|v1beta}/models/{model}:{method}
 *   (providers/google-ai-studio.mdx shows v1; we keep the caller's version, v1beta UNVERIFIED);
 *   OpenRouter: /openrouter/chat/completions (see stacks/providers.ts).
 * - chat completions for other providers' `provider/model` ids, and for dynamic routes
 *   (`model: "dynamic/<route>"`, OpenAI chat-completions shape only: features/dynamic-routing/usage.mdx),
 *   go to /compat/chat/completions; stacks/providers.ts says which provider goes where.
 * - All of these name the gateway in the path, so none needs the `cf-aig-gateway-id` header.
 *
 * What goes upstream is an allow-list per family: the headers and query parameters the
 * provider's API reads, never whatever the client sent (credentials, org and project selectors,
 * gateway controls and encodings stay behind).
 */
import { bareModel, chatCompletionsPath, dynamicName, providerOf, providerOfNativeApi, type Provider } from "../../stacks/providers";
import type { ErrorDialect } from "./refusals";

export type EndpointFamily =
  | "openai-chat"
  | "openai-responses"
  | "openai-embeddings"
  | "openai-images"
  | "openai-models"
  | "anthropic-messages"
  | "gemini-generate"
  | "gemini-stream";

/** Families that carry a model and go upstream. */
export type ForwardedFamily = Exclude<EndpointFamily, "openai-models">;

interface FamilySpec {
  dialect: ErrorDialect;
  /** Whose API the family is: a bare model id belongs to that provider. */
  provider: Provider;
  /** Request headers forwarded as sent (content-type and accept are always set). */
  headers: readonly string[];
  /** Query parameters forwarded as sent. */
  query: readonly string[];
}

const OPENAI: Omit<FamilySpec, "dialect"> = { provider: providerOfNativeApi("openai"), headers: ["openai-beta"], query: [] };
const GEMINI: Omit<FamilySpec, "dialect"> = { provider: providerOfNativeApi("gemini"), headers: [], query: ["alt"] };

export const FAMILIES: Readonly<Record<ForwardedFamily, FamilySpec>> = {
  "openai-chat": { dialect: "openai", ...OPENAI },
  "openai-responses": { dialect: "openai", ...OPENAI },
  "openai-embeddings": { dialect: "openai", ...OPENAI },
  "openai-images": { dialect: "openai", ...OPENAI },
  // anthropic-version is required and anthropic-beta turns features on (Anthropic API versioning);
  // the SDK's beta resources add ?beta=true.
  "anthropic-messages": { dialect: "anthropic", provider: providerOfNativeApi("anthropic"), headers: ["anthropic-version", "anthropic-beta"], query: ["beta"] },
  // alt=sse selects server-sent events for streamGenerateContent.
  "gemini-generate": { dialect: "gemini", ...GEMINI },
  "gemini-stream": { dialect: "gemini", ...GEMINI },
};

export interface RecognisedEndpoint {
  family: EndpointFamily;
  dialect: ErrorDialect;
  method: "GET" | "POST";
  /** Gemini only: the model segment of the path, still percent-encoded, and the caller's API version. */
  pathModel?: string;
  apiVersion?: string;
}

const OPENAI_PATHS: Record<string, EndpointFamily> = {
  "/v1/chat/completions": "openai-chat",
  "/v1/responses": "openai-responses",
  "/v1/embeddings": "openai-embeddings",
  "/v1/images/generations": "openai-images",
};

const GEMINI_PATH = /^\/(v1|v1beta)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** Recognises the endpoint from method and path; undefined for anything the front door does not serve. Decodes nothing. */
export function recogniseEndpoint(method: string, pathname: string): RecognisedEndpoint | undefined {
  const path = pathname.replace(/\/+$/, "");
  if (method === "GET" && path === "/v1/models") return { family: "openai-models", dialect: "openai", method: "GET" };
  if (method !== "POST") return undefined;
  const openai = OPENAI_PATHS[path];
  if (openai) return { family: openai, dialect: "openai", method: "POST" };
  if (path === "/v1/messages") return { family: "anthropic-messages", dialect: "anthropic", method: "POST" };
  const gemini = GEMINI_PATH.exec(path);
  if (gemini) return { family: gemini[3] === "generateContent" ? "gemini-generate" : "gemini-stream", dialect: "gemini", method: "POST", pathModel: gemini[2], apiVersion: gemini[1] };
  return undefined;
}

/** Guesses the caller's SDK for refusals on paths the front door does not serve. */
export function dialectForUnknownPath(pathname: string, headers: Headers): ErrorDialect {
  if (pathname.startsWith("/v1beta") || headers.has("x-goog-api-key")) return "gemini";
  if (headers.has("x-api-key") || headers.has("anthropic-version")) return "anthropic";
  return "openai";
}

export interface UpstreamTarget {
  /** Path under {base}/{account}/{gateway}/. */
  path: string;
  /** The model id the upstream body must carry (undefined: the model is in the path). */
  bodyModel?: string;
}

/**
 * Upstream path for a request already in scope. `target` is a `provider/model` id, or
 * `dynamic/<graph>` (the Cloudflare name of the route graph to serve). Undefined when the
 * gateway serves the model on no path this family can reach.
 */
export function upstreamTarget(endpoint: RecognisedEndpoint, target: string): UpstreamTarget | undefined {
  const family = endpoint.family as ForwardedFamily;
  const native = FAMILIES[family].provider;
  if (family === "openai-chat") {
    if (dynamicName(target) !== undefined) return { path: "compat/chat/completions", bodyModel: target };
    const path = chatCompletionsPath(target);
    if (path === undefined) return undefined;
    // The compat endpoint takes provider/model; a provider's own path takes its bare id.
    return { path, bodyModel: path.startsWith("compat/") ? target : bareModel(target) };
  }
  if (providerOf(target) !== native) return undefined;
  switch (family) {
    case "openai-responses":
      return { path: "openai/responses", bodyModel: bareModel(target) };
    case "openai-embeddings":
      return { path: "openai/embeddings", bodyModel: bareModel(target) };
    case "openai-images":
      return { path: "openai/images/generations", bodyModel: bareModel(target) };
    case "anthropic-messages":
      return { path: "anthropic/v1/messages", bodyModel: bareModel(target) };
    case "gemini-generate":
    case "gemini-stream":
      return { path: `google-ai-studio/${endpoint.apiVersion}/models/${encodeURIComponent(bareModel(target))}:${family === "gemini-generate" ? "generateContent" : "streamGenerateContent"}` };
  }
}

/** Request headers for AI Gateway: the family's allow-list (the front door adds its own). */
export function forwardedHeaders(family: ForwardedFamily, client: Headers): Record<string, string> {
  const out: Record<string, string> = { "content-type": "application/json" };
  for (const name of ["accept", ...FAMILIES[family].headers]) {
    const value = client.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}

/** The request URL's query for upstream: the family's allow-list only. */
export function forwardedQuery(family: ForwardedFamily, url: URL): string {
  const out = new URLSearchParams();
  for (const name of FAMILIES[family].query) for (const value of url.searchParams.getAll(name)) out.append(name, value);
  const text = out.toString();
  return text ? `?${text}` : "";
}
