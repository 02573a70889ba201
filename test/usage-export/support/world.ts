/**
 * The exporter in a simulated world, all in process: one clock (nothing sleeps for real), the logs
 * stand-in answering `fetch`, the S3 and CloudWatch stand-ins as the exporter's ObjectStore and
 * MetricsSink. Each run can be given faults: API answers (short, empty, null, echoed-not-served
 * pages, 5xx, 429), a failing S3 or CloudWatch call, the process dying at its n-th operation,
 * a slow API against Lambda's time limit; runs can overlap. The world also answers what the
 * oracle needs: every log it holds, and what the ledger holds now.
 */
import type { MetricDatum } from "@aws-sdk/client-cloudwatch";
import type { LogListResponse } from "cloudflare/resources/ai-gateway/logs";
import { summarize } from "../../../cli/chargeback";
import { readStoredLedger } from "../../../cli/ledger";
import { checkpointKey, parseCheckpoint } from "../../../runtime/usage-export/checkpoint";
import { exporterAlarms, UNATTRIBUTED } from "../../../runtime/usage-export/contract";
import { runExport, type ExportConfig, type ExportReport } from "../../../runtime/usage-export/export-run";
import { checkEntry, type CountedEntry } from "../../../runtime/usage-export/gateway-log";
import { hourStateKey, rowsOf, type HourTruth } from "../../../runtime/usage-export/ledger-store";
import { parseJsonLines, type LedgerRow } from "../../../runtime/usage-export/ledger-row";
import type { MetricsSink } from "../../../runtime/usage-export/metrics";
import type { ObjectStore } from "../../../runtime/usage-export/object-store";
import { evaluateAlarms, type AlarmEvent } from "./alarm-evaluator";
import { ArrayLogModel, CloudflareLogsStandIn, type Fault, type StandInOptions } from "../../../stand-ins/cloudflare-logs";
import { CloudWatchStandIn } from "../../../stand-ins/cloudwatch";
import { S3StandIn } from "../../../stand-ins/s3";
import { SnsStandIn } from "../../../stand-ins/sns";
import { SnsSink } from "../../../runtime/usage-export/budget-alerts";

export const TOKEN = "cf-token-NEVER-PRINT-4f1c9a";
const ACCOUNT = "0123456789abcdef0123456789abcdef";
const GATEWAY = "acme-sim";
export const ENVIRONMENT = "sim";

export interface RunFaults {
  /** Faults for this run's API answers, by the run's request number (1-based). */
  api?: ReadonlyMap<number, Fault>;
  /** The run's n-th S3 operation fails. */
  s3FailAt?: number;
  /** The run's n-th metrics publish fails. */
  cloudwatchFailAt?: number;
  /** Publishes of which this is true fail. */
  failPublish?: (data: readonly MetricDatum[]) => boolean;
  /** The run's process dies at its n-th operation (API, S3 or CloudWatch): nothing after it happens. */
  killAt?: number;
  /** Lambda's time left when the run starts (default: 15 minutes). */
  remainingMs?: number;
  /** Round trip of each API call in this run. */
  apiLatencyMs?: number;
  /** Awaited before each operation, named like "PUT <key>" or "fetch" (to interleave concurrent runs). */
  interleave?: (op: string) => Promise<void>;
  /** Lambda's timeout: the process dies once the run has taken this long. */
  killAfterMs?: number;
}

/** Where a log id is counted: its hour, and the labels of its row. */
export interface CountedAt {
  hour: string;
  workload: string;
  keyName: string;
  /** The cost the ledger holds for the log (null: unpriced; undefined: written before per-id costs). */
  cost: string | null | undefined;
}

export class Killed extends Error {
  constructor() {
    super("the run's process was killed");
  }
}

export class World {
  clock: number;
  readonly model: ArrayLogModel;
  readonly cloudflare: CloudflareLogsStandIn;
  readonly s3 = new S3StandIn();
  readonly cloudwatch = new CloudWatchStandIn();
  /** When each Cloudflare API call of every run was made (what the API held then is what a reader could see). */
  readonly apiCallTimes: number[] = [];
  /** The URL of each of those calls, in order. */
  readonly apiCallUrls: string[] = [];
  /** Budget notifications the runs sent (with `budgets` in the config). */
  readonly sns = new SnsStandIn();
  /** Per month, per workload, the month-to-date of the last run that reported that month (no metric is per workload). */
  readonly monthToDate: Record<string, Record<string, string>> = {};
  /** When the first run started (alarms are evaluated from there). */
  firstRun?: number;

