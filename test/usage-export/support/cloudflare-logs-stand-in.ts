/**
 * A local HTTP server standing in for Cloudflare's List Gateway Logs endpoint, following its
 * documented shape: GET /client/v4/accounts/{account_id}/ai-gateway/gateways/{gateway_id}/logs,
 * Bearer token, `page`/`per_page`, `order_by=created_at`, `order_by_direction`, `filters` on
 * created_at with `gt`/`lt`, and the v4 envelope { success, errors, messages, result, result_info }.
 * The filter encoding in the query string is the exporter's assumption (unverified against the live API).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayLogEntry } from "../../../runtime/usage-export/gateway-log";

export interface StandInOptions {
  accountId: string;
  gatewayId: string;
  token: string;
  /** Largest page the stand-in serves (it clamps larger requests, as a real API may). */
  maxPerPage?: number;
  /** Delay before each answer, to model a network round trip (benchmarks). */
  latencyMs?: number;
}

export class CloudflareLogsStandIn {
  private entries: GatewayLogEntry[] = [];
  private times: number[] = [];
  private server?: Server;
  readonly requests: string[] = [];
  readonly authorizations: string[] = [];
  /** Answer the next N requests with 429 (rate limited), with Retry-After: 1. */
  rateLimitNext = 0;
  baseUrl = "";

  constructor(private readonly options: StandInOptions) {}

  setEntries(entries: GatewayLogEntry[]): void {
    this.entries = [...entries].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
    this.times = this.entries.map((e) => Date.parse(e.created_at));
  }

  addEntries(entries: GatewayLogEntry[]): void {
    this.setEntries([...this.entries, ...entries]);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/client/v4`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.options.latencyMs) {
      setTimeout(() => this.answer(req, res), this.options.latencyMs);
      return;
    }
    this.answer(req, res);
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://stand-in");
    this.requests.push(url.pathname + url.search);
    this.authorizations.push(String(req.headers.authorization));
    const path = `/client/v4/accounts/${this.options.accountId}/ai-gateway/gateways/${this.options.gatewayId}/logs`;
    if (req.method !== "GET" || url.pathname !== path) return send(res, 404, { success: false, errors: [{ code: 7003, message: "Could not route to the requested path" }], messages: [], result: null });
    if (req.headers.authorization !== `Bearer ${this.options.token}`) return send(res, 403, { success: false, errors: [{ code: 10000, message: "Authentication error" }], messages: [], result: null });
    if (this.rateLimitNext > 0) {
      this.rateLimitNext--;
      res.setHeader("retry-after", "1");
      return send(res, 429, { success: false, errors: [{ code: 971, message: "Please wait and consider throttling your request speed" }], messages: [], result: null });
    }
    const q = url.searchParams;
    const perPage = Math.min(Number(q.get("per_page") ?? 20), this.options.maxPerPage ?? 50);
    const page = Number(q.get("page") ?? 1);
    let lo = 0;
    let hi = this.entries.length;
    for (let i = 0; q.has(`filters[${i}][key]`); i++) {
      if (q.get(`filters[${i}][key]`) !== "created_at") continue;
      const value = Date.parse(String(q.get(`filters[${i}][value][0]`)));
      const op = q.get(`filters[${i}][operator]`);
      if (op === "gt") lo = Math.max(lo, upperBound(this.times, value));
      if (op === "lt") hi = Math.min(hi, lowerBound(this.times, value));
    }
    const matching = hi > lo ? hi - lo : 0;
    const descending = q.get("order_by_direction") === "desc";
    const offset = (page - 1) * perPage;
    let result: GatewayLogEntry[];
    if (descending) result = this.entries.slice(Math.max(lo, hi - offset - perPage), Math.max(lo, hi - offset)).reverse();
    else result = this.entries.slice(Math.min(hi, lo + offset), Math.min(hi, lo + offset + perPage));
    send(res, 200, { success: true, errors: [], messages: [], result, result_info: { page, per_page: perPage, count: result.length, total_count: matching } });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
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
export function logEntry(fields: { at: string; workload?: string; provider?: string; model?: string; cost?: number; tokensIn?: number | null; tokensOut?: number | null; success?: boolean; cached?: boolean; metadata?: string }): GatewayLogEntry {
  sequence++;
  const entry: GatewayLogEntry = {
    id: `01J${String(sequence).padStart(12, "0")}`,
    created_at: fields.at,
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
