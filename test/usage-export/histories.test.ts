/**
 * The ten histories of issue 17 that lost or double-counted money, each replayed against the
 * exporter in a simulated world (support/world.ts) and checked against an oracle: the sum of the
 * raw logs the stand-in holds.
 */
import type { MetricDatum } from "@aws-sdk/client-cloudwatch";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { METRIC } from "../../runtime/usage-export/contract";
import type { ExportReport } from "../../runtime/usage-export/export-run";
import { checkpointKey } from "../../runtime/usage-export/checkpoint";
import { formatDefect, parseStackFile } from "../../stacks/load";
import { CLOUDFLARE_LIMIT, logEntry } from "../../stand-ins/cloudflare-logs";
import { keysOf, MIN, T, traffic } from "./support/traffic";
import { ENVIRONMENT, World, type RunFaults } from "./support/world";

const WORKLOADS = ["checkout", "search"];

/** Runs every `every` minutes at [from, to). */
async function runEvery(world: World, every: number, from: number, to: number, faults: (i: number) => RunFaults = () => ({}), overrides = {}): Promise<(ExportReport | Error)[]> {
  const out: (ExportReport | Error)[] = [];
  for (let at = from, i = 0; at < to; at += every * MIN, i++) {
    world.clock = Math.max(world.clock, at);
    out.push(await world.run({ exportEveryMinutes: every, ...overrides }, faults(i)));
  }
  return out;
}

/**
 * The ledger holds exactly the countable logs of [from, to), each once, each under the workload
 * and key labels the front door wrote in its metadata (read here as plain JSON, not by the
 * exporter's parser; every log of these histories has well-formed labels).
 */
function expectExact(world: World, from: number, to: number): void {
  const ids = world.countedIds();
  const expected = world.countable(from, to);
  expect([...ids.keys()].sort()).toEqual(expected.map((e) => e.id).sort());
  const written = new Map(world.model.all().map((l) => [l.entry.id, JSON.parse(String(l.entry.metadata)) as { workload: string; keyName: string }]));
  const mislabelled = [...ids].filter(([id, at]) => at.workload !== written.get(id)?.workload || at.keyName !== written.get(id)?.keyName);
  expect(mislabelled).toEqual([]);
  expect(world.ledgerRows()).toEqual(world.expectedRows(expected));
}

const lastValue = (world: World, name: string, dims: Record<string, string> = {}) => world.cloudwatch.values(name, { Environment: ENVIRONMENT, ...dims }).at(-1);
const sum = (world: World, name: string) => world.cloudwatch.values(name, { Environment: ENVIRONMENT }).reduce((a, b) => a + b, 0);

