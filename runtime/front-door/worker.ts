/**
 * The front door: the one base URL applications call with their own workload key, and the only
 * holder of the AI Gateway token. Keys -> scope -> AI Gateway, streaming responses straight back.
 * It never logs: nothing here may ever print a presented key.
 */
import type { KeyTableEntry, RouteTable } from "./key-entry";
import { drawCohort, type Cohort } from "./cohort";
import { forwardedHeaders, forwardedQuery, keyDigest, presentedKey } from "./credentials";
import { dialectForUnknownPath, recogniseEndpoint, upstreamTarget, type EndpointFamily } from "./endpoints";
import { addressAllowed } from "./ip-allow";
import { KeyMemo } from "./key-cache";
import { refuse, type ErrorDialect } from "./refusals";
import { callableModels, keyExpired, resolveScope } from "./scope";

export interface Env {
  /** Key table: lowercase hex SHA-256 of a gateway key -> JSON KeyTableEntry. */
  KEYS: KVNamespace;
  /** The AI Gateway Run token (secret binding). */
  GATEWAY_TOKEN: string;
  ACCOUNT_ID: string;
  GATEWAY_ID: string;
  ENVIRONMENT: string;
  /** JSON RouteTable. */
  ROUTES: string;
  /** AI Gateway base URL; tests point it at a local stand-in. */
  UPSTREAM?: string;
}

const DEFAULT_UPSTREAM = "https://gateway.ai.cloudflare.com/v1";
/** KV edge cache for key entries: a revoked key stops working within this (plus KV propagation). */
const KEY_CACHE_TTL_SECONDS = 60;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

type Lookup = KeyTableEntry | null | "unreadable";
/** Per isolate; entries are frozen so no request can alter another's view. */
const memo = new KeyMemo<Lookup>();

function lookUpKey(env: Env, digest: string): Promise<Lookup> {
  return memo.get(digest, () => readKey(env, digest));
}

async function readKey(env: Env, digest: string): Promise<Lookup> {
  const text = await env.KEYS.get(digest, { cacheTtl: KEY_CACHE_TTL_SECONDS });
  if (text === null) return null;
  try {
    const entry = JSON.parse(text) as KeyTableEntry;
    return entry && entry.v === 1 && Array.isArray(entry.routes) && Array.isArray(entry.models) ? Object.freeze(entry) : "unreadable";
  } catch {
    return "unreadable";
  }
}

function parseRoutes(env: Env): RouteTable | undefined {
  try {
    const routes = JSON.parse(env.ROUTES || "{}") as RouteTable;
    return routes && typeof routes === "object" ? routes : undefined;
  } catch {
    return undefined;
  }
}

async function handle(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  if ((request.method === "GET" || request.method === "HEAD") && url.pathname === "/healthz") {
    return json({ ok: true, environment: env.ENVIRONMENT });
  }
  const endpoint = recogniseEndpoint(request.method, url.pathname);
  const dialect: ErrorDialect = endpoint?.dialect ?? dialectForUnknownPath(url.pathname, request.headers);
  if (!endpoint) return refuse(dialect, "not_found", `the front door does not serve ${request.method} ${url.pathname}`);

  // Who is calling.
  const key = presentedKey(request.headers, url);
  if (!key) return refuse(dialect, "no_key", "no API key: send your workload key as Authorization: Bearer, x-api-key, x-goog-api-key or ?key=");
  const digest = await keyDigest(key);
  const entry = await lookUpKey(env, digest);
  if (entry === null) return refuse(dialect, "unknown_key", "unknown API key");
  if (entry === "unreadable") return refuse(dialect, "misconfigured", "the key table entry for this key is unreadable");
  if (keyExpired(entry.expiresOn, new Date())) {
    return refuse(dialect, "expired_key", `key "${entry.keyName}" of workload "${entry.workload}" expired on ${entry.expiresOn} (refused from 00:00 UTC that day): ask for a new key`);
  }
  const address = request.headers.get("cf-connecting-ip");
  if (!addressAllowed(address, entry.allowedIps)) {
    return refuse(dialect, "ip_not_allowed", `key "${entry.keyName}" may not be used from ${address ?? "an unknown address"}; allowed: ${(entry.allowedIps ?? []).join(", ")}`);
  }

  if (endpoint.family === "openai-models") {
    return json({ object: "list", data: callableModels(entry).map((id) => ({ id, object: "model", created: 0, owned_by: id.startsWith("dynamic/") ? "switchyard-route" : id.split("/")[0] })) });
  }
  const family = endpoint.family as Exclude<EndpointFamily, "openai-models">;

  // What is asked for.
  const bodyText = await request.text();
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
    body = parsed as Record<string, unknown>;
  } catch {
    return refuse(dialect, "bad_request", "the request body is not a JSON object");
  }
  const requested = endpoint.pathModel ?? body.model;
  const scope = resolveScope(family, requested, entry);
  if (!scope.ok) return refuse(dialect, scope.reason, scope.message);

  let cohort: Cohort | "none" = "none";
  if (scope.route) {
    const routes = parseRoutes(env);
    if (!routes) return refuse(dialect, "misconfigured", "the front door's route table is unreadable");
    const sticky = request.headers.get("x-switchyard-sticky");
    cohort = await drawCohort(routes[scope.route]?.canaryPercent ?? 0, sticky ? { keyDigest: digest, route: scope.route, value: sticky } : undefined);
  }

  // Where it goes.
  const target = upstreamTarget(endpoint, scope.target);
  const upstreamBody = target.bodyModel !== undefined && target.bodyModel !== body.model ? JSON.stringify({ ...body, model: target.bodyModel }) : bodyText;
  const headers = forwardedHeaders(request.headers);
  headers.set("content-type", request.headers.get("content-type") ?? "application/json");
  headers.set("cf-aig-authorization", `Bearer ${env.GATEWAY_TOKEN}`);
  // At most five entries per request (AI Gateway custom metadata docs); these are four.
  headers.set("cf-aig-metadata", JSON.stringify({ workload: entry.workload, keyName: entry.keyName, environment: env.ENVIRONMENT, cohort }));
  const base = (env.UPSTREAM || DEFAULT_UPSTREAM).replace(/\/+$/, "");
  const upstreamUrl = `${base}/${env.ACCOUNT_ID}/${env.GATEWAY_ID}/${target.path}${forwardedQuery(url)}`;

  let upstream: Response;
  try {
    upstream = await fetch(upstreamUrl, { method: "POST", headers, body: upstreamBody, redirect: "manual" });
  } catch {
    return refuse(dialect, "upstream_unreachable", "AI Gateway could not be reached");
  }
  // Body passed as the stream it is: server-sent events flow through chunk by chunk.
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: upstream.headers });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    try {
      return await handle(request, env);
    } catch {
      // No error text: it could carry request data. The status says enough.
      return refuse("openai", "misconfigured", "the front door failed on this request");
    }
  },
} satisfies ExportedHandler<Env>;
