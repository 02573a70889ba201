/**
 * The sample usage ledger: what the exporter would have written for stacks/dev.yaml's gateway
 * workloads over two days of November 2026, in the bucket's layout
 * (ledger/environment=dev/date=D/DTHH.jsonl), written with the exporter's own row code
 * (runtime/usage-export/ledger-row.ts). Made-up traffic and prices; regenerate with
 *   npx tsx examples/ledger/generate.ts
 * and read it with
 *   npx switchyard ledger summarize examples/ledger --month 2026-11 --budgets dev
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sortRows, toJsonLines, type LedgerRow } from "../../runtime/usage-export/ledger-row";

const ENVIRONMENT = "dev";
/** workload, key, provider, model, requests an hour, tokens in and out per request, USD per 1M tokens in and out. */
const TRAFFIC: Array<[string, string, string, string, number, number, number, number, number]> = [
  ["checkout-assistant", "checkout-dev", "openai", "gpt-4.1", 120, 900, 250, 2, 8],
  ["checkout-assistant", "checkout-dev", "anthropic", "claude-sonnet-4-5", 13, 900, 260, 3, 15],
  ["checkout-assistant", "checkout-dev", "openai", "gpt-4.1-mini", 40, 400, 120, 0.4, 1.6],
  ["support-summarizer", "support-dev", "google-ai-studio", "gemini-2.5-flash", 60, 3000, 300, 0.3, 2.5],
  ["search-indexer", "search-indexer-dev", "openai", "text-embedding-3-large", 500, 600, 0, 0.13, 0],
  ["data-pipeline", "data-pipeline-dev", "google-ai-studio", "gemini-2.5-flash", 30, 5000, 500, 0.3, 2.5],
  ["data-pipeline", "data-pipeline-dev", "openai", "text-embedding-3-large", 200, 800, 0, 0.13, 0],
  ["ops-copilot", "ops-copilot-dev", "anthropic", "claude-haiku-4-5", 25, 1200, 400, 1, 5],
  ["ops-copilot", "ops-copilot-dev", "openai", "gpt-4.1", 10, 1000, 300, 2, 8],
];
const HOURS = ["2026-11-25T09", "2026-11-25T10", "2026-11-25T11", "2026-11-26T09", "2026-11-26T10", "2026-11-26T11"];

/** Exact decimal text, as the ledger keeps money (runtime/usage-export/money.ts): at most 9 decimals here. */
const usdText = (usd: number) => usd.toFixed(9).replace(/\.?0+$/, "") || "0";

export function sampleLedger(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [i, hour] of HOURS.entries()) {
    const rows: LedgerRow[] = TRAFFIC.map(([workload, keyName, provider, model, perHour, tin, tout, priceIn, priceOut], j) => {
      // A little variation from hour to hour, the same on every run.
      const requests = Math.round(perHour * (0.8 + (((i * 7 + j * 3) % 5) * 0.1)));
      const tokensIn = requests * tin;
      const tokensOut = requests * tout;
      return {
        environment: ENVIRONMENT,
        hour: `${hour}:00:00Z`,
        workload,
        keyName,
        provider,
        model,
        requests,
        errors: (i + j) % 4 === 0 ? 1 : 0,
        cachedRequests: provider === "openai" && j % 2 === 0 ? Math.floor(requests / 10) : 0,
        tokensIn,
        tokensOut,
        costUsd: usdText((tokensIn * priceIn + tokensOut * priceOut) / 1_000_000),
        unpricedRequests: 0,
      };
    });
    const date = hour.slice(0, 10);
    files.set(`ledger/environment=${ENVIRONMENT}/date=${date}/${hour}.jsonl`, toJsonLines(sortRows(rows)));
  }
  return files;
}

if (require.main === module) {
  rmSync(join(__dirname, "ledger"), { recursive: true, force: true });
  for (const [path, text] of sampleLedger()) {
    mkdirSync(join(__dirname, path, ".."), { recursive: true });
    writeFileSync(join(__dirname, path), text);
  }
}
