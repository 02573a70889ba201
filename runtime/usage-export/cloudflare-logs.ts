/**
 * One page of AI Gateway logs from the documented List Gateway Logs endpoint
 * (GET /accounts/{account_id}/ai-gateway/gateways/{gateway_id}/logs; accepted permissions
 * "AI Gateway Read" or "AI Gateway Write";
 * https://developers.cloudflare.com/api/resources/ai_gateway/subresources/logs/methods/list/).
 * Parameters and answers are typed by the official `cloudflare` SDK (LogListParams,
 * LogListResponse, V4PagePaginationArray).
 *
 * Hand-written HTTP rather than the SDK's `client.aiGateway.logs.list()`: the SDK (7.3.0)
 * serialises query objects with qs `allowDots, arrayFormat: 'repeat'`, which sends
 * `filters.key=created_at&filters.operator=gt&…`; the API ignores that (and bracket notation)
 * and applies `filters` only as JSON text, `filters=[{"key":"created_at","operator":"gt","value":["…"]}]`
 * (https://github.com/cloudflare/cloudflare-typescript/issues/2723). The exporter does not rely
 * on the filter being applied either: see range-read.ts.
 */
import type { V4PagePaginationArrayResponse } from "cloudflare/core/pagination";
import type { LogListParams, LogListResponse } from "cloudflare/resources/ai-gateway/logs";
import type { ApiBudget, Clock } from "./api-budget";

export interface LogsSource {
  accountId: string;
  gatewayId: string;
  /** A read-only API token. Sent only as the Authorization header; never logged or put in errors. */
  token: string;
  apiBase?: string;
  fetch?: typeof fetch;
}

export const CLOUDFLARE_API = "https://api.cloudflare.com/client/v4";
/** The largest page the logs API serves (default 20). */
export const MAX_PER_PAGE = 50;
/** A call that has not answered by then is abandoned and retried. */
const CALL_TIMEOUT_MS = 30_000;

/** The page envelope: V4PagePaginationArray's result_info plus the documented `count` and `total_count`. */
export interface LogsEnvelope {
  success: boolean;
  errors: { code?: number; message?: string }[];
  messages?: unknown[];
  result: LogListResponse[] | null;
  result_info?: V4PagePaginationArrayResponse.ResultInfo & { count?: number; total_count?: number };
}

/** The query for one page: created_at in [start, end), newest first. */
export type LogsQuery = Required<Pick<LogListParams, "page" | "per_page" | "order_by" | "order_by_direction" | "filters">>;

export interface PageRequest {
  start: number;
  end: number;
  page: number;
  perPage: number;
  /** Newest first unless asked otherwise (only the oldest-log probe asks for oldest first). */
  direction?: "asc" | "desc";
}

export function logsQuery({ start, end, page, perPage, direction = "desc" }: PageRequest): LogsQuery {
  return {
    page,
    per_page: perPage,
    order_by: "created_at",
    // Newest first: logs arriving during a read, and the gateway deleting its oldest logs, move
    // entries to later pages, so a sequential read may see one twice but never skips one.
    order_by_direction: direction,
    filters: [
      // created_at may carry more than milliseconds: "after start - 1 ms" keeps start itself.
      { key: "created_at", operator: "gt", value: [new Date(start - 1).toISOString()] },
      { key: "created_at", operator: "lt", value: [new Date(end).toISOString()] },
    ],
  };
}

/** The query string: `filters` as JSON text, the only form the API applies. */
export function encodeLogsQuery(query: LogsQuery): string {
  const params = new URLSearchParams();
  params.set("page", String(query.page));
  params.set("per_page", String(query.per_page));
  params.set("order_by", query.order_by);
  params.set("order_by_direction", query.order_by_direction);
  params.set("filters", JSON.stringify(query.filters));
  return params.toString();
}

export class CloudflareApiError extends Error {}

export interface LogsPage {
  entries: unknown[];
  /** The answer's `result` was null rather than a list. */
  nullResult: boolean;
  total?: number;
  /** result_info.per_page as the API echoed it. */
  perPage?: number;
}

export class LogsClient {
  calls = 0;
  constructor(
    private readonly source: LogsSource,
    private readonly budget: ApiBudget,
    private readonly clock: Clock,
  ) {}

  async page(request: PageRequest): Promise<LogsPage> {
    const base = `${this.source.apiBase ?? CLOUDFLARE_API}/accounts/${encodeURIComponent(this.source.accountId)}/ai-gateway/gateways/${encodeURIComponent(this.source.gatewayId)}/logs`;
    const url = `${base}?${encodeLogsQuery(logsQuery(request))}`;
    const doFetch = this.source.fetch ?? fetch;
    for (let attempt = 1; ; attempt++) {
      await this.budget.take();
      this.calls++;
      const sent = this.clock.now();
      let response: Response;
      try {
        const init: RequestInit = { headers: { Authorization: `Bearer ${this.source.token}`, Accept: "application/json" } };
        // The platform's fetch gets a time limit; an injected one (tests) keeps its own clock.
        response = await doFetch(url, this.source.fetch ? init : { ...init, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
        this.budget.observe(this.clock.now() - sent);
      } catch (err) {
        if (attempt >= 4) throw new CloudflareApiError(`Cloudflare logs API unreachable: ${(err as Error).name}`);
        await this.clock.sleep(1000 * 2 ** attempt);
        continue;
      }
      const quota = /\br=(\d+)\s*;\s*t=(\d+)/.exec(response.headers.get("ratelimit") ?? "");
      if (quota && Number(quota[1]) === 0) this.budget.block(Number(quota[2]));
      if (response.status === 429) {
        await response.body?.cancel();
        this.budget.block(Number(response.headers.get("retry-after") ?? Number.NaN));
        continue;
      }
      if (response.status >= 500 && attempt < 4) {
        await response.body?.cancel();
        await this.clock.sleep(1000 * 2 ** attempt);
        continue;
      }
      let body: LogsEnvelope;
      try {
        body = (await response.json()) as LogsEnvelope;
      } catch {
        throw new CloudflareApiError(`Cloudflare logs API answered ${response.status} without JSON`);
      }
      if (!response.ok || body?.success === false) {
        const messages = (body?.errors ?? []).map((e) => `${e.code ?? ""} ${e.message ?? ""}`.trim()).join("; ");
        throw new CloudflareApiError(`Cloudflare logs API answered ${response.status}${messages ? `: ${messages}` : ""}`);
      }
      const info = body.result_info ?? {};
      return {
        entries: Array.isArray(body.result) ? body.result : [],
        nullResult: !Array.isArray(body.result),
        total: typeof info.total_count === "number" ? info.total_count : undefined,
        perPage: typeof info.per_page === "number" ? info.per_page : undefined,
      };
    }
  }
}
