import { describe, expect, it } from "vitest";
import { UNATTRIBUTED, windowMinutesFor } from "../../runtime/usage-export/contract";
import { checkEntry, labelsOf } from "../../runtime/usage-export/gateway-log";
import { NO_KEY } from "../../runtime/usage-export/ledger-row";
import { windowEnd } from "../../runtime/usage-export/windows";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("export windows", () => {
  it("uses the largest divisor of 60 not above the schedule, so windows tile each hour", () => {
    expect([5, 7, 15, 25, 45, 60, 90, 1440].map(windowMinutesFor)).toEqual([5, 6, 15, 20, 30, 60, 60, 60]);
    expect(() => windowMinutesFor(0)).toThrow("exportEveryMinutes must be a positive integer, got 0");
  });

  it("ends each window on the grid from wherever it starts, and never crosses an hour", () => {
    expect(iso(windowEnd(at("2026-11-26T10:07:00Z"), 15))).toBe("2026-11-26T10:15:00.000Z");
    expect(iso(windowEnd(at("2026-11-26T10:50:00Z"), 20))).toBe("2026-11-26T11:00:00.000Z");
    expect(iso(windowEnd(at("2026-11-26T10:15:00Z"), 15))).toBe("2026-11-26T10:30:00.000Z");
    expect(iso(windowEnd(at("2026-11-26T23:59:59.999Z"), 60))).toBe("2026-11-27T00:00:00.000Z");
  });
});

describe("workload and key labels from cf-aig-metadata", () => {
  it("takes the workload and key labels from the metadata JSON the front door set", () => {
    expect(labelsOf('{"workload":"checkout-assistant","keyName":"checkout-web","environment":"prod","cohort":"canary"}')).toEqual({ workload: "checkout-assistant", keyName: "checkout-web" });
    expect(labelsOf({ workload: "search", keyName: "search-batch" })).toEqual({ workload: "search", keyName: "search-batch" });
    // A label the stack may not have is kept as written: the exporter meters it apart.
    expect(labelsOf('{"workload":"ghost","keyName":"forged-key"}')).toEqual({ workload: "ghost", keyName: "forged-key" });
  });

  it("files a missing or malformed workload under unattributed, and a missing or malformed key under no key", () => {
    for (const bad of [undefined, "", "not json", "{}", '{"workload":""}', '{"workload":"Has Spaces"}', `{"workload":"${"a".repeat(80)}"}`, '{"workload":7}']) {
      expect(labelsOf(bad).workload).toBe(UNATTRIBUTED);
    }
    for (const bad of [undefined, "not json", '{"workload":"search"}', '{"keyName":""}', '{"keyName":"Key One"}', `{"keyName":"${"k".repeat(64)}"}`, '{"keyName":["k"]}']) {
      expect(labelsOf(bad).keyName).toBe(NO_KEY);
    }
    expect(labelsOf('{"keyName":"k1"}')).toEqual({ workload: UNATTRIBUTED, keyName: "k1" });
  });
});

describe("entries the ledger cannot count exactly are quarantined with the reason", () => {
  const base = { id: "x1", created_at: "2026-11-26T10:00:00.000Z", provider: "openai", model: "m", success: true, cached: false, tokens_in: 1, tokens_out: 1, duration: 1, path: "/" };
  const reason = (entry: unknown) => {
    const checked = checkEntry(entry);
    return "quarantined" in checked ? checked.quarantined.reason : "counted";
  };

  it("counts a well-formed entry, its cost exactly and null tokens as 0", () => {
    expect(checkEntry({ ...base, cost: 1.23e-10, tokens_in: null })).toEqual({
      counted: { id: "x1", atMs: at("2026-11-26T10:00:00Z"), workload: UNATTRIBUTED, keyName: NO_KEY, provider: "openai", model: "m", success: true, cached: false, tokensIn: 0, tokensOut: 1, costUsd: "0.000000000123" },
    });
    expect(reason({ ...base, created_at: "2026-11-26 10:00:00" })).toBe("counted");
  });

  it("quarantines no id, an unreadable time, a negative or non-numeric cost, and bad token counts", () => {
    expect(reason({ ...base, id: "" })).toBe("no id");
    expect(reason({ ...base, created_at: "26/11/2026" })).toBe('unreadable created_at "26/11/2026"');
    expect(reason({ ...base, cost: -0.5 })).toBe("cost -0.5 is not an amount of at least 0");
    expect(reason({ ...base, cost: "0.5" })).toBe('cost "0.5" is not an amount of at least 0');
    expect(reason({ ...base, tokens_out: 1.5 })).toBe("tokens [1,1.5] are not whole numbers of at least 0");
  });
});
