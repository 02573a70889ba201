/**
 * The histories of issue 24 where the ledger's source lost or double-counted money, or budgets ran
 * silently low: retention deleting unread logs, rows that change after their first read, a window
 * that never verifies, a checkpoint deleted in a month's first days. Each replays against the
 * exporter in the simulated world (support/world.ts) and ends exact against the oracle (the
 * latest version of every log the stand-in served), or with the alarm that tells a person and
 * the summary saying the hours are not verified.
 */
import { describe, expect, it } from "vitest";
import { summarize } from "../../cli/chargeback";
import { checkpointKey } from "../../runtime/usage-export/checkpoint";
import { METRIC } from "../../runtime/usage-export/contract";
import type { ExportReport } from "../../runtime/usage-export/export-run";
import { hourStateKey, type HourTruth } from "../../runtime/usage-export/ledger-store";
import { UsdSum } from "../../runtime/usage-export/money";
import { logEntry } from "../../stand-ins/cloudflare-logs";
import { MIN, T, traffic } from "./support/traffic";
import { ENVIRONMENT, World } from "./support/world";

const WORKLOADS = ["checkout", "search"];

async function runEvery(world: World, every: number, from: number, to: number, overrides = {}): Promise<ExportReport[]> {
  const out: ExportReport[] = [];
  for (let at = from; at < to; at += every * MIN) {
    world.clock = Math.max(world.clock, at);
    const report = await world.run({ exportEveryMinutes: every, ...overrides });
    if (report instanceof Error) throw report;
    out.push(report);
  }
  return out;
}

/** The ledger holds the latest version of every countable log of [from, to), each once. */
function expectExact(world: World, from: number, to: number): void {
  const expected = world.latest(from, to);
  expect([...world.countedIds().keys()].sort()).toEqual(expected.map((e) => e.id).sort());
  expect(world.ledgerRows()).toEqual(world.expectedRows(expected));
}

const alarmsOf = (world: World, from: number, every = 15) => world.alarms([{ from, to: world.clock, exportEveryMinutes: every }]).map((a) => a.alarm);
/** Audited hours the runs found not to agree with the API (the run report's windows). */
const auditFindings = (reports: readonly ExportReport[]) => reports.flatMap((r) => r.windows).filter((w) => w.kind === "audit" && !w.verified);
/** The gaps `ledger summarize` shows for hours whose ledger counts more than the API serves. */
const disagreementGaps = async (world: World) =>
  (await world.summarize("2026-11", true)).environments[0].coverage.gaps.filter((g) => g.why.startsWith("the ledger counts")).map((g) => [g.from, g.until]);
const truth = (world: World, hour: string) => JSON.parse(world.s3.text(hourStateKey(ENVIRONMENT, hour))!) as HourTruth;

describe("issue 24: gateway log retention deletes logs before they are read", () => {
  it("a maxStored holding 20 minutes of traffic: the deleted time is found, alarmed, and its hours are not verified", async () => {
    const start = T("2026-11-26T08:00:00Z");
    // 20 requests a minute; the gateway keeps 400: 20 minutes, less than the 10-minute read delay
    // plus a 15-minute window.
    const world = new World(start, WORKLOADS, { maxStored: 400 });
    world.add(traffic(start, start + 180 * MIN, 3600));
    await runEvery(world, 15, start + 25 * MIN, start + 200 * MIN, { initialStart: new Date(start), maxStored: 400 });
    const read = world.countedIds();
    expect(read.size).toBeLessThan(3600);
    const served = new Set(world.latest(start, start + 180 * MIN).map((e) => e.id));
    expect([...read.keys()].filter((id) => !served.has(id))).toEqual([]);
    expect(alarmsOf(world, start + 25 * MIN)).toContain("logs-deleted-unread");
    const coverage = (await world.summarize("2026-11", true)).environments[0].coverage;
    const deleted = coverage.gaps.filter((g) => g.why.startsWith("logs deleted by the gateway before they were read"));
    expect(deleted.map((g) => [g.from, g.until])).toEqual([["2026-11-26T08:00:00Z", "2026-11-26T11:00:00Z"]]);
  });

  it("a 5-hour outage with a store of 100 minutes: the run after it reports the deleted time", async () => {
    const start = T("2026-11-26T08:00:00Z");
    const world = new World(start, WORKLOADS, { maxStored: 2000 });
    world.add(traffic(start, start + 480 * MIN, 9600));
    const config = { initialStart: new Date(start), maxStored: 2000 };
    await runEvery(world, 15, start + 25 * MIN, start + 70 * MIN, config);
    expect(alarmsOf(world, start + 25 * MIN)).toEqual([]);
    // The exporter is down from 09:10 to 14:10: by then the gateway keeps logs from 12:30:03 on.
    // Unread since 08:45, and 08:00-08:45 still to be re-checked for late logs: all deleted.
    await runEvery(world, 15, start + 370 * MIN, start + 400 * MIN, config);
    const cp = JSON.parse(world.s3.text(checkpointKey(ENVIRONMENT))!);
    expect(cp.deleted).toEqual([{ start: "2026-11-26T08:00:00.000Z", end: "2026-11-26T12:30:03.000Z", found: "2026-11-26T14:10:00.000Z", stored: 2000 }]);
    expect(alarmsOf(world, start + 25 * MIN)).toContain("logs-deleted-unread");
  });
});

