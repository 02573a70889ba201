/**
 * One exporter run: from the checkpoint, read each closed window of gateway logs, write its ledger
 * rows, publish its metrics, advance the checkpoint; then publish month-to-date spend (summed from
 * the month's ledger rows, so it stays right after re-runs and across month boundaries) and the
 * heartbeat. A window is done only once all three steps succeeded; a failure leaves the checkpoint
 * where it was and the next run redoes that window, overwriting the same ledger objects.
 * Metrics are at-least-once (CloudWatch cannot overwrite a datum); the ledger is exactly-once.
 */
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { S3Client } from "@aws-sdk/client-s3";
import { readGatewayLogs, type LogsSource } from "./cloudflare-logs";
import { UsageAggregator } from "./gateway-log";
import { LedgerStore } from "./ledger-store";
import { heartbeatData, monthToDate, monthToDateData, publish, windowMetricData, TOP_MODELS } from "./metrics";
import { cellMinutesFor, defaultStart, maxCellsPerRunFor, monthOf, planCells, CLOSED_AFTER_MINUTES, type Cell } from "./windows";

export interface ExportConfig {
  environment: string;
  accountId: string;
  gatewayId: string;
  bucket: string;
  exportEveryMinutes: number;
  /** Windows per invocation; default from the schedule (see maxCellsPerRunFor). */
  maxCellsPerRun?: number;
  topModels?: number;
  closedAfterMinutes?: number;
  /** Where an environment without a checkpoint starts (default: start of the current UTC month). */
  initialStart?: Date;
  perPage?: number;
  cloudflareApiBase?: string;
}

export interface ExportDeps {
  s3: S3Client;
  cloudwatch: CloudWatchClient;
  /** The read-only Cloudflare token. */
  token: string;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Milliseconds left in this invocation; the run starts no new window with less than a minute left. */
  remainingMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface WindowReport {
  start: string;
  end: string;
  requests: number;
  rows: number;
}

export interface ExportReport {
  from: string;
  exportedUntil: string;
  windows: WindowReport[];
  /** Month (YYYY-MM) -> workload -> month-to-date USD, for the months this run touched. */
  monthToDate: Record<string, Record<string, number>>;
  /** True when closed windows remain for the next run (catching up after an outage). */
  behind: boolean;
}

const MIN_TIME_FOR_A_WINDOW_MS = 60_000;

export async function runExport(config: ExportConfig, deps: ExportDeps): Promise<ExportReport> {
  const now = (deps.now ?? (() => new Date()))();
  const store = new LedgerStore(deps.s3, config.bucket, config.environment);
  const checkpoint = await store.readCheckpoint();
  const from = checkpoint ? new Date(checkpoint.exportedUntil) : (config.initialStart ?? defaultStart(now));
  const cellMinutes = cellMinutesFor(config.exportEveryMinutes);
  const maxCells = config.maxCellsPerRun ?? maxCellsPerRunFor(config.exportEveryMinutes, cellMinutes);
  const closedAfter = config.closedAfterMinutes ?? CLOSED_AFTER_MINUTES;
  const cells = planCells(from, now, cellMinutes, maxCells + 1, closedAfter);
  const source: LogsSource = {
    accountId: config.accountId,
    gatewayId: config.gatewayId,
    token: deps.token,
    apiBase: config.cloudflareApiBase,
    perPage: config.perPage,
    fetch: deps.fetch,
    sleep: deps.sleep,
  };

  const windows: WindowReport[] = [];
  const monthEnds = new Map<string, Date>();
  let exportedUntil = from;
  for (const cell of cells.slice(0, maxCells)) {
    if (deps.remainingMs && deps.remainingMs() < MIN_TIME_FOR_A_WINDOW_MS) break;
    windows.push(await exportWindow(config, deps, store, source, cell, now));
    exportedUntil = cell.end;
    // The month a window belongs to is the month of its start (an end at 00:00 on the 1st closes the old month).
    monthEnds.set(monthOf(cell.start), new Date(cell.end.getTime() - 1));
  }

  // A first run with nothing closed yet still records where this environment's ledger begins.
  if (!checkpoint && windows.length === 0) await store.writeCheckpoint(from, now);

  const monthTotals: ExportReport["monthToDate"] = {};
  for (const [month, lastMoment] of monthEnds) {
    const spend = monthToDate(await store.monthRows(month));
    await publish(deps.cloudwatch, monthToDateData(config.environment, spend, lastMoment));
    monthTotals[month] = Object.fromEntries([...spend.entries()].sort());
  }
  await publish(deps.cloudwatch, heartbeatData(config.environment, now, exportedUntil));
  return {
    from: from.toISOString(),
    exportedUntil: exportedUntil.toISOString(),
    windows,
    monthToDate: monthTotals,
    behind: cells.length > windows.length,
  };
}

async function exportWindow(config: ExportConfig, deps: ExportDeps, store: LedgerStore, source: LogsSource, cell: Cell, now: Date): Promise<WindowReport> {
  const aggregator = new UsageAggregator(config.environment);
  let requests = 0;
  for await (const page of readGatewayLogs(source, cell.start, cell.end)) {
    for (const { entry, atMs } of page) aggregator.add(entry, atMs);
    requests += page.length;
  }
  const rows = aggregator.result();
  if (rows.length) {
    await store.writeCell(cell, rows);
    await publish(deps.cloudwatch, windowMetricData(config.environment, rows, cell.start, config.topModels ?? TOP_MODELS));
  }
  await store.writeCheckpoint(cell.end, now);
  return { start: cell.start.toISOString(), end: cell.end.toISOString(), requests, rows: rows.length };
}
