/**
 * The front door: the one base URL applications call with their own workload key, and the only
 * holder of the AI Gateway token. Key (live in this version, then its entry) -> address -> entry
 * version -> expiry -> rate limit -> body -> scope -> AI Gateway, streaming responses straight back. It logs only what a refusal does not tell the
 * caller (refusals.ts, logRefusal), and nothing here may ever print a presented key.
 */
import { dynamicModel } from "../../stacks/providers";
import { readBody, MAX_BODY_BYTES } from "./body";
import { drawCohort, STICKY_HEADER, type Cohort } from "./cohort";
import { keyDigest, presentedKey, rememberedDigest } from "./credentials";
import { embeddedTables } from "./embedded-tables";
import { dialectForUnknownPath, forwardedHeaders, forwardedQuery, recogniseEndpoint, upstreamTarget, type RecognisedEndpoint } from "./endpoints";
import { addressAllowed } from "./ip-allow";
import { KeyMemo, MEMO_TTL_MS, NEGATIVE_TTL_MS } from "./key-cache";
import type { KeyTableEntry } from "./key-entry";
import { entryVersion, liveVersion } from "./live-keys";
import { requestMetadata } from "./metadata";
import { modelInfo, modelList } from "./model-lists";
import { ownedAnswer, ownedId, ownedPath, type Owner } from "./object-ids";
import { checkRateLimit, countKeyFailure, keyFailuresBlocked, RETRY_AFTER_SECONDS } from "./rate-limit";
import { logRefusal, quoted, refuse, type ErrorDialect } from "./refusals";
import { gatewayFileReader, readRequested, type BatchInputFiles } from "./requested-model";
import { chooseGraph, TARGET_HEADER } from "./routes";
import { traceHeaders } from "./trace-context";
import { keyExpired } from "./scope";

export interface Env {
  /** Key table: lowercase hex SHA-256 of a gateway key -> JSON KeyTableEntry. */
  KEYS: KVNamespace;
  /** The AI Gateway Run token (secret binding). */
  GATEWAY_TOKEN: string;
  /** The key of batch object id marks (secret binding; object-ids.ts): not rotated, so ids outlive token rotations. */
  OBJECT_ID_KEY: string;
  ACCOUNT_ID: string;
  GATEWAY_ID: string;
  ENVIRONMENT: string;
  // The route and rate-limit tables are in the script itself (embedded-tables.ts); each limit n
  // of the rate-limit table has a rate-limiting binding RATE_LIMIT_<n>, and failed key attempts
  // are counted by KEY_FAILURES (rate-limit.ts).
  /** AI Gateway base URL; tests point it at a local stand-in. */
  UPSTREAM?: string;
}

const DEFAULT_UPSTREAM = "https://gateway.ai.cloudflare.com/v1";
/**
 * KV edge cache for key entries. Revocation does not wait for it (the live set in the script:
 * live-keys.ts), but an edited entry's old copy may be held this long at a location that read it,
 * answered `key_changing` meanwhile. 30 s is KV's minimum since 2026-01-30 (cloudflare-docs
 * src/content/changelog/kv/2026-01-30-kv-reduced-minimum-cachettl.mdx); the default is 60.
 */
const KEY_CACHE_TTL_SECONDS = 30;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** A key-table entry as read, with the version of its text (live-keys.ts), compared with the script's on every request. */
interface Found {
  entry: KeyTableEntry;
  version: string;
}
type Lookup = Found | null | "unreadable";
/**
 * Per isolate, and so per Worker version: it cannot outlive the live set it is checked against
 * (a key the script does not admit never reaches it). Entries are frozen so no request can alter
 * another's view. Misses are kept briefly.
 */
const memo = new KeyMemo<Lookup>((found) => (found !== null && found !== "unreadable" ? MEMO_TTL_MS : NEGATIVE_TTL_MS));

async function readKey(env: Env, digest: string): Promise<Lookup> {
  const text = await env.KEYS.get(digest, { cacheTtl: KEY_CACHE_TTL_SECONDS });
  if (text === null) return null;
  try {
    const entry = JSON.parse(text) as KeyTableEntry;
    const families = entry?.families === undefined || Array.isArray(entry.families);
    if (!(entry && entry.v === 1 && Array.isArray(entry.routes) && Array.isArray(entry.models) && families)) return "unreadable";
    return Object.freeze({ entry: Object.freeze(entry), version: await entryVersion(digest, text) });
  } catch {
    return "unreadable";
  }
}

/** Operations that name no input file (only batches.create does). */
const NO_INPUT_FILES: BatchInputFiles = { own: async () => undefined, read: async () => undefined };

