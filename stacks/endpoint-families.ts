/**
 * The endpoint families a gateway key may be scoped to (workloads.<w>.keys[].families): what a
 * key may do, as the routes and models say what it may name. Pure data with no imports: the
 * stack schema, the Workload component (key table), the policy pack, the decision records and
 * the Worker share it. Which operation of which provider's API is in which family is the Worker's
 * table (runtime/front-door/endpoints.ts), listed in docs/front-door.md.
 */
export const ENDPOINT_FAMILIES = ["chat", "embeddings", "images", "audio", "moderations", "batch", "realtime"] as const;
export type EndpointFamily = (typeof ENDPOINT_FAMILIES)[number];

export const FAMILY_MEANING: Readonly<Record<EndpointFamily, string>> = {
  chat: "text generation: OpenAI chat completions, Responses and legacy completions, Anthropic messages and their token count, Gemini generateContent, streamGenerateContent and countTokens",
  embeddings: "OpenAI embeddings, Gemini embedContent and batchEmbedContents",
  images: "OpenAI image generations, edits and variations",
  audio: "OpenAI transcriptions, translations and speech",
  moderations: "OpenAI moderations",
  batch: "OpenAI batch files and batches, Anthropic message batches (each request in a batch also needs its own family)",
  realtime: "OpenAI Realtime over WebSocket",
};
