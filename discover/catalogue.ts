/**
 * What `switchyard discover` recognises, as data: the clients of the official SDKs and common
 * frameworks (by module and export), the methods that call a model (with the endpoint family they
 * reach), and the providers' API hosts. Both readers (typescript.ts, python.ts) look things up
 * here; neither knows an SDK by name.
 *
 * Sources (read 2026-12): the SDKs' own constructors and defaults (openai 7.59 client.js and
 * openai-python `_client.py`: base_url / OPENAI_BASE_URL, api_key / OPENAI_API_KEY;
 * @anthropic-ai/sdk 1.14 and anthropic-python: ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY;
 * @google/genai 3.3 and google-genai: GEMINI_API_KEY or GOOGLE_API_KEY, httpOptions.baseUrl;
 * google-generativeai: genai.configure(api_key=...), GenerativeModel(model_name);
 * boto3/botocore `bedrock-runtime` (invoke_model, converse, modelId) and
 * @aws-sdk/client-bedrock-runtime (InvokeModelCommand, ConverseCommand);
 * mistralai (Mistral(api_key, server_url), chat.complete); groq (Groq, GROQ_API_KEY, OpenAI's
 * shape); cohere (Client/ClientV2(api_key, base_url), CohereClient({ token })); LangChain's
 * provider packages (ChatOpenAI(model, api_key|openai_api_key, base_url|openai_api_base|
 * configuration.baseURL), ChatAnthropic(anthropic_api_url), ChatGoogleGenerativeAI(google_api_key),
 * ChatBedrock(model_id)/ChatBedrockConverse, ChatMistralAI, ChatGroq, ChatCohere); LiteLLM's SDK
 * (completion/acompletion/embedding(model="provider/model", api_base, api_key)); Vercel's AI SDK
 * providers (@ai-sdk/openai createOpenAI({ baseURL, apiKey }), a provider instance called with a
 * model id, OPENAI_API_KEY / ANTHROPIC_API_KEY / GOOGLE_GENERATIVE_AI_API_KEY).
 * Base URLs and key variables of the providers the stack file knows come from stacks/providers.ts.
 */
import type { EndpointFamily } from "../stacks/endpoint-families";
import { DIRECT_APIS, PROVIDERS, type Provider } from "../stacks/providers";

/** A provider as code reaches it: a stack-file provider, or one the gateway's stack file cannot name yet. */
export type CodeProvider = Provider | "cohere" | "litellm" | "unknown";

export interface ClientKind {
  provider: CodeProvider;
  /** Argument names (keyword or object property, first match wins) that carry each value. */
  baseUrl: readonly string[];
  key: readonly string[];
  model: readonly string[];
  /** Positional argument index of the key / the model, where the SDK takes one. */
  keyAt?: number;
  modelAt?: number;
  /** What the SDK does when no base URL / key is passed: reads this variable, then uses the default. */
  baseUrlEnv?: string;
  keyEnv?: string;
  /** A model object (LangChain, GenerativeModel): calling it reaches this family; otherwise a client whose methods do. */
  family?: string;
  /** Bedrock's boto3.client("bedrock-runtime"): the first argument must be this service name. */
  service?: string;
  /** A module-level function that itself calls a model (LiteLLM's completion). */
  call?: true;
  /**
   * Vercel's AI SDK: a provider `instance` is called with a model id (`openai("gpt-4o")`) to name
   * what generateText/streamText call; a `factory` (createOpenAI) builds such an instance.
   */
  aiSdk?: "instance" | "factory";
}

const OPENAI_ARGS = { baseUrl: ["baseURL", "base_url", "azure_endpoint", "endpoint"], key: ["apiKey", "api_key"], model: [] } as const;
const direct = (p: Provider) => ({ baseUrlEnv: DIRECT_APIS[p].baseUrlEnv, keyEnv: DIRECT_APIS[p].keyEnv });
const openaiLike = (p: Provider): ClientKind => ({ provider: p, ...OPENAI_ARGS, ...direct(p) });
const anthropic: ClientKind = { provider: "anthropic", baseUrl: ["baseURL", "base_url"], key: ["apiKey", "api_key"], model: [], ...direct("anthropic") };
const googleGenai: ClientKind = { provider: "google-ai-studio", baseUrl: ["httpOptions.baseUrl", "http_options.base_url"], key: ["apiKey", "api_key"], model: [], keyEnv: "GEMINI_API_KEY" };
const bedrockJs: ClientKind = { provider: "aws-bedrock", baseUrl: ["endpoint"], key: ["credentials"], model: [] };
const mistral: ClientKind = { provider: "mistral", baseUrl: ["serverURL", "server_url", "endpoint"], key: ["apiKey", "api_key"], model: [], keyEnv: "MISTRAL_API_KEY" };
const groq: ClientKind = { provider: "groq", baseUrl: ["baseURL", "base_url"], key: ["apiKey", "api_key"], model: [], keyEnv: "GROQ_API_KEY", baseUrlEnv: "GROQ_BASE_URL" };
const cohere: ClientKind = { provider: "cohere", baseUrl: ["base_url", "environment"], key: ["api_key", "token"], model: [], keyEnv: "CO_API_KEY" };

