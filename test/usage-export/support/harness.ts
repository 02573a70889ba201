/** Wires the exporter to the three stand-ins: Cloudflare logs (local HTTP server), S3 and CloudWatch (SDK transport stubs). */
import { runExport, type ExportConfig, type ExportReport } from "../../../runtime/usage-export/export-run";
import type { GatewayLogEntry } from "../../../runtime/usage-export/gateway-log";
import { CloudflareLogsStandIn } from "./cloudflare-logs-stand-in";
import { CloudWatchStandIn } from "./cloudwatch-stand-in";
import { S3StandIn } from "./s3-stand-in";

export const TOKEN = "cf-token-NEVER-PRINT-4f1c9a";
export const ACCOUNT = "0123456789abcdef0123456789abcdef";
export const GATEWAY = "acme-dev";
export const BUCKET = "ledger-bucket";

export class Harness {
  readonly cloudflare: CloudflareLogsStandIn;
  readonly s3 = new S3StandIn();
  readonly cloudwatch = new CloudWatchStandIn();
  private readonly s3Client = this.s3.client(BUCKET);
  private readonly cwClient = this.cloudwatch.client();

  constructor(entries: GatewayLogEntry[] = [], standIn: { maxPerPage?: number } = {}) {
    this.cloudflare = new CloudflareLogsStandIn({ accountId: ACCOUNT, gatewayId: GATEWAY, token: TOKEN, ...standIn });
    this.cloudflare.setEntries(entries);
  }

  start = () => this.cloudflare.start();
  stop = () => this.cloudflare.stop();

  config(overrides: Partial<ExportConfig> = {}): ExportConfig {
    return { environment: "dev", accountId: ACCOUNT, gatewayId: GATEWAY, bucket: BUCKET, exportEveryMinutes: 15, cloudflareApiBase: this.cloudflare.baseUrl, ...overrides };
  }

  run(now: string, overrides: Partial<ExportConfig> = {}, token = TOKEN): Promise<ExportReport> {
    return runExport(this.config(overrides), { s3: this.s3Client, cloudwatch: this.cwClient, token, now: () => new Date(now), sleep: async () => {} });
  }

  ledgerObjects(): Record<string, string> {
    return Object.fromEntries([...this.s3.objects.entries()].filter(([k]) => k.startsWith("ledger/")).sort());
  }

  /** The last MonthToDateSpendUsd value published for a workload (or the environment when omitted). */
  lastMonthToDate(workload?: string): number | undefined {
    const dims: Record<string, string> = { Environment: "dev", ...(workload ? { Workload: workload } : {}) };
    return this.cloudwatch.values("MonthToDateSpendUsd", dims).at(-1);
  }
}
