/**
 * smoke --ledger's usage-visible step from what the ledger showed of each smoke request, for a
 * workload with two gateway keys (the end-to-end run, with one key, is test/front-door/smoke-ledger.test.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SmokeResult } from "../../cli/smoke-answer";
import { sighting, type CountedIn, type LedgerLook } from "../../cli/smoke-ledger";
import { parseStackFile } from "../../stacks/load";
import type { StackSpec } from "../../stacks/schema";

/** stacks/dev.yaml, with a second key for support-summarizer (a batch job beside the web client). */
function devWithTwoKeys(): StackSpec {
  const r = parseStackFile(readFileSync(join(__dirname, "..", "..", "stacks", "dev.yaml"), "utf8"), "stacks/dev.yaml");
  if (!r.ok) throw new Error("stacks/dev.yaml does not load");
  // The loaded spec is frozen: a copy with the second key.
  const spec = structuredClone(r.spec);
  const keys = spec.workloads["support-summarizer"].keys;
  keys.push({ ...keys[0], name: "support-batch" });
  return spec;
}

const AT = "2026-11-26T10:05:00.000Z";
const calls: SmokeResult[] = ["a", "b"].map((p, i) => ({ model: "dynamic/summarize", prompt: p, api: "openai-chat", outcome: "ok", shape: "chat.completion", latencyMs: 10, at: AT, logId: `log-${i}` }));
const row = (keyName?: string): CountedIn => ({ workload: "support-summarizer", ...(keyName === undefined ? {} : { keyName }), provider: "google-ai-studio", model: "gemini-2.5-flash", hour: "2026-11-26T10:00:00Z" });
const look = (...keys: (string | undefined)[]): LedgerLook => ({
  found: calls.map((c, i) => ({ logId: c.logId!, model: c.model, prompt: c.prompt, where: row(keys[i]) })),
  frontier: "2026-11-26T11:00:00.000Z",
  stateAt: "copy/state/environment=dev/checkpoint.json",
});

describe("smoke --ledger: the workload and key the requests are recorded under", () => {
  const spec = devWithTwoKeys();

  it("with the key named (--key-name), each request must be under it", () => {
    expect(sighting(look("support-batch", "support-batch"), calls, spec, "support-summarizer", "support-batch")).toEqual({
      status: "checked",
      detail: "all 2 requests are in the ledger under workload support-summarizer and key support-batch (hour 2026-11-26T10:00:00Z)",
    });
    expect(sighting(look("support-batch", "support-dev"), calls, spec, "support-summarizer", "support-batch")).toEqual({
      status: "failed",
      detail: "1 of 2 requests are counted under key support-dev, not key support-batch: the front door's key label did not reach the ledger as sent",
    });
  });

  it("without it, a workload with two keys: one of its keys for every request is checked, and the report says which", () => {
    expect(sighting(look("support-dev", "support-dev"), calls, spec, "support-summarizer")).toEqual({
      status: "checked",
      detail: "all 2 requests are in the ledger under workload support-summarizer and key support-dev (hour 2026-11-26T10:00:00Z); support-summarizer has 2 keys: name the one in --key-env with --key-name to check it is support-dev",
    });
  });

  it("without it, requests split over two keys, under a key the workload does not have, or under no key fail", () => {
    expect(sighting(look("support-dev", "support-batch"), calls, spec, "support-summarizer")).toMatchObject({ status: "failed", detail: "2 of 2 requests are counted under key support-dev, key support-batch, but one key sent them all: the front door's key label did not reach the ledger as sent" });
    expect(sighting(look("checkout-dev", "checkout-dev"), calls, spec, "support-summarizer")).toMatchObject({ status: "failed", detail: "2 of 2 requests are counted under key checkout-dev, not a key of support-summarizer: the front door's key label did not reach the ledger as sent" });
    expect(sighting(look("", ""), calls, spec, "support-summarizer")).toMatchObject({ status: "failed", detail: "2 of 2 requests are counted under no key label, not a key of support-summarizer: the front door's key label did not reach the ledger as sent" });
  });

  it("rows of an exporter that predates key labels confirm the workload and leave the key to a person", () => {
    expect(sighting(look(undefined, undefined), calls, spec, "support-summarizer", "support-dev")).toEqual({
      status: "left to a person",
      detail: "all 2 requests are in the ledger under workload support-summarizer (hour 2026-11-26T10:00:00Z), in rows without key labels: the exporter predates them; deploy the stack to upgrade it, then run again to check the key",
    });
  });
});