/** A LangChain chat or embeddings model: the model object is the client, its model a constructor argument. */
const chain = (provider: CodeProvider, family: string, baseUrl: string[], key: string[], env: { keyEnv?: string; baseUrlEnv?: string } = {}): ClientKind => ({
  provider,
  baseUrl,
  key,
  model: ["model", "modelName", "model_name", "model_id", "modelId"],
  family,
  ...env,
});
const chatOpenAI = chain("openai", "openai-chat", ["configuration.baseURL", "base_url", "openai_api_base", "baseURL"], ["apiKey", "openAIApiKey", "api_key", "openai_api_key"], direct("openai"));
const embedOpenAI = chain("openai", "openai-embeddings", ["configuration.baseURL", "base_url", "openai_api_base"], ["apiKey", "openAIApiKey", "api_key", "openai_api_key"], direct("openai"));
const chatAnthropic = chain("anthropic", "anthropic-messages", ["anthropicApiUrl", "anthropic_api_url", "base_url", "clientOptions.baseURL"], ["apiKey", "anthropicApiKey", "api_key", "anthropic_api_key"], direct("anthropic"));
const chatGoogle = chain("google-ai-studio", "gemini-generate", ["baseUrl", "base_url"], ["apiKey", "google_api_key", "api_key"], { keyEnv: "GOOGLE_API_KEY" });
const chatBedrock = chain("aws-bedrock", "bedrock-converse", ["endpointUrl", "endpoint_url"], ["credentials"]);
const chatMistral = chain("mistral", "mistral-chat", ["endpoint", "serverURL", "base_url"], ["apiKey", "api_key", "mistral_api_key"], { keyEnv: "MISTRAL_API_KEY" });
const chatGroq = chain("groq", "openai-chat", ["baseUrl", "base_url"], ["apiKey", "api_key", "groq_api_key"], { keyEnv: "GROQ_API_KEY" });
const chatCohere = chain("cohere", "cohere-chat", ["base_url"], ["apiKey", "cohere_api_key"], { keyEnv: "CO_API_KEY" });
/** Vercel AI SDK providers (@ai-sdk/*: createOpenAI({ baseURL, apiKey }), OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_GENERATIVE_AI_API_KEY...). */
const aiSdk = (provider: Provider, keyEnv: string, family?: string): Record<"instance" | "factory", ClientKind> => ({
  instance: { provider, baseUrl: [], key: [], model: [], modelAt: 0, keyEnv, aiSdk: "instance", ...(family ? { family } : {}) },
  factory: { provider, baseUrl: ["baseURL"], key: ["apiKey"], model: [], keyEnv, aiSdk: "factory", ...(family ? { family } : {}) },
});
const vercel = {
  openai: aiSdk("openai", "OPENAI_API_KEY"),
  anthropic: aiSdk("anthropic", "ANTHROPIC_API_KEY", "anthropic-messages"),
  google: aiSdk("google-ai-studio", "GOOGLE_GENERATIVE_AI_API_KEY", "gemini-generate"),
  mistral: aiSdk("mistral", "MISTRAL_API_KEY"),
  groq: aiSdk("groq", "GROQ_API_KEY"),
};
const litellmCall = (family: string): ClientKind => ({ provider: "litellm", baseUrl: ["api_base", "base_url"], key: ["api_key"], model: ["model"], modelAt: 0, family, call: true });

