/**
 * The CloudWatch metrics the exporter publishes under namespace `Switchyard` (names in contract.ts).
 *
 * Dimension sets (each distinct set is a billed metric, USD 0.30 a month each: so values stay
 * bounded, and none per workload: contract.ts PUBLISHED_METRICS). A workload's usage and
 * month-to-date are in the ledger (`switchyard ledger summarize`) and the run's report; its budget
 * thresholds are told by the run itself (budget-alerts.ts).
 *   {Environment}:           SpendUsd, Requests, Errors, TokensIn, TokensOut, MonthToDateSpendUsd,
 *                            totals for the environment
 *   {Environment, Model}:    SpendUsd and Requests for the TOP_MODELS models of each window by spend;
 *                            the rest are summed under Model=`other`. No Workload x Model metrics.
 *   {Environment}:           per run: ExporterHeartbeat, ExportLagMinutes, RowsOutsideWindow,
 *                            ApiLimitStalls, UnverifiedWindows, LogsDeletedUnreadMinutes; per merge that adds them: LateRows,
 *                            LateRowsBeyondHorizon, QuarantinedEntries, UnattributedSpendUsd
 */
import { PutMetricDataCommand, type CloudWatchClient, type MetricDatum, type StandardUnit } from "@aws-sdk/client-cloudwatch";
import { METRIC, NAMESPACE, TOP_MODELS, UNATTRIBUTED } from "./contract";
import { addTotals, zeroTotals, type LedgerRow, type UsageTotals } from "./ledger-row";
import { compareUsd, UsdSum, usdTimes } from "./money";

export { TOP_MODELS } from "./contract";

export interface MetricsSink {
  publish(data: MetricDatum[]): Promise<void>;
}

/** PutMetricData takes up to 1,000 data per call; 500 keeps each request well under the 1 MB limit. */
export class CloudWatchSink implements MetricsSink {
  constructor(private readonly cloudwatch: CloudWatchClient) {}
  async publish(data: MetricDatum[], batch = 500): Promise<void> {
    for (let i = 0; i < data.length; i += batch) await this.cloudwatch.send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData: data.slice(i, i + batch) }));
  }
}

const COUNT: StandardUnit = "Count";
const NONE: StandardUnit = "None";

const dims = (environment: string, extra: Record<string, string> = {}) => [["Environment", environment], ...Object.entries(extra)].map(([Name, Value]) => ({ Name, Value }));

/**
 * Every label a stack workload's requests may carry -> that workload's current label: its own, and
 * the labels it had before (`renamedFrom`), so a rename keeps its month-to-date and budget notices.
 */
export type WorkloadLabels = ReadonlyMap<string, string>;

export function workloadLabels(workloads: readonly string[], renamedFrom: Readonly<Record<string, readonly string[]>> = {}): WorkloadLabels {
  const labels = new Map(workloads.map((w) => [w, w]));
  for (const [current, former] of Object.entries(renamedFrom)) if (labels.has(current)) for (const old of former) if (!labels.has(old)) labels.set(old, current);
  return labels;
}

/** The workload a ledger label's spend counts for: only the stack file's workloads (under any former label) have a month-to-date and budget of their own. */
export const metricWorkload = (label: string, workloads: WorkloadLabels): string => workloads.get(label) ?? UNATTRIBUTED;

function usageData(totals: UsageTotals, timestamp: Date, dimensions: { Name: string; Value: string }[]): MetricDatum[] {
  const datum = (MetricName: string, Value: number, Unit: StandardUnit): MetricDatum => ({ MetricName, Dimensions: dimensions, Timestamp: timestamp, Value, Unit });
  return [
    datum(METRIC.spend, Number(totals.costUsd), NONE),
    datum(METRIC.requests, totals.requests, COUNT),
    datum(METRIC.errors, totals.errors, COUNT),
    datum(METRIC.tokensIn, totals.tokensIn, COUNT),
    datum(METRIC.tokensOut, totals.tokensOut, COUNT),
  ];
}

function group(rows: readonly LedgerRow[], by: (row: LedgerRow) => string): Map<string, UsageTotals> {
  const out = new Map<string, UsageTotals>();
  for (const row of rows) {
    const key = by(row);
    let t = out.get(key);
    if (!t) out.set(key, (t = zeroTotals()));
    addTotals(t, row);
  }
  return out;
}

/** Usage newly counted for one window, stamped with the window's start so late data lands in its period. */
export function windowMetricData(environment: string, rows: readonly LedgerRow[], windowStart: Date, topModels = TOP_MODELS): MetricDatum[] {
  if (rows.length === 0) return [];
  // Environment totals only: no metric per workload.
  const data = usageData(group(rows, () => "").get("")!, windowStart, dims(environment));
  const ranked = [...group(rows, (r) => `${r.provider}/${r.model}`).entries()].sort((a, b) => compareUsd(b[1].costUsd, a[1].costUsd) || b[1].requests - a[1].requests || (a[0] < b[0] ? -1 : 1));
  const models: [string, UsageTotals][] = ranked.slice(0, topModels);
  if (ranked.length > topModels) {
    const other = zeroTotals();
    ranked.slice(topModels).forEach(([, t]) => addTotals(other, t));
    models.push(["other", other]);
  }
  for (const [model, t] of models) {
    const d = dims(environment, { Model: model });
    data.push({ MetricName: METRIC.spend, Dimensions: d, Timestamp: windowStart, Value: Number(t.costUsd), Unit: NONE });
    data.push({ MetricName: METRIC.requests, Dimensions: d, Timestamp: windowStart, Value: t.requests, Unit: COUNT });
  }
  return data;
}

