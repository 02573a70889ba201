/**
 * A stand-in for Cloudflare's List Gateway Logs endpoint, following its documented shape and the
 * facts checked against Cloudflare's own code (../shared/reference/cloudflare-aws-facts.md, first
 * section): GET /client/v4/accounts/{account_id}/ai-gateway/gateways/{gateway_id}/logs, Bearer
 * token, `page` / `per_page` (default 20, at most 50), `order_by=created_at`,
 * `order_by_direction`, the v4 envelope { success, errors, messages, result, result_info: { page,
 * per_page, count, total_count } }. Answers are typed by the official `cloudflare` SDK
 * (LogListResponse, V4PagePaginationArray's ResultInfo).
 *
 * `filters` mode: "json" applies only a JSON-encoded `filters=[{"key","operator","value":[…]}]` and
 * silently ignores bracket or dot encodings, as cloudflare-typescript issue #2723 reports of the
 * real API; "ignore" applies no filter at all (a store that returns everything, newest first).
 * Cloudflare's limit (1,200 calls per 5 minutes, then 429 for 5 minutes with retry-after;
 * https://developers.cloudflare.com/fundamentals/api/reference/limits/) is enforced when `limit` is set.
 *
 * The stand-in answers from a model (LogModel) on a clock it is given: entries become visible at
 * their `visibleAt` (late logs) and leave at `removedAt` (the gateway deleting its oldest logs). A
 * model with `maxStored` keeps only that many logs, deleting the oldest by created_at as more
 * arrive ("Automatic Log Deletion deletes the oldest logs when ... the storage limit" is reached,
 * https://developers.cloudflare.com/ai-gateway/observability/logging/legacy-logs/ "Manage storage"). A
 * revised log is the old entry leaving and an entry of the same id arriving at the same moment.
 * `unstableTies` orders logs of the same millisecond differently on every call, which an SQL
 * ORDER BY created_at without a unique tie-breaker is free to do.
 * It serves three ways: `fetch` in process (the simulation), a local HTTP server (boundary tests,
 * benchmarks), or `answer` directly.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { V4PagePaginationArrayResponse } from "cloudflare/core/pagination";
import type { LogListParams, LogListResponse } from "cloudflare/resources/ai-gateway/logs";

/** What the API answers: the SDK's types, with the documented count and total_count. */
export type LogsAnswer =
  | { success: true; errors: []; messages: []; result: LogListResponse[] | null; result_info: V4PagePaginationArrayResponse.ResultInfo & { count: number; total_count: number } }
  | { success: false; errors: { code: number; message: string }[]; messages: []; result: null };

export interface StandInClock {
  now(): number;
  /** Moves simulated time on (a round trip); real time in HTTP mode. */
  advance?(ms: number): void;
}

/** A fault applied to one answer. */
export type Fault =
  | { kind: "status"; status: 500 | 502 | 503 | 429; retryAfter?: number }
  | { kind: "empty" }
  | { kind: "null" }
  /** Drop all but the first `keep` entries of the page (count says so). */
  | { kind: "short"; keep: number }
  /** Serve pages of `serve` entries (and page by them) while echoing the per_page asked for. */
  | { kind: "echo-not-served"; serve: number };

export interface StoredLog {
  entry: LogListResponse;
  /** The log's time in ms, as the API sorts and filters by it. */
  at: number;
  /** When the API starts returning it (default: always). */
  visibleAt: number;
  /** When the gateway deletes it (default: never). */
  removedAt: number;
}

/** The logs the stand-in holds, as the API sees them at a moment. */
export interface LogModel {
  /** Visible logs with lo <= at < hi (all visible logs when lo/hi are undefined), oldest first. */
  range(now: number, lo: number | undefined, hi: number | undefined, tieSeed?: number): { count: number; slice(from: number, to: number): LogListResponse[] };
}

/** Logs held in memory; the visible set is recomputed only when the clock passes a visibility change. */
export class ArrayLogModel implements LogModel {
  private logs: StoredLog[] = [];
  private visible: StoredLog[] = [];
  private times: number[] = [];
  private validUntil = Number.NEGATIVE_INFINITY;
  private validFrom = Number.POSITIVE_INFINITY;

