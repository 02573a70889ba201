/**
 * The AI Gateway providers a stack file may name, how a client reaches each one's models
 * through the front door, and where each one's own API is (DIRECT_APIS). Pure data with no
 * imports: the loader (which refuses what cannot be served), the Worker (which routes by it),
 * `switchyard smoke` (which calls by it) and the decision records share it.
 *
 * Sources (cloudflare-docs, read 2026-11):
 * - slugs: src/content/docs/ai-gateway/usage/providers/*.mdx; xAI's is `grok`
 *   (providers/grok.mdx: path /grok, compat model `grok/{model}`), not `xai`;
 * - the compat endpoint's providers: usage/chat-completion.mdx "Supported Providers" (Anthropic,
 *   OpenAI, Groq, Mistral, Cohere, Perplexity, Workers AI, Google AI Studio, Google Vertex AI,
 *   xAI, DeepSeek, Cerebras, Baseten, Parallel): not aws-bedrock, azure-openai nor openrouter;
 * - dynamic routes are called on the compat endpoint (features/dynamic-routing/usage.mdx), so a
 *   route's targets are limited to the compat providers;
 * - OpenRouter's own path is OpenAI chat completions at /openrouter/chat/completions
 *   (providers/openrouter.mdx: "URL structure" and its OpenAI SDK example; its cURL example
 *   shows /openrouter/v1/chat/completions: UNVERIFIED which one the gateway serves).
 */
export const PROVIDERS = [
  "openai",
  "anthropic",
  "google-ai-studio",
  "google-vertex-ai",
  "aws-bedrock",
  "azure-openai",
  "deepseek",
  "mistral",
  "groq",
  "grok",
  "openrouter",
  "workers-ai",
] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Slugs people reach for that AI Gateway spells otherwise. */
export const MISSPELLED_PROVIDERS: Readonly<Record<string, Provider>> = { xai: "grok" };

/** The provider's own API that the front door forwards on its gateway path. */
export type NativeApi = "openai" | "anthropic" | "gemini" | "openai-chat";

export interface GatewayServing {
  /** Served by the compat endpoint (/compat/chat/completions) as `provider/model`. */
  compat: boolean;
  /** The provider's own API, forwarded to /<provider>/... on the gateway. */
  native?: NativeApi;
  /** Why the front door cannot call it, when neither of the above. */
  unservedBecause?: string;
}

export const GATEWAY_SERVING: Readonly<Record<Provider, GatewayServing>> = {
  openai: { compat: true, native: "openai" },
  anthropic: { compat: true, native: "anthropic" },
  "google-ai-studio": { compat: true, native: "gemini" },
  "google-vertex-ai": { compat: true },
  "aws-bedrock": { compat: false, unservedBecause: "its own API needs requests signed with AWS credentials, which the front door does not hold" },
  "azure-openai": { compat: false, unservedBecause: "its own API needs the Azure resource and deployment in the URL, which a model id does not carry" },
  deepseek: { compat: true },
  mistral: { compat: true },
  groq: { compat: true },
  grok: { compat: true },
  openrouter: { compat: false, native: "openai-chat" },
  "workers-ai": { compat: true },
};

/**
 * A dynamic route is called as model `dynamic/<name>` (features/dynamic-routing/usage.mdx): the
 * route's label in the key table and at the front door, its graph's Cloudflare name upstream.
 */
export const DYNAMIC_PREFIX = "dynamic/";

/** `dynamic/<name>`: the model that calls a route. */
export function dynamicModel(name: string): string {
  return `${DYNAMIC_PREFIX}${name}`;
}

/** The name in a `dynamic/<name>` model; undefined for a `provider/model` id. */
export function dynamicName(model: string): string | undefined {
  return model.startsWith(DYNAMIC_PREFIX) ? model.slice(DYNAMIC_PREFIX.length) : undefined;
}

/** The provider part of a `provider/model` id. */
export function providerOf(model: string): Provider {
  return model.slice(0, model.indexOf("/")) as Provider;
}

/** The model id without its provider: what the provider's own API expects. */
export function bareModel(model: string): string {
  return model.slice(model.indexOf("/") + 1);
}

/** The provider whose own API is `api` (each native API belongs to exactly one provider). */
export function providerOfNativeApi(api: Exclude<NativeApi, "openai-chat">): Provider {
  return PROVIDERS.find((p) => GATEWAY_SERVING[p].native === api)!;
}

/**
 * Where an OpenAI chat-completions request for `model` goes on the gateway: the provider's own
 * chat path, or the compat endpoint; undefined when the gateway serves neither.
 */
export function chatCompletionsPath(model: string): string | undefined {
  const provider = providerOf(model);
  const serving = GATEWAY_SERVING[provider];
  if (serving === undefined) return undefined;
  if (serving.native === "openai" || serving.native === "openai-chat") return `${provider}/chat/completions`;
  return serving.compat ? "compat/chat/completions" : undefined;
}

