import { describe, expect, it } from "vitest";
import { parseCheckpoint } from "../../runtime/usage-export/checkpoint";

describe("checkpoint", () => {
  it("takes over from the first format at the start of its hour, so that hour's file is rebuilt from a whole read", () => {
    expect(parseCheckpoint('{"exportedUntil":"2026-11-26T10:45:00.000Z","updatedAt":"2026-11-26T10:55:00.000Z"}', "k")).toEqual({
      version: 2,
      ledgerStart: "2026-11-26T10:00:00.000Z",
      frontier: "2026-11-26T10:00:00.000Z",
      recent: [],
      failed: [],
      deleted: [],
      deletedUntoldMinutes: 0,
      pendingMonths: [],
      published: {},
      budgetAlerts: {},
      api: { calls: [], blockedUntil: 0 },
      updatedAt: "2026-11-26T10:55:00.000Z",
    });
  });

  it("fills what an earlier version 2 did not record, and refuses anything else", () => {
    const earlier = { version: 2, ledgerStart: "2026-11-01T00:00:00.000Z", frontier: "2026-11-26T10:00:00.000Z", recent: [{ start: "2026-11-26T09:45:00.000Z", end: "2026-11-26T10:00:00.000Z", count: 3 }], failed: [], pendingMonths: [], api: { calls: [], blockedUntil: 0 }, updatedAt: "x" };
    const parsed = parseCheckpoint(JSON.stringify(earlier), "k");
    expect(parsed.published).toEqual({});
    expect(parsed.recent).toEqual([{ start: "2026-11-26T09:45:00.000Z", end: "2026-11-26T10:00:00.000Z", count: 3, checkedAt: "2026-11-26T09:45:00.000Z" }]);
    expect(() => parseCheckpoint('{"frontier":"soon"}', "state/environment=dev/checkpoint.json")).toThrow("checkpoint state/environment=dev/checkpoint.json is not a checkpoint this exporter knows");
  });
});