  /** `maxStored`: the gateway's log limit; once exceeded, the oldest logs (by created_at) are deleted. */
  constructor(readonly maxStored = Number.POSITIVE_INFINITY) {}

  /** `at`: the log's real time, when its created_at text is not one a client can read. */
  add(entries: Iterable<{ entry: LogListResponse; at?: number; visibleAt?: number; removedAt?: number }>): void {
    for (const e of entries) {
      const at = e.at ?? Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(String(e.entry.created_at)) ? e.entry.created_at : `${String(e.entry.created_at).replace(" ", "T")}Z`);
      this.logs.push({ entry: e.entry, at, visibleAt: e.visibleAt ?? Number.NEGATIVE_INFINITY, removedAt: e.removedAt ?? Number.POSITIVE_INFINITY });
    }
    // Unreadable times sort first, as a database orders NULL-like values at one end.
    this.logs.sort((a, b) => (Number.isNaN(a.at) ? -Infinity : a.at) - (Number.isNaN(b.at) ? -Infinity : b.at) || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));
    this.validUntil = Number.NEGATIVE_INFINITY;
  }

  /** Deletes logs created before `before` from `now` on (the gateway's delete-oldest). */
  removeOlderThan(before: number, now: number): void {
    for (const log of this.logs) if (log.at < before) log.removedAt = Math.min(log.removedAt, now);
    this.validUntil = Number.NEGATIVE_INFINITY;
  }

  all(): readonly StoredLog[] {
    return this.logs;
  }

  private refresh(now: number): void {
    if (now < this.validUntil && now >= this.validFrom) return;
    this.visible = this.logs.filter((l) => l.visibleAt <= now && now < l.removedAt);
    // Delete-oldest: the newest maxStored of the logs that arrived so far. The arrived set only
    // grows with time, so a log once deleted never comes back.
    if (this.visible.length > this.maxStored) this.visible = this.visible.slice(this.visible.length - this.maxStored);
    this.times = this.visible.map((l) => (Number.isNaN(l.at) ? Number.NEGATIVE_INFINITY : l.at));
    let next = Number.POSITIVE_INFINITY;
    let prev = Number.NEGATIVE_INFINITY;
    for (const l of this.logs) {
      for (const t of [l.visibleAt, l.removedAt]) {
        if (t > now) next = Math.min(next, t);
        else prev = Math.max(prev, t);
      }
    }
    this.validUntil = next;
    this.validFrom = prev;
  }

  /** The oldest log kept at `now` (what an ascending query's first entry is). */
  oldest(now: number): StoredLog | undefined {
    this.refresh(now);
    return this.visible[0];
  }

  range(now: number, lo: number | undefined, hi: number | undefined, tieSeed?: number) {
    this.refresh(now);
    const a = lo === undefined ? 0 : upperBound(this.times, lo);
    const b = hi === undefined ? this.visible.length : lowerBound(this.times, hi);
    const [from, to] = [a, Math.max(a, b)];
    const [visible, times] = [this.visible, this.times];
    const slice = (i: number, j: number) => {
      const [x, y] = [from + i, from + Math.min(j, to - from)];
      if (tieSeed === undefined || y <= x) return visible.slice(x, y).map((l) => l.entry);
      // Extend to whole groups of the same millisecond, order each group by a hash of the call, cut.
      const [gx, gy] = [Math.max(from, lowerBound(times, times[x])), Math.min(to, upperBound(times, times[y - 1]))];
      const block = visible.slice(gx, gy).sort((p, q) => p.at - q.at || tieHash(p.entry.id, tieSeed) - tieHash(q.entry.id, tieSeed));
      return block.slice(x - gx, y - gx).map((l) => l.entry);
    };
    return { count: to - from, slice };
  }
}

export interface StandInOptions {
  accountId: string;
  gatewayId: string;
  token: string;
  model: LogModel;
  clock?: StandInClock;
  filters?: "json" | "ignore";
  /** Largest page served (the documented 50 by default). */
  maxPerPage?: number;
  /** Round trip per call. */
  latencyMs?: number;
  /** Cloudflare's limit; off when undefined. */
  limit?: { calls: number; windowMs: number; blockMs: number };
  /** Logs of the same millisecond come back in a different order on every call. */
  unstableTies?: boolean;
}

