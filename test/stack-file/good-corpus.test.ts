/**
 * The examples and the minimal files under test/fixtures/good load, and the defaults the issue
 * names resolve: protect from the environment, logs, route active/timeout/retries, usageLedger.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadStackFile, parseStackFile } from "../../stacks/load";
import { DEV_BASE, EXAMPLES, GOOD_FILES, MINIMAL_GOOD as MINIMAL, ROOT } from "./corpus-files";

describe("good corpus", () => {
  for (const file of GOOD_FILES) {
    it(`${file.slice(ROOT.length + 1)} loads with no defect`, () => {
      const result = parseStackFile(readFileSync(file, "utf8"), file);
      expect(result.ok ? [] : result.defects).toEqual([]);
    });
  }

  it("protect defaults to true for prod and false elsewhere; an explicit value wins", () => {
    const protect = (f: string) => loadStackFile(f).gateway.protect;
    expect(EXAMPLES.map(protect)).toEqual([false, false, true]);
    // minimal-gateway is prod without `protect`; unified-billing is staging-eu without; direct-only is dev with protect: true.
    expect(MINIMAL.map(protect)).toEqual([true, false, true]);
  });

  it("a minimal gateway stack gets every documented default", () => {
    const spec = loadStackFile(MINIMAL[0]);
    expect(spec.gateway).toEqual({ id: "acme-min", billing: "byok", cacheTtlSeconds: 0, logs: { collect: true, maxStored: 1_000_000, whenFull: "delete-oldest" }, zeroDataRetention: false, openTelemetry: {}, protect: true });
    expect(spec.routes.chat).toEqual({ primary: { model: "openai/gpt-4.1", key: "openai-main" }, fallbacks: [], active: "primary", timeoutMs: 30_000, retries: 1 });
    expect(spec.usageLedger).toEqual({ enabled: true, exportEveryMinutes: 15, retentionDays: 400, peakRequestsPerMinute: 1000, fallbackPrices: { "openai/gpt-4.1": { perRequestUsd: 0.02 } } });
    expect(spec.workloads.app).toMatchObject({ models: [], directKeys: [], alerts: [], budget: { monthlyUsd: 10, alertAtPercent: [50, 80, 100], hardLimit: true } });
    expect(spec.alerts).toEqual({});
  });

  it("unified billing needs no provider keys for its models", () => {
    const spec = loadStackFile(MINIMAL[1]);
    expect(spec.gateway.billing).toBe("unified");
    expect(spec.providerKeys).toEqual({});
    expect(spec.workloads.notes.models).toEqual(["openai/gpt-4.1-mini", "anthropic/claude-haiku-4-5"]);
    expect(spec.workloads.notes.routes).toEqual([]);
  });

  it("the same unified file with billing byok is refused: its models have no provider key", () => {
    const text = readFileSync(MINIMAL[1], "utf8").replace("billing: unified", "billing: byok");
    const result = parseStackFile(text, "byok.yaml");
    expect(result.ok ? [] : result.defects.map((d) => `${d.line}:${d.col} ${d.path}`)).toEqual(["19:14 workloads.notes.models[0]", "19:35 workloads.notes.models[1]"]);
  });

  it("a direct-only stack keeps its budget as written and holds no gateway keys", () => {
    const spec = loadStackFile(MINIMAL[2]);
    expect(spec.workloads.research).toMatchObject({ path: "direct", keys: [], routes: [], directKeys: ["bedrock"], budget: { monthlyUsd: 250.5, alertAtPercent: [90], hardLimit: false } });
  });

  it("the dev example resolves route defaults where fields are left out and keeps explicit ones", () => {
    const spec = loadStackFile(EXAMPLES[0]);
    expect(spec.routes.summarize).toMatchObject({ active: "primary", timeoutMs: 15_000, retries: 1 });
    expect(spec.routes.embed).toMatchObject({ active: "primary", timeoutMs: 10_000, retries: 2 });
    expect(spec.gateway.logs).toEqual({ collect: true, maxStored: 100_000, whenFull: "delete-oldest" });
    expect(spec.usageLedger).toEqual({ enabled: true, exportEveryMinutes: 15, retentionDays: 90, fallbackPrices: {} });
    expect(spec.gateway.retries).toEqual({ maxAttempts: 2, backoff: "exponential", delayMs: 500 });
  });

  it("the examples meet the issue's size: 4+ providers, 3+ routes (one with canary and fallbacks), 6+ workloads over all paths, 3+ alert channels", () => {
    for (const file of EXAMPLES) {
      const spec = loadStackFile(file);
      expect(new Set(Object.values(spec.providerKeys).map((k) => k.provider)).size).toBeGreaterThanOrEqual(4);
      expect(Object.keys(spec.routes).length).toBeGreaterThanOrEqual(3);
      expect(Object.values(spec.routes).some((r) => r.canary && r.fallbacks.length > 0)).toBe(true);
      expect(Object.keys(spec.workloads).length).toBeGreaterThanOrEqual(6);
      expect(new Set(Object.values(spec.workloads).map((w) => w.path))).toEqual(new Set(["gateway", "direct", "hybrid"]));
      expect(Object.keys(spec.alerts).length).toBeGreaterThanOrEqual(3);
    }
  });

  it("the loaded spec is deeply frozen", () => {
    const spec = loadStackFile(EXAMPLES[0]);
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec.gateway.logs)).toBe(true);
    expect(Object.isFrozen(spec.workloads["data-pipeline"].keys[0].allowedIps)).toBe(true);
  });

  it("locate() points back at the field's value in the file", () => {
    // The frozen copy: an edit of the example must not move these lines.
    const result = parseStackFile(readFileSync(DEV_BASE, "utf8"), "dev.yaml");
    if (!result.ok) throw new Error("dev.yaml should load");
    expect(result.locate(["workloads", "research-lab", "path"])).toEqual({ file: "dev.yaml", line: 140, col: 11 });
    expect(result.locate(["workloads", "data-pipeline", "keys", 0, "allowedIps", 1])).toEqual({ file: "dev.yaml", line: 160, col: 36 });
    expect(result.locate(["gateway", "id"])).toEqual({ file: "dev.yaml", line: 13, col: 7 });
  });
});