  constructor(
    start: number,
    readonly workloads: readonly string[],
    { maxStored, ...standIn }: Partial<Pick<StandInOptions, "filters" | "maxPerPage" | "limit" | "latencyMs" | "unstableTies">> & { maxStored?: number } = {},
  ) {
    this.clock = start;
    this.model = new ArrayLogModel(maxStored);
    this.cloudflare = new CloudflareLogsStandIn({ accountId: ACCOUNT, gatewayId: GATEWAY, token: TOKEN, model: this.model, clock: { now: () => this.clock, advance: (ms) => void (this.clock += ms) }, ...standIn });
  }

  add(entries: Iterable<{ entry: LogListResponse; at?: number; visibleAt?: number; removedAt?: number }>): void {
    this.model.add(entries);
  }

  config(overrides: Partial<ExportConfig> = {}): ExportConfig {
    return { environment: ENVIRONMENT, accountId: ACCOUNT, gatewayId: GATEWAY, exportEveryMinutes: 15, workloads: this.workloads, ...overrides };
  }

  /** One run at the current clock; resolves to its report, or to the error it ended with. */
  async run(overrides: Partial<ExportConfig> = {}, faults: RunFaults = {}): Promise<ExportReport | Error> {
    this.firstRun ??= this.clock;
    let ops = 0;
    let [apiCalls, s3Ops, publishes] = [0, 0, 0];
    let dead = false;
    const started = this.clock;
    const step = async (op: string) => {
      await faults.interleave?.(op);
      ops++;
      if (dead || (faults.killAt !== undefined && ops >= faults.killAt) || (faults.killAfterMs !== undefined && this.clock - started >= faults.killAfterMs)) {
        dead = true;
        throw new Killed();
      }
    };
    const s3 = this.s3.store();
    const s3Step = async (op: string) => {
      await step(op);
      if (++s3Ops === faults.s3FailAt) throw Object.assign(new Error("We encountered an internal error. Please try again."), { name: "InternalError" });
    };
    const store: ObjectStore = {
      get: async (key) => (await s3Step(`GET ${key}`), s3.get(key)),
      head: async (key) => (await s3Step(`HEAD ${key}`), s3.head(key)),
      put: async (key, text, options) => (await s3Step(`PUT ${key}`), s3.put(key, text, options)),
      list: async (prefix) => (await s3Step(`LIST ${prefix}`), s3.list(prefix)),
    };
    const sink = this.cloudwatch.sink();
    const metrics: MetricsSink = {
      publish: async (data) => {
        await step("publish");
        if (++publishes === faults.cloudwatchFailAt || faults.failPublish?.(data)) throw Object.assign(new Error("stand-in CloudWatch failure"), { name: "InternalServiceFault" });
        await sink.publish(data);
      },
    };
    const fetch = async (input: string | URL | Request, init?: RequestInit) => {
      await step("fetch");
      const fault = faults.api?.get(++apiCalls);
      if (fault) this.cloudflare.faults.push(fault);
      if (faults.apiLatencyMs) this.clock += faults.apiLatencyMs;
      this.apiCallTimes.push(this.clock);
      this.apiCallUrls.push(String(input));
      return this.cloudflare.lightFetch(input, init);
    };
    try {
      const report = await runExport(this.config(overrides), {
        store,
        metrics,
        alerts: new SnsSink(this.sns.client()),
        token: TOKEN,
        fetch,
        clock: { now: () => this.clock, sleep: async (ms) => void (this.clock += ms) },
        remainingMs: () => (faults.remainingMs ?? 900_000) - (this.clock - started),
      });
      Object.assign(this.monthToDate, report.monthToDate);
      return report;
    } catch (err) {
      return err as Error;
    } finally {
      this.cloudflare.faults.length = 0;
    }
  }