export const CLOUDFLARE_LIMIT = { calls: 1200, windowMs: 300_000, blockMs: 300_000 };

export class CloudflareLogsStandIn {
  readonly requests: string[] = [];
  readonly authorizations: string[] = [];
  /** Faults for the next answers, in order. */
  readonly faults: Fault[] = [];
  /** Chooses a fault for each answer (after `faults`); the simulation uses it. */
  faultFor?: (request: number) => Fault | undefined;
  /** Answer the next N requests with 429 (rate limited), with Retry-After: 1. */
  rateLimitNext = 0;
  /** 429 answers given because the limit was exceeded. */
  limitHits = 0;
  private calls: number[] = [];
  private blockedUntil = 0;
  private server?: Server;
  baseUrl = "http://stand-in.local/client/v4";
  readonly clock: StandInClock;

  constructor(readonly options: StandInOptions) {
    this.clock = options.clock ?? { now: () => Date.now() };
  }

  /** `fetch` in process: the simulation's clock moves by the latency of each call. */
  fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (this.options.latencyMs) this.clock.advance?.(this.options.latencyMs);
    const headers = new Headers(init?.headers);
    const answer = this.answer(String(input), headers.get("authorization") ?? "");
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { "content-type": "application/json", ...answer.headers } });
  };

  /**
   * `fetch` in process without the platform's Response machinery (the simulation makes hundreds of
   * thousands of calls): the same status, headers and JSON text, read through the few members the
   * exporter's client uses.
   */
  lightFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (this.options.latencyMs) this.clock.advance?.(this.options.latencyMs);
    const authorization = (init?.headers as Record<string, string> | undefined)?.Authorization ?? "";
    const answer = this.answer(String(input), authorization);
    const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
    const headers = new Map(Object.entries(answer.headers).map(([k, v]) => [k.toLowerCase(), v]));
    return { status: answer.status, ok: answer.status >= 200 && answer.status < 300, headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null }, body: null, json: async () => JSON.parse(text) } as unknown as Response;
  };

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/client/v4`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const reply = () => {
      const answer = this.answer(`http://stand-in${req.url ?? "/"}`, String(req.headers.authorization ?? ""), req.method);
      const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
      res.writeHead(answer.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...answer.headers });
      res.end(text);
    };
    if (this.options.latencyMs) setTimeout(reply, this.options.latencyMs);
    else reply();
  }

  answer(href: string, authorization: string, method = "GET"): { status: number; headers: Record<string, string>; body?: LogsAnswer } {
    const url = new URL(href);
    const now = this.clock.now();
    this.requests.push(url.pathname + url.search);
    this.authorizations.push(authorization);
    const error = (status: number, code: number, message: string, headers: Record<string, string> = {}) => ({ status, headers, body: { success: false as const, errors: [{ code, message }], messages: [] as [], result: null } });
    const path = `/client/v4/accounts/${this.options.accountId}/ai-gateway/gateways/${this.options.gatewayId}/logs`;
    if (method !== "GET" || url.pathname !== path) return error(404, 7003, "Could not route to the requested path");
    if (authorization !== `Bearer ${this.options.token}`) return error(403, 10000, "Authentication error");
    const limited = (seconds: number) => error(429, 971, "Please wait and consider throttling your request speed", { "retry-after": String(Math.max(1, Math.ceil(seconds))) });
    if (this.options.limit) {
      const { calls, windowMs, blockMs } = this.options.limit;
      if (now < this.blockedUntil) return (this.limitHits++, limited((this.blockedUntil - now) / 1000));
      this.calls = this.calls.filter((t) => t > now - windowMs);
      this.calls.push(now);
      if (this.calls.length > calls) {
        this.blockedUntil = now + blockMs;
        this.limitHits++;
        return limited(blockMs / 1000);
      }
    }
    if (this.rateLimitNext > 0) {
      this.rateLimitNext--;
      return limited(1);
    }
    const fault = this.faults.shift() ?? this.faultFor?.(this.requests.length);
    if (fault?.kind === "status") return fault.status === 429 ? limited(fault.retryAfter ?? 1) : error(fault.status, 10001, "Internal error");

    const query = parseQuery(url.searchParams, this.options.filters ?? "json");
    const asked = query.per_page ?? 20;
    const perPage = Math.max(1, Math.min(asked, this.options.maxPerPage ?? 50, fault?.kind === "echo-not-served" ? fault.serve : Number.POSITIVE_INFINITY));
    const page = Math.max(1, query.page ?? 1);
    let lo: number | undefined;
    let hi: number | undefined;
    for (const filter of query.filters ?? []) {
      if (filter.key !== "created_at") continue;
      const value = Date.parse(String(filter.value[0]));
      if (filter.operator === "gt") lo = Math.max(lo ?? value, value);
      if (filter.operator === "lt") hi = Math.min(hi ?? value, value);
    }
    const matching = this.options.model.range(now, lo, hi, this.options.unstableTies ? this.requests.length : undefined);
    const offset = (page - 1) * perPage;
    let result: LogListResponse[] | null =
      query.order_by_direction === "desc"
        ? matching.slice(Math.max(0, matching.count - offset - perPage), Math.max(0, matching.count - offset)).reverse()
        : matching.slice(offset, offset + perPage);
    if (fault?.kind === "empty") result = [];
    if (fault?.kind === "null") result = null;
    if (fault?.kind === "short") result = (result ?? []).slice(0, fault.keep);
    const echoed = fault?.kind === "echo-not-served" ? asked : perPage;
    return { status: 200, headers: {}, body: { success: true, errors: [], messages: [], result, result_info: { page, per_page: echoed, count: result?.length ?? 0, total_count: matching.count } } };
  }
}

