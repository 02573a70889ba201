/**
 * One ledger row: a workload's use of one provider's model through one gateway key during one UTC
 * hour, in one environment. The exporter writes these as JSON Lines and `switchyard ledger` reads
 * them back, so the shape, the field sums and the parser live here, shared by both.
 */
import { UsdSum, USD_TEXT, usdOf } from "./money";

/** What is counted; summed field by field (addTotals) wherever rows are combined. */
export interface UsageTotals {
  requests: number;
  /** Requests the gateway logged as not successful. */
  errors: number;
  /** Requests answered from the gateway cache. */
  cachedRequests: number;
  tokensIn: number;
  tokensOut: number;
  /** Exact US dollars as decimal text (money.ts), as the gateway priced them (its estimate, or `cf-aig-custom-cost`). */
  costUsd: string;
  /** Requests the gateway logged without a cost: the ledger understates spend by these. */
  unpricedRequests: number;
}

export interface LedgerRowKey {
  environment: string;
  /** Start of the UTC hour, e.g. `2026-11-26T10:00:00Z`. */
  hour: string;
  workload: string;
  /** The gateway key label the front door sent (`keyName` in `cf-aig-metadata`), or NO_KEY. */
  keyName: string;
  provider: string;
  model: string;
}

export interface LedgerRow extends LedgerRowKey, UsageTotals {}

/**
 * The key label of a request whose metadata named no key (unattributed traffic, malformed
 * metadata), and of rows written before the ledger recorded keys. Never a stack key name: those
 * are non-empty labels.
 */
export const NO_KEY = "";

const KEY_FIELDS = ["environment", "hour", "workload", "keyName", "provider", "model"] as const;
const COUNT_FIELDS = ["requests", "errors", "cachedRequests", "tokensIn", "tokensOut", "unpricedRequests"] as const;

export const rowKey = (row: LedgerRowKey): string => KEY_FIELDS.map((f) => row[f]).join("\u0000");

export const zeroTotals = (): UsageTotals => ({ requests: 0, errors: 0, cachedRequests: 0, tokensIn: 0, tokensOut: 0, costUsd: "0", unpricedRequests: 0 });

export function emptyRow(key: LedgerRowKey): LedgerRow {
  return { environment: key.environment, hour: key.hour, workload: key.workload, keyName: key.keyName, provider: key.provider, model: key.model, ...zeroTotals() };
}

/** Adds `from`'s counts into `into`: the one place fields are summed. */
export function addTotals(into: UsageTotals, from: UsageTotals): void {
  for (const f of COUNT_FIELDS) into[f] += from[f];
  if (from.costUsd !== "0") into.costUsd = new UsdSum(into.costUsd).add(from.costUsd).toString();
}

/** One request as the ledger counts it (a checked log entry). */
export interface Request {
  success: boolean;
  cached: boolean;
  tokensIn: number;
  tokensOut: number;
  /** Exact dollars, or undefined when the gateway logged no cost. */
  costUsd?: string;
}

/**
 * Adds one request into `into`; its cost goes into `cost`, the row's running exact sum (the
 * caller writes it back once: this runs once per log entry).
 */
export function addRequest(into: UsageTotals, request: Request, cost: UsdSum): void {
  into.requests += 1;
  if (!request.success) into.errors += 1;
  if (request.cached) into.cachedRequests += 1;
  into.tokensIn += request.tokensIn;
  into.tokensOut += request.tokensOut;
  if (request.costUsd === undefined) into.unpricedRequests += 1;
  else cost.add(request.costUsd);
}

export function sortRows<T extends LedgerRowKey>(rows: T[]): T[] {
  return rows.sort((a, b) => {
    for (const f of KEY_FIELDS) if (a[f] !== b[f]) return a[f] < b[f] ? -1 : 1;
    return 0;
  });
}

/** JSON Lines, one row per line, fields in a fixed order so identical input gives identical bytes. */
export function toJsonLines(rows: readonly LedgerRow[]): string {
  return rows.map((row) => JSON.stringify(emptyRowOrder(row)) + "\n").join("");
}

function emptyRowOrder(row: LedgerRow): LedgerRow {
  const ordered = emptyRow(row);
  addTotals(ordered, row);
  return ordered;
}

/** Parses JSON Lines written by `toJsonLines`; `source` names the file in error messages. */
export function parseJsonLines(text: string, source: string): LedgerRow[] {
  const rows: LedgerRow[] = [];
  text.split("\n").forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${index + 1}: not JSON`);
    }
    rows.push(checkRow(value, `${source}:${index + 1}`));
  });
  return rows;
}

function checkRow(value: unknown, where: string): LedgerRow {
  if (typeof value !== "object" || value === null) throw new Error(`${where}: not a ledger row`);
  // Rows written before the ledger recorded keys have no keyName: counted under NO_KEY.
  const record: Record<string, unknown> = { keyName: NO_KEY, ...value };
  for (const f of KEY_FIELDS) if (typeof record[f] !== "string") throw new Error(`${where}: ${f} must be a string`);
  for (const f of COUNT_FIELDS) if (!Number.isSafeInteger(record[f]) || (record[f] as number) < 0) throw new Error(`${where}: ${f} must be a whole number, at least 0`);
  // Ledgers written before money was exact carry costUsd as a JSON number: read its exact decimal.
  const cost = typeof record.costUsd === "number" ? usdOf(record.costUsd) : record.costUsd;
  if (typeof cost !== "string" || !USD_TEXT.test(cost) || cost.startsWith("-")) throw new Error(`${where}: costUsd must be a decimal amount of US dollars, at least 0`);
  return { ...(record as unknown as LedgerRow), costUsd: cost };
}
