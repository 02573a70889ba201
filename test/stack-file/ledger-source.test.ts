/**
 * The ledger's source in the stack file (stacks/ledger-source.ts): gateway.logs.maxStored holds
 * the logs of the time the exporter reads behind at usageLedger.peakRequestsPerMinute, and in
 * production every model a budgeted workload can call has a fallback price.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDefect, parseStackFile } from "../../stacks/load";

const read = (name: string) => readFileSync(join(__dirname, "..", "..", "stacks", name), "utf8");
const PROD = read("prod.yaml");
const DEV = read("dev.yaml");
const defects = (text: string, file = "prod.yaml") => {
  const result = parseStackFile(text, file);
  return result.ok ? [] : result.defects.map(formatDefect);
};
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
const replaced = (text: string, from: string, to: string) => {
  expect(text).toContain(from);
  return text.replace(from, to);
};

describe("gateway.logs.maxStored against the declared traffic", () => {
  it("dev's 100,000 logs are refused at 3,000 requests a minute on a 15-minute schedule (40 minutes read behind, 60 more re-read)", () => {
    const text = replaced(DEV, "usageLedger:\n", "usageLedger:\n  peakRequestsPerMinute: 3000\n");
    expect(defects(text, "dev.yaml")).toEqual([
      `dev.yaml:${lineOf(text, "maxStored: 100000")}:16: gateway.logs.maxStored: holds 100,000 logs, 33 minutes at usageLedger.peakRequestsPerMinute 3,000, but the exporter reads up to 40 minutes behind (10-minute read delay, a 15-minute window, one 15-minute schedule period) and re-reads for late logs 60 minutes more: expected at least 300,000, and 180,000 more for each hour of exporter outage to survive; beyond 10,000,000 the logs API cannot follow this traffic (docs/ledger.md, "The source")`,
    ]);
    expect(defects(replaced(DEV, "usageLedger:\n", "usageLedger:\n  peakRequestsPerMinute: 1000\n"), "dev.yaml")).toEqual([]);
  });

  it("a shorter schedule needs fewer logs; stop-inserting deletes none", () => {
    const busy = replaced(DEV, "usageLedger:\n", "usageLedger:\n  peakRequestsPerMinute: 1200\n");
    expect(defects(busy, "dev.yaml").filter((d) => d.includes("maxStored"))).toHaveLength(1);
    expect(defects(replaced(busy, "exportEveryMinutes: 15", "exportEveryMinutes: 5"), "dev.yaml")).toEqual([]);
    expect(defects(replaced(busy, "whenFull: delete-oldest", "whenFull: stop-inserting"), "dev.yaml").filter((d) => d.includes("maxStored"))).toEqual([]);
  });

  it("production declares its peak", () => {
    const text = replaced(PROD, "  peakRequestsPerMinute: 1500\n", "");
    expect(defects(text)).toEqual([
      // A missing field is pointed at from its section's first line.
      `prod.yaml:${lineOf(text, "usageLedger:") + 1}:3: usageLedger.peakRequestsPerMinute: required in production: the busiest minute's requests, so that gateway.logs.maxStored can be checked to hold the logs until the exporter reads them`,
    ]);
  });
});

describe("usageLedger.fallbackPrices", () => {
  it("production needs one for every model a budgeted workload can call, through its routes or directly", () => {
    const text = replaced(replaced(PROD, "    mistral/mistral-embed: { perRequestUsd: 0.0002 }\n", ""), "    anthropic/claude-haiku-4-5: { perRequestUsd: 0.005 }\n", "");
    expect(defects(text)).toEqual([
      `prod.yaml:${lineOf(text, "fallbackPrices:") + 1}:5: usageLedger.fallbackPrices: production needs a fallback price for every model a budgeted workload can call, counted when the gateway logs a request without a cost; missing: anthropic/claude-haiku-4-5, mistral/mistral-embed`,
    ]);
  });

  it("is optional outside production, and refuses a price that is not an amount", () => {
    expect(defects(DEV, "dev.yaml")).toEqual([]);
    const text = replaced(DEV, "usageLedger:\n", "usageLedger:\n  fallbackPrices:\n    openai/gpt-4.1-mini: { perRequestUsd: -1 }\n");
    expect(defects(text, "dev.yaml")).toEqual([`dev.yaml:${lineOf(text, "perRequestUsd: -1")}:43: usageLedger.fallbackPrices.openai/gpt-4.1-mini.perRequestUsd: expected a number of US dollars, at least 0`]);
  });
});
