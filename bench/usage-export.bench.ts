/**
 * The usage exporter on one 15-minute window of 10,000 and 100,000 gateway requests, served by the
 * local stand-in for Cloudflare's List Gateway Logs API (test/usage-export/support), with S3 and
 * CloudWatch stubbed at the SDK transport. The stand-in runs in this process; each exporter run is
 * a child process, so its peak memory is the exporter's own. Network latency to Cloudflare is not
 * modelled: on the real API each page is a round trip (see docs/ledger.md).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CloudflareLogsStandIn, logEntry } from "../test/usage-export/support/cloudflare-logs-stand-in";
import { median, ms } from "./stats";

const WINDOW_START = "2026-11-26T10:00:00.000Z";
const ACCOUNT = "0123456789abcdef0123456789abcdef";
const GATEWAY = "bench-gateway";
const TOKEN = "bench-token";

interface ChildResult {
  ms: number;
  requests: number;
  rows: number;
  baselineRssMb: number;
  peakRssMb: number;
  peakHeapMb: number;
}

async function child(baseUrl: string, perPage: number): Promise<void> {
  const { runExport } = await import("../runtime/usage-export/export-run");
  const { S3StandIn } = await import("../test/usage-export/support/s3-stand-in");
  const { CloudWatchStandIn } = await import("../test/usage-export/support/cloudwatch-stand-in");
  const s3 = new S3StandIn();
  const cloudwatch = new CloudWatchStandIn();
  const deps = { s3: s3.client("bench-bucket"), cloudwatch: cloudwatch.client(), token: TOKEN, now: () => new Date("2026-11-26T10:25:00Z") };
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
  const start = process.hrtime.bigint();
  const report = await runExport(
    { environment: "bench", accountId: ACCOUNT, gatewayId: GATEWAY, bucket: "bench-bucket", exportEveryMinutes: 15, initialStart: new Date(WINDOW_START), perPage, cloudflareApiBase: baseUrl },
    deps,
  );
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const result: ChildResult = {
    ms: elapsed,
    requests: report.windows.reduce((n, w) => n + w.requests, 0),
    rows: report.windows.reduce((n, w) => n + w.rows, 0),
    baselineRssMb: baselineRss / 2 ** 20,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb: peakHeap / 2 ** 20,
  };
  process.stdout.write(JSON.stringify(result));
}

function entries(count: number) {
  const workloads = Array.from({ length: 20 }, (_, i) => `app-${String(i).padStart(4, "0")}`);
  const models = [
    ["openai", "gpt-4.1"],
    ["openai", "gpt-4.1-mini"],
    ["anthropic", "claude-sonnet-4-5"],
    ["google-ai-studio", "gemini-2.5-flash"],
    ["mistral", "mistral-large-latest"],
    ["openai", "text-embedding-3-large"],
  ];
  const spacingMs = (15 * 60_000) / count;
  return Array.from({ length: count }, (_, i) => {
    const [provider, model] = models[i % models.length];
    return logEntry({ at: new Date(Date.parse(WINDOW_START) + Math.floor(i * spacingMs)).toISOString(), workload: workloads[i % workloads.length], provider, model, cost: 0.0001 * (1 + (i % 7)), tokensIn: 100 + (i % 50), tokensOut: 20 + (i % 30), success: i % 97 !== 0 });
  });
}

async function parent(): Promise<void> {
  const configs = [
    { count: 10_000, perPage: 50, latencyMs: 0, repeat: 3 },
    { count: 100_000, perPage: 50, latencyMs: 0, repeat: 3 },
    { count: 100_000, perPage: 1000, latencyMs: 0, repeat: 3 },
    { count: 100_000, perPage: 50, latencyMs: 100, repeat: 1 },
  ];
  const rows: { count: number; perPage: number; latencyMs: number; pages: number; runs: ChildResult[] }[] = [];
  for (const config of configs) {
    const standIn = new CloudflareLogsStandIn({ accountId: ACCOUNT, gatewayId: GATEWAY, token: TOKEN, maxPerPage: config.perPage, latencyMs: config.latencyMs });
    standIn.setEntries(entries(config.count));
    const baseUrl = await standIn.start();
    const runs: ChildResult[] = [];
    for (let i = 0; i < config.repeat; i++) {
      // Asynchronously: the stand-in answers from this process's event loop.
      const { stdout: out } = await promisify(execFile)(process.execPath, ["--expose-gc", "--no-warnings", "--import", "tsx", __filename, "--child", baseUrl, String(config.perPage)], { encoding: "utf8", maxBuffer: 1 << 20 });
      const result = JSON.parse(out) as ChildResult;
      if (result.requests !== config.count) throw new Error(`exporter read ${result.requests} of ${config.count} requests`);
      runs.push(result);
    }
    rows.push({ ...config, pages: Math.ceil(config.count / config.perPage), runs });
    await standIn.stop();
  }
  const base = rows[0];
  const perK = (r: (typeof rows)[number]) => median(r.runs.map((x) => x.ms)) / (r.count / 1000);
  console.log(
    [
      "## usage export",
      "",
      "One closed 15-minute window read from a local stand-in for Cloudflare's List Gateway Logs API (20 workloads ×",
      "6 models), written to an S3 stand-in and published to a CloudWatch stand-in (both stubbed at the SDK transport).",
      "Each run is a fresh child process; time is `runExport` only (median of the runs shown), memory is that process's",
      "peak RSS (start-up included) and peak JS heap sampled every 5 ms. per_page 50 is the exporter's default (the",
      "largest page the real API serves is unverified); 1000 shows what paging costs locally. The last line adds 100 ms",
      "to every page answer, a stand-in for the round trip to Cloudflare (pages are fetched 4 at a time).",
      "",
      "| requests | per_page | added latency ms | pages | runs | median ms | ms per 1,000 requests | vs 10,000 | ledger rows | peak RSS MB (baseline) | peak heap MB |",
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...rows.map((r) => {
        const peakRss = Math.max(...r.runs.map((x) => x.peakRssMb));
        const baseline = median(r.runs.map((x) => x.baselineRssMb));
        const heap = Math.max(...r.runs.map((x) => x.peakHeapMb));
        return `| ${r.count.toLocaleString("en-US")} | ${r.perPage} | ${r.latencyMs} | ${r.pages.toLocaleString("en-US")} | ${r.runs.length} | ${ms(median(r.runs.map((x) => x.ms)))} | ${ms(perK(r))} | ${(perK(r) / perK(base)).toFixed(2)}× | ${r.runs[0].rows} | ${peakRss.toFixed(0)} (${baseline.toFixed(0)}) | ${heap.toFixed(0)} |`;
      }),
    ].join("\n"),
  );
}

if (process.argv[2] === "--child") void child(process.argv[3], Number(process.argv[4]));
else void parent();
