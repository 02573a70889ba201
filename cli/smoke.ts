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
import { bareModel, chatCompletionsPath, DIRECT_APIS, dynamicModel, dynamicName, GATEWAY_SERVING, providerOf } from "../stacks/providers";
import type { StackSpec } from "../stacks/schema";
import { CliError, nearest, runCommand } from "./args";
import { reach, UnreachableError } from "./reach";
import { judgeAnswer, parseAnswer, redact, type RouteTarget, type SmokeApi, type SmokePrompt, type SmokeResult } from "./smoke-answer";
import { findProjectRoot, loadValidStack, missingStack, resolveStack } from "./project";
import { defaultS3, openLedger } from "./ledger-source";
import { compare, directModelFor, type Comparison } from "./smoke-compare";
import { runDirect, whyNoDirectPath } from "./smoke-direct";
import { sighting, watchLedger, type LedgerLook } from "./smoke-ledger";
import { SMOKE_FORMATS, type SmokeReport } from "./smoke-report";
import { walkSteps, workloadOfScope } from "./smoke-steps";
import { smokeSpec } from "./specs";

export { parseAnswer, readAnswer, sseData, type RouteTarget, type SmokeApi, type SmokePrompt, type SmokeResult } from "./smoke-answer";

export const DEFAULT_PROMPTS_FILE = join(__dirname, "smoke-prompts.json");

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

async function runOne(baseUrl: string, key: string, model: string, prompt: SmokePrompt, api: SmokeApi, target: RouteTarget | undefined): Promise<SmokeResult> {
  const call = buildCall(api, model, prompt, key, target);
  const stream = Boolean(prompt.stream) && api !== "openai-embeddings";
  const started = performance.now();
  const row: SmokeResult = { model, prompt: prompt.id, api, outcome: "fail", shape: "-", latencyMs: 0, at: new Date().toISOString() };
  try {
    const res = await reach(`${baseUrl}${call.path}`, { method: "POST", headers: call.headers, body: JSON.stringify(call.body) });
    row.httpStatus = res.status;
    const logId = res.headers.get("cf-aig-log-id");
    if (logId) row.logId = logId;
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
    judgeAnswer(row, api, prompt, parseAnswer(api, stream, body));
  } catch (err) {
    row.latencyMs ||= performance.now() - started;
    row.error = redact(err instanceof Error ? err.message : String(err), key);
  }
  return row;
}

export interface SmokeRun {
  /** What GET /v1/models says the key may call. */
  callable: string[];
  /** What was run: all of it, or the one route. */
  models: string[];
  results: SmokeResult[];
  /** The front door refused the key, or the route is not the key's. */
  error?: string;
}