/** The query as LogListParams (the SDK's type), reading `filters` only in the form the mode applies. */
function parseQuery(params: URLSearchParams, mode: "json" | "ignore"): Omit<LogListParams, "account_id"> {
  const number = (name: string) => (params.has(name) ? Number(params.get(name)) : undefined);
  let filters: LogListParams["filters"];
  if (mode === "json" && params.has("filters")) {
    try {
      const parsed = JSON.parse(String(params.get("filters"))) as unknown;
      if (Array.isArray(parsed)) filters = parsed.filter((f): f is LogListParams.Filter => typeof f?.key === "string" && typeof f?.operator === "string" && Array.isArray(f?.value));
    } catch {
      filters = undefined;
    }
  }
  const direction = params.get("order_by_direction");
  return { page: number("page"), per_page: number("per_page"), order_by_direction: direction === "desc" ? "desc" : "asc", filters };
}

/** A per-call order of one log among others of the same millisecond. */
function tieHash(id: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

/** First index with times[i] >= value. */
function lowerBound(times: number[], value: number): number {
  let [lo, hi] = [0, times.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with times[i] > value. */
function upperBound(times: number[], value: number): number {
  let [lo, hi] = [0, times.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

let sequence = 0;
/** A log entry as the API documents it, with the front door's metadata as a JSON string. */
export function logEntry(fields: {
  at: string;
  id?: string;
  workload?: string;
  provider?: string;
  model?: string;
  cost?: number;
  tokensIn?: number | null;
  tokensOut?: number | null;
  success?: boolean;
  cached?: boolean;
  metadata?: string;
}): LogListResponse {
  sequence++;
  const entry: LogListResponse = {
    id: fields.id ?? `01J${String(sequence).padStart(12, "0")}`,
    created_at: fields.at,
    duration: 420,
    path: "/v1/chat/completions",
    provider: fields.provider ?? "openai",
    model: fields.model ?? "gpt-4.1-mini",
    success: fields.success ?? true,
    cached: fields.cached ?? false,
    tokens_in: fields.tokensIn === undefined ? 100 : fields.tokensIn,
    tokens_out: fields.tokensOut === undefined ? 50 : fields.tokensOut,
    metadata: fields.metadata ?? JSON.stringify({ workload: fields.workload ?? "checkout", keyName: "k1", environment: "dev", cohort: "primary" }),
    status_code: fields.success === false ? 500 : 200,
  };
  if (fields.cost !== undefined) entry.cost = fields.cost;
  return entry;
}
