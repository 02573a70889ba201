/**
 * `switchyard smoke <STACK> --base-url URL --key-env VAR [--route R] [--target primary|rollback]
 * [--prompts FILE] [--format text|json]`: the check before moving traffic. Asks the front door
 * what the key may call (GET /v1/models), runs a known prompt set through every route and model
 * (or one route) with the API that model speaks, and records model, response shape, token usage,
 * errors and latency. `--target rollback` sends route calls to the route's rollback graph, which
 * is deployed but not serving, so it can be tried before it is needed. Exit 0 when every call
 * passed, 1 when any failed, 2 on usage errors. The key is read from the environment and never printed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TARGET_HEADER } from "../runtime/front-door/routes";
import { bareModel, chatCompletionsPath, dynamicModel, dynamicName, GATEWAY_SERVING, providerOf } from "../stacks/providers";
import type { StackSpec } from "../stacks/schema";
import { CliError, runCommand } from "./args";
import { findProjectRoot, loadValidStack, missingStack, resolveStack } from "./project";
import { smokeSpec } from "./specs";

export const DEFAULT_PROMPTS_FILE = join(__dirname, "smoke-prompts.json");

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
  inputTokens?: number;
  outputTokens?: number;
  latencyMs: number;
  /** Streams: milliseconds to the first byte of the body. */
  firstByteMs?: number;
  error?: string;
}

/** Reads and checks a prompt file; throws with the field at fault. */
export function loadPrompts(file: string): SmokePrompt[] {
  const data = JSON.parse(readFileSync(file, "utf8")) as { version?: unknown; prompts?: unknown };
  if (data.version !== 1 || !Array.isArray(data.prompts) || data.prompts.length === 0) throw new Error(`${file}: expected { "version": 1, "prompts": [ ... ] } with at least one prompt`);
  return data.prompts.map((p: Record<string, unknown>, i: number) => {
    if (typeof p.id !== "string" || typeof p.text !== "string") throw new Error(`${file}: prompts[${i}] needs string "id" and "text"`);
    if (p.kind !== undefined && p.kind !== "chat" && p.kind !== "embedding") throw new Error(`${file}: prompts[${i}].kind must be "chat" or "embedding"`);
    return p as unknown as SmokePrompt;
  });
}

/** The API a model is smoke-tested through: its provider's own, else chat completions (routes only accept chat completions). */
export function apiFor(model: string): { api: SmokeApi; kind: "chat" | "embedding" } | { skip: string } {
  if (dynamicName(model) !== undefined) return { api: "openai-chat", kind: "chat" };
  const native = GATEWAY_SERVING[providerOf(model)]?.native;
  const name = bareModel(model);
  if (/embed/i.test(name)) return native === "openai" ? { api: "openai-embeddings", kind: "embedding" } : { skip: "embedding model of a provider the front door has no embeddings endpoint for" };
  if (/image|dall-e/i.test(name)) return { skip: "image model: not run by default (cost)" };
  if (native === "anthropic") return { api: "anthropic-messages", kind: "chat" };
  if (native === "gemini") return { api: "gemini-generate", kind: "chat" };
  if (chatCompletionsPath(model) !== undefined) return { api: "openai-chat", kind: "chat" };
  return { skip: "AI Gateway serves this provider on no path the front door reaches" };
}