  /** Every log id each hour's truth counts, with the row it is counted in; throws if an id is counted twice. */
  countedIds(): Map<string, CountedAt> {
    const ids = new Map<string, CountedAt>();
    for (const key of this.s3.keys(`state/environment=${ENVIRONMENT}/hours/`)) {
      const truth = JSON.parse(this.s3.text(key)!) as HourTruth;
      if (key !== hourStateKey(ENVIRONMENT, truth.hour)) throw new Error(`${key} holds hour ${truth.hour}`);
      for (const row of truth.rows) {
        row.ids.forEach((id, i) => {
          if (ids.has(id)) throw new Error(`log ${id} counted twice (${ids.get(id)!.hour} and ${truth.hour})`);
          ids.set(id, { hour: truth.hour, workload: row.workload, keyName: row.keyName, cost: row.costs?.[i] });
        });
      }
    }
    return ids;
  }

  /** Ids of the entries the hour truths hold in quarantine. */
  quarantinedIds(): Set<string> {
    return new Set(this.s3.keys(`state/environment=${ENVIRONMENT}/hours/`).flatMap((key) => (JSON.parse(this.s3.text(key)!) as HourTruth).quarantined.map((q) => q.id)));
  }

  /** The ledger's hour files, as finance reads them. */
  ledgerRows(): LedgerRow[] {
    return this.s3.keys(`ledger/environment=${ENVIRONMENT}/`).flatMap((key) => parseJsonLines(this.s3.text(key)!, key));
  }

  /** The time the checkpoint records as deleted by the gateway before it was read (ms ranges). */
  deletedUnread(): { start: number; end: number }[] {
    const text = this.s3.text(checkpointKey(ENVIRONMENT));
    return text ? parseCheckpoint(text, "checkpoint").deleted.map((w) => ({ start: Date.parse(w.start), end: Date.parse(w.end) })) : [];
  }

  /** `switchyard ledger summarize` for a month, on the bucket. */
  async summarize(month: string, withCheckpoint = false) {
    const text = this.s3.text(checkpointKey(ENVIRONMENT));
    const states = withCheckpoint && text ? new Map([[ENVIRONMENT, { checkpoint: parseCheckpoint(text, "checkpoint"), checkpointKey: checkpointKey(ENVIRONMENT), quarantined: 0 }]]) : new Map();
    return summarize({ rows: await readStoredLedger(this.s3.store(), `ledger/environment=${ENVIRONMENT}/`, month), month, source: "sim", states, nowMs: withCheckpoint ? this.clock : Date.now() });
  }

  /** Countable logs in [from, to) as the API serves them last: one per id, its latest version. */
  latest(from: number, to: number): CountedEntry[] {
    const last = new Map<string, { at: number; visibleAt: number; entry: LogListResponse }>();
    for (const l of this.model.all()) if ((last.get(l.entry.id)?.visibleAt ?? Number.NEGATIVE_INFINITY) <= l.visibleAt) last.set(l.entry.id, l);
    return [...last.values()]
      .filter((l) => l.at >= from && l.at < to)
      .flatMap((l) => {
        const checked = checkEntry(l.entry);
        return "counted" in checked ? [checked.counted] : [];
      });
  }

  /** Countable logs (by their real time) in [from, to), as the oracle sees them. */
  countable(from: number, to: number): CountedEntry[] {
    return this.model
      .all()
      .filter((l) => l.at >= from && l.at < to)
      .flatMap((l) => {
        const checked = checkEntry(l.entry);
        return "counted" in checked ? [checked.counted] : [];
      });
  }

  /** Logs in [from, to) the exporter must quarantine. */
  uncountable(from: number, to: number): LogListResponse[] {
    return this.model
      .all()
      .filter((l) => l.at >= from && l.at < to && !("counted" in checkEntry(l.entry)))
      .map((l) => l.entry);
  }

  /** The rows the oracle expects for the given logs. */
  expectedRows(entries: Iterable<CountedEntry>): LedgerRow[] {
    return rowsOf(ENVIRONMENT, entries);
  }

  /**
   * Alarms (the component's specs for the schedule deployed at the time) that went to ALARM. A
   * schedule change redeploys the alarms: each segment is evaluated with its own.
   */
  alarms(segments: readonly { from: number; to: number; exportEveryMinutes: number }[]): AlarmEvent[] {
    return segments.flatMap((s) => evaluateAlarms(exporterAlarms(s.exportEveryMinutes), this.cloudwatch.data, ENVIRONMENT, s.from, s.to));
  }

  /** The metric workload a ledger label is published under. */
  metricWorkload(label: string): string {
    return this.workloads.includes(label) ? label : UNATTRIBUTED;
  }
}
