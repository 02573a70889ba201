/**
 * The usage ledger against an oracle, over generated histories (support/history.ts): schedules
 * and schedule changes, page faults, short pages, late and very late logs, rate limits, killed
 * and slow runs, concurrent runs, outages, the gateway deleting old logs (and its oldest once it
 * holds maxStored), costs filled in after the first read, logs of one millisecond in an unstable
 * order, an API that ignores the filter, month ends. After each history settles, the ledger, the month-to-date metric and
 * `switchyard ledger summarize` must equal the oracle (the sum of the raw logs the API held),
 * or an alarm was raised; a log is never counted twice, at any moment; a clean history raises no
 * alarm. fast-check shrinks a failing history to its smallest form.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { METRIC } from "../../runtime/usage-export/contract";
import { checkEntry, type CountedEntry } from "../../runtime/usage-export/gateway-log";
import { UsdSum } from "../../runtime/usage-export/money";
import { floorHour, HOUR, monthOf } from "../../runtime/usage-export/windows";
import { history, labelsWritten, play, simId, type GenHistory, type Played } from "./support/history";
import { ENVIRONMENT } from "./support/world";
import type { StoredLog } from "../../stand-ins/cloudflare-logs";

/** Histories per `npm test` run (issue 17 asks for at least 500). */
const RUNS = Number(process.env.SIM_RUNS ?? 500);

const clean = (h: GenHistory) => h.filters === "json" && h.maxStored === undefined && h.runs.every((r) => r.kind === "clean");

/**
 * The log versions the API held at some moment a run called it: what a reader could see (with
 * maxStored, a version that arrives as the oldest of a full gateway, or is deleted between two
 * calls, is never seen).
 */
function servedVersions(world: Played["world"]): Set<StoredLog["entry"]> {
  const served = new Set<StoredLog["entry"]>();
  for (const now of new Set(world.apiCallTimes)) {
    const model = world.model;
    const all = model.range(now, undefined, undefined);
    for (const entry of all.slice(0, all.count)) served.add(entry);
  }
  return served;
}