/** What an unissued key and a key used from outside its `allowedIps` are both told. */
const UNKNOWN_KEY = "unknown API key, or one not usable from your address";

function keyFailuresLimited(dialect: ErrorDialect): Response {
  return refuse(dialect, "key_failures_limited", `too many failed API keys from your address; retry after ${RETRY_AFTER_SECONDS} s`, { "retry-after": String(RETRY_AFTER_SECONDS) });
}

async function handle(request: Request, env: Env, url: URL, endpoint: RecognisedEndpoint | undefined, dialect: ErrorDialect): Promise<Response> {
  if (!endpoint) {
    if ((request.method === "GET" || request.method === "HEAD") && url.pathname === "/healthz") return json({ ok: true, environment: env.ENVIRONMENT });
    return refuse(dialect, "not_found", `the front door does not serve ${quoted(`${request.method} ${url.pathname}`)}`);
  }

  // Who is calling. Nothing about the key is said before its address is known to be allowed:
  // a key used from elsewhere is answered as a key never issued, and both count as failed
  // attempts of the address (the reason goes to the logs only).
  const client = request.headers;
  const key = presentedKey(client, url);
  if (!key) return refuse(dialect, "no_key", "no API key: send your workload key as Authorization: Bearer, x-api-key, x-goog-api-key or ?key=");
  const address = client.get("cf-connecting-ip");
  const now = Date.now();
  if (keyFailuresBlocked(address, now)) return keyFailuresLimited(dialect);
  const digest = rememberedDigest(key) ?? (await keyDigest(key));
  const tables = embeddedTables();
  if (!tables) return refuse(dialect, "misconfigured", "the front door's route, rate-limit and key tables are unreadable");
  // Only keys this Worker version admits are looked up: a revoked key is refused here, whatever
  // KV still holds, and a key never issued costs no KV read (nor leaves a miss in KV's cache).
  const admitted = liveVersion(tables.keys, digest);
  const found = admitted === undefined ? null : await memo.get(digest, () => readKey(env, digest), now);
  if (found === "unreadable") return refuse(dialect, "misconfigured", "the key table entry for this key is unreadable");
  if (found === null || !addressAllowed(address, found.entry.allowedIps)) {
    if (admitted === undefined) logRefusal("key_not_live", { address });
    else if (found !== null) logRefusal("ip_not_allowed", { workload: found.entry.workload, keyName: found.entry.keyName, address });
    const counted = await countKeyFailure(env as unknown as Record<string, unknown>, address, now);
    if (counted === "misconfigured") return refuse(dialect, "misconfigured", "the front door has no limiter for failed API keys");
    if (counted === "limited") return keyFailuresLimited(dialect);
    return refuse(dialect, "unknown_key", UNKNOWN_KEY);
  }
  const entry = found.entry;
  // The entry KV returned is not the one this version was deployed with: an edited entry whose
  // old copy a KV location still holds (or a new copy that reached KV before this version ended).
  // Its old scope may be wider than the new one, so it is not served; the SDKs retry a 503.
  if (found.version !== admitted) {
    logRefusal("entry_version_differs", { workload: entry.workload, keyName: entry.keyName });
    return refuse(dialect, "key_changing", `key "${entry.keyName}" of workload "${entry.workload}" was changed by a deploy that has not reached this location yet; retry after ${KEY_CACHE_TTL_SECONDS} s`, { "retry-after": String(KEY_CACHE_TTL_SECONDS) });
  }
  if (keyExpired(entry.expiresOn, new Date(now))) {
    return refuse(dialect, "expired_key", `key "${entry.keyName}" of workload "${entry.workload}" expired on ${entry.expiresOn} (refused from 00:00 UTC that day): ask for a new key`);
  }
  const rate = await checkRateLimit(env as unknown as Record<string, unknown>, tables.rateLimits, entry.workload, digest);
  if (rate === "misconfigured") return refuse(dialect, "misconfigured", "the front door has no rate limiter for this key's limit");
  if (rate === "limited") {
    return refuse(dialect, "rate_limited", `key "${entry.keyName}" is over its workload's requests per minute; retry after ${RETRY_AFTER_SECONDS} s`, { "retry-after": String(RETRY_AFTER_SECONDS) });
  }

  const operation = endpoint.op;
  if (operation.model === "list") return modelList(operation.api, entry);
  if (operation.model === "retrieve") return modelInfo(operation.api, endpoint.captures.at(-1)!, entry) ?? refuse(dialect, "not_found", "this key may not use that model");
  if (operation.websocket && client.get("upgrade")?.toLowerCase() !== "websocket") return refuse(dialect, "bad_request", `${operation.name} is a WebSocket: send Upgrade: websocket`);

  // What is asked for: the body is read once, within the limit, and checked where the provider's API puts the model.
  const body = operation.method === "POST" ? await readBody(request) : new Uint8Array(0);
  if (body === undefined) return refuse(dialect, "too_large", `the request body is larger than the front door's limit of ${MAX_BODY_BYTES / 1024 / 1024} MiB`);
  const gateway = `${(env.UPSTREAM || DEFAULT_UPSTREAM).replace(/\/+$/, "")}/${env.ACCOUNT_ID}/${env.GATEWAY_ID}`;
  const authorization = `Bearer ${env.GATEWAY_TOKEN}`;
  const metadata = (cohort: Cohort | "none"): string => JSON.stringify(requestMetadata(entry.workload, entry.keyName, env.ENVIRONMENT, cohort));
  // Batch objects by id are the workload's own: ids go out marked for it and come back checked (object-ids.ts).
  const owner: Owner | undefined = operation.family === "batch" ? { secret: env.OBJECT_ID_KEY, workload: entry.workload } : undefined;
  if (owner && !owner.secret) return refuse(dialect, "misconfigured", "the front door has no key for batch object ids");
  // Only a batch reads a file through the gateway: the other requests do not build its headers.
  const inputFiles = owner && operation.model === "openai-batch" ? { own: (id: string) => ownedId(owner, id), read: gatewayFileReader(gateway, { "cf-aig-authorization": authorization, "cf-aig-metadata": metadata("none") }) } : NO_INPUT_FILES;
  const asked = await readRequested(endpoint, url, client.get("content-type"), body, entry, inputFiles);
  if (!asked.ok) return refuse(dialect, asked.reason, asked.message);
  let pathname = url.pathname;
  if (owner && operation.model === "none") {
    const owned = await ownedPath(endpoint, pathname, owner);
    if (owned === undefined) return refuse(dialect, "unknown_object", `no such ${operation.api === "openai" && pathname.startsWith("/v1/files/") ? "file" : "batch"}: ${quoted(endpoint.captures[0])}`);
    pathname = owned;
  }
  const scope = asked.scope;

  let cohort: Cohort | "none" = "none";
  let target = scope?.target;
  if (scope?.route !== undefined) {
    const choice = chooseGraph(tables.routes, scope.route, client.get(TARGET_HEADER));
    if (!choice.ok) return refuse(dialect, choice.reason, choice.message);
    target = dynamicModel(choice.graph);
    const sticky = client.get(STICKY_HEADER);
    cohort = await drawCohort(choice.canaryPercent, sticky ? { secret: env.GATEWAY_TOKEN, keyDigest: digest, route: scope.route, value: sticky } : undefined);
  }

  // Where it goes.
  const upstreamAt = upstreamTarget(endpoint, pathname, target);
  if (!upstreamAt) return refuse(dialect, "bad_request", `AI Gateway serves ${quoted(scope?.target ?? "")} on no path this endpoint reaches`);
  const outgoing = asked.upstream(operation.websocket ? undefined : upstreamAt.model);
  // The API's allow-list, the caller's trace, then the front door's own (set last, so nothing the caller sends replaces them).
  const headers = forwardedHeaders(operation.api, client, outgoing.contentType ?? null);
  const trace = traceHeaders(client);
  for (const name in trace) headers[name] = trace[name];
  headers["cf-aig-authorization"] = authorization;
  headers["cf-aig-metadata"] = metadata(cohort);
  if (operation.websocket) headers.upgrade = "websocket";
  const upstreamUrl = `${gateway}/${upstreamAt.path}${forwardedQuery(operation.api, url, operation.websocket ? upstreamAt.model : undefined)}`;

  let upstream: Response;
  try {
    upstream = await fetch(upstreamUrl, { method: operation.method, headers, body: outgoing.body, redirect: "manual" });
  } catch {
    return refuse(dialect, "upstream_unreachable", "AI Gateway could not be reached");
  }
  if (owner) return ownedAnswer(upstream, operation, owner, url.origin);
  // Returned as it came: status, headers and the body stream (server-sent events flow chunk by chunk), or the upgraded WebSocket.
  return upstream;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    // The caller's dialect first, so that even a failure is answered in it.
    const url = new URL(request.url);
    const endpoint = recogniseEndpoint(request.method, url, request.headers);
    const dialect: ErrorDialect = endpoint?.dialect ?? dialectForUnknownPath(url.pathname, request.headers);
    try {
      return await handle(request, env, url, endpoint, dialect);
    } catch {
      // No error text: it could carry request data. The status says enough.
      return refuse(dialect, "misconfigured", "the front door failed on this request");
    }
  },
} satisfies ExportedHandler<Env>;
