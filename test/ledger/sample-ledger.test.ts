/**
 * The sample ledger under examples/ledger, which docs/ledger.md has a new user read: it is what
 * its generator writes (with the exporter's own row code), and `ledger summarize --budgets dev`
 * reads it with stacks/dev.yaml's workloads and keys, none unknown.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sampleLedger } from "../../examples/ledger/generate";

const ROOT = join(__dirname, "..", "..");

describe("examples/ledger", () => {
  it("is what examples/ledger/generate.ts writes", () => {
    for (const [path, text] of sampleLedger()) expect(readFileSync(join(ROOT, "examples", "ledger", path), "utf8"), path).toBe(text);
  });

  it("is read by `ledger summarize --budgets dev` with the example stack's workloads and keys", () => {
    const out = execFileSync(process.execPath, [join(ROOT, "bin", "switchyard.js"), "ledger", "summarize", "examples/ledger", "--month", "2026-11", "--budgets", "dev", "--format", "json"], { cwd: ROOT, encoding: "utf8" });
    const json = JSON.parse(out) as { workloads: Array<{ workload: string; notInStack?: boolean; costUsd: string }>; keys: Array<{ keyName: string; notInStack?: boolean; costUsd: string }> };
    // Every workload and key of stacks/dev.yaml, none the stack does not have.
    expect(json.workloads.map((w) => w.workload).sort()).toEqual(["checkout-assistant", "data-pipeline", "ops-copilot", "research-lab", "search-indexer", "support-summarizer"]);
    expect(json.keys.map((k) => k.keyName).sort()).toEqual(["checkout-dev", "data-pipeline-dev", "ops-copilot-dev", "search-indexer-dev", "support-dev"]);
    expect([...json.workloads, ...json.keys].filter((x) => x.notInStack)).toEqual([]);
    // Spend on every gateway workload; the direct one (research-lab) is never seen by the gateway.
    expect(json.workloads.filter((w) => w.costUsd === "0").map((w) => w.workload)).toEqual(["research-lab"]);
  });
});