describe("issue 17 histories: each is exact now, or loud", () => {
  it("1. re-export after a schedule change (15 -> 5 minutes, checkpoint deleted) counts every log once", async () => {
    const start = T("2026-11-26T08:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 180 * MIN, 600));
    const initialStart = new Date(start);
    await runEvery(world, 15, start + 25 * MIN, start + 100 * MIN, () => ({}), { initialStart });
    // The documented re-export: change the schedule, delete the checkpoint, let it run.
    world.s3.delete(checkpointKey(ENVIRONMENT));
    await runEvery(world, 5, start + 100 * MIN, start + 200 * MIN, () => ({}), { initialStart });
    expectExact(world, start, start + 185 * MIN);
  });

  it("1b. a failed run followed by a schedule change does not count its window twice", async () => {
    const start = T("2026-11-26T08:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 120 * MIN, 300));
    const initialStart = new Date(start);
    await runEvery(world, 15, start + 25 * MIN, start + 55 * MIN, () => ({}), { initialStart });
    // This run fails after writing its first window's rows (its metrics publish fails).
    world.clock = start + 55 * MIN;
    expect(await world.run({ exportEveryMinutes: 15, initialStart }, { cloudwatchFailAt: 2 })).toBeInstanceOf(Error);
    await runEvery(world, 5, start + 60 * MIN, start + 140 * MIN, () => ({}), { initialStart });
    expectExact(world, start, start + 125 * MIN);
  });

  it("2. logs landing 15 and 30 minutes late are counted (LateRows), with no alarm", async () => {
    const start = T("2026-11-26T08:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 120 * MIN, 200, { delayMs: 15 * MIN }));
    world.add(traffic(start, start + 120 * MIN, 200, { delayMs: 30 * MIN }));
    world.add(traffic(start, start + 120 * MIN, 200));
    await runEvery(world, 15, start + 15 * MIN, start + 240 * MIN, () => ({}), { initialStart: new Date(start) });
    expectExact(world, start, start + 120 * MIN);
    expect(sum(world, METRIC.lateRows)).toBeGreaterThan(0);
    expect(sum(world, METRIC.lateRowsBeyondHorizon)).toBe(0);
    expect(world.alarms([{ from: start + 15 * MIN, to: world.clock, exportEveryMinutes: 15 }])).toEqual([]);
  });

  describe("3. short or empty pages are never trusted", () => {
    const cases: [string, RunFaults["api"]][] = [
      ["an empty page", new Map([[2, { kind: "empty" }]])],
      ["result: null", new Map([[2, { kind: "null" }]])],
      ["30 of 50 entries", new Map([[2, { kind: "short", keep: 30 }]])],
      ["per_page echoed but not served", new Map([1, 2, 3, 4, 5, 6].map((n) => [n, { kind: "echo-not-served", serve: 20 }]))],
    ];
    for (const [name, api] of cases) {
      it(`${name}: the window is retried until its read matches the API's count`, async () => {
        const start = T("2026-11-26T10:00:00Z");
        const world = new World(start, WORKLOADS);
        world.add(traffic(start, start + 15 * MIN, 137));
        world.clock = start + 25 * MIN;
        // Both attempts of the run's read meet the fault.
        const faulty = new Map([...api!].flatMap(([n, f]) => [[n, f], [n + 3, f]] as const));
        const first = (await world.run({ initialStart: new Date(start) }, { api: faulty })) as ExportReport;
        const counted = world.ledgerRows().reduce((n, r) => n + r.requests, 0);
        if (counted < 137) {
          expect(first.counters.unverifiedWindows).toBe(1);
          expect(lastValue(world, METRIC.lag)).toBe(25); // minutes since the failed window began, not the healthy 10
        }
        world.clock = start + 40 * MIN;
        await world.run();
        expectExact(world, start, start + 15 * MIN);
      });
    }

    it("logs arriving mid-read: the read is checked against the count at its end, and read again", async () => {
      const start = T("2026-11-26T10:00:00Z");
      const world = new World(start, WORKLOADS);
      world.add(traffic(start, start + 15 * MIN, 137));
      // Ten logs of the window become visible while its pages are being read (200 ms per call).
      world.add(traffic(start, start + 15 * MIN, 10).map((e) => ({ ...e, visibleAt: start + 25 * MIN + 300 })));
      world.clock = start + 25 * MIN;
      await world.run({ initialStart: new Date(start) }, { apiLatencyMs: 200 });
      expectExact(world, start, start + 15 * MIN);
    });
  });

  it("4. a busy gateway stays under Cloudflare's API limit: a 15-minute window of 62,000 requests (1,240 pages) exports without a 429", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS, { limit: CLOUDFLARE_LIMIT });
    world.add(traffic(start, start + 15 * MIN, 62_000, { costPico: () => 3_000_000 }));
    const reports = await runEvery(world, 15, start + 25 * MIN, start + 70 * MIN, () => ({ apiLatencyMs: 150 }), { initialStart: new Date(start) });
    expect(world.cloudflare.limitHits).toBe(0);
    expect(reports.every((r) => !(r instanceof Error))).toBe(true);
    expectExact(world, start, start + 15 * MIN);
    expect(world.ledgerRows().reduce((n, r) => n + r.requests, 0)).toBe(62_000);
  }, 120_000);

  it("4b. catching up after an outage progresses every run at the paced rate, never blocked", async () => {
    const start = T("2026-11-26T06:00:00Z");
    const world = new World(start, WORKLOADS, { limit: CLOUDFLARE_LIMIT });
    // Two hours at 10,000 requests per 15 minutes: 80,000 requests, 1,600 pages; each run has five
    // minutes (a thousand paced calls).
    world.add(traffic(start, start + 120 * MIN, 80_000, { costPico: () => 2_000_000 }));
    const frontiers: string[] = [];
    for (let i = 0; i < 3; i++) {
      world.clock = start + 130 * MIN + i * 15 * MIN;
      const report = (await world.run({ initialStart: new Date(start) }, { apiLatencyMs: 50, remainingMs: 300_000 })) as ExportReport;
      frontiers.push(report.exportedUntil);
    }
    expect(world.cloudflare.limitHits).toBe(0);
    expectExact(world, start, start + 120 * MIN);
    // Each run read what its budget allowed, and the backlog was gone within the hour.
    expect(frontiers[0] < new Date(start + 120 * MIN).toISOString() && frontiers[1] >= new Date(start + 120 * MIN).toISOString()).toBe(true);
  }, 120_000);

  it("5a. with no reserved concurrency, a run ends within its schedule period, before the next starts (5-minute schedule, slow API)", async () => {
    const start = T("2026-11-26T06:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 180 * MIN, 6000));
    world.clock = start + 190 * MIN;
    const began = world.clock;
    const report = await world.run({ initialStart: new Date(start), exportEveryMinutes: 5 }, { apiLatencyMs: 10_000, killAfterMs: 900_000 });
    expect(report).not.toBeInstanceOf(Error);
    expect((report as ExportReport).stoppedBy).toBe("deadline");
    // Reading stops 2 minutes (RESERVE_MS) before the period ends; publishing fits in them.
    expect(world.clock - began).toBeLessThanOrEqual(5 * MIN);
    expect(world.clock - began).toBeGreaterThan(3 * MIN - 10_000);
    expect(lastValue(world, METRIC.heartbeat)).toBe(1);
  }, 120_000);

  it("5. a run too slow for Lambda's 15 minutes stops in time and publishes heartbeat, lag and month-to-date", async () => {
    const start = T("2026-11-26T06:00:00Z");
    const world = new World(start, WORKLOADS);
    // Twelve windows of 500 requests (10 pages each) at 10 s per call: 20 minutes of reading.
    world.add(traffic(start, start + 180 * MIN, 6000));
    world.clock = start + 190 * MIN;
    const report = await world.run({ initialStart: new Date(start) }, { apiLatencyMs: 10_000, killAfterMs: 900_000 });
    expect(report).not.toBeInstanceOf(Error);
    expect((report as ExportReport).stoppedBy).toBe("deadline");
    expect(lastValue(world, METRIC.heartbeat)).toBe(1);
    const frontier = Date.parse((report as ExportReport).exportedUntil);
    expect(frontier).toBeGreaterThan(start);
    expectExact(world, start, frontier);
    const exported = world.ledgerRows().reduce((n, r) => n + Number(r.costUsd), 0);
    expect(lastValue(world, METRIC.monthToDate)).toBeCloseTo(exported, 9);
    expect(lastValue(world, METRIC.lag)).toBe(Math.round((world.clock - frontier) / MIN));
  });

  it("6. month-to-date after a catch-up is stamped when it is published", async () => {
    const start = T("2026-11-26T06:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 300 * MIN, 500));
    world.clock = start + 310 * MIN;
    await world.run({ initialStart: new Date(start) });
    const mtd = world.cloudwatch.find(METRIC.monthToDate, { Environment: ENVIRONMENT }).at(-1)!;
    // Stamped within the last hour, as a graph or alarm on it reads the last hour.
    expect(Date.parse(mtd.timestamp)).toBeGreaterThan(world.clock - 60 * MIN);
    expect(Date.parse(mtd.timestamp)).toBeLessThanOrEqual(world.clock);
  });

  it("7. a month-to-date publish that fails at month end is redone, stamped inside that month", async () => {
    const start = T("2026-11-30T22:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 150 * MIN, 300));
    const initialStart = new Date(start);
    await runEvery(world, 15, start + 15 * MIN, start + 130 * MIN, () => ({}), { initialStart });
    // The first run of December: November's last windows are read, then its month-to-date fails.
    world.clock = T("2026-12-01T00:10:00Z");
    const novemberMonthToDate = (data: readonly MetricDatum[]) => data.some((d) => d.MetricName === METRIC.monthToDate && d.Timestamp!.toISOString().startsWith("2026-11"));
    expect(await world.run({ initialStart }, { failPublish: novemberMonthToDate })).toBeInstanceOf(Error);
    await runEvery(world, 15, T("2026-12-01T00:25:00Z"), T("2026-12-01T03:00:00Z"), () => ({}), { initialStart });
    const november = world.countable(start, T("2026-12-01T00:00:00Z"));
    const expected = world.expectedRows(november).reduce((n, r) => n + Number(r.costUsd), 0);
    expect(Number(world.monthToDate["2026-11"]!.checkout)).toBeCloseTo(world.expectedRows(november).filter((r) => r.workload === "checkout").reduce((n, r) => n + Number(r.costUsd), 0), 9);
    const points = world.cloudwatch.find(METRIC.monthToDate, { Environment: ENVIRONMENT }).filter((d) => d.timestamp.startsWith("2026-11"));
    expect(points.at(-1)!.timestamp).toBe("2026-11-30T23:59:59.999Z");
    expect(points.at(-1)!.value).toBeCloseTo(expected, 9);
  });

  it("8. re-exporting after the gateway deleted old logs keeps the rows it had (never shrinks)", async () => {
    const start = T("2026-11-26T06:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 180 * MIN, 400));
    const initialStart = new Date(start);
    await runEvery(world, 15, start + 15 * MIN, start + 200 * MIN, () => ({}), { initialStart });
    const before = world.ledgerRows();
    world.model.removeOlderThan(start + 120 * MIN, world.clock);
    world.s3.delete(checkpointKey(ENVIRONMENT));
    await runEvery(world, 15, start + 200 * MIN, start + 260 * MIN, () => ({}), { initialStart });
    expect(world.ledgerRows()).toEqual(before);
    expectExact(world, start, start + 180 * MIN);
  });

  it("9. two runs at once lose no window and never move the checkpoint backwards", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 45 * MIN, 90));
    const initialStart = new Date(start);
    // Run A (at 10:40: two windows closed) pauses just before its first write of hour 10, while
    // run B (at 10:55: three windows) does all of its work.
    let releaseA!: () => void;
    const aWaits = new Promise<void>((resolve) => (releaseA = resolve));
    let paused = false;
    const gateA = async (op: string) => {
      if (!paused && op.startsWith("PUT ") && op.includes("T10.") && !op.includes("cells/")) {
        paused = true;
        await aWaits;
      }
    };
    world.clock = T("2026-11-26T10:40:00Z");
    const a = world.run({ initialStart }, { interleave: gateA });
    await new Promise((r) => setTimeout(r, 0));
    while (!paused) await new Promise((r) => setImmediate(r));
    world.clock = T("2026-11-26T10:55:00Z");
    const b = await world.run({ initialStart });
    expect(b).not.toBeInstanceOf(Error);
    releaseA();
    await a;
    const checkpoint = JSON.parse(world.s3.text(checkpointKey(ENVIRONMENT))!);
    expect(checkpoint.frontier ?? checkpoint.exportedUntil).toBe("2026-11-26T10:45:00.000Z");
    expectExact(world, start, start + 45 * MIN);
  });

  describe("10. one bad entry, a short retention, odd costs and unknown labels", () => {
    it("an unreadable created_at is quarantined (count, file, alarm) and later windows still export", async () => {
      const start = T("2026-11-26T10:00:00Z");
      const world = new World(start, WORKLOADS);
      world.add(traffic(start, start + 60 * MIN, 40));
      world.add([{ entry: logEntry({ at: "26/11/2026 10:05:00", id: "bad-time", cost: 1 }), at: start + 5 * MIN }]);
      await runEvery(world, 15, start + 25 * MIN, start + 90 * MIN, () => ({}), { initialStart: new Date(start) });
      expectExact(world, start, start + 60 * MIN);
      expect(sum(world, METRIC.quarantined)).toBe(1);
      const quarantine = world.s3.keys("quarantine/");
      expect(quarantine).toEqual([`quarantine/environment=${ENVIRONMENT}/date=2026-11-26/2026-11-26T10.quarantined.jsonl`]);
      expect(JSON.parse(world.s3.text(quarantine[0])!)).toMatchObject({ id: "bad-time", reason: 'unreadable created_at "26/11/2026 10:05:00"' });
      expect(world.alarms([{ from: start + 25 * MIN, to: world.clock, exportEveryMinutes: 15 }]).map((a) => a.alarm)).toEqual(["quarantined"]);
    });

    it("the loader refuses a retentionDays shorter than this month and all of last month", () => {
      const text = readFileSync(join(__dirname, "..", "..", "stacks", "dev.yaml"), "utf8").replace("retentionDays: 90", "retentionDays: 30");
      expect(text).toContain("retentionDays: 30");
      const result = parseStackFile(text, "short.yaml");
      const line = text.split("\n").findIndex((l) => l.includes("retentionDays: 30")) + 1;
      expect(result.ok ? [] : result.defects.map(formatDefect)).toEqual([
        `short.yaml:${line}:18: usageLedger.retentionDays: expected a whole number of days from 62 to 3,650: the ledger must keep this month and all of last month (month-to-date and chargeback read every hour file of a month)`,
      ]);
    });

    it("a negative cost is quarantined, not subtracted; costs far below a nano-dollar add up exactly", async () => {
      const start = T("2026-11-26T10:00:00Z");
      const world = new World(start, WORKLOADS);
      world.add(traffic(start, start + 15 * MIN, 1000, { costPico: () => 400 })); // 4e-10 USD each
      world.add([{ entry: logEntry({ at: "2026-11-26T10:07:00.000Z", id: "refund?", workload: "checkout", cost: -5 }) }]);
      world.clock = start + 25 * MIN;
      await world.run({ initialStart: new Date(start) });
      expectExact(world, start, start + 15 * MIN);
      const total = world.ledgerRows().reduce((n, r) => n + Number(r.costUsd) * 1e12, 0);
      expect(Math.round(total)).toBe(400_000);
      expect((await world.summarize("2026-11")).total.costUsd).toBe("0.0000004");
      expect(sum(world, METRIC.quarantined)).toBe(1);
    });

    it("spend under a label the stack does not have is metered as unattributed, and alarms", async () => {
      const start = T("2026-11-26T10:00:00Z");
      const world = new World(start, WORKLOADS);
      world.add(traffic(start, start + 15 * MIN, 10, { workloads: ["checkout", "ghost"] }));
      world.clock = start + 25 * MIN;
      await world.run({ initialStart: new Date(start) });
      expect(world.ledgerRows().map((r) => r.workload)).toContain("ghost");
      expect(world.cloudwatch.data.filter((d) => d.dimensions.Workload === "ghost")).toEqual([]);
      expect(Number(Object.values(world.monthToDate).at(-1)!.unattributed)).toBeGreaterThan(0);
      expect(lastValue(world, METRIC.unattributedSpend)).toBeGreaterThan(0);
      world.clock = start + 40 * MIN;
      await world.run();
      expect(world.alarms([{ from: start + 25 * MIN, to: world.clock, exportEveryMinutes: 15 }]).map((a) => a.alarm)).toEqual(["unattributed-spend"]);
    });

    it("a key label the stack does not have is kept as written and reported by the run; its spend stays its workload's, in no per-key metric", async () => {
      const start = T("2026-11-26T10:00:00Z");
      const world = new World(start, WORKLOADS);
      world.add(traffic(start, start + 15 * MIN, 20));
      world.clock = start + 25 * MIN;
      // checkout-batch was removed from the stack; its requests still carry it.
      const report = (await world.run({ initialStart: new Date(start), keys: { checkout: ["checkout-web"], search: keysOf("search") } })) as ExportReport;
      expect(report.counters.unknownKeyRequests).toBe(5);
      expect([...new Set(world.ledgerRows().filter((r) => r.workload === "checkout").map((r) => r.keyName))]).toEqual(["checkout-batch", "checkout-web"]);
      const checkout = world.countable(start, start + 15 * MIN).filter((e) => e.workload === "checkout");
      expect(world.ledgerRows().filter((r) => r.workload === "checkout").reduce((n, r) => n + r.requests, 0)).toBe(checkout.length);
      expect(world.cloudwatch.data.filter((d) => Object.keys(d.dimensions).some((n) => !["Environment", "Workload", "Model"].includes(n)))).toEqual([]);
      expect(sum(world, METRIC.unattributedSpend)).toBe(0);
      expectExact(world, start, start + 15 * MIN);
    });
  });
});