describe("issue 24: rows are facts with versions", () => {
  it("a revised cost replaces the first one (a late log makes the window read again) and the revision is kept", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 60 * MIN, 120));
    const at = "2026-11-26T10:05:00.000Z";
    world.add([
      { entry: logEntry({ at, id: "revised", workload: "checkout", cost: 0.000001 }), removedAt: start + 30 * MIN },
      { entry: logEntry({ at, id: "revised", workload: "checkout", cost: 0.000003 }), visibleAt: start + 30 * MIN },
      { entry: logEntry({ at: "2026-11-26T10:07:00.000Z", id: "late", workload: "search", cost: 0.00001 }), visibleAt: start + 33 * MIN },
    ]);
    const reports = await runEvery(world, 15, start + 25 * MIN, start + 180 * MIN, { initialStart: new Date(start) });
    expectExact(world, start, start + 60 * MIN);
    expect(truth(world, "2026-11-26T10:00:00Z").revisions).toEqual([{ id: "revised", at: "2026-11-26T10:40:00.000Z", from: "0.000001", to: "0.000003" }]);
    expect(reports.reduce((n, r) => n + r.counters.revisedCosts, 0)).toBe(1);
  });

  it("a cost logged as null and filled in later replaces the missing one at the window's last re-check", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 60 * MIN, 120));
    const at = "2026-11-26T10:05:00.000Z";
    world.add([
      { entry: logEntry({ at, id: "filled", workload: "checkout" }), removedAt: start + 50 * MIN },
      { entry: logEntry({ at, id: "filled", workload: "checkout", cost: 0.25 }), visibleAt: start + 50 * MIN },
    ]);
    await runEvery(world, 15, start + 25 * MIN, start + 180 * MIN, { initialStart: new Date(start) });
    expectExact(world, start, start + 60 * MIN);
    const summary = await world.summarize("2026-11");
    expect(summary.total.unpricedRequests).toBe(0);
    expect(summary.total.costUsd).toBe(world.latest(start, start + 60 * MIN).reduce((sum, e) => sum.add(e.costUsd ?? "0"), new UsdSum()).toString());
  });

  it("a created_at moved into the next hour is counted once, and the audit of both hours agrees with the API", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 120 * MIN, 240));
    world.add([
      { entry: logEntry({ at: "2026-11-26T10:59:59.900Z", id: "moved", workload: "checkout", cost: 0.5 }), removedAt: start + 72 * MIN },
      { entry: logEntry({ at: "2026-11-26T11:00:00.100Z", id: "moved", workload: "checkout", cost: 0.5 }), visibleAt: start + 72 * MIN },
    ]);
    const reports = await runEvery(world, 15, start + 25 * MIN, start + 300 * MIN, { initialStart: new Date(start) });
    const counted = world.countedIds(); // throws if an id is counted twice
    const latest = world.latest(start, start + 120 * MIN);
    expect([...counted.keys()].sort()).toEqual(latest.map((e) => e.id).sort());
    expect(counted.get("moved")!.hour).toBe("2026-11-26T10:00:00Z");
    const summary = await world.summarize("2026-11");
    expect(summary.total.requests).toBe(latest.length);
    expect(summary.total.costUsd).toBe(latest.reduce((sum, e) => sum.add(e.costUsd ?? "0"), new UsdSum()).toString());
    // The hour that serves it notes it as counted in the hour before: the audit reads neither again.
    expect(truth(world, "2026-11-26T11:00:00Z").elsewhere).toEqual({ moved: "2026-11-26T10:00:00Z" });
    expect(reports.flatMap((r) => r.windows).filter((w) => w.kind === "audit")).toEqual([]);
    expect(alarmsOf(world, start + 25 * MIN)).toEqual([]);
  });
});