interface Call {
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

function buildCall(api: SmokeApi, model: string, prompt: SmokePrompt, key: string, target: RouteTarget | undefined): Call {
  const isRoute = dynamicName(model) !== undefined;
  const json = { "content-type": "application/json", ...(target && isRoute ? { [TARGET_HEADER]: target } : {}) };
  const bare = isRoute ? model : bareModel(model);
  switch (api) {
    case "openai-chat":
      return {
        path: "/v1/chat/completions",
        headers: { ...json, authorization: `Bearer ${key}` },
        body: { model, messages: [{ role: "user", content: prompt.text }], max_tokens: prompt.maxTokens ?? 64, ...(prompt.stream ? { stream: true, stream_options: { include_usage: true } } : {}) },
      };
    case "openai-embeddings":
      return { path: "/v1/embeddings", headers: { ...json, authorization: `Bearer ${key}` }, body: { model, input: prompt.text, encoding_format: "float" } };
    case "anthropic-messages":
      return {
        path: "/v1/messages",
        headers: { ...json, "x-api-key": key, "anthropic-version": "2023-06-01" },
        body: { model: bare, max_tokens: prompt.maxTokens ?? 64, messages: [{ role: "user", content: prompt.text }], ...(prompt.stream ? { stream: true } : {}) },
      };
    case "gemini-generate":
      return {
        path: `/v1beta/models/${encodeURIComponent(bare)}:${prompt.stream ? "streamGenerateContent?alt=sse" : "generateContent"}`,
        headers: { ...json, "x-goog-api-key": key },
        body: { contents: [{ role: "user", parts: [{ text: prompt.text }] }], generationConfig: { maxOutputTokens: prompt.maxTokens ?? 64 } },
      };
  }
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

interface Parsed {
  shape: string;
  text: string;
  inputTokens?: number;
  outputTokens?: number;
}

type AnyJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Reads an answer in the API's documented shape; throws naming what is missing. */
export function parseAnswer(api: SmokeApi, stream: boolean, body: string): Parsed {
  const need = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`response shape: ${what}`);
  };
  if (api === "openai-embeddings") {
    const b = JSON.parse(body) as AnyJson;
    need(b.object === "list" && Array.isArray(b.data) && Array.isArray(b.data[0]?.embedding), "expected { object: list, data: [{ embedding: [...] }] }");
    return { shape: `embedding[${b.data[0].embedding.length}]`, text: "", inputTokens: b.usage?.prompt_tokens };
  }
  if (!stream) {
    const b = JSON.parse(body) as AnyJson;
    if (api === "openai-chat") {
      need(b.object === "chat.completion" && Array.isArray(b.choices), "expected a chat.completion with choices");
      return { shape: "chat.completion", text: String(b.choices[0]?.message?.content ?? ""), inputTokens: b.usage?.prompt_tokens, outputTokens: b.usage?.completion_tokens };
    }
    if (api === "anthropic-messages") {
      need(b.type === "message" && Array.isArray(b.content), "expected a message with content blocks");
      return { shape: "message", text: b.content.filter((c: AnyJson) => c.type === "text").map((c: AnyJson) => c.text).join(""), inputTokens: b.usage?.input_tokens, outputTokens: b.usage?.output_tokens };
    }
    need(Array.isArray(b.candidates), "expected candidates");
    return { shape: "generateContent", text: (b.candidates[0]?.content?.parts ?? []).map((p: AnyJson) => p.text ?? "").join(""), inputTokens: b.usageMetadata?.promptTokenCount, outputTokens: b.usageMetadata?.candidatesTokenCount };
  }
  const events = sseData(body) as AnyJson[];
  need(events.length > 0, "an empty event stream");
  if (api === "openai-chat") {
    need(events.every((e) => e.object === "chat.completion.chunk"), "expected chat.completion.chunk events");
    const usage = events.find((e) => e.usage)?.usage;
    return { shape: `chat.completion.chunk x${events.length}`, text: events.map((e) => e.choices?.[0]?.delta?.content ?? "").join(""), inputTokens: usage?.prompt_tokens, outputTokens: usage?.completion_tokens };
  }
  if (api === "anthropic-messages") {
    need(events[0].type === "message_start" && events.some((e) => e.type === "message_stop"), "expected message_start ... message_stop");
    const output = events.filter((e) => e.type === "message_delta").map((e) => e.usage?.output_tokens).filter((n) => typeof n === "number").at(-1);
    return { shape: `message events x${events.length}`, text: events.filter((e) => e.delta?.type === "text_delta").map((e) => e.delta.text).join(""), inputTokens: events[0].message?.usage?.input_tokens, outputTokens: output };
  }
  need(events.every((e) => Array.isArray(e.candidates)), "expected candidates in every event");
  const usage = events.at(-1)?.usageMetadata;
  return { shape: `generateContent chunks x${events.length}`, text: events.map((e) => (e.candidates[0]?.content?.parts ?? []).map((p: AnyJson) => p.text ?? "").join("")).join(""), inputTokens: usage?.promptTokenCount, outputTokens: usage?.candidatesTokenCount };
}

