/**
 * The exporter at its boundaries: Cloudflare's logs API as a local HTTP server read with the real
 * fetch, S3 and CloudWatch behind the real AWS SDK clients stubbed at the transport (so requests,
 * conditional writes included, go through the SDK's own serialisers).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LogListResponse } from "cloudflare/resources/ai-gateway/logs";
import { checkpointKey } from "../../runtime/usage-export/checkpoint";
import { parseJsonLines } from "../../runtime/usage-export/ledger-row";
import { hourStateKey } from "../../runtime/usage-export/ledger-store";
import { logEntry } from "../../stand-ins/cloudflare-logs";
import { Harness, TOKEN } from "./support/harness";

const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");
const fixtureLogs = () => JSON.parse(fixture("gateway-logs.json")) as LogListResponse[];
const CHECKPOINT = checkpointKey("dev");

let harness: Harness | undefined;
async function start(entries: LogListResponse[], standIn: ConstructorParameters<typeof Harness>[1] = {}): Promise<Harness> {
  harness = new Harness(entries, standIn);
  await harness.start();
  return harness;
}
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe("usage export against Cloudflare's logs API (local HTTP stand-in), S3 and CloudWatch (SDK clients stubbed at the transport)", () => {
  it("writes one ledger file per hour whose rows match the fixture exactly", async () => {
    const h = await start(fixtureLogs());
    const report = await h.run("2026-11-26T11:40:00Z", { initialStart: new Date("2026-11-26T10:00:00Z") });
    expect(report.exportedUntil).toBe("2026-11-26T11:30:00.000Z");
    expect(report.windows.map((w) => `${w.start.slice(11, 16)}-${w.end.slice(11, 16)}:${w.kind}:${w.fresh}:${w.verified}`)).toEqual([
      "10:00-10:15:new:2:true",
      "10:15-10:30:new:1:true",
      "10:30-10:45:new:1:true",
      "10:45-11:00:new:1:true",
      "11:00-11:15:new:3:true",
      "11:15-11:30:new:0:true",
    ]);
    expect(h.ledgerObjects()).toEqual({
      "ledger/environment=dev/date=2026-11-26/2026-11-26T10.jsonl": fixture("expected-ledger/2026-11-26T10.jsonl"),
      "ledger/environment=dev/date=2026-11-26/2026-11-26T11.jsonl": fixture("expected-ledger/2026-11-26T11.jsonl"),
    });
    const checkpoint = JSON.parse(h.s3.text(CHECKPOINT)!);
    expect(checkpoint).toMatchObject({ version: 2, ledgerStart: "2026-11-26T10:00:00.000Z", frontier: "2026-11-26T11:30:00.000Z", failed: [], pendingMonths: [], updatedAt: "2026-11-26T11:40:00.000Z" });
    // Every window not yet checked 70 minutes (read delay + lateness horizon) after its end, with the API's count.
    expect(checkpoint.recent.map((w: { start: string; count: number }) => `${w.start.slice(11, 16)}:${w.count}`)).toEqual(["10:30:1", "10:45:1", "11:00:3", "11:15:0"]);
  });

  it("records each request's gateway key label: a row per key of one workload; a label the stack does not have is kept as written and reported, never a metric dimension", async () => {
    const h = await start(fixtureLogs());
    // The stack: checkout has two keys; search has none named search-batch (a removed key, say).
    const report = await h.run("2026-11-26T11:40:00Z", { initialStart: new Date("2026-11-26T10:00:00Z"), keys: { checkout: ["checkout-api", "checkout-web"], search: ["search-indexer"] } });
    const rows = Object.entries(h.ledgerObjects()).flatMap(([key, text]) => parseJsonLines(text, key));
    const hour10 = rows.filter((r) => r.hour === "2026-11-26T10:00:00Z" && r.provider === "openai");
    expect(hour10.map((r) => [r.workload, r.keyName, r.requests, r.costUsd])).toEqual([
      ["checkout", "checkout-api", 1, "0.0012"],
      ["checkout", "checkout-web", 1, "0.0008"],
      ["search", "search-batch", 2, "0.002"],
    ]);
    // Without a key label (not JSON, a malformed workload): no key.
    expect(rows.filter((r) => r.workload === "unattributed").map((r) => r.keyName)).toEqual([""]);
    // log-04 and log-05 came through search-batch, not a key of search; unattributed requests have no workload to check against.
    expect(report.counters.unknownKeyRequests).toBe(2);
    // Month-to-date per workload (both keys' spend in one figure), never per key; no metric names a workload or key.
    expect(h.lastMonthToDate("checkout")).toBe(0.018);
    expect(new Set(h.cloudwatch.data.flatMap((d) => Object.keys(d.dimensions)))).toEqual(new Set(["Environment", "Model"]));
  });

  it("an exporter upgraded mid-hour merges into a truth written before key labels: its rows stay (no key), new ones get theirs, nothing is counted twice", async () => {
    const h = await start(fixtureLogs());
    const hour = "2026-11-26T10:00:00Z";
    // log-01 was counted by the previous version: its row has no keyName.
    const old = { environment: "dev", hour, workload: "checkout", provider: "openai", model: "gpt-4.1-mini", requests: 1, errors: 0, cachedRequests: 0, tokensIn: 100, tokensOut: 50, costUsd: "0.0012", unpricedRequests: 0, ids: ["log-01"] };
    h.s3.set(hourStateKey("dev", hour), JSON.stringify({ version: 1, environment: "dev", hour, rows: [old], quarantined: [] }));
    await h.run("2026-11-26T11:40:00Z", { initialStart: new Date(hour) });
    const text = h.ledgerObjects()["ledger/environment=dev/date=2026-11-26/2026-11-26T10.jsonl"];
    // Every row of the rewritten hour file carries the field, the old one empty.
    expect(text.split("\n").filter(Boolean).every((line) => "keyName" in JSON.parse(line))).toBe(true);
    const rows = parseJsonLines(text, "T10");
    expect(rows.map((r) => [r.workload, r.keyName, r.provider, r.requests, r.costUsd])).toEqual([
      ["checkout", "", "openai", 1, "0.0012"],
      ["checkout", "checkout-api", "anthropic", 1, "0.015"],
      ["checkout", "checkout-web", "openai", 1, "0.0008"],
      ["search", "search-batch", "openai", 2, "0.002"],
    ]);
    expect(JSON.parse(h.s3.text(hourStateKey("dev", hour))!).rows.flatMap((r: { ids: string[] }) => r.ids).sort()).toEqual(["log-01", "log-02", "log-03", "log-04", "log-05"]);
    expect(h.lastMonthToDate("checkout")).toBe(0.018);
    expect(h.lastMonthToDate()).toBe(0.0203);
  });

  it("asks for one window newest first, created_at filters as JSON, with the bearer token", async () => {
    const h = await start(fixtureLogs());
    await h.run("2026-11-26T10:30:00Z", { initialStart: new Date("2026-11-26T10:00:00Z") });
    expect(h.cloudflare.requests).toHaveLength(1);
    const query = new URL(h.cloudflare.requests[0], "http://x").searchParams;
    expect(Object.fromEntries(query)).toEqual({
      page: "1",
      per_page: "50",
      order_by: "created_at",
      order_by_direction: "desc",
      filters: '[{"key":"created_at","operator":"gt","value":["2026-11-26T09:59:59.999Z"]},{"key":"created_at","operator":"lt","value":["2026-11-26T10:15:00.000Z"]}]',
    });
    expect(h.cloudflare.authorizations).toEqual([`Bearer ${TOKEN}`]);
  });

  it("publishes newly counted usage per window for the environment, stamped with the window start; per workload only the month-to-date", async () => {
    const h = await start(fixtureLogs());
    await h.run("2026-11-26T11:40:00Z", { initialStart: new Date("2026-11-26T10:00:00Z") });
    const cw = h.cloudwatch;
    expect(new Set(cw.data.map((d) => d.namespace))).toEqual(new Set(["Switchyard"]));
    const env = { Environment: "dev" };
    expect(cw.values("Requests", env)).toEqual([2, 1, 1, 1, 3]);
    expect(cw.find("SpendUsd", env).map((d) => d.timestamp)).toEqual(["2026-11-26T10:00:00.000Z", "2026-11-26T10:15:00.000Z", "2026-11-26T10:30:00.000Z", "2026-11-26T10:45:00.000Z", "2026-11-26T11:00:00.000Z"]);
    expect(cw.find("SpendUsd", env)[0].unit).toBe("None");
    expect(cw.find("Requests", env)[0].unit).toBe("Count");
    // No metric per workload (each would be a billed custom metric): per workload, the ledger and the run's report.
    expect(cw.data.filter((d) => d.dimensions.Workload)).toEqual([]);
    // Model dimension only with Environment, never with Workload.
    expect(cw.values("SpendUsd", { Environment: "dev", Model: "anthropic/claude-sonnet-4-5" })).toEqual([0.015]);
    expect(cw.data.filter((d) => d.dimensions.Model && d.dimensions.Workload)).toEqual([]);
    expect(new Set(cw.data.filter((d) => d.dimensions.Model).map((d) => d.name))).toEqual(new Set(["SpendUsd", "Requests"]));
  });

  it("bounds the Model dimension to the top models of a window by spend plus `other`", async () => {
    const entries = Array.from({ length: 8 }, (_, i) => logEntry({ at: `2026-11-26T10:0${i}:00.000Z`, model: `m${i}`, cost: (i + 1) / 100 }));
    const h = await start(entries);
    await h.run("2026-11-26T10:30:00Z", { initialStart: new Date("2026-11-26T10:00:00Z"), topModels: 3 });
    expect(h.cloudwatch.values("SpendUsd", { Environment: "dev", Model: "openai/m7" })).toEqual([0.08]);
    const named = new Set(h.cloudwatch.data.filter((d) => d.dimensions.Model).map((d) => d.dimensions.Model));
    expect(named).toEqual(new Set(["openai/m7", "openai/m6", "openai/m5", "other"]));
    expect(h.cloudwatch.values("SpendUsd", { Environment: "dev", Model: "other" })).toEqual([0.15]);
    expect(h.cloudwatch.values("Requests", { Environment: "dev", Model: "other" })).toEqual([5]);
  });

  it("reports month-to-date per workload (every stack workload, zero included) and publishes the environment's, stamped at the run, and a heartbeat and lag every run", async () => {
    const h = await start(fixtureLogs());
    await h.run("2026-11-26T11:40:00Z", { initialStart: new Date("2026-11-26T10:00:00Z") });
    expect(h.lastMonthToDate("checkout")).toBe(0.018);
    expect(h.lastMonthToDate("search")).toBe(0.002);
    expect(h.lastMonthToDate("unattributed")).toBe(0.0003);
    expect(h.lastMonthToDate()).toBe(0.0203);
    expect(h.cloudwatch.find("MonthToDateSpendUsd", { Environment: "dev" }).at(-1)!.timestamp).toBe("2026-11-26T11:40:00.000Z");
    await h.run("2026-11-26T11:44:00Z");
    const beats = h.cloudwatch.find("ExporterHeartbeat", { Environment: "dev" });
    expect(beats.map((d) => [d.timestamp, d.value])).toEqual([
      ["2026-11-26T11:40:00.000Z", 1],
      ["2026-11-26T11:44:00.000Z", 1],
    ]);
    expect(h.cloudwatch.values("ExportLagMinutes", { Environment: "dev" })).toEqual([10, 14]);
    // Published when new unattributed spend is counted, stamped at that run.
    expect(h.cloudwatch.find("UnattributedSpendUsd", { Environment: "dev" }).map((d) => [d.timestamp, d.value])).toEqual([["2026-11-26T11:40:00.000Z", 0.0003]]);
  });

  it("re-exporting from scratch (checkpoint deleted) counts nothing twice: same ledger bytes, same month-to-date", async () => {
    const h = await start(fixtureLogs());
    const options = { initialStart: new Date("2026-11-26T10:00:00Z") };
    await h.run("2026-11-26T11:40:00Z", options);
    const first = h.ledgerObjects();
    h.s3.delete(CHECKPOINT);
    await h.run("2026-11-26T11:40:00Z", options);
    expect(h.ledgerObjects()).toEqual(first);
    expect(h.lastMonthToDate("checkout")).toBe(0.018);
    expect(h.lastMonthToDate()).toBe(0.0203);
  });

  it("a run that fails after writing a window redoes it next time without double counting", async () => {
    const clean = await start(fixtureLogs());
    await clean.run("2026-11-26T11:40:00Z", { initialStart: new Date("2026-11-26T10:00:00Z") });
    const expected = clean.ledgerObjects();
    await clean.stop();

    const h = await start(fixtureLogs());
    h.cloudwatch.failOnCalls.add(2); // the metrics of window 10:15-10:30, before its rows are written
    await expect(h.run("2026-11-26T11:40:00Z", { initialStart: new Date("2026-11-26T10:00:00Z") })).rejects.toThrow();
    expect(JSON.parse(h.s3.text(CHECKPOINT)!).frontier).toBe("2026-11-26T10:15:00.000Z");
    const report = await h.run("2026-11-26T11:40:00Z");
    expect(report.windows.find((w) => w.kind === "new")!.start).toBe("2026-11-26T10:15:00.000Z");
    expect(h.ledgerObjects()).toEqual(expected);
    expect(h.lastMonthToDate("checkout")).toBe(0.018);
  });

  it("catches up after an outage from the checkpoint, as far as the run's API budget allows", async () => {
    // One request every 10 minutes for 5 hours, $0.01 each.
    const entries = Array.from({ length: 30 }, (_, i) => logEntry({ at: new Date(Date.parse("2026-11-26T06:00:00Z") + i * 600_000 + 1000).toISOString(), cost: 0.01 }));
    const h = await start(entries);
    await h.run("2026-11-26T06:10:00Z", { initialStart: new Date("2026-11-26T06:00:00Z") });
    expect(h.cloudflare.requests).toHaveLength(0); // nothing closed yet
    // The exporter stops for five hours, then runs again: 20 closed windows.
    const report = await h.run("2026-11-26T11:10:00Z");
    expect([report.windows.length, report.exportedUntil, report.behind]).toEqual([20, "2026-11-26T11:00:00.000Z", false]);
    const rows = Object.entries(h.ledgerObjects()).flatMap(([key, text]) => parseJsonLines(text, key));
    expect(rows.map((r) => [r.hour.slice(11, 13), r.requests])).toEqual([["06", 6], ["07", 6], ["08", 6], ["09", 6], ["10", 6]]);
    expect(h.lastMonthToDate("checkout")).toBe(0.3);
    expect(h.cloudwatch.values("ExportLagMinutes", { Environment: "dev" })).toEqual([10, 10]);
  });

  it("month-to-date restarts at a month boundary; a closed month's figure is stamped at its last moment", async () => {
    const h = await start([logEntry({ at: "2026-11-30T23:50:00.000Z", workload: "checkout", cost: 5 }), logEntry({ at: "2026-12-01T00:05:00.000Z", workload: "checkout", cost: 2 })]);
    // Earlier in November, already in the ledger from previous runs: an hour file written before
    // the ledger recorded key labels (no keyName) and before money was exact (a JSON number).
    const earlier = { environment: "dev", hour: "2026-11-02T09:00:00Z", workload: "checkout", provider: "openai", model: "gpt-4.1", requests: 4, errors: 0, cachedRequests: 0, tokensIn: 1, tokensOut: 1, costUsd: 10, unpricedRequests: 0 };
    h.s3.set("ledger/environment=dev/date=2026-11-02/2026-11-02T09.jsonl", `${JSON.stringify(earlier)}\n`);
    await h.run("2026-12-01T00:30:00Z", { initialStart: new Date("2026-11-30T23:00:00Z") });
    // All of it is checkout's: the environment's figure is checkout's.
    expect(h.lastReport!.monthToDate).toEqual({ "2026-11": { checkout: "15", search: "0" }, "2026-12": { checkout: "2", search: "0" } });
    const mtd = h.cloudwatch.find("MonthToDateSpendUsd", { Environment: "dev" }).map((d) => [d.timestamp, d.value]);
    expect(mtd).toEqual([
      ["2026-11-30T23:59:59.999Z", 15],
      ["2026-12-01T00:30:00.000Z", 2],
    ]);
    expect(Object.keys(h.ledgerObjects())).toContain("ledger/environment=dev/date=2026-12-01/2026-12-01T00.jsonl");
  });

  it("waits out a 429 and never puts the token in errors, the ledger or metrics", async () => {
    const h = await start(fixtureLogs());
    h.cloudflare.rateLimitNext = 2;
    await h.run("2026-11-26T10:30:00Z", { initialStart: new Date("2026-11-26T10:00:00Z") });
    expect(h.cloudflare.requests).toHaveLength(3);
    // Two waits of the retry-after second before the call that was answered.
    expect(h.cloudwatch.find("ExporterHeartbeat", { Environment: "dev" }).map((d) => d.timestamp)).toEqual(["2026-11-26T10:30:02.000Z"]);
    const wrong = "wrong-token-ALSO-SECRET-77";
    const error = await h.run("2026-11-26T10:50:00Z", {}, wrong).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).toBe("Cloudflare logs API answered 403: 10000 Authentication error");
    expect(String(error?.stack)).not.toContain(wrong);
    const everything = JSON.stringify([...h.s3.objects.values(), h.cloudwatch.data]);
    expect(everything).not.toContain(TOKEN);
    // The failed run still published lag and month-to-date, without a heartbeat.
    expect(h.cloudwatch.find("ExporterHeartbeat", { Environment: "dev" })).toHaveLength(1);
    expect(h.cloudwatch.find("ExportLagMinutes", { Environment: "dev" }).map((d) => d.timestamp)).toContain("2026-11-26T10:50:00.000Z");
  });

  it("pages through a window larger than one page and reads every entry once", async () => {
    const entries = Array.from({ length: 137 }, (_, i) => logEntry({ at: new Date(Date.parse("2026-11-26T10:00:00Z") + i * 1000).toISOString(), cost: 0.001, tokensIn: 3, tokensOut: 2 }));
    const h = await start(entries);
    await h.run("2026-11-26T10:30:00Z", { initialStart: new Date("2026-11-26T10:00:00Z") });
    expect(h.cloudflare.requests).toHaveLength(3);
    const [row] = parseJsonLines(Object.values(h.ledgerObjects())[0], "hour");
    expect([row.requests, row.tokensIn, row.tokensOut, row.costUsd]).toEqual([137, 411, 274, "0.137"]);
  });

  it("reads every entry when the API serves smaller pages than asked (and pages by them)", async () => {
    const entries = Array.from({ length: 95 }, (_, i) => logEntry({ at: new Date(Date.parse("2026-11-26T10:00:00Z") + i * 1000).toISOString(), cost: 0.01 }));
    const h = await start(entries, { maxPerPage: 20 });
    await h.run("2026-11-26T10:30:00Z", { initialStart: new Date("2026-11-26T10:00:00Z") });
    expect(h.cloudflare.requests.map((r) => new URL(r, "http://x").searchParams.get("page"))).toEqual(["1", "2", "3", "4", "5"]);
    const [row] = parseJsonLines(Object.values(h.ledgerObjects())[0], "hour");
    expect([row.requests, row.costUsd]).toEqual([95, "0.95"]);
  });

  it("writes hour truths and the checkpoint conditionally through the SDK: a stale write is refused, not applied", async () => {
    const h = await start(fixtureLogs());
    await h.run("2026-11-26T10:30:00Z", { initialStart: new Date("2026-11-26T10:00:00Z") });
    const hour = hourStateKey("dev", "2026-11-26T10:00:00Z");
    const truth = JSON.parse(h.s3.text(hour)!);
    expect(truth).toMatchObject({ version: 1, hour: "2026-11-26T10:00:00Z" });
    expect(truth.rows.flatMap((r: { ids: string[] }) => r.ids).sort()).toEqual(["log-01", "log-02"]);
    // Someone else replaces the checkpoint while the next run holds it: that run stops, and moves nothing backwards.
    const gate = h.s3;
    let swapped = false;
    gate.before = (op) => {
      if (!swapped && op.method === "PUT" && op.key === CHECKPOINT) {
        swapped = true;
        gate.set(CHECKPOINT, JSON.stringify({ ...JSON.parse(gate.text(CHECKPOINT)!), frontier: "2026-11-26T11:00:00.000Z" }));
      }
    };
    const report = await h.run("2026-11-26T10:45:00Z");
    expect(report.stoppedBy).toBe("concurrent-run");
    expect(JSON.parse(h.s3.text(CHECKPOINT)!).frontier).toBe("2026-11-26T11:00:00.000Z");
  });
});