describe("issue 24: the month audit compares both ways", () => {
  it("a log the API no longer serves in its hour (moved three hours on, or deleted by hand) while the gateway keeps the whole hour: the hour is named, alarmed and not verified", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS);
    // Traffic from 09:50, the ledger from 10:00: the gateway keeps logs older than the audited hours (it has deleted none).
    world.add(traffic(start - 10 * MIN, start + 240 * MIN, 500));
    world.add([
      { entry: logEntry({ at: "2026-11-26T10:20:00.000Z", id: "moved", workload: "checkout", cost: 0.5 }), removedAt: start + 150 * MIN },
      { entry: logEntry({ at: "2026-11-26T13:20:00.000Z", id: "moved", workload: "checkout", cost: 0.5 }), visibleAt: start + 150 * MIN },
      { entry: logEntry({ at: "2026-11-26T11:30:00.000Z", id: "deleted-by-hand", workload: "search", cost: 0.25 }), removedAt: start + 160 * MIN },
    ]);
    const reports = await runEvery(world, 15, start + 25 * MIN, start + 330 * MIN, { initialStart: new Date(start) });
    const found = auditFindings(reports);
    expect(new Set(found.map((w) => w.start))).toEqual(new Set(["2026-11-26T10:00:00.000Z", "2026-11-26T11:00:00.000Z"]));
    expect(found[0].problem).toContain("the ledger counts");
    expect(alarmsOf(world, start + 25 * MIN)).toContain("unverified-windows");
    // Both hours (one gap: the same counts, 121 where 120 are served).
    expect(await disagreementGaps(world)).toEqual([["2026-11-26T10:00:00Z", "2026-11-26T12:00:00Z"]]);
  });

  it("one hour's surplus hiding another's shortfall (a log arriving hours late, another deleted by hand): each hour compared on its own finds both", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start - 10 * MIN, start + 240 * MIN, 500));
    // Both at 15:00, long after their windows' last re-checks: the month's count stays what the ledger counts.
    world.add([
      { entry: logEntry({ at: "2026-11-26T10:30:00.000Z", id: "deleted-by-hand", workload: "search", cost: 0.25 }), removedAt: start + 300 * MIN },
      { entry: logEntry({ at: "2026-11-26T12:30:00.000Z", id: "hours-late", workload: "checkout", cost: 0.75 }), visibleAt: start + 300 * MIN },
    ]);
    const reports = await runEvery(world, 15, start + 25 * MIN, start + 660 * MIN, { initialStart: new Date(start) });
    // The late log is in the ledger, counted in its own hour, as the month audit's narrowing never found it.
    expect(world.countedIds().get("hours-late")?.hour).toBe("2026-11-26T12:00:00Z");
    expect([...world.countedIds().keys()].sort()).toEqual(world.latest(start, start + 240 * MIN).map((e) => e.id).sort());
    // The hour that lost a log is named, alarmed and not verified.
    const found = auditFindings(reports);
    expect(new Set(found.map((w) => w.start))).toEqual(new Set(["2026-11-26T10:00:00.000Z"]));
    expect(alarmsOf(world, start + 25 * MIN)).toContain("unverified-windows");
    expect(await disagreementGaps(world)).toEqual([["2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z"]]);
  });

  it("every audited hour is compared with the API on its own within a day, taking up where the last run stopped", async () => {
    // Six days of ledger: more hours than a day has runs, so one hour a run would not cover them.
    const start = T("2026-11-20T00:00:00Z");
    const day = start + 6 * 24 * 60 * MIN;
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, day + 24 * 60 * MIN, 700));
    await runEvery(world, 15, start + 25 * MIN, day, { initialStart: new Date(start) });
    const firstDayCalls = world.apiCallUrls.length;
    await runEvery(world, 15, day, day + 24 * 60 * MIN, { initialStart: new Date(start) });
    // Count probes (one log per page) of exactly one hour, made in the last 24 hours of runs.
    const alone = new Set<string>();
    for (const url of world.apiCallUrls.slice(firstDayCalls)) {
      const query = new URL(url).searchParams;
      if (query.get("per_page") !== "1") continue;
      const [after, before] = (JSON.parse(query.get("filters")!) as { value: string[] }[]).map((f) => Date.parse(f.value[0]));
      if (before - (after + 1) === 60 * MIN) alone.add(new Date(after + 1).toISOString());
    }
    // Every hour the audit covered when that day began: from the ledger's start to the hours still re-checked then.
    const covered = Array.from({ length: 6 * 24 - 2 }, (_, h) => new Date(start + h * 60 * MIN).toISOString());
    expect(covered.filter((hour) => !alone.has(hour))).toEqual([]);
  });

  it("the gateway deleting its oldest logs makes the API count fewer: not a disagreement", async () => {
    const start = T("2026-11-26T10:00:00Z");
    // The gateway keeps 200 logs: its oldest hours are gone by the audit, and the ledger keeps what it read.
    const world = new World(start, WORKLOADS, { maxStored: 200 });
    world.add(traffic(start, start + 240 * MIN, 480));
    const reports = await runEvery(world, 15, start + 25 * MIN, start + 330 * MIN, { initialStart: new Date(start), maxStored: 200 });
    expect(auditFindings(reports)).toEqual([]);
    const checkpoint = JSON.parse(world.s3.text(checkpointKey(ENVIRONMENT))!) as { disagreements?: unknown[] };
    expect(checkpoint.disagreements ?? []).toEqual([]);
  });
});