/** Module -> exported name -> what it builds. `default` is a default export (TS) ; `*` the module object. */
export const TS_CLIENTS: Readonly<Record<string, Readonly<Record<string, ClientKind>>>> = {
  openai: { default: openaiLike("openai"), OpenAI: openaiLike("openai"), AzureOpenAI: { ...openaiLike("azure-openai"), keyEnv: "AZURE_OPENAI_API_KEY", baseUrlEnv: undefined } },
  "@anthropic-ai/sdk": { default: anthropic, Anthropic: anthropic },
  "@google/genai": { GoogleGenAI: googleGenai },
  "@google/generative-ai": { GoogleGenerativeAI: { ...googleGenai, keyAt: 0, baseUrl: [] } },
  "@aws-sdk/client-bedrock-runtime": { BedrockRuntimeClient: bedrockJs, BedrockRuntime: bedrockJs },
  "@mistralai/mistralai": { Mistral: mistral },
  "groq-sdk": { default: groq, Groq: groq },
  "cohere-ai": { CohereClient: cohere, CohereClientV2: cohere },
  "@langchain/openai": { ChatOpenAI: chatOpenAI, OpenAIEmbeddings: embedOpenAI, AzureChatOpenAI: { ...chatOpenAI, provider: "azure-openai" } },
  "@langchain/anthropic": { ChatAnthropic: chatAnthropic },
  "@langchain/google-genai": { ChatGoogleGenerativeAI: chatGoogle },
  "@langchain/aws": { ChatBedrockConverse: chatBedrock },
  "@langchain/mistralai": { ChatMistralAI: chatMistral },
  "@langchain/groq": { ChatGroq: chatGroq },
  "@langchain/cohere": { ChatCohere: chatCohere },
  "@ai-sdk/openai": { openai: vercel.openai.instance, createOpenAI: vercel.openai.factory },
  "@ai-sdk/anthropic": { anthropic: vercel.anthropic.instance, createAnthropic: vercel.anthropic.factory },
  "@ai-sdk/google": { google: vercel.google.instance, createGoogleGenerativeAI: vercel.google.factory },
  "@ai-sdk/mistral": { mistral: vercel.mistral.instance, createMistral: vercel.mistral.factory },
  "@ai-sdk/groq": { groq: vercel.groq.instance, createGroq: vercel.groq.factory },
};

export const PY_CLIENTS: Readonly<Record<string, Readonly<Record<string, ClientKind>>>> = {
  openai: {
    OpenAI: openaiLike("openai"),
    AsyncOpenAI: openaiLike("openai"),
    AzureOpenAI: { ...openaiLike("azure-openai"), keyEnv: "AZURE_OPENAI_API_KEY", baseUrlEnv: "AZURE_OPENAI_ENDPOINT" },
    AsyncAzureOpenAI: { ...openaiLike("azure-openai"), keyEnv: "AZURE_OPENAI_API_KEY", baseUrlEnv: "AZURE_OPENAI_ENDPOINT" },
  },
  anthropic: {
    Anthropic: anthropic,
    AsyncAnthropic: anthropic,
    AnthropicBedrock: { provider: "aws-bedrock", baseUrl: ["base_url"], key: ["aws_access_key"], model: [] },
    AnthropicVertex: { provider: "google-vertex-ai", baseUrl: ["base_url"], key: [], model: [] },
  },
  "google.genai": { Client: googleGenai },
  "google.generativeai": { GenerativeModel: { provider: "google-ai-studio", baseUrl: [], key: [], model: ["model_name"], modelAt: 0, family: "gemini-generate", keyEnv: "GOOGLE_API_KEY" } },
  boto3: { client: { provider: "aws-bedrock", baseUrl: ["endpoint_url"], key: ["aws_access_key_id"], model: [], service: "bedrock-runtime" } },
  mistralai: { Mistral: mistral },
  "mistralai.client": { MistralClient: mistral },
  groq: { Groq: groq, AsyncGroq: groq },
  cohere: { Client: cohere, ClientV2: cohere, AsyncClient: cohere, AsyncClientV2: cohere },
  langchain_openai: { ChatOpenAI: chatOpenAI, OpenAIEmbeddings: embedOpenAI, AzureChatOpenAI: { ...chatOpenAI, provider: "azure-openai" } },
  langchain_anthropic: { ChatAnthropic: chatAnthropic },
  langchain_google_genai: { ChatGoogleGenerativeAI: chatGoogle },
  langchain_aws: { ChatBedrock: chatBedrock, ChatBedrockConverse: chatBedrock },
  langchain_mistralai: { ChatMistralAI: chatMistral },
  langchain_groq: { ChatGroq: chatGroq },
  langchain_cohere: { ChatCohere: chatCohere },
  litellm: {
    completion: litellmCall("openai-chat"),
    acompletion: litellmCall("openai-chat"),
    embedding: litellmCall("openai-embeddings"),
    aembedding: litellmCall("openai-embeddings"),
    responses: litellmCall("openai-responses"),
  },
};

/**
 * Method paths on a client (the part after the client variable) that call a model, with the
 * endpoint family they reach: the front door's family names (runtime/front-door/endpoints.ts)
 * where it serves one, the provider API's own otherwise. camelCase and snake_case both listed.
 */