/** Why a workload's gateway model of this provider cannot be called, or undefined when it can. */
export function whyNotCallable(provider: Provider): string | undefined {
  const serving = GATEWAY_SERVING[provider];
  if (serving.compat || serving.native) return undefined;
  return `AI Gateway's OpenAI-compatible endpoint does not serve ${provider}, and ${serving.unservedBecause ?? "the front door has no path for it"}`;
}

/** Why a route cannot target this provider, or undefined when it can. */
export function whyNotRoutable(provider: Provider): string | undefined {
  return GATEWAY_SERVING[provider].compat ? undefined : `dynamic routes run on AI Gateway's OpenAI-compatible endpoint, which does not serve ${provider}`;
}

/** The official SDK a client calls a provider's own API with. */
export type DirectSdk = "openai" | "anthropic" | "google-genai";

export interface DirectApi {
  /** The provider's own API base URL, as its SDK takes it; `{region}`, `{resource}` or `{account_id}` stand for what varies per account. */
  baseUrl: string;
  /** The SDK `switchyard smoke --compare-direct` calls it with; absent where that needs more than a key (request signing, a resource name). */
  sdk?: DirectSdk;
  /** The environment variable the provider's docs name for its API key; smoke reads the key from it. */
  keyEnv?: string;
  /** The environment variable that replaces baseUrl (the SDK's own where it has one), e.g. for a proxy or a test stand-in. */
  baseUrlEnv?: string;
}

/**
 * Each provider's own API, where a workload calls it without the gateway: the decision record's
 * current base URL of a direct workload, the sprawl count's base URLs, and smoke's direct path.
 * Sources: the SDKs' defaults (openai 7.59 client.js `https://api.openai.com/v1`, OPENAI_API_KEY,
 * OPENAI_BASE_URL; @anthropic-ai/sdk 1.14 client.js `https://api.anthropic.com`, ANTHROPIC_API_KEY,
 * ANTHROPIC_BASE_URL; @google/genai 3.3 `https://generativelanguage.googleapis.com/`,
 * GEMINI_API_KEY, GOOGLE_GEMINI_BASE_URL); providers' OpenAI-SDK pages:
 * Mistral https://api.mistral.ai/v1 (docs.mistral.ai), Groq https://api.groq.com/openai/v1
 * (console.groq.com/docs/openai), DeepSeek https://api.deepseek.com (api-docs.deepseek.com, "Your
 * First API Call"), xAI https://api.x.ai/v1 (docs.x.ai/api/integrations), OpenRouter
 * https://openrouter.ai/api/v1 (openrouter.ai/docs quickstart); Bedrock runtime, Vertex AI, Azure
 * OpenAI and Workers AI per region, project, resource or account.
 */
export const DIRECT_APIS: Readonly<Record<Provider, DirectApi>> = {
  openai: { baseUrl: "https://api.openai.com/v1", sdk: "openai", keyEnv: "OPENAI_API_KEY", baseUrlEnv: "OPENAI_BASE_URL" },
  anthropic: { baseUrl: "https://api.anthropic.com", sdk: "anthropic", keyEnv: "ANTHROPIC_API_KEY", baseUrlEnv: "ANTHROPIC_BASE_URL" },
  "google-ai-studio": { baseUrl: "https://generativelanguage.googleapis.com", sdk: "google-genai", keyEnv: "GEMINI_API_KEY", baseUrlEnv: "GOOGLE_GEMINI_BASE_URL" },
  "google-vertex-ai": { baseUrl: "https://{region}-aiplatform.googleapis.com" },
  "aws-bedrock": { baseUrl: "https://bedrock-runtime.{region}.amazonaws.com" },
  "azure-openai": { baseUrl: "https://{resource}.openai.azure.com/openai" },
  deepseek: { baseUrl: "https://api.deepseek.com", sdk: "openai", keyEnv: "DEEPSEEK_API_KEY", baseUrlEnv: "DEEPSEEK_BASE_URL" },
  mistral: { baseUrl: "https://api.mistral.ai/v1", sdk: "openai", keyEnv: "MISTRAL_API_KEY", baseUrlEnv: "MISTRAL_BASE_URL" },
  groq: { baseUrl: "https://api.groq.com/openai/v1", sdk: "openai", keyEnv: "GROQ_API_KEY", baseUrlEnv: "GROQ_BASE_URL" },
  grok: { baseUrl: "https://api.x.ai/v1", sdk: "openai", keyEnv: "XAI_API_KEY", baseUrlEnv: "XAI_BASE_URL" },
  openrouter: { baseUrl: "https://openrouter.ai/api/v1", sdk: "openai", keyEnv: "OPENROUTER_API_KEY", baseUrlEnv: "OPENROUTER_BASE_URL" },
  "workers-ai": { baseUrl: "https://api.cloudflare.com/client/v4/accounts/{account_id}/ai/v1" },
};

/** The URL applications call when there is no front door: the gateway's OpenAI-compatible endpoint. */
export function gatewayCompatUrl(accountId: string, gatewayId: string): string {
  return `https://gateway.ai.cloudflare.com/v1/${accountId}/${gatewayId}/compat`;
}