describe("issue 24: no window blocks the audit of others", () => {
  it("20,000 logs in 15 minutes, many sharing a millisecond, in an order that changes between calls: the window verifies", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS, { unstableTies: true });
    // Groups of four logs in the same millisecond.
    world.add(traffic(start, start + 15 * MIN, 20_000).map((log, i) => ({ ...log, entry: { ...log.entry, created_at: new Date(start + Math.floor(i / 4) * 180).toISOString() } })));
    await runEvery(world, 15, start + 25 * MIN, start + 40 * MIN, { initialStart: new Date(start) });
    expectExact(world, start, start + 15 * MIN);
    expect(alarmsOf(world, start + 25 * MIN)).toEqual([]);
    // 400 pages; a group of 4 straddles every other page boundary (50 = 4 x 12 + 2), and only those
    // milliseconds are read again on their own (about 200 calls), not every page's first and last
    // (800: 1,001 calls in all before).
    const reads = world.cloudflare.requests.filter((r) => r.includes("/logs?")).length;
    expect(reads).toBeGreaterThanOrEqual(400);
    expect(reads).toBeLessThan(650);
  }, 60_000);

  it("late logs in a window of 20,000: the re-check reads again only the slices whose count grew, and ends exact", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS, { unstableTies: true });
    world.add(traffic(start, start + 15 * MIN, 20_000).map((log, i) => ({ ...log, entry: { ...log.entry, created_at: new Date(start + Math.floor(i / 4) * 180).toISOString() } })));
    // Three logs reach the API 40 minutes late: at the window's first millisecond, on a slice
    // boundary inside a group of one millisecond, and at its last millisecond.
    const late = [start, start + 7 * MIN, start + 15 * MIN - 1].map((at, i) => ({ entry: logEntry({ at: new Date(at).toISOString(), id: `late-${i}`, workload: "search", cost: 0.25 }), visibleAt: start + 55 * MIN }));
    world.add(late);
    const calls: number[] = [];
    for (let at = start + 25 * MIN; at < start + 100 * MIN; at += 15 * MIN) {
      const before = world.cloudflare.requests.length;
      await runEvery(world, 15, at, at + 1, { initialStart: new Date(start) });
      calls.push(world.cloudflare.requests.length - before);
    }
    expectExact(world, start, start + 15 * MIN);
    expect(late.every((l) => world.countedIds().has(l.entry.id))).toBe(true);
    expect(alarmsOf(world, start + 25 * MIN)).toEqual([]);
    // The run that finds them (11:10): a probe of the window, one per slice, and the three slices
    // read again (27 pages each, plus their ties): about 150 calls where reading the whole window
    // again took about 600.
    expect(calls[2]).toBeGreaterThan(3 * 27);
    expect(calls[2]).toBeLessThan(250);
  }, 120_000);

  it("late logs arriving above the read position of a window of 20,000: the read is short, the same run reads again only the slices that grew, and ends exact", async () => {
    const start = T("2026-11-26T10:00:00Z");
    // Each call takes 100 ms: the first read of the window (400 pages and the ties) takes about a minute.
    const world = new World(start, WORKLOADS, { unstableTies: true, latencyMs: 100 });
    world.add(traffic(start, start + 15 * MIN, 20_000).map((log, i) => ({ ...log, entry: { ...log.entry, created_at: new Date(start + Math.floor(i / 4) * 180).toISOString() } })));
    // Two logs of 10:12 and 10:13 become visible 10 seconds into the 10:25 run, when the read is
    // already past them (newest first).
    const late = [12, 13].map((m, i) => ({ entry: logEntry({ at: new Date(start + m * MIN + 7).toISOString(), id: `arriving-${i}`, workload: "search", cost: 0.25 }), visibleAt: start + 25 * MIN + 10_000 }));
    world.add(late);
    world.clock = start + 25 * MIN;
    const report = await world.run({ exportEveryMinutes: 15, initialStart: new Date(start) });
    if (report instanceof Error) throw report;
    const calls = world.cloudflare.requests.length;
    expect(report.windows[0]).toMatchObject({ start: "2026-11-26T10:00:00.000Z", kind: "new", verified: false });
    // Then the slices: a probe each, and the two that grew read again (27 pages each, and their ties).
    expect(report.windows.slice(1).map((w) => [w.kind, w.start, w.verified])).toEqual([
      ["retry", "2026-11-26T10:12:00.000Z", true],
      ["retry", "2026-11-26T10:13:00.000Z", true],
    ]);
    expectExact(world, start, start + 15 * MIN);
    // Reading the whole window a second time took about 600 more calls.
    expect(calls).toBeLessThan(601 + 15 + 2 * 45);
    const checkpoint = JSON.parse(world.s3.text(checkpointKey(ENVIRONMENT))!) as { failed: unknown[]; recent: { start: string }[] };
    expect(checkpoint.failed).toEqual([]);
    expect(checkpoint.recent.map((w) => w.start)).toEqual(["2026-11-26T10:00:00.000Z"]);
  }, 120_000);

  it("more logs of one millisecond than a page, in an order that changes between calls: the read names the cause, and reading that millisecond on its own completes it", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS, { unstableTies: true });
    world.add(traffic(start, start + 15 * MIN, 30));
    world.add(Array.from({ length: 120 }, (_, i) => ({ entry: logEntry({ at: "2026-11-26T10:05:00.000Z", id: `tie-${String(i).padStart(3, "0")}`, cost: 0.001 }) })));
    const [report] = await runEvery(world, 15, start + 25 * MIN, start + 40 * MIN, { initialStart: new Date(start) });
    expect(report.windows[0].problem).toContain("orders logs of the same millisecond differently between calls");
    expectExact(world, start, start + 15 * MIN);
  });

  it("a window that never verifies (its pages always come back short) is retried and alarmed on its own; later hours are still audited", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 120 * MIN, 240));
    // A log of 11:20 that reaches the API three hours late, past the lateness horizon.
    world.add([{ entry: logEntry({ at: "2026-11-26T11:20:00.000Z", id: "very-late", workload: "search", cost: 2 }), visibleAt: start + 270 * MIN }]);
    // The 10:00-10:15 window is served its first page only (50 of its 80 logs): later pages come back empty.
    world.add(traffic(start, start + 15 * MIN, 50));
    const window = encodeURIComponent('"2026-11-26T09:59:59.999Z"');
    world.cloudflare.faultFor = () => {
      const request = world.cloudflare.requests.at(-1)!;
      return request.includes(window) && !/[?&]page=1&/.test(request) ? { kind: "empty" } : undefined;
    };
    const reports = await runEvery(world, 15, start + 25 * MIN, start + 330 * MIN, { initialStart: new Date(start) });
    expect(world.countedIds().has("very-late")).toBe(true);
    const alarms = alarmsOf(world, start + 25 * MIN);
    expect(alarms).toEqual(expect.arrayContaining(["unverified-windows", "late-rows"]));
    const last = reports.at(-1)!.windows.find((w) => !w.verified)!;
    expect(last).toMatchObject({ start: "2026-11-26T10:00:00.000Z", end: "2026-11-26T10:15:00.000Z", kind: "retry" });
    const coverage = (await world.summarize("2026-11", true)).environments[0].coverage;
    expect(coverage.gaps.find((g) => g.from === "2026-11-26T10:00:00Z")!.why).toContain("read did not verify");
    expect(coverage.gaps.some((g) => g.from === "2026-11-26T11:00:00Z")).toBe(false);
  }, 60_000);
});