/** Runs every prompt against every model the key may call (or only `route`, on its `target` graph). */
export async function runSmoke(options: {
  baseUrl: string;
  key: string;
  prompts: SmokePrompt[];
  knownRoutes?: string[];
  route?: string;
  target?: RouteTarget;
}): Promise<SmokeRun> {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  let listed: Response;
  try {
    listed = await reach(`${baseUrl}/v1/models`, { headers: { authorization: `Bearer ${options.key}` } });
  } catch (e) {
    if (!(e instanceof UnreachableError)) throw e;
    throw new CliError(`cannot reach the front door: ${e.message.replace(/^cannot reach /, "")}`, "check --base-url; to try smoke locally, start a front door with `npm run local -- <stack>` (docs/front-door.md)");
  }
  const listing = (await listed.json().catch(() => undefined)) as { data?: Array<{ id: string }>; error?: { message?: string } } | undefined;
  if (!listed.ok || !Array.isArray(listing?.data)) {
    return { callable: [], models: [], results: [], error: redact(`GET /v1/models answered ${listed.status}: ${listing?.error?.message ?? "not an OpenAI model list"}`, options.key) };
  }
  const callable = listing.data.map((m) => m.id);
  const models = options.route === undefined ? callable : callable.filter((m) => m === dynamicModel(options.route!));
  if (options.route !== undefined && models.length === 0) {
    return { callable, models, results: [], error: `this key may not call route "${options.route}"; it may call: ${callable.join(", ") || "nothing"}` };
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
  return { callable, models, results };
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

/** The workload whose key --key-name names; a CliError when the stack has no such key, or it is not --workload's. */
function ownerOfKey(spec: StackSpec, keyName: string, workload: string | undefined): string {
  const owners = Object.entries(spec.workloads).flatMap(([label, w]) => w.keys.map((k) => [k.name, label] as const));
  const owner = owners.find(([name]) => name === keyName)?.[1];
  if (owner === undefined) {
    const near = nearest(keyName, owners.map(([name]) => name));
    throw new CliError(`the stack has no gateway key "${keyName}"${near ? ` (did you mean ${near}?)` : ""}`, `name one of: ${owners.map(([name]) => name).join(", ") || "none are declared"}`);
  }
  if (workload !== undefined && owner !== workload) throw new CliError(`gateway key "${keyName}" is a key of workload ${owner}, not ${workload}`, `name one of ${workload}'s keys, or leave --workload out`);
  return owner;
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
  const workload = values.workload as string | undefined;
  if (workload !== undefined && !Object.hasOwn(spec.workloads, workload)) {
    const near = nearest(workload, Object.keys(spec.workloads));
    throw new CliError(`the stack has no workload "${workload}"${near ? ` (did you mean ${near}?)` : ""}`, `name one of: ${Object.keys(spec.workloads).join(", ") || "none are declared"}`);
  }
  const keyName = values["key-name"] as string | undefined;
  const keyOwner = keyName === undefined ? undefined : ownerOfKey(spec, keyName, workload);
  const env = process.env;
  const ledgerAt = values.ledger as string | undefined;
  const ledger = ledgerAt === undefined ? undefined : openLedger(ledgerAt, defaultS3);
  const waitText = values["ledger-wait"] as string | undefined;
  if (waitText !== undefined && (ledgerAt === undefined || !/^\d+(\.\d+)?$/.test(waitText))) {
    throw new CliError(ledgerAt === undefined ? "--ledger-wait needs --ledger" : `--ledger-wait ${waitText} is not a number of minutes`, ledgerAt === undefined ? "add --ledger DIR|s3://BUCKET/PREFIX" : "give minutes, e.g. 30, or 0 to look once");
  }
  const compareDirect = values["compare-direct"] === true;
  if (compareDirect && !Object.values(DIRECT_APIS).some((d) => d.keyEnv && env[d.keyEnv])) {
    const vars = Object.values(DIRECT_APIS).flatMap((d) => (d.keyEnv ? [d.keyEnv] : []));
    throw new CliError("--compare-direct needs a provider key, and no provider key variable is set", `export the providers' keys in ${vars.join(", ")} (those the key's routes and models reach)`);
  }

  const run = await runSmoke({ baseUrl, key, prompts, knownRoutes: Object.keys(spec.routes), route, target });
  const owner = workload ?? keyOwner ?? (run.error === undefined ? workloadOfScope(spec, run.callable) : undefined);
  // The key used, by its label: named, or the workload's only key.
  const ownerKeys = owner !== undefined ? spec.workloads[owner].keys : [];
  const usedKey = keyName ?? (ownerKeys.length === 1 ? ownerKeys[0].name : undefined);
  let comparison: Comparison[] | undefined;
  let rollbackCall: SmokeResult | undefined;
  if (compareDirect) {
    comparison = [];
    for (const row of run.results) {
      const direct = directModelFor(spec, row.model, target);
      const skipped = (model: string, error: string): SmokeResult => ({ model, prompt: row.prompt, api: row.api, outcome: "skip", shape: "-", latencyMs: 0, error });
      if (!direct || row.api === "-") {
        comparison.push(compare(row, skipped(direct?.model ?? "-", "nothing to call directly"), direct?.model ?? "-"));
        continue;
      }
      const choice = apiFor(direct.model);
      const prompt = prompts.find((p) => p.id === row.prompt) as SmokePrompt;
      const directRow = "skip" in choice ? skipped(direct.model, choice.skip) : await runDirect(direct.model, prompt, choice.api, env);
      comparison.push(compare(row, directRow, direct.model, direct.route));
    }
    const rollbackModel = owner !== undefined ? spec.workloads[owner].decision?.rollbackModel : undefined;
    const chat = prompts.find((p) => (p.kind ?? "chat") === "chat");
    if (rollbackModel && chat && !whyNoDirectPath(rollbackModel, env)) {
      const choice = apiFor(rollbackModel);
      if (!("skip" in choice)) rollbackCall = await runDirect(rollbackModel, { ...chat, stream: false }, choice.api, env);
    }
  }
  let ledgerLook: LedgerLook | undefined;
  if (ledger) {
    // The exporter reads windows 10 minutes after they close, every exportEveryMinutes: wait that long by default.
    const waitMinutes = waitText !== undefined ? Number(waitText) : spec.usageLedger.exportEveryMinutes + 15;
    ledgerLook = await watchLedger(ledger, spec.environment, run.results, waitMinutes * 60_000, (t) => process.stderr.write(t));
  }
  const steps = walkSteps({
    spec,
    ...(owner !== undefined ? { workload: owner } : { workloadUnknown: "no workload's routes and models are exactly what this key may call: name it with --workload" }),
    baseUrl,
    callable: run.callable,
    results: run.results,
    ...(run.error !== undefined ? { error: run.error } : {}),
    promptsFile: (values.prompts as string | undefined) ?? "the default prompt set",
    ...(comparison ? { comparisons: comparison } : {}),
    ...(rollbackCall ? { rollbackCall } : {}),
    ...(ledgerLook ? { ledger: sighting(ledgerLook, run.results, spec, owner, usedKey) } : {}),
  });
  const failed =
    run.error !== undefined || run.results.some((r) => r.outcome === "fail") || run.results.every((r) => r.outcome !== "ok") || steps.some((s) => s.status === "failed");
  const report: SmokeReport = {
    stack: spec.environment,
    baseUrl,
    ...(route ? { route } : {}),
    ...(target ? { target } : {}),
    ...(owner !== undefined ? { workload: owner } : {}),
    ...(usedKey !== undefined ? { keyName: usedKey } : {}),
    passed: !failed,
    ...run,
    ...(comparison ? { comparison } : {}),
    ...(rollbackCall ? { rollbackCall } : {}),
    ...(ledgerLook ? { ledger: ledgerLook } : {}),
    steps,
  };
  process.stdout.write(SMOKE_FORMATS[values.format as keyof typeof SMOKE_FORMATS](report));
  return failed ? 1 : 0;
}
