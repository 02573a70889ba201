/**
 * What the exporter reads: entries of Cloudflare AI Gateway's logs REST API, checked one by one
 * before anything is counted.
 *
 * Source chosen: the gateway logs API, GET /accounts/{account_id}/ai-gateway/gateways/{gateway_id}/logs
 * (https://developers.cloudflare.com/api/resources/ai_gateway/subresources/logs/methods/list/;
 * entry type LogListResponse of the official `cloudflare` SDK, cloudflare-typescript
 * src/resources/ai-gateway/logs.ts). It is the only documented source that carries, per request,
 * `cost`, `tokens_in`, `tokens_out` and the request's `metadata` (what the front door sends in
 * `cf-aig-metadata`). GraphQL `aiGatewayRequestsAdaptiveGroups` documents only `count` with
 * model/provider/gateway/time dimensions: no metadata, so no per-workload attribution.
 */
import type { LogListResponse } from "cloudflare/resources/ai-gateway/logs";
import { FORMATS } from "../../stacks/formats";
import { UNATTRIBUTED } from "./contract";
import { NO_KEY, type Request } from "./ledger-row";
import { usdOf } from "./money";

/** A log entry as the List Gateway Logs API documents it. */
export type GatewayLogEntry = LogListResponse;

/** An entry that passed every check: what the ledger counts, with its log id for merging. */
export interface CountedEntry extends Request {
  id: string;
  /** created_at in epoch milliseconds (sub-millisecond digits are dropped). */
  atMs: number;
  workload: string;
  keyName: string;
  provider: string;
  model: string;
}

/** An entry the exporter cannot count exactly: kept in quarantine with the reason, never summed. */
export interface QuarantinedEntry {
  id: string;
  reason: string;
  entry: unknown;
}

export type CheckedEntry = { counted: CountedEntry } | { quarantined: QuarantinedEntry };

/** Who sent a request: the workload and gateway key labels the front door put in `cf-aig-metadata`. */
export interface RequestLabels {
  /** The workload label, or `unattributed` when there is none or it is not a label. */
  workload: string;
  /** The gateway key label, or NO_KEY when there is none or it is not a label. */
  keyName: string;
}

/**
 * The labels in a log entry's metadata (documented as a string: the JSON text of the front door's
 * `cf-aig-metadata`; an object is accepted too). Each is kept as written when it has the form of a
 * stack label, whether or not the stack has it: the run meters an unknown workload as
 * `unattributed` and reports an unknown key (export-run.ts).
 */
export function labelsOf(metadata: unknown): RequestLabels {
  let value: unknown = metadata;
  if (typeof metadata === "string") {
    try {
      value = JSON.parse(metadata);
    } catch {
      value = undefined;
    }
  }
  const record = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const label = (field: string): string | undefined => (typeof record[field] === "string" && FORMATS.label.pattern.test(record[field]) ? record[field] : undefined);
  return { workload: label("workload") ?? UNATTRIBUTED, keyName: label("keyName") ?? NO_KEY };
}

/** created_at as epoch ms; a time without a zone is read as UTC. NaN when unreadable. */
export function createdAtMs(createdAt: unknown): number {
  if (typeof createdAt !== "string") return Number.NaN;
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(createdAt) ? createdAt : `${createdAt.replace(" ", "T")}Z`;
  return Date.parse(zoned);
}

export const hourOf = (ms: number): string => new Date(Math.floor(ms / 3_600_000) * 3_600_000).toISOString().replace(".000Z", "Z");

const label = (text: unknown): string => (typeof text === "string" && text.length > 0 ? text.slice(0, 128) : "unknown");
const tokens = (value: unknown): number | undefined => (value === null || value === undefined ? 0 : Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined);

/** Checks one entry of a logs page. */
export function checkEntry(raw: unknown): CheckedEntry {
  const record = (typeof raw === "object" && raw !== null ? raw : {}) as Partial<Record<keyof GatewayLogEntry, unknown>>;
  const hasId = typeof record.id === "string" && record.id.length > 0;
  // Without an id an entry cannot be merged: quarantine it under its own text so it is kept once.
  const id = hasId ? (record.id as string) : `no-id:${JSON.stringify(raw)}`;
  const quarantine = (reason: string): CheckedEntry => ({ quarantined: { id, reason, entry: raw } });
  if (!hasId) return quarantine("no id");
  const atMs = createdAtMs(record.created_at);
  if (!Number.isFinite(atMs)) return quarantine(`unreadable created_at ${JSON.stringify(record.created_at)}`);
  let costUsd: string | undefined;
  if (record.cost !== undefined && record.cost !== null) {
    costUsd = typeof record.cost === "number" ? usdOf(record.cost) : undefined;
    if (costUsd === undefined || costUsd.startsWith("-")) return quarantine(`cost ${JSON.stringify(record.cost)} is not an amount of at least 0`);
  }
  // A cost of 0 on a request not answered from cache is a price the gateway does not know, like
  // null: counted as unpriced (a fallback price, summarize's note), not as free.
  if (costUsd === "0" && record.cached !== true) costUsd = undefined;
  const [tokensIn, tokensOut] = [tokens(record.tokens_in), tokens(record.tokens_out)];
  if (tokensIn === undefined || tokensOut === undefined) return quarantine(`tokens ${JSON.stringify([record.tokens_in, record.tokens_out])} are not whole numbers of at least 0`);
  return {
    counted: {
      id,
      atMs,
      ...labelsOf(record.metadata),
      provider: label(record.provider),
      model: label(record.model),
      success: record.success !== false,
      cached: record.cached === true,
      tokensIn,
      tokensOut,
      ...(costUsd === undefined ? {} : { costUsd }),
    },
  };
}