describe("issue 24: a checkpoint deleted in a month's first days", () => {
  it("keeps the previous month audited: a log of November arriving on December 2nd is counted, and November is not 'before the ledger started'", async () => {
    const start = T("2026-11-30T20:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 8 * 60 * MIN, 480));
    world.add([{ entry: logEntry({ at: "2026-11-30T22:10:00.000Z", id: "november-late", workload: "checkout", cost: 1.5 }), visibleAt: T("2026-12-02T02:00:00Z") }]);
    await runEvery(world, 60, start + 70 * MIN, T("2026-12-02T01:30:00Z"), { initialStart: new Date(start) });
    world.s3.delete(checkpointKey(ENVIRONMENT));
    await runEvery(world, 60, T("2026-12-02T01:30:00Z"), T("2026-12-02T06:00:00Z"));
    expectExact(world, start, start + 8 * 60 * MIN);
    expect(world.cloudwatch.values(METRIC.lateRowsBeyondHorizon, { Environment: ENVIRONMENT }).reduce((a, b) => a + b, 0)).toBe(1);
    const coverage = (await world.summarize("2026-11", true)).environments[0].coverage;
    expect(coverage.gaps.filter((g) => g.why === "before the ledger started").map((g) => g.until)).toEqual(["2026-11-30T20:00:00Z"]);
  }, 60_000);
});

describe("issue 24: budgets follow the workload, not its label", () => {
  it("a workload renamed mid-month keeps its month-to-date (run report, budget notice and chargeback): spend logged under its former label is its own", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS);
    // Until 11:00 the front door labelled checkout's requests "shop"; the stack now says checkout, renamedFrom [shop].
    // 0.002 USD a request, so the budget below is whole cents (thresholds are compared in cents).
    const costPico = () => 2_000_000_000;
    world.add(traffic(start, start + 60 * MIN, 60, { workloads: ["shop", "search"], costPico }));
    world.add(traffic(start + 60 * MIN, start + 120 * MIN, 60, { workloads: ["checkout", "search"], costPico }));
    const spent = (labels: string[]) => world.latest(start, start + 120 * MIN).filter((e) => labels.includes(e.workload)).reduce((sum, e) => sum.add(e.costUsd ?? "0"), new UsdSum()).toString();
    // A budget whose 100% threshold only the two labels' spend together reaches (issue 22's notices).
    const topic = "arn:aws:sns:us-east-1:111111111111:checkout-alerts";
    const monthlyUsd = Math.floor(Number(spent(["shop", "checkout"])) * 100) / 100;
    expect(Number(spent(["checkout"]))).toBeLessThan(monthlyUsd);
    await runEvery(world, 15, start + 25 * MIN, start + 150 * MIN, { initialStart: new Date(start), renamedFrom: { checkout: ["shop"] }, budgets: { checkout: { monthlyUsd, alertAtPercent: [100], topics: [topic] } } });
    expect(world.monthToDate["2026-11"]).toEqual({ checkout: spent(["shop", "checkout"]), search: spent(["search"]) });
    expect(world.sns.messages.map((m) => [m.topicArn, m.subject])).toEqual([[topic, `Switchyard ${ENVIRONMENT}: workload checkout has spent 100% of its ${monthlyUsd} USD monthly budget`]]);
    expect(world.cloudwatch.data.filter((d) => d.dimensions.Workload !== undefined)).toEqual([]);
    expect(alarmsOf(world, start + 25 * MIN)).toEqual([]);
    // The ledger keeps the label as logged; the chargeback's budget line counts both.
    expect(new Set(world.ledgerRows().map((r) => r.workload))).toEqual(new Set(["shop", "checkout", "search"]));
    const budget = { monthlyUsd: 100, alertAtPercent: [50, 80, 100], hardLimit: true };
    const summary = summarize({
      rows: world.ledgerRows(),
      month: "2026-11",
      source: "sim",
      budgets: { file: "sim.yaml", environment: ENVIRONMENT, workloads: { checkout: { path: "gateway", budget, renamedFrom: ["shop"], keys: [] }, search: { path: "gateway", budget, keys: [] } } },
      states: new Map(),
      nowMs: world.clock,
    });
    expect(summary.workloads.map((w) => [w.workload, w.costUsd, w.notInStack ?? false])).toEqual([
      ["checkout", spent(["shop", "checkout"]), false],
      ["search", spent(["search"]), false],
    ]);
  });

  it("requests the gateway logs without a cost (none, or 0) count toward the budget at the model's fallback price; the ledger keeps the gateway's figures", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const world = new World(start, WORKLOADS);
    world.add(traffic(start, start + 30 * MIN, 40, { workloads: ["checkout"] }));
    const unpriced = (id: string, cost?: number) => ({ entry: logEntry({ at: "2026-11-26T10:10:00.000Z", id, workload: "checkout", provider: "workers-ai", model: "llama-3.1-8b", ...(cost === undefined ? {} : { cost }) }) });
    world.add([unpriced("no-cost-1"), unpriced("no-cost-2"), unpriced("zero-cost", 0)]);
    const priced = world.latest(start, start + 30 * MIN).reduce((sum, e) => sum.add(e.costUsd ?? "0"), new UsdSum()).toString();
    // A 1 USD budget: the priced spend is below it, the three requests at their fallback price reach it.
    const topic = "arn:aws:sns:us-east-1:111111111111:checkout-alerts";
    expect(Number(priced)).toBeLessThan(1);
    await runEvery(world, 15, start + 25 * MIN, start + 60 * MIN, { initialStart: new Date(start), fallbackPrices: { "workers-ai/llama-3.1-8b": "0.5" }, budgets: { checkout: { monthlyUsd: 1, alertAtPercent: [100], topics: [topic] } } });
    expect(world.monthToDate["2026-11"]!.checkout).toBe(new UsdSum(priced).add("1.5").toString());
    expect(world.sns.messages.map((m) => m.topicArn)).toEqual([topic]);
    const summary = await world.summarize("2026-11");
    expect(summary.total.unpricedRequests).toBe(3);
    expect(summary.total.costUsd).toBe(world.latest(start, start + 30 * MIN).reduce((sum, e) => sum.add(e.costUsd ?? "0"), new UsdSum()).toString());
  });
});
