/**
 * The AI Gateway providers a stack file may name, and how a client reaches each one's models
 * through the front door. Pure data with no imports: the loader (which refuses what cannot be
 * served), the Worker (which routes by it) and `switchyard smoke` (which calls by it) share it.
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