const redact = (text: string, key: string): string => (key ? text.split(key).join("***") : text);

async function runOne(baseUrl: string, key: string, model: string, prompt: SmokePrompt, api: SmokeApi, target: RouteTarget | undefined): Promise<SmokeResult> {
  const call = buildCall(api, model, prompt, key, target);
  const stream = Boolean(prompt.stream) && api !== "openai-embeddings";
  const started = performance.now();
  const row: SmokeResult = { model, prompt: prompt.id, api, outcome: "fail", shape: "-", latencyMs: 0 };
  try {
    const res = await fetch(`${baseUrl}${call.path}`, { method: "POST", headers: call.headers, body: JSON.stringify(call.body) });
    row.httpStatus = res.status;
    let body = "";
    if (res.body) {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        row.firstByteMs ??= performance.now() - started;
        body += decoder.decode(value, { stream: true });
      }
    }
    row.latencyMs = performance.now() - started;
    if (!stream) delete row.firstByteMs;
    if (!res.ok) {
      row.error = redact(`HTTP ${res.status}: ${body.slice(0, 300)}`, key);
      return row;
    }
    const parsed = parseAnswer(api, stream, body);
    Object.assign(row, { shape: parsed.shape, inputTokens: parsed.inputTokens, outputTokens: parsed.outputTokens });
    if (api !== "openai-embeddings" && parsed.text.trim() === "") row.error = "empty answer";
    else if (parsed.inputTokens === undefined) row.error = "no token usage reported";
    else if (prompt.contains && !parsed.text.toLowerCase().includes(prompt.contains.toLowerCase())) row.error = `answer does not contain "${prompt.contains}"`;
    else row.outcome = "ok";
  } catch (err) {
    row.latencyMs ||= performance.now() - started;
    row.error = redact(err instanceof Error ? err.message : String(err), key);
  }
  return row;
}

/** Runs every prompt against every model the key may call (or only `route`, on its `target` graph). */
export async function runSmoke(options: {
  baseUrl: string;
  key: string;
  prompts: SmokePrompt[];
  knownRoutes?: string[];
  route?: string;
  target?: RouteTarget;
}): Promise<{ models: string[]; results: SmokeResult[]; error?: string }> {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const listed = await fetch(`${baseUrl}/v1/models`, { headers: { authorization: `Bearer ${options.key}` } });
  const listing = (await listed.json().catch(() => undefined)) as { data?: Array<{ id: string }>; error?: { message?: string } } | undefined;
  if (!listed.ok || !Array.isArray(listing?.data)) {
    return { models: [], results: [], error: redact(`GET /v1/models answered ${listed.status}: ${listing?.error?.message ?? "not an OpenAI model list"}`, options.key) };
  }
  const callable = listing.data.map((m) => m.id);
  const models = options.route === undefined ? callable : callable.filter((m) => m === dynamicModel(options.route!));
  if (options.route !== undefined && models.length === 0) {
    return { models, results: [], error: `this key may not call route "${options.route}"; it may call: ${callable.join(", ") || "nothing"}` };
  }
  const results: SmokeResult[] = [];
  for (const model of models) {
    const route = dynamicName(model);
    if (route !== undefined && options.knownRoutes && !options.knownRoutes.includes(route)) {
      results.push({ model, prompt: "-", api: "-", outcome: "fail", shape: "-", latencyMs: 0, error: "route is not in this stack file (stale key table?)" });
      continue;
    }
    const choice = apiFor(model);
    if ("skip" in choice) {
      results.push({ model, prompt: "-", api: "-", outcome: "skip", shape: "-", latencyMs: 0, error: choice.skip });
      continue;
    }
    for (const prompt of options.prompts.filter((p) => (p.kind ?? "chat") === choice.kind)) results.push(await runOne(baseUrl, options.key, model, prompt, choice.api, options.target));
  }
  return { models, results };
}