export const CALLS: Readonly<Record<string, string>> = {
  "chat.completions.create": "openai-chat",
  "chat.completions.parse": "openai-chat",
  "chat.completions.stream": "openai-chat",
  "beta.chat.completions.parse": "openai-chat",
  "beta.chat.completions.stream": "openai-chat",
  "responses.create": "openai-responses",
  "responses.parse": "openai-responses",
  "responses.stream": "openai-responses",
  "embeddings.create": "openai-embeddings",
  "images.generate": "openai-images",
  "completions.create": "openai-completions",
  "messages.create": "anthropic-messages",
  "messages.stream": "anthropic-messages",
  "messages.parse": "anthropic-messages",
  "beta.messages.create": "anthropic-messages",
  "models.generateContent": "gemini-generate",
  "models.generate_content": "gemini-generate",
  "models.generateContentStream": "gemini-stream",
  "models.generate_content_stream": "gemini-stream",
  "models.embedContent": "gemini-embed",
  "models.embed_content": "gemini-embed",
  "aio.models.generate_content": "gemini-generate",
  "aio.models.generate_content_stream": "gemini-stream",
  "generateContent": "gemini-generate",
  "generate_content": "gemini-generate",
  "generate_content_async": "gemini-generate",
  "generateContentStream": "gemini-stream",
  "invoke_model": "bedrock-invoke",
  "invoke_model_with_response_stream": "bedrock-invoke",
  "converse": "bedrock-converse",
  "converse_stream": "bedrock-converse",
  "chat.complete": "mistral-chat",
  "chat.complete_async": "mistral-chat",
  "chat.stream": "mistral-chat",
  "chat.stream_async": "mistral-chat",
  "chat": "cohere-chat",
  "chat_stream": "cohere-chat",
  "embed": "cohere-embed",
  // A LangChain model object: the family is its constructor's.
  "invoke": "",
  "ainvoke": "",
  "stream": "",
  "astream": "",
  "batch": "",
  "abatch": "",
  "embed_query": "",
  "embed_documents": "",
  "embedQuery": "",
  "embedDocuments": "",
};

/** Methods that only a LangChain model object (or similar) has; on other clients they are not model calls. */
export const MODEL_OBJECT_CALLS = new Set(Object.entries(CALLS).filter(([, f]) => f === "").map(([m]) => m));

/** What a client calls when no base URL is passed and its SDK's variable is unset (stacks/providers.ts's DIRECT_APIS). */
export function sdkDefault(kind: ClientKind): { kind: "sdk-default"; env?: string; value?: string } {
  const value = (PROVIDERS as readonly string[]).includes(kind.provider) ? DIRECT_APIS[kind.provider as Provider].baseUrl : undefined;
  return { kind: "sdk-default", ...(kind.baseUrlEnv ? { env: kind.baseUrlEnv } : {}), ...(value ? { value } : {}) };
}

/** A call on a client no reader could resolve (built in another file) still names its provider by its method path. */
export const UNRESOLVED_CALLS: Readonly<Record<string, CodeProvider>> = {
  "chat.completions.create": "unknown",
  "responses.create": "openai",
  "embeddings.create": "unknown",
  "messages.create": "anthropic",
  "messages.stream": "anthropic",
  "models.generateContent": "google-ai-studio",
  "models.generate_content": "google-ai-studio",
  "models.generateContentStream": "google-ai-studio",
  "models.generate_content_stream": "google-ai-studio",
};

/** Bedrock's JS commands (client.send(new ConverseCommand({ modelId }))). */
export const BEDROCK_COMMANDS: Readonly<Record<string, string>> = {
  InvokeModelCommand: "bedrock-invoke",
  InvokeModelWithResponseStreamCommand: "bedrock-invoke",
  ConverseCommand: "bedrock-converse",
  ConverseStreamCommand: "bedrock-converse",
};

/** Where a provider's own API lives, as host patterns (a host in code that matches is a direct call). */
export const PROVIDER_HOSTS: ReadonlyArray<{ provider: CodeProvider; host: RegExp }> = [
  ...PROVIDERS.map((p) => ({ provider: p as CodeProvider, host: hostPattern(DIRECT_APIS[p].baseUrl) })),
  { provider: "cohere", host: /^api\.cohere\.(com|ai)$/ },
  { provider: "google-vertex-ai", host: /^aiplatform\.googleapis\.com$/ },
];

/** Cloudflare AI Gateway's own host: a client calling it goes through the gateway (not through the front door). */
export const GATEWAY_HOST = "gateway.ai.cloudflare.com";