async function check(h: GenHistory, p: Played): Promise<void> {
  const { world, ledgerStart, frontier } = p;
  const counted = world.countedIds();
  // The oracle: every log the API held at some moment, inside what the ledger covers, in its
  // latest version the API held when a run called it (a cost filled in later replaces the missing
  // one, unless a full gateway deleted the filled version before any call: no reader saw it).
  const served = servedVersions(world);
  const latest = new Map<string, StoredLog>();
  const later = (l: StoredLog, than: StoredLog | undefined) => than === undefined || (served.has(l.entry) && !served.has(than.entry)) || (served.has(l.entry) === served.has(than.entry) && than.visibleAt <= l.visibleAt);
  for (const l of world.model.all()) if (l.visibleAt < l.removedAt && later(l, latest.get(l.entry.id))) latest.set(l.entry.id, l);
  const alarms = world.alarms(p.segments).map((a) => a.alarm);
  // A later version a full gateway deleted before the window's last re-check read it cannot be
  // in the ledger: the ledger keeps an earlier version it read, and that is told, the hour
  // recorded as deleted unread (summarize never calls it verified) with the alarm up.
  const deleted = world.deletedUnread();
  const hourTold = (at: number) => alarms.includes("logs-deleted-unread") && deleted.some((w) => w.start < floorHour(at) + HOUR && w.end > floorHour(at));
  const costOf = (l: StoredLog) => {
    const c = checkEntry(l.entry);
    return "counted" in c ? (c.counted.costUsd ?? null) : undefined;
  };
  for (const l of world.model.all()) {
    const ledgerCost = counted.get(l.entry.id)?.cost;
    const chosen = latest.get(l.entry.id)!;
    if (served.has(l.entry) && ledgerCost !== undefined && costOf(chosen) !== ledgerCost && costOf(l) === ledgerCost && hourTold(chosen.at)) latest.set(l.entry.id, l);
  }
  const held = [...latest.values()].filter((l) => l.at >= ledgerStart && l.at < frontier);
  const oracle: CountedEntry[] = held.flatMap((l) => {
    const c = checkEntry(l.entry);
    return "counted" in c ? [c.counted] : [];
  });
  const oracleIds = new Set(oracle.map((e) => e.id));
  expect([...counted.keys()].filter((id) => !oracleIds.has(id))).toEqual([]);
  const quarantined = world.quarantinedIds();
  const uncountable = held.filter((l) => !("counted" in checkEntry(l.entry)));
  const lost = [...oracle.filter((e) => !counted.has(e.id)).map((e) => e.id), ...uncountable.filter((l) => !quarantined.has(l.entry.id)).map((l) => l.entry.id)];
  // In a full gateway, a late log older than every log it keeps is deleted as it arrives, and one
  // later than the lateness horizon is counted by the audit only while the gateway keeps it
  // (docs/ledger.md, "Limits"). Any other loss is told.
  const generated = new Map(h.entries.map((g, i) => [simId(i), g]));
  const untellable = (id: string) => {
    const l = latest.get(id)!;
    return h.maxStored !== undefined && ((world.model.oldest(l.visibleAt)?.at ?? Number.NEGATIVE_INFINITY) > l.at || generated.get(id)?.delay === "very-late");
  };
  const told = lost.filter((id) => !untellable(id));
  if (told.length) expect(alarms.length, `${told.length} log(s) never counted or quarantined, and no alarm`).toBeGreaterThan(0);

  // The ledger files (what finance reads) are exactly the counted logs, each once.
  const countedEntries = oracle.filter((e) => counted.has(e.id));
  expect(world.ledgerRows()).toEqual(world.expectedRows(countedEntries));

  // Each under the workload and key labels the generator wrote in its metadata (kept as written,
  // known to the stack or not; empty for a missing or malformed key): requests and exact spend
  // per workload and key, from the generator's choices and the raw costs.
  const written = new Map(h.entries.map((g, i) => [simId(i), labelsWritten(g)]));
  const byLabels = (pairs: Iterable<[string, number, string | undefined]>) => {
    const out = new Map<string, { requests: number; cost: UsdSum }>();
    for (const [labels, requests, cost] of pairs) {
      const t = out.get(labels) ?? out.set(labels, { requests: 0, cost: new UsdSum() }).get(labels)!;
      t.requests += requests;
      if (cost) t.cost.add(cost);
    }
    return [...out].map(([labels, t]) => [labels, t.requests, t.cost.toString()]).sort();
  };
  const label = (workload: string, keyName: string) => `${workload}/${keyName}`;
  expect(byLabels(world.ledgerRows().map((r) => [label(r.workload, r.keyName), r.requests, r.costUsd]))).toEqual(
    byLabels(countedEntries.map((e) => [label(written.get(e.id)!.workload, written.get(e.id)!.keyName), 1, e.costUsd])),
  );

  // Month-to-date (the last figure published for each month) and summarize match the oracle.
  const months = [...new Set(countedEntries.map((e) => monthOf(e.atMs)))];
  for (const month of months) {
    const inMonth = countedEntries.filter((e) => monthOf(e.atMs) === month);
    const published = (dims: Record<string, string>) => world.cloudwatch.find(METRIC.monthToDate, { Environment: ENVIRONMENT, ...dims }).filter((d) => d.timestamp.startsWith(month)).at(-1)?.value;
    // No metric is per workload: a workload's month is the ledger's, checked per key below.
    const total = new UsdSum();
    for (const e of inMonth) if (e.costUsd) total.add(e.costUsd);
    expect(published({}), `${month} total`).toBe(Number(total.toString()));
    const summary = await world.summarize(month);
    expect(summary.total.costUsd).toBe(total.toString());
    expect(summary.total.requests).toBe(inMonth.length);
    expect(byLabels(summary.keys.map((k) => [label(k.workload, k.keyName), k.requests, k.costUsd]))).toEqual(
      byLabels(inMonth.map((e) => [label(written.get(e.id)!.workload, written.get(e.id)!.keyName), 1, e.costUsd])),
    );
  }

  // What must be seen is seen.
  const quarantinable = uncountable.length > 0;
  if (quarantined.size) expect(alarms).toContain("quarantined");
  if (countedEntries.some((e) => world.metricWorkload(e.workload) === "unattributed" && e.costUsd && e.costUsd !== "0")) expect(alarms).toContain("unattributed-spend");
  const outside = world.cloudwatch.values(METRIC.outsideWindow, { Environment: ENVIRONMENT }).reduce((a, b) => a + b, 0);
  if (h.filters === "json") expect(outside).toBe(0);
  if (outside > 0) expect(alarms).toContain("rows-outside-window");
  if (world.cloudwatch.values(METRIC.lateRowsBeyondHorizon, { Environment: ENVIRONMENT }).some((v) => v > 0)) expect(alarms).toContain("late-rows");
  // Only logs that really arrived after the horizon are left for the audit: page faults, killed,
  // failed, slow, concurrent or missed runs never do (reads are verified, windows re-checked
  // until checked past the horizon).
  if (alarms.includes("late-rows")) expect(h.entries.some((e) => e.delay === "very-late"), "late rows found by the audit").toBe(true);
  // And a clean history raises nothing a person would have to look at.
  const expected = new Set<string>();
  if (quarantinable) expected.add("quarantined");
  if (alarms.includes("unattributed-spend")) expected.add("unattributed-spend");
  if (alarms.includes("late-rows")) expected.add("late-rows");
  if (clean(h)) expect(alarms.filter((a) => !expected.has(a))).toEqual([]);
  if (clean(h) && !h.entries.some((e) => e.delay === "very-late")) expect(alarms).not.toContain("late-rows");
  if (clean(h)) expect(lost).toEqual([]);
}

describe("usage ledger simulation", () => {
  it(`${RUNS} generated histories: exact against the oracle, or an alarm; never counted twice`, async () => {
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        await check(h, await play(h));
      }),
      // SIM_SEED and SIM_PATH replay a counterexample fast-check printed.
      { numRuns: RUNS, ...(process.env.SIM_SEED ? { seed: Number(process.env.SIM_SEED), ...(process.env.SIM_PATH ? { path: process.env.SIM_PATH } : {}) } : {}) },
    );
  }, 600_000);
});