/**
 * Adds what a ledger row counts toward a budget: its cost, and its requests logged without one at
 * the stack's fallback price for the model (usageLedger.fallbackPrices). Budget notices and
 * `switchyard ledger summarize --budgets` both count this way.
 */
export function addBudgetSpend(sum: UsdSum, row: Pick<LedgerRow, "costUsd" | "unpricedRequests" | "provider" | "model">, fallbackPrices: Readonly<Record<string, string>>): UsdSum {
  sum.add(row.costUsd);
  const model = `${row.provider}/${row.model}`;
  if (row.unpricedRequests > 0 && Object.hasOwn(fallbackPrices, model)) sum.add(usdTimes(fallbackPrices[model], row.unpricedRequests));
  return sum;
}

/**
 * Month-to-date spend (exact decimal text) per metric workload, from a month's ledger rows; every
 * known workload appears. A row's requests logged without a cost count at the model's fallback
 * price (`provider/model` -> exact dollars per request), when the stack declares one.
 */
export function monthToDate(rows: readonly LedgerRow[], workloads: WorkloadLabels, fallbackPrices: Readonly<Record<string, string>> = {}): Map<string, string> {
  const sums = new Map([...new Set(workloads.values())].map((w): [string, UsdSum] => [w, new UsdSum()]));
  for (const row of rows) {
    const workload = metricWorkload(row.workload, workloads);
    addBudgetSpend(sums.get(workload) ?? sums.set(workload, new UsdSum()).get(workload)!, row, fallbackPrices);
  }
  return new Map([...sums].map(([workload, sum]) => [workload, sum.toString()]));
}

/** The environment's month-to-date (the sum over its workloads); per workload it is in the run's report, not a metric. */
export function monthToDateData(environment: string, spend: ReadonlyMap<string, string>, timestamp: Date): MetricDatum[] {
  const total = zeroTotals();
  for (const usd of spend.values()) addTotals(total, { ...zeroTotals(), costUsd: usd });
  return [{ MetricName: METRIC.monthToDate, Dimensions: dims(environment), Timestamp: timestamp, Value: Number(total.costUsd), Unit: NONE }];
}

/** What one run observed (its report; metrics below). */
export interface RunCounters {
  lateRows: number;
  lateRowsBeyondHorizon: number;
  quarantined: number;
  outsideWindow: number;
  /** Exact dollars newly counted under `unattributed` (metric workload). */
  unattributedSpendUsd: string;
  /**
   * Requests newly counted under a stack workload whose key label is not one of that workload's
   * keys (a key removed from the stack, forged or missing metadata). In the run's report and log
   * only: keys are never a metric dimension, and the spend stays the workload's.
   */
  unknownKeyRequests: number;
  apiLimitStalls: number;
  unverifiedWindows: number;
  /** Requests newly counted without a cost and without a fallback price for their model: in no budget. Run report only. */
  unpricedWithoutFallback: number;
  /** Counted logs whose cost a read served changed (revised, or filled in after none): replaced in the ledger, kept in the hour's revisions. Run report only. */
  revisedCosts: number;
  /** Minutes of unread time whose logs the gateway was found to have deleted in this run. */
  deletedUnreadMinutes: number;
}

/**
 * Entries a merge is about to add, as events stamped now. Published with the window's usage and
 * before the rows are written, so a run that dies afterwards cannot lose them (at least once).
 */
export function eventData(environment: string, now: Date, events: Pick<RunCounters, "lateRows" | "lateRowsBeyondHorizon" | "quarantined" | "unattributedSpendUsd">): MetricDatum[] {
  const datum = (MetricName: string, Value: number, Unit: StandardUnit = COUNT): MetricDatum => ({ MetricName, Dimensions: dims(environment), Timestamp: now, Value, Unit });
  return [
    datum(METRIC.lateRows, events.lateRows),
    datum(METRIC.lateRowsBeyondHorizon, events.lateRowsBeyondHorizon),
    datum(METRIC.quarantined, events.quarantined),
    datum(METRIC.unattributedSpend, Number(events.unattributedSpendUsd), NONE),
  ].filter((d) => d.Value !== 0);
}

/** The run's own state, once per run stamped with the run's end. */
export function runData(environment: string, now: Date, lagMinutes: number, counters: Pick<RunCounters, "outsideWindow" | "apiLimitStalls" | "unverifiedWindows" | "deletedUnreadMinutes">, heartbeat: boolean): MetricDatum[] {
  const datum = (MetricName: string, Value: number, Unit: StandardUnit = COUNT): MetricDatum => ({ MetricName, Dimensions: dims(environment), Timestamp: now, Value, Unit });
  return [
    ...(heartbeat ? [datum(METRIC.heartbeat, 1)] : []),
    datum(METRIC.lag, Math.max(0, Math.round(lagMinutes)), NONE),
    datum(METRIC.outsideWindow, counters.outsideWindow),
    datum(METRIC.apiLimitStalls, counters.apiLimitStalls),
    datum(METRIC.unverifiedWindows, counters.unverifiedWindows),
    datum(METRIC.deletedUnread, Math.ceil(counters.deletedUnreadMinutes), NONE),
  ];
}
