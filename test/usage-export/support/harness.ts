/**
 * Wires the exporter to the three stand-ins at their boundaries: Cloudflare logs over a local HTTP
 * server (real fetch), S3 and CloudWatch behind the real AWS SDK clients stubbed at the transport.
 * Time is simulated: each run starts at the `now` it is given and sleeps move the clock.
 */
import { runExport, type ExportConfig, type ExportReport } from "../../../runtime/usage-export/export-run";
import { CloudWatchSink } from "../../../runtime/usage-export/metrics";
import { S3ObjectStore } from "../../../runtime/usage-export/object-store";
import type { LogListResponse } from "cloudflare/resources/ai-gateway/logs";
import { ArrayLogModel, CloudflareLogsStandIn, type StandInOptions } from "../../../stand-ins/cloudflare-logs";
import { CloudWatchStandIn } from "../../../stand-ins/cloudwatch";
import { S3StandIn } from "../../../stand-ins/s3";
import { SnsStandIn } from "../../../stand-ins/sns";
import { SnsSink } from "../../../runtime/usage-export/budget-alerts";

export const TOKEN = "cf-token-NEVER-PRINT-4f1c9a";
export const ACCOUNT = "0123456789abcdef0123456789abcdef";
export const GATEWAY = "acme-dev";
export const BUCKET = "ledger-bucket";
export const WORKLOADS = ["checkout", "search"];

export class Harness {
  readonly model = new ArrayLogModel();
  readonly cloudflare: CloudflareLogsStandIn;
  readonly s3 = new S3StandIn();
  readonly cloudwatch = new CloudWatchStandIn();
  readonly sns = new SnsStandIn();
  private readonly s3Client = this.s3.client(BUCKET);
  private readonly cwClient = this.cloudwatch.client();
  /** The simulated clock (epoch ms). */
  clock = 0;

  constructor(entries: LogListResponse[] = [], standIn: Partial<Pick<StandInOptions, "maxPerPage" | "filters" | "limit">> = {}) {
    this.model.add(entries.map((entry) => ({ entry })));
    this.cloudflare = new CloudflareLogsStandIn({ accountId: ACCOUNT, gatewayId: GATEWAY, token: TOKEN, model: this.model, clock: { now: () => this.clock }, ...standIn });
  }

  start = () => this.cloudflare.start();
  stop = () => this.cloudflare.stop();

  config(overrides: Partial<ExportConfig> = {}): ExportConfig {
    return { environment: "dev", accountId: ACCOUNT, gatewayId: GATEWAY, exportEveryMinutes: 15, workloads: WORKLOADS, cloudflareApiBase: this.cloudflare.baseUrl, ...overrides };
  }

  /** The last run's report: per workload, its month-to-date is there (there is no metric per workload). */
  lastReport?: ExportReport;

  async run(now: string, overrides: Partial<ExportConfig> = {}, token = TOKEN): Promise<ExportReport> {
    this.clock = Date.parse(now);
    this.lastReport = await runExport(this.config(overrides), {
      store: new S3ObjectStore(this.s3Client, BUCKET),
      metrics: new CloudWatchSink(this.cwClient),
      alerts: new SnsSink(this.sns.client()),
      token,
      clock: { now: () => this.clock, sleep: async (ms) => void (this.clock += ms) },
    });
    return this.lastReport;
  }

  ledgerObjects(): Record<string, string> {
    return Object.fromEntries(this.s3.keys("ledger/").map((k) => [k, this.s3.text(k)!]));
  }

  /** A workload's month-to-date in the last run's report (its latest month), or the environment's last published MonthToDateSpendUsd. */
  lastMonthToDate(workload?: string): number | undefined {
    if (workload === undefined) return this.cloudwatch.values("MonthToDateSpendUsd", { Environment: "dev" }).at(-1);
    const months = Object.keys(this.lastReport?.monthToDate ?? {}).sort();
    const usd = this.lastReport?.monthToDate[months.at(-1) ?? ""]?.[workload];
    return usd === undefined ? undefined : Number(usd);
  }
}
