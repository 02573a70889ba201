/**
 * The CloudWatch metrics the exporter publishes under namespace `Switchyard`.
 *
 * Dimension sets (each distinct set is a billed metric, so values stay bounded):
 *   {Environment, Workload}: SpendUsd, Requests, Errors, TokensIn, TokensOut, MonthToDateSpendUsd
 *     (Workload is a stack-file label or `unattributed`; see workloadOf)
 *   {Environment}:           the same six, totals for the environment
 *   {Environment, Model}:    SpendUsd and Requests for the TOP_MODELS models of each window by spend;
 *                            the rest are summed under Model=`other`. No Workload x Model metrics.
 *   {Environment}:           ExporterHeartbeat (1 per successful run) and ExportLagMinutes
 */
import { PutMetricDataCommand, type CloudWatchClient, type MetricDatum, type StandardUnit } from "@aws-sdk/client-cloudwatch";
import { roundUsd, type LedgerRow } from "./ledger-row";

export const NAMESPACE = "Switchyard";
export const HEARTBEAT_METRIC = "ExporterHeartbeat";
export const TOP_MODELS = 5;

const COUNT: StandardUnit = "Count";
const NONE: StandardUnit = "None";

type Totals = Pick<LedgerRow, "requests" | "errors" | "tokensIn" | "tokensOut" | "costUsd">;
const zero = (): Totals => ({ requests: 0, errors: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 });
function add(into: Totals, row: Totals) {
  into.requests += row.requests;
  into.errors += row.errors;
  into.tokensIn += row.tokensIn;
  into.tokensOut += row.tokensOut;
  into.costUsd = roundUsd(into.costUsd + row.costUsd);
}

const dims = (environment: string, extra: Record<string, string> = {}) =>
  [["Environment", environment], ...Object.entries(extra)].map(([Name, Value]) => ({ Name, Value }));

function usageData(totals: Totals, timestamp: Date, dimensions: { Name: string; Value: string }[]): MetricDatum[] {
  const datum = (MetricName: string, Value: number, Unit: StandardUnit): MetricDatum => ({ MetricName, Dimensions: dimensions, Timestamp: timestamp, Value, Unit });
  return [
    datum("SpendUsd", totals.costUsd, NONE),
    datum("Requests", totals.requests, COUNT),
    datum("Errors", totals.errors, COUNT),
    datum("TokensIn", totals.tokensIn, COUNT),
    datum("TokensOut", totals.tokensOut, COUNT),
  ];
}

/** One window's usage metrics, stamped with the window's start so late or re-run windows land in their period. */
export function windowMetricData(environment: string, rows: readonly LedgerRow[], windowStart: Date, topModels = TOP_MODELS): MetricDatum[] {
  const byWorkload = new Map<string, Totals>();
  const byModel = new Map<string, Totals>();
  const total = zero();
  for (const row of rows) {
    const w = byWorkload.get(row.workload) ?? zero();
    add(w, row);
    byWorkload.set(row.workload, w);
    const modelName = `${row.provider}/${row.model}`;
    const m = byModel.get(modelName) ?? zero();
    add(m, row);
    byModel.set(modelName, m);
    add(total, row);
  }
  if (rows.length === 0) return [];
  const data = [...byWorkload.keys()].sort().flatMap((workload) => usageData(byWorkload.get(workload)!, windowStart, dims(environment, { Workload: workload })));
  data.push(...usageData(total, windowStart, dims(environment)));
  const ranked = [...byModel.entries()].sort((a, b) => b[1].costUsd - a[1].costUsd || b[1].requests - a[1].requests || (a[0] < b[0] ? -1 : 1));
  const other = zero();
  ranked.slice(topModels).forEach(([, t]) => add(other, t));
  const modelRows: [string, Totals][] = ranked.slice(0, topModels);
  if (ranked.length > topModels) modelRows.push(["other", other]);
  for (const [model, t] of modelRows) {
    const d = dims(environment, { Model: model });
    data.push({ MetricName: "SpendUsd", Dimensions: d, Timestamp: windowStart, Value: t.costUsd, Unit: NONE });
    data.push({ MetricName: "Requests", Dimensions: d, Timestamp: windowStart, Value: t.requests, Unit: COUNT });
  }
  return data;
}

/** Month-to-date spend per workload and for the environment, from the month's ledger rows. */
export function monthToDate(rows: readonly LedgerRow[]): Map<string, number> {
  const spend = new Map<string, number>();
  for (const row of rows) spend.set(row.workload, roundUsd((spend.get(row.workload) ?? 0) + row.costUsd));
  return spend;
}

export function monthToDateData(environment: string, spend: Map<string, number>, timestamp: Date): MetricDatum[] {
  let total = 0;
  const data = [...spend.keys()].sort().map((workload): MetricDatum => {
    total = roundUsd(total + spend.get(workload)!);
    return { MetricName: "MonthToDateSpendUsd", Dimensions: dims(environment, { Workload: workload }), Timestamp: timestamp, Value: spend.get(workload)!, Unit: NONE };
  });
  data.push({ MetricName: "MonthToDateSpendUsd", Dimensions: dims(environment), Timestamp: timestamp, Value: total, Unit: NONE });
  return data;
}

export function heartbeatData(environment: string, now: Date, exportedUntil: Date): MetricDatum[] {
  return [
    { MetricName: HEARTBEAT_METRIC, Dimensions: dims(environment), Timestamp: now, Value: 1, Unit: COUNT },
    { MetricName: "ExportLagMinutes", Dimensions: dims(environment), Timestamp: now, Value: Math.max(0, Math.round((now.getTime() - exportedUntil.getTime()) / 60_000)), Unit: NONE },
  ];
}

/** PutMetricData takes up to 1,000 data per call; 500 keeps each request well under the 1 MB limit. */
export async function publish(cloudwatch: CloudWatchClient, data: MetricDatum[], batch = 500): Promise<number> {
  let calls = 0;
  for (let i = 0; i < data.length; i += batch) {
    await cloudwatch.send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData: data.slice(i, i + batch) }));
    calls++;
  }
  return calls;
}
