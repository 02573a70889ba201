/**
 * What the exporter reads: entries of Cloudflare AI Gateway's logs REST API, and how they fold
 * into ledger rows.
 *
 * Source chosen: the gateway logs API, GET /accounts/{account_id}/ai-gateway/gateways/{gateway_id}/logs
 * (https://developers.cloudflare.com/api/resources/ai_gateway/subresources/logs/methods/list/,
 * and the LogListResponse type of cloudflare-typescript src/resources/ai-gateway/logs.ts). It is the
 * only documented source that carries, per request, `cost`, `tokens_in`, `tokens_out` and the
 * request's `metadata` (what the front door sends in `cf-aig-metadata`). GraphQL
 * `aiGatewayRequestsAdaptiveGroups` documents only `count` with model/provider/gateway/time
 * dimensions (https://developers.cloudflare.com/ai-gateway/observability/analytics/): no metadata
 * dimension, so no per-workload attribution.
 */
import { emptyRow, roundUsd, rowKey, type LedgerRow } from "./ledger-row";

/** The fields of a log entry the exporter uses (names and types as documented for List Gateway Logs). */
export interface GatewayLogEntry {
  id: string;
  /** ISO 8601 date-time. Unverified whether the API always adds a zone: without one it is read as UTC. */
  created_at: string;
  provider: string;
  model: string;
  success: boolean;
  cached: boolean;
  tokens_in: number | null;
  tokens_out: number | null;
  cost?: number;
  /**
   * Documented as a string. Unverified: that it is the JSON text of the `cf-aig-metadata` object
   * (e.g. `{"workload":"checkout","keyName":"k1",...}`). An object is accepted too.
   */
  metadata?: string | Record<string, unknown>;
  status_code?: number;
}

/** Workload label for requests without usable `workload` metadata. */
export const UNATTRIBUTED = "unattributed";
const WORKLOAD_LABEL = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The `workload` the front door put in `cf-aig-metadata`. Anything else (missing, unparsable, not a
 * stack-file label) becomes `unattributed`, which also keeps CloudWatch dimension values bounded.
 */
export function workloadOf(metadata: GatewayLogEntry["metadata"]): string {
  let value: unknown = metadata;
  if (typeof metadata === "string") {
    try {
      value = JSON.parse(metadata);
    } catch {
      return UNATTRIBUTED;
    }
  }
  const workload = typeof value === "object" && value !== null ? (value as Record<string, unknown>).workload : undefined;
  return typeof workload === "string" && WORKLOAD_LABEL.test(workload) ? workload : UNATTRIBUTED;
}

export function createdAtMs(entry: Pick<GatewayLogEntry, "created_at">): number {
  const text = entry.created_at;
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text.replace(" ", "T")}Z`;
  return Date.parse(zoned);
}

export function hourOf(ms: number): string {
  return new Date(Math.floor(ms / 3_600_000) * 3_600_000).toISOString().replace(".000Z", "Z");
}

const label = (text: unknown): string => (typeof text === "string" && text.length > 0 ? text.slice(0, 128) : "unknown");

/** Folds log entries into ledger rows, one per workload, provider, model and hour. */
export class UsageAggregator {
  private readonly rows = new Map<string, LedgerRow>();
  constructor(private readonly environment: string) {}

  add(entry: GatewayLogEntry, atMs = createdAtMs(entry)): void {
    const key = { environment: this.environment, hour: hourOf(atMs), workload: workloadOf(entry.metadata), provider: label(entry.provider), model: label(entry.model) };
    const id = rowKey(key);
    let row = this.rows.get(id);
    if (!row) this.rows.set(id, (row = emptyRow(key)));
    row.requests += 1;
    if (entry.success === false) row.errors += 1;
    if (entry.cached === true) row.cachedRequests += 1;
    row.tokensIn += count(entry.tokens_in);
    row.tokensOut += count(entry.tokens_out);
    if (typeof entry.cost === "number" && Number.isFinite(entry.cost)) row.costUsd = roundUsd(row.costUsd + entry.cost);
    else row.unpricedRequests += 1;
  }

  result(): LedgerRow[] {
    return [...this.rows.values()];
  }
}

const count = (value: number | null | undefined): number => (typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0);