const num = (n: number | undefined, digits = 0) => (n === undefined ? "-" : n.toFixed(digits));

export function renderTable(results: SmokeResult[]): string {
  const header = ["model", "prompt", "api", "result", "http", "shape", "in tok", "out tok", "ms", "first byte ms", "error"];
  const rows = results.map((r) => [r.model, r.prompt, r.api, r.outcome.toUpperCase(), num(r.httpStatus), r.shape, num(r.inputTokens), num(r.outputTokens), num(r.latencyMs), num(r.firstByteMs), r.error ?? ""]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function main(argv: string[]): Promise<number> {
  return runCommand(smokeSpec, argv, async ({ values, positionals }) => {
    const root = findProjectRoot();
    if (positionals.length === 0) throw missingStack(smokeSpec, root);
    const keyEnv = values["key-env"] as string | undefined;
    if (!keyEnv) throw new CliError("missing --key-env VAR, the environment variable that holds the gateway key to test with", "export the key in a variable and name it, e.g. --key-env SMOKE_KEY");
    const stackFile = resolveStack(positionals[0], process.cwd(), root).display;
    const spec = loadValidStack(stackFile);
    const frontDoorHost = spec.gateway.frontDoor?.hostname;
    const baseUrl = (values["base-url"] as string | undefined) ?? (frontDoorHost ? `https://${frontDoorHost}` : undefined);
    if (!baseUrl) throw new CliError(`${stackFile} has no gateway.frontDoor`, "pass --base-url URL");
    const key = process.env[keyEnv];
    if (!key) throw new CliError(`environment variable ${keyEnv} is empty or unset`, "export the gateway key in it first");
    return smoke(spec, baseUrl, key, values);
  });
}

async function smoke(spec: StackSpec, baseUrl: string, key: string, values: Record<string, string | boolean | undefined>): Promise<number> {
  let prompts: SmokePrompt[];
  try {
    prompts = loadPrompts((values.prompts as string | undefined) ?? DEFAULT_PROMPTS_FILE);
  } catch (e) {
    throw new CliError((e as Error).message.replace(/^ENOENT: no such file or directory, open '(.*)'$/, "no prompt file $1"), "give a prompt file in the documented shape (docs/front-door.md)");
  }
  const route = values.route as string | undefined;
  const target = values.target as RouteTarget | undefined;
  if (route !== undefined && !Object.hasOwn(spec.routes, route)) {
    throw new CliError(`the stack has no route "${route}"`, `name one of: ${Object.keys(spec.routes).join(", ") || "none are declared"}`);
  }
  if (target === "rollback" && route !== undefined && !spec.routes[route].rollback) {
    throw new CliError(`route "${route}" declares no rollback target`, "add routes.<route>.rollback, or leave --target out");
  }
  const run = await runSmoke({ baseUrl, key, prompts, knownRoutes: Object.keys(spec.routes), route, target });
  const failed = run.error !== undefined || run.results.some((r) => r.outcome === "fail") || run.results.every((r) => r.outcome !== "ok");
  if (values.format === "json") {
    process.stdout.write(`${JSON.stringify({ stack: spec.environment, baseUrl, ...(route ? { route } : {}), ...(target ? { target } : {}), passed: !failed, ...run }, null, 2)}\n`);
  } else {
    const counts = { ok: 0, fail: 0, skip: 0 };
    for (const r of run.results) counts[r.outcome]++;
    const scope = route === undefined ? `${run.models.length} callable models and routes` : `route ${route}`;
    process.stdout.write(`switchyard smoke ${spec.environment} against ${baseUrl}: ${scope}${target ? ` (${target} graph)` : ""}\n`);
    if (run.error) process.stdout.write(`FAILED: ${run.error}\n`);
    if (run.results.length) process.stdout.write(`${renderTable(run.results)}\n`);
    process.stdout.write(`${counts.ok} ok, ${counts.fail} failed, ${counts.skip} skipped: ${failed ? "FAILED" : "passed"}\n`);
  }
  return failed ? 1 : 0;
}
