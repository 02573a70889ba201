/**
 * Model lists and model lookups, answered by the front door in each provider's own format with
 * the models the key may use through that provider's API (never forwarded: the provider's list
 * is the whole account's). Formats are what the SDKs read:
 * - OpenAI (openai 7.59 resources/models.ts, Model): { object: "list", data: [{ id, object: "model", created, owned_by }] };
 *   chat completions reaches every provider and route, so the list is everything the key may call.
 * - Anthropic (@anthropic-ai/sdk 1.14 resources/models.ts ModelInfo, Page: has_more, first_id, last_id):
 *   { data: [{ type: "model", id, display_name, created_at }], has_more, first_id, last_id }, bare ids.
 * - Gemini (@google/genai 3.3 listModelsResponseFromMldev reads `models`, modelFromMldev reads
 *   `name`...): { models: [{ name: "models/<id>", displayName, ... }] }.
 */
import { bareModel, dynamicName, providerOf } from "../../stacks/providers";
import { API_PROVIDER, type Api } from "./endpoints";
import type { KeyTableEntry } from "./key-entry";
import { callableModels, canonicalModel, familiesOf } from "./scope";

/** The models the key may use through `api`, as `provider/model` or `dynamic/<route>` ids. */
export function modelsThrough(api: Api, entry: KeyTableEntry): string[] {
  const all = callableModels(entry);
  // OpenAI chat completions reaches routes and other providers; every other operation only the API's own provider.
  if (api === "openai" && familiesOf(entry).includes("chat")) return all;
  return all.filter((id) => dynamicName(id) === undefined && providerOf(id) === API_PROVIDER[api]);
}

const EPOCH = "1970-01-01T00:00:00Z";

function openaiModel(id: string) {
  return { id, object: "model", created: 0, owned_by: dynamicName(id) !== undefined ? "switchyard-route" : providerOf(id) };
}
function anthropicModel(id: string) {
  return { type: "model", id: bareModel(id), display_name: bareModel(id), created_at: EPOCH };
}
function geminiModel(id: string) {
  return { name: `models/${bareModel(id)}`, displayName: bareModel(id) };
}

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
}

/** The key's models in `api`'s list format. */
export function modelList(api: Api, entry: KeyTableEntry): Response {
  const ids = modelsThrough(api, entry);
  switch (api) {
    case "openai":
      return json({ object: "list", data: ids.map(openaiModel) });
    case "anthropic": {
      const data = ids.map(anthropicModel);
      return json({ data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
    }
    case "gemini":
      return json({ models: ids.map(geminiModel) });
  }
}

/** One model in `api`'s format, or undefined when the key may not use it (the caller answers 404). `requested` is still percent-encoded. */
export function modelInfo(api: Api, requested: string, entry: KeyTableEntry): Response | undefined {
  let id: string;
  try {
    id = decodeURIComponent(requested);
  } catch {
    return undefined;
  }
  if (api === "gemini" && id.startsWith("models/")) id = id.slice("models/".length);
  const canonical = canonicalModel({ api, chatCompletions: api === "openai" ? true : undefined }, id);
  if (!modelsThrough(api, entry).includes(canonical)) return undefined;
  switch (api) {
    case "openai":
      return json(openaiModel(canonical));
    case "anthropic":
      return json(anthropicModel(canonical));
    case "gemini":
      return json(geminiModel(canonical));
  }
}
