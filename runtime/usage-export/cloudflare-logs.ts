/**
 * Reads one closed window of AI Gateway logs through the documented List Gateway Logs endpoint
 * (GET /accounts/{account_id}/ai-gateway/gateways/{gateway_id}/logs; accepted permissions
 * "AI Gateway Read" or "AI Gateway Write";
 * https://developers.cloudflare.com/api/resources/ai_gateway/subresources/logs/methods/list/).
 *
 * Documented: `page`, `per_page`, `order_by` (created_at|provider|model|...),
 * `order_by_direction` (asc|desc), `filters` as {key, operator: eq|neq|contains|lt|gt, value: []}
 * with key `created_at` among others, the v4 envelope `{ success, errors, result, result_info }`.
 * Unverified (check on first deploy, see docs/ledger.md): how `filters` is encoded in the query
 * string (bracket notation is used here), the largest accepted `per_page` (50 is assumed), and the
 * precision of `created_at`. The reader does not trust the filter alone: it keeps only entries
 * inside [start, end), drops duplicate ids, and stops once ascending entries pass `end`.
 */
import { createdAtMs, type GatewayLogEntry } from "./gateway-log";

export interface LogsSource {
  accountId: string;
  gatewayId: string;
  /** A read-only API token. Sent only as the Authorization header; never logged or put in errors. */
  token: string;
  apiBase?: string;
  perPage?: number;
  fetch?: typeof fetch;
  /** Safety stop: pages per window before giving up (a filter the API ignored would read everything). */
  maxPages?: number;
  /** Pages in flight at once once the window's total is known (Cloudflare allows 1,200 API calls per 5 minutes per token). */
  concurrency?: number;
  /** Waits between retries; tests pass a no-op. */
  sleep?: (ms: number) => Promise<void>;
}

export const CLOUDFLARE_API = "https://api.cloudflare.com/client/v4";
export const DEFAULT_PER_PAGE = 50;
export const DEFAULT_CONCURRENCY = 4;

interface Envelope {
  success?: boolean;
  errors?: { code?: number; message?: string }[];
  result?: GatewayLogEntry[];
  result_info?: { page?: number; per_page?: number; count?: number; total_count?: number };
}

/** The query string for one page: created_at strictly after start-1ms and before end, oldest first. */
export function logsQuery(start: Date, end: Date, page: number, perPage: number): string {
  const params = new URLSearchParams();
  params.set("page", String(page));
  params.set("per_page", String(perPage));
  params.set("order_by", "created_at");
  params.set("order_by_direction", "asc");
  const filters: [string, string, string][] = [
    ["created_at", "gt", new Date(start.getTime() - 1).toISOString()],
    ["created_at", "lt", end.toISOString()],
  ];
  filters.forEach(([key, operator, value], i) => {
    params.set(`filters[${i}][key]`, key);
    params.set(`filters[${i}][operator]`, operator);
    params.set(`filters[${i}][value][0]`, value);
  });
  return params.toString();
}

export class CloudflareApiError extends Error {}

/** Yields the window's entries page by page (entry times in ms alongside), oldest first. */
export async function* readGatewayLogs(source: LogsSource, start: Date, end: Date): AsyncGenerator<{ entry: GatewayLogEntry; atMs: number }[]> {
  const perPage = source.perPage ?? DEFAULT_PER_PAGE;
  const maxPages = source.maxPages ?? 20_000;
  const concurrency = Math.max(1, source.concurrency ?? DEFAULT_CONCURRENCY);
  const base = `${source.apiBase ?? CLOUDFLARE_API}/accounts/${encodeURIComponent(source.accountId)}/ai-gateway/gateways/${encodeURIComponent(source.gatewayId)}/logs`;
  const fetchPage = (page: number) => getPage(source, `${base}?${logsQuery(start, end, page, perPage)}`);
  const seen = new Set<string>();
  const [from, to] = [start.getTime(), end.getTime()];
  const keep = (body: Envelope) => {
    const entries = body.result ?? [];
    const inWindow: { entry: GatewayLogEntry; atMs: number }[] = [];
    let passedEnd = false;
    for (const entry of entries) {
      const atMs = createdAtMs(entry);
      if (!Number.isFinite(atMs)) throw new CloudflareApiError(`gateway log ${entry.id} has an unreadable created_at`);
      if (atMs >= to) passedEnd = true;
      if (atMs < from || atMs >= to || seen.has(entry.id)) continue;
      seen.add(entry.id);
      inWindow.push({ entry, atMs });
    }
    // The API may serve fewer per page than asked: trust its result_info where it gives one.
    const served = body.result_info?.per_page ?? perPage;
    return { inWindow, last: entries.length === 0 || entries.length < served || passedEnd, served };
  };

  const first = await fetchPage(1);
  const firstPage = keep(first);
  if (firstPage.inWindow.length) yield firstPage.inWindow;
  const total = first.result_info?.total_count;
  if (firstPage.last || (typeof total === "number" && firstPage.served >= total)) return;
  // A closed window is a fixed set: once the total is known, later pages are fetched a few at a
  // time (in order) to cut the round trips a large window costs.
  const knownPages = typeof total === "number" ? Math.ceil(total / firstPage.served) : undefined;
  if (knownPages !== undefined && knownPages > maxPages) throw tooMany(maxPages, start, end);
  for (let page = 2; page <= (knownPages ?? maxPages); page += knownPages ? concurrency : 1) {
    const batch = knownPages ? Array.from({ length: Math.min(concurrency, knownPages - page + 1) }, (_, i) => page + i) : [page];
    const bodies = await Promise.all(batch.map(fetchPage));
    for (const body of bodies) {
      const result = keep(body);
      if (result.inWindow.length) yield result.inWindow;
      if (result.last) return;
    }
  }
  if (knownPages === undefined) throw tooMany(maxPages, start, end);
}

const tooMany = (maxPages: number, start: Date, end: Date) =>
  new CloudflareApiError(`more than ${maxPages} pages of gateway logs in ${start.toISOString()}..${end.toISOString()}: is the created_at filter applied?`);

async function getPage(source: LogsSource, url: string): Promise<Envelope> {
  const doFetch = source.fetch ?? fetch;
  const sleep = source.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    const response = await doFetch(url, { headers: { Authorization: `Bearer ${source.token}`, Accept: "application/json" } });
    if ((response.status === 429 || response.status >= 500) && attempt < 5) {
      const retryAfter = Number(response.headers.get("retry-after"));
      await response.body?.cancel();
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 60) * 1000 : 500 * 2 ** attempt);
      continue;
    }
    let body: Envelope;
    try {
      body = (await response.json()) as Envelope;
    } catch {
      throw new CloudflareApiError(`Cloudflare logs API answered ${response.status} without JSON`);
    }
    if (!response.ok || body.success === false) {
      const messages = (body.errors ?? []).map((e) => `${e.code ?? ""} ${e.message ?? ""}`.trim()).join("; ");
      throw new CloudflareApiError(`Cloudflare logs API answered ${response.status}${messages ? `: ${messages}` : ""}`);
    }
    return body;
  }
}
