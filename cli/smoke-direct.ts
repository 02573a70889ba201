/**
 * The direct path of `switchyard smoke --compare-direct`: a prompt sent straight to the provider
 * with its official SDK (openai, @anthropic-ai/sdk, @google/genai), as an application that has not
 * moved calls it: the provider's own base URL (or its `baseUrlEnv`) and the key from the variable
 * the provider documents (stacks/providers.ts DIRECT_APIS). Keys are never printed. No retries, so
 * errors and latency are the provider's own. The answer goes through the reader the front door's
 * answers go through (smoke-answer.ts readAnswer), so the two paths are described alike.
 */
import { bareModel, DIRECT_APIS, providerOf, type Provider } from "../stacks/providers";
import { judgeAnswer, readAnswer, redact, type SmokeApi, type SmokePrompt, type SmokeResult } from "./smoke-answer";

/** Where the direct path finds keys and base URLs: the process environment, or a test's. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Why `model` cannot be called directly here, or undefined when it can. */
export function whyNoDirectPath(model: string, env: Environment): string | undefined {
  const provider = providerOf(model);
  const direct = DIRECT_APIS[provider];
  if (!direct?.sdk || !direct.keyEnv) return `no direct path for ${provider} here (its API needs more than a key)`;
  if (!env[direct.keyEnv]) return `set ${direct.keyEnv} to compare with ${provider} directly`;
  return undefined;
}

interface Sdks {
  openai: typeof import("openai").default;
  anthropic: typeof import("@anthropic-ai/sdk").default;
  genai: typeof import("@google/genai").GoogleGenAI;
}
let sdks: Promise<Sdks> | undefined;
/** The SDKs load only when a comparison runs. */
const loadSdks = () =>
  (sdks ??= Promise.all([import("openai"), import("@anthropic-ai/sdk"), import("@google/genai")]).then(([o, a, g]) => ({ openai: o.default, anthropic: a.default, genai: g.GoogleGenAI })));

const TIMEOUT_MS = 60_000;

/** One prompt straight to the provider of `model` (a `provider/model` id) with the API `api`. */
export async function runDirect(model: string, prompt: SmokePrompt, api: SmokeApi, env: Environment): Promise<SmokeResult> {
  const row: SmokeResult = { model, prompt: prompt.id, api, outcome: "fail", shape: "-", latencyMs: 0 };
  const why = whyNoDirectPath(model, env);
  if (why) return { ...row, outcome: "skip", error: why };
  const provider: Provider = providerOf(model);
  const direct = DIRECT_APIS[provider];
  const key = env[direct.keyEnv ?? ""] ?? "";
  const baseUrl = (direct.baseUrlEnv && env[direct.baseUrlEnv]) || direct.baseUrl;
  const name = bareModel(model);
  const stream = Boolean(prompt.stream) && api !== "openai-embeddings";
  const maxTokens = prompt.maxTokens ?? 64;
  const { openai: OpenAI, anthropic: Anthropic, genai: GoogleGenAI } = await loadSdks();
  const started = performance.now();
  const events: unknown[] = [];
  const collect = async (iterable: AsyncIterable<unknown>) => {
    for await (const event of iterable) {
      row.firstByteMs ??= performance.now() - started;
      events.push(event);
    }
  };
  try {
    let payload: unknown;
    if (api === "openai-chat" || api === "openai-embeddings") {
      const client = new OpenAI({ apiKey: key, baseURL: baseUrl, maxRetries: 0, timeout: TIMEOUT_MS });
      const messages = [{ role: "user" as const, content: prompt.text }];
      if (api === "openai-embeddings") {
        const { data, response } = await client.embeddings.create({ model: name, input: prompt.text, encoding_format: "float" }).withResponse();
        row.httpStatus = response.status;
        payload = data;
      } else if (stream) {
        const { data, response } = await client.chat.completions.create({ model: name, messages, max_tokens: maxTokens, stream: true, stream_options: { include_usage: true } }).withResponse();
        row.httpStatus = response.status;
        await collect(data);
      } else {
        const { data, response } = await client.chat.completions.create({ model: name, messages, max_tokens: maxTokens }).withResponse();
        row.httpStatus = response.status;
        payload = data;
      }
    } else if (api === "anthropic-messages") {
      const client = new Anthropic({ apiKey: key, baseURL: baseUrl, maxRetries: 0, timeout: TIMEOUT_MS });
      const messages = [{ role: "user" as const, content: prompt.text }];
      if (stream) {
        const { data, response } = await client.messages.create({ model: name, max_tokens: maxTokens, messages, stream: true }).withResponse();
        row.httpStatus = response.status;
        await collect(data);
      } else {
        const { data, response } = await client.messages.create({ model: name, max_tokens: maxTokens, messages }).withResponse();
        row.httpStatus = response.status;
        payload = data;
      }
    } else {
      const client = new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl, timeout: TIMEOUT_MS } });
      const request = { model: name, contents: [{ role: "user", parts: [{ text: prompt.text }] }], config: { maxOutputTokens: maxTokens } };
      // The SDK hands back the body, not the status: an answer means the provider said 200.
      if (stream) await collect(await client.models.generateContentStream(request));
      else payload = await client.models.generateContent(request);
      row.httpStatus = 200;
    }
    row.latencyMs = performance.now() - started;
    if (!stream) delete row.firstByteMs;
    judgeAnswer(row, api, prompt, readAnswer(api, stream, stream ? events : payload));
  } catch (err) {
    row.latencyMs ||= performance.now() - started;
    // Every SDK's API error carries the HTTP status: what the application's own error handling sees.
    const status = (err as { status?: unknown }).status;
    if (typeof status === "number") row.httpStatus = status;
    const message = err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err);
    row.error = redact(typeof status === "number" ? `HTTP ${status} ${message}` : message, key).slice(0, 300);
  }
  return row;
}
