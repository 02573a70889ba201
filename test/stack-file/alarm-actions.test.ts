/**
 * CloudWatch's limit of actions per alarm state, in the loader (stacks/alarm-actions.ts): a
 * workload's budget alarms notify every channel in its `alerts`, the usage ledger's alarms every
 * channel in `usageLedger.alerts`; a list longer than the limit is refused at its first extra entry.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_ALARM_ACTIONS } from "../../stacks/alarm-actions";
import { formatDefect, parseStackFile } from "../../stacks/load";
import { VENDOR_LIMITS } from "../../vendor/limits";
import { DEV_BASE } from "./corpus-files";

const DEV = readFileSync(DEV_BASE, "utf8");
const PAGER = "  pager: { webhook: https://events.pager.example/integration/switchyard }\n";
const SEARCH_ALERTS = "    alerts: [oncall, finance]\n"; // search-indexer: a gateway workload with a budget
const RETENTION = "  retentionDays: 90\n";
const channels = (n: number) => Array.from({ length: n }, (_, i) => `team-${i}`);

/** dev-base.yaml with `n` more e-mail channels, and search-indexer's alerts set to `alerts`. */
function devWith(n: number, alerts: string[], extra = ""): string {
  expect(DEV.split(PAGER)).toHaveLength(2);
  expect(DEV.split(SEARCH_ALERTS)).toHaveLength(2);
  const added = channels(n).map((c) => `  ${c}: { email: ${c}@acme.example }\n`).join("");
  return DEV.replace(PAGER, PAGER + added + extra).replace(SEARCH_ALERTS, `    alerts: [${alerts.join(", ")}]\n`);
}
const defectsOf = (text: string) => {
  const result = parseStackFile(text, "dev.yaml");
  return result.ok ? [] : result.defects.map(formatDefect);
};
const TOO_MANY = (count: number, whose: string) =>
  `${count} channels, but ${whose} notify every one of them and CloudWatch allows an alarm at most 5 actions per state: keep at most 5 channels here (one channel can reach several people: an e-mail list, or a webhook that fans out)`;

describe("alarm actions per state", () => {
  it("uses CloudWatch's one figure", () => {
    expect(MAX_ALARM_ACTIONS).toBe(VENDOR_LIMITS.alarmActionsPerState.figure);
    expect(MAX_ALARM_ACTIONS).toBe(5);
  });

  it("five channels on a workload with a budget fit", () => {
    expect(defectsOf(devWith(5, ["oncall", ...channels(4)]))).toEqual([]);
  });

  it("seven channels on a workload with a budget: refused at the sixth, with its position", () => {
    const text = devWith(7, ["oncall", ...channels(6)]);
    const line = text.split("\n").findIndex((l) => l.startsWith("    alerts: [oncall, team-0")) + 1;
    const col = text.split("\n")[line - 1].indexOf("team-4") + 1;
    expect(defectsOf(text)).toEqual([`dev.yaml:${line}:${col}: workloads.search-indexer.alerts[5]: ${TOO_MANY(7, "this workload's budget alarms")}`]);
  });

  it("a workload without a budget has no alarms, so its channels are not actions", () => {
    const text = devWith(7, ["oncall", ...channels(6)]).replace("    budget: { monthlyUsd: 150 }\n", "");
    expect(text).not.toContain("monthlyUsd: 150");
    expect(defectsOf(text).filter((d) => d.includes("search-indexer.alerts"))).toEqual([]);
  });

  it("usageLedger.alerts longer than the limit is refused at the sixth channel", () => {
    const base = devWith(3, ["oncall"]);
    expect(base.split(RETENTION)).toHaveLength(2);
    const text = base.replace(RETENTION, `${RETENTION}  alerts: [oncall, finance, pager, ${channels(3).join(", ")}]\n`);
    const line = text.split("\n").findIndex((l) => l.startsWith("  alerts: [oncall, finance, pager")) + 1;
    const col = text.split("\n")[line - 1].indexOf("team-2") + 1;
    expect(defectsOf(text)).toEqual([`dev.yaml:${line}:${col}: usageLedger.alerts[5]: ${TOO_MANY(6, "the usage ledger's alarms")}`]);
  });
});
