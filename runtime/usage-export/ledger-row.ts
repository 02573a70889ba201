/**
 * One ledger row: a workload's use of one provider's model during one UTC hour, in one
 * environment. The exporter writes these as JSON Lines and `switchyard ledger` reads them back,
 * so the shape and the merge live here, shared by both.
 */
export interface LedgerRow {
  environment: string;
  /** Start of the UTC hour, e.g. `2026-11-26T10:00:00Z`. */
  hour: string;
  workload: string;
  provider: string;
  model: string;
  requests: number;
  /** Requests the gateway logged as not successful. */
  errors: number;
  /** Requests answered from the gateway cache. */
  cachedRequests: number;
  tokensIn: number;
  tokensOut: number;
  /** US dollars as the gateway priced them (its estimate, or `cf-aig-custom-cost`). */
  costUsd: number;
  /** Requests the gateway logged without a cost: the ledger understates spend by these. */
  unpricedRequests: number;
}

export type LedgerRowKey = Pick<LedgerRow, "environment" | "hour" | "workload" | "provider" | "model">;

export const rowKey = (row: LedgerRowKey): string => `${row.environment}\u0000${row.hour}\u0000${row.workload}\u0000${row.provider}\u0000${row.model}`;

/** Costs are summed in floating point; rounding to nano-dollars keeps files stable across runs. */
export const roundUsd = (value: number): number => Math.round(value * 1e9) / 1e9;

export function emptyRow(key: LedgerRowKey): LedgerRow {
  return {
    environment: key.environment,
    hour: key.hour,
    workload: key.workload,
    provider: key.provider,
    model: key.model,
    requests: 0,
    errors: 0,
    cachedRequests: 0,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    unpricedRequests: 0,
  };
}

/** Adds `from`'s counts into `into` (same key assumed). */
export function addInto(into: LedgerRow, from: LedgerRow): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.cachedRequests += from.cachedRequests;
  into.tokensIn += from.tokensIn;
  into.tokensOut += from.tokensOut;
  into.costUsd = roundUsd(into.costUsd + from.costUsd);
  into.unpricedRequests += from.unpricedRequests;
}

/** Sums rows that share a key; the result is sorted by hour, workload, provider, model. */
export function mergeRows(rows: Iterable<LedgerRow>): LedgerRow[] {
  const merged = new Map<string, LedgerRow>();
  for (const row of rows) {
    const key = rowKey(row);
    let target = merged.get(key);
    if (!target) merged.set(key, (target = emptyRow(row)));
    addInto(target, row);
  }
  return sortRows([...merged.values()]);
}

export function sortRows(rows: LedgerRow[]): LedgerRow[] {
  const fields = ["environment", "hour", "workload", "provider", "model"] as const;
  return rows.sort((a, b) => {
    for (const f of fields) if (a[f] !== b[f]) return a[f] < b[f] ? -1 : 1;
    return 0;
  });
}

/** JSON Lines, one row per line, fields in a fixed order so identical input gives identical bytes. */
export function toJsonLines(rows: readonly LedgerRow[]): string {
  return rows.map((row) => JSON.stringify(emptyRowOrder(row)) + "\n").join("");
}

function emptyRowOrder(row: LedgerRow): LedgerRow {
  const ordered = emptyRow(row);
  addInto(ordered, row);
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

const TEXT_FIELDS = ["environment", "hour", "workload", "provider", "model"] as const;
const NUMBER_FIELDS = ["requests", "errors", "cachedRequests", "tokensIn", "tokensOut", "costUsd", "unpricedRequests"] as const;

function checkRow(value: unknown, where: string): LedgerRow {
  if (typeof value !== "object" || value === null) throw new Error(`${where}: not a ledger row`);
  const record = value as Record<string, unknown>;
  for (const f of TEXT_FIELDS) if (typeof record[f] !== "string") throw new Error(`${where}: ${f} must be a string`);
  for (const f of NUMBER_FIELDS) if (typeof record[f] !== "number" || !Number.isFinite(record[f])) throw new Error(`${where}: ${f} must be a number`);
  return record as unknown as LedgerRow;
}
