import { describe, expect, it } from "vitest";
import { cellEnd, cellMinutesFor, maxCellsPerRunFor, planCells } from "../../runtime/usage-export/windows";
import { cellKey, overlaps } from "../../runtime/usage-export/ledger-store";
import { workloadOf, UNATTRIBUTED } from "../../runtime/usage-export/gateway-log";

const d = (iso: string) => new Date(iso);
const spans = (cells: { start: Date; end: Date }[]) => cells.map((c) => `${c.start.toISOString().slice(11, 16)}-${c.end.toISOString().slice(11, 16)}`);

describe("export windows", () => {
  it("uses the largest divisor of 60 not above the schedule, so windows tile each hour", () => {
    expect([5, 7, 15, 25, 45, 60, 90, 1440].map(cellMinutesFor)).toEqual([5, 6, 15, 20, 30, 60, 60, 60]);
    expect(() => cellMinutesFor(0)).toThrow("exportEveryMinutes must be a positive integer, got 0");
  });

  it("bounds windows per run to eight times the schedule's share", () => {
    expect([5, 15, 60, 1440].map((m) => maxCellsPerRunFor(m))).toEqual([8, 8, 8, 96]);
  });

  it("starts each window at the checkpoint, ends it on the grid, and never crosses an hour", () => {
    expect(cellEnd(d("2026-11-26T10:07:00Z"), 15).toISOString()).toBe("2026-11-26T10:15:00.000Z");
    expect(cellEnd(d("2026-11-26T10:50:00Z"), 20).toISOString()).toBe("2026-11-26T11:00:00.000Z");
    expect(spans(planCells(d("2026-11-26T10:07:00Z"), d("2026-11-26T11:00:00Z"), 15, 10))).toEqual(["10:07-10:15", "10:15-10:30", "10:30-10:45"]);
  });

  it("reads only windows closed at least ten minutes ago", () => {
    expect(spans(planCells(d("2026-11-26T10:00:00Z"), d("2026-11-26T10:24:59Z"), 15, 10))).toEqual([]);
    expect(spans(planCells(d("2026-11-26T10:00:00Z"), d("2026-11-26T10:25:00Z"), 15, 10))).toEqual(["10:00-10:15"]);
  });

  it("names window objects by their minutes and detects overlap after a schedule change", () => {
    expect(cellKey("prod", { start: d("2026-11-26T23:45:00Z"), end: d("2026-11-27T00:00:00Z") })).toBe("cells/environment=prod/date=2026-11-26/hour=23/2345-2400.jsonl");
    expect(overlaps("x/1000-1015.jsonl", "x/1000-1030.jsonl")).toBe(true);
    expect(overlaps("x/1000-1015.jsonl", "x/1015-1030.jsonl")).toBe(false);
  });
});

describe("workload attribution from cf-aig-metadata", () => {
  it("takes the workload label from the metadata JSON the front door set", () => {
    expect(workloadOf('{"workload":"checkout-assistant","keyName":"k","environment":"prod","cohort":"canary"}')).toBe("checkout-assistant");
    expect(workloadOf({ workload: "search" })).toBe("search");
  });

  it("files anything else under unattributed, keeping dimension values bounded", () => {
    for (const bad of [undefined, "", "not json", "{}", '{"workload":""}', '{"workload":"Has Spaces"}', `{"workload":"${"a".repeat(80)}"}`, '{"workload":7}']) {
      expect(workloadOf(bad)).toBe(UNATTRIBUTED);
    }
  });
});
