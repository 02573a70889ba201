/**
 * Re-checking and retrying a window by slices (runtime/usage-export/slices.ts): the slices tile
 * the window exactly, and over generated late logs (anywhere in a window of 1,000 logs, on slice
 * edges, in groups of one millisecond served in a changing order, arriving during a read or found
 * by one or several later runs) the ledger ends exact, as reading the whole window again would.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sliceCounts, slicesOf, SLICES } from "../../runtime/usage-export/slices";
import { logEntry } from "../../stand-ins/cloudflare-logs";
import { MIN, T, traffic } from "./support/traffic";
import { World } from "./support/world";

describe("slices of a window", () => {
  it("tile the range without gap or overlap, at least a minute each, at most SLICES", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 * MIN }), (length) => {
        const range = { start: T("2026-11-26T10:00:00Z"), end: T("2026-11-26T10:00:00Z") + length };
        const slices = slicesOf(range);
        expect(slices.length).toBeLessThanOrEqual(SLICES);
        expect(slices[0].start).toBe(range.start);
        expect(slices.at(-1)!.end).toBe(range.end);
        for (let i = 1; i < slices.length; i++) expect(slices[i].start).toBe(slices[i - 1].end);
        if (slices.length > 1) expect(slices.every((s) => s.end - s.start >= MIN)).toBe(true);
      }),
    );
  });

  it("count each entry in the slice its time falls in", () => {
    const range = { start: T("2026-11-26T10:00:00Z"), end: T("2026-11-26T10:15:00Z") };
    const at = (ms: number) => ({ atMs: range.start + ms }) as never;
    expect(sliceCounts(range, [at(0), at(MIN - 1), at(MIN), at(15 * MIN - 1), at(15 * MIN), at(-1)])).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});

describe("late logs found by slices", () => {
  it("end exact against the oracle, whatever their times, groups and arrival", async () => {
    const start = T("2026-11-26T10:00:00Z");
    const late = fc.record({
      // Anywhere in the window, often on a slice edge (every minute) or its last millisecond.
      at: fc.oneof(fc.integer({ min: 0, max: 15 * MIN - 1 }), fc.integer({ min: 0, max: 15 }).map((m) => Math.min(15 * MIN - 1, m * MIN))),
      // Late, or arriving during the first run's read (calls take 100 ms each).
      visibleAfterMs: fc.oneof(fc.integer({ min: 20, max: 75 }).map((m) => m * MIN), fc.integer({ min: 0, max: 4_000 }).map((ms) => 25 * MIN + ms)),
    });
    let retriedBySlices = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(late, { maxLength: 6 }), fc.integer({ min: 1, max: 5 }), async (lates, tie) => {
        const world = new World(start, ["checkout", "search"], { unstableTies: tie > 1, latencyMs: 100 });
        world.add(traffic(start, start + 15 * MIN, 1_000).map((log, i) => ({ ...log, entry: { ...log.entry, created_at: new Date(start + Math.floor(i / tie) * 900 * tie).toISOString() } })));
        world.add(lates.map((l, i) => ({ entry: logEntry({ at: new Date(start + l.at).toISOString(), id: `late-${i}`, workload: "search", cost: 0.5 }), visibleAt: start + l.visibleAfterMs })));
        for (let at = start + 25 * MIN; at < start + 110 * MIN; at += 15 * MIN) {
          world.clock = Math.max(world.clock, at);
          const report = await world.run({ exportEveryMinutes: 15, initialStart: new Date(start) });
          if (report instanceof Error) throw report;
          if (report.windows.some((w) => w.kind === "retry" && w.end !== "2026-11-26T10:15:00.000Z")) retriedBySlices++;
        }
        const expected = world.latest(start, start + 15 * MIN);
        expect([...world.countedIds().keys()].sort()).toEqual(expected.map((e) => e.id).sort());
        expect(world.ledgerRows()).toEqual(world.expectedRows(expected));
      }),
      { numRuns: 25 },
    );
    // Some histories had a read come back short and retried it by slices.
    expect(retriedBySlices).toBeGreaterThan(0);
  }, 300_000);
});