function hostTemplate(baseUrl: string): string {
  return baseUrl.replace(/^https:\/\//, "").split("/")[0];
}
function hostPattern(baseUrl: string): RegExp {
  return new RegExp(`^${hostTemplate(baseUrl).replace(/\./g, "\\.").replace(/\{[a-z_]+\}/g, "[a-z0-9-]+")}$`);
}

/** The provider whose API `url` names, or undefined (the Cloudflare API counts only on its Workers AI paths). */
export function providerOfUrl(url: string): CodeProvider | undefined {
  // An SDK default such as https://bedrock-runtime.{region}.amazonaws.com stands for every region.
  const host = hostOf(url.replace(/\{[a-z_]+\}/g, "x"));
  const provider = host === undefined ? undefined : PROVIDER_HOSTS.find((h) => h.host.test(host))?.provider;
  return provider === "workers-ai" && !/\/ai\//.test(url) ? undefined : provider;
}

export function hostOf(url: string): string | undefined {
  const m = /^(?:https?:)?\/\/([^/:?#]+)/i.exec(url.trim());
  return m?.[1]?.toLowerCase();
}

/**
 * Text that must occur in a file before a reader parses it: a module of the catalogue (its last
 * dotted part) or the fixed part of a provider host. A file without any holds no call site.
 */
export const TRIGGERS: readonly string[] = [
  ...new Set([
    ...Object.keys(TS_CLIENTS),
    // `from google import genai`, `from mistralai.client import ...`: the first part is what every import names.
    ...Object.keys(PY_CLIENTS).map((m) => m.split(".")[0]),
    ...PROVIDERS.map((p) => hostTemplate(DIRECT_APIS[p].baseUrl).split(/\{[a-z_]+\}/).sort((a, b) => b.length - a.length)[0]),
    "api.cohere",
    GATEWAY_HOST,
    // A call on a client built in another file names no module: its method path is the trigger.
    ...Object.keys(UNRESOLVED_CALLS).map((path) => path.split(".").slice(-2).join(".")),
  ]),
];

/** LiteLLM's and code's provider prefixes that are not AI Gateway slugs. */
const PREFIXES: Readonly<Record<string, CodeProvider>> = {
  gemini: "google-ai-studio",
  google: "google-ai-studio",
  vertex_ai: "google-vertex-ai",
  bedrock: "aws-bedrock",
  bedrock_converse: "aws-bedrock",
  azure: "azure-openai",
  xai: "grok",
  cohere: "cohere",
  cohere_chat: "cohere",
  mistralai: "mistral",
  text_completion_openai: "openai",
};

/** The provider a `prefix/model` id names (LiteLLM's and AI Gateway's prefixes), or undefined. */
export function providerOfPrefix(prefix: string): CodeProvider | undefined {
  if ((PROVIDERS as readonly string[]).includes(prefix)) return prefix as Provider;
  return Object.hasOwn(PREFIXES, prefix) ? PREFIXES[prefix] : undefined;
}

/** The provider a bare model id belongs to by its well-known family name, or undefined. */
export function providerOfModel(model: string): CodeProvider | undefined {
  if (/^(gpt-|o[1-9]|text-embedding-|dall-e|chatgpt-|whisper|tts-|omni-)/.test(model)) return "openai";
  if (/^claude-/.test(model)) return "anthropic";
  if (/^(gemini-|text-embedding-0|embedding-0|gemma-)/.test(model)) return "google-ai-studio";
  if (/^(anthropic|amazon|meta|cohere|ai21|mistral|us|eu|apac)\.[a-z]/.test(model)) return "aws-bedrock";
  if (/^(mistral-|open-mistral|codestral|ministral|pixtral|magistral)/.test(model)) return "mistral";
  if (/^command(-|$)|^embed-(english|multilingual)/.test(model)) return "cohere";
  if (/^(llama-?3|llama3|mixtral-|gemma2-|qwen)/.test(model)) return "groq";
  if (/^grok-/.test(model)) return "grok";
  if (/^deepseek-/.test(model)) return "deepseek";
  return undefined;
}

/**
 * The stack file's endpoint family (workloads.<w>.keys[].families) a code family reaches, so a
 * drafted key is scoped to what its code does. Undefined where the front door serves no family.
 */
export function stackFamilyOf(family: string): EndpointFamily | undefined {
  if (/embed/.test(family)) return "embeddings";
  if (/images/.test(family)) return "images";
  if (/chat|responses|completions|messages|generate|stream|converse|invoke/.test(family)) return "chat";
  return undefined;
}
