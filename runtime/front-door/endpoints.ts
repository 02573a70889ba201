/**
 * Which endpoint family a request path belongs to, and where AI Gateway serves it.
 *
 * Upstream URL shapes follow Cloudflare's AI Gateway docs (read November 2026):
 * - provider endpoints: https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}/{provider}/...
 *   OpenAI: /openai/chat/completions, /openai/responses, /openai/embeddings, /openai/images/generations
 *   (developers.cloudflare.com/ai-gateway/usage/providers/openai/; chat completions is the docs'
 *   example, the other three are OpenAI's own paths appended the same way: UNVERIFIED per path);
 *   Anthropic: /anthropic/v1/messages (providers/anthropic/);
 *   Google AI Studio: /google-ai-studio/{v1|v1beta}/models/{model}:{method}
 *   (usage/providers/google-ai-studio/; the docs show v1, the Gemini SDK calls v1beta: we keep the
 *   caller's version, v1beta through the gateway is UNVERIFIED).
 * - dynamic routes: `model: "dynamic/<route>"` on /compat/chat/completions; routes accept only the
 *   OpenAI chat-completions shape (ai-gateway/features/dynamic-routing/usage/ and usage/chat-completion/).
 *   Plain `provider/model` ids of other providers on chat completions also go to /compat (the
 *   unified endpoint, deprecated for single-model calls but still served).
 * - All of these name the gateway in the path, so none needs the `cf-aig-gateway-id` header (that
 *   header is for the api.cloudflare.com REST endpoints, which the front door does not use).
 */
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

export interface RecognisedEndpoint {
  family: EndpointFamily;
  dialect: ErrorDialect;
  method: "GET" | "POST";
  /** Gemini only: the model named in the path, and the API version the caller used. */
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

/** Recognises the endpoint from method and path; undefined for anything the front door does not serve. */
export function recogniseEndpoint(method: string, pathname: string): RecognisedEndpoint | undefined {
  const path = pathname.replace(/\/+$/, "");
  if (method === "GET" && path === "/v1/models") return { family: "openai-models", dialect: "openai", method: "GET" };
  if (method !== "POST") return undefined;
  const openai = OPENAI_PATHS[path];
  if (openai) return { family: openai, dialect: "openai", method: "POST" };
  if (path === "/v1/messages") return { family: "anthropic-messages", dialect: "anthropic", method: "POST" };
  const gemini = GEMINI_PATH.exec(path);
  if (gemini) {
    return {
      family: gemini[3] === "generateContent" ? "gemini-generate" : "gemini-stream",
      dialect: "gemini",
      method: "POST",
      pathModel: decodeURIComponent(gemini[2]),
      apiVersion: gemini[1],
    };
  }
  return undefined;
}

/** Guesses the caller's SDK for refusals on paths the front door does not serve. */
export function dialectForUnknownPath(pathname: string, headers: Headers): ErrorDialect {
  if (pathname.startsWith("/v1beta") || headers.has("x-goog-api-key")) return "gemini";
  if (headers.has("x-api-key") || headers.has("anthropic-version")) return "anthropic";
  return "openai";
}

/** The provider whose native API each family speaks. */
export const FAMILY_PROVIDER: Record<Exclude<EndpointFamily, "openai-models">, string> = {
  "openai-chat": "openai",
  "openai-responses": "openai",
  "openai-embeddings": "openai",
  "openai-images": "openai",
  "anthropic-messages": "anthropic",
  "gemini-generate": "google-ai-studio",
  "gemini-stream": "google-ai-studio",
};

export interface UpstreamTarget {
  /** Path under {base}/{account}/{gateway}/. */
  path: string;
  /** The model id the upstream body must carry (undefined: leave the body as sent). */
  bodyModel?: string;
}

/**
 * Upstream path for a request already in scope. `target` is either `dynamic/<route>` or a
 * `provider/model` id; `native` is true when the model belongs to the family's own provider.
 */
export function upstreamTarget(endpoint: RecognisedEndpoint, target: string): UpstreamTarget {
  const family = endpoint.family as Exclude<EndpointFamily, "openai-models">;
  const provider = FAMILY_PROVIDER[family];
  const bare = target.startsWith(`${provider}/`) ? target.slice(provider.length + 1) : target;
  switch (family) {
    case "openai-chat":
      if (target.startsWith("dynamic/") || !target.startsWith("openai/")) return { path: "compat/chat/completions", bodyModel: target };
      return { path: "openai/chat/completions", bodyModel: bare };
    case "openai-responses":
      return { path: "openai/responses", bodyModel: bare };
    case "openai-embeddings":
      return { path: "openai/embeddings", bodyModel: bare };
    case "openai-images":
      return { path: "openai/images/generations", bodyModel: bare };
    case "anthropic-messages":
      return { path: "anthropic/v1/messages", bodyModel: bare };
    case "gemini-generate":
    case "gemini-stream":
      return { path: `google-ai-studio/${endpoint.apiVersion}/models/${encodeURIComponent(bare)}:${family === "gemini-generate" ? "generateContent" : "streamGenerateContent"}` };
  }
}
