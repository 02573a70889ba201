/** usageLedger.alerts: the channels the exporter's heartbeat alarm notifies, checked like every reference. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDefect, parseStackFile } from "../../stacks/load";

const PROD = readFileSync(join(__dirname, "..", "..", "stacks", "prod.yaml"), "utf8");
const LEDGER_ALERTS = "  retentionDays: 400\n  alerts: [oncall, pager]\n";
const withLedgerAlerts = (list: string) => {
  expect(PROD.split(LEDGER_ALERTS)).toHaveLength(2);
  return PROD.replace(LEDGER_ALERTS, `  retentionDays: 400\n  alerts: ${list}\n`);
};

describe("usageLedger.alerts", () => {
  it("names channels of the alerts section (prod example: oncall and pager)", () => {
    const result = parseStackFile(PROD, "prod.yaml");
    expect(result.ok && result.spec.usageLedger.alerts).toEqual(["oncall", "pager"]);
  });

  it("an unknown channel is a positioned defect with the names that exist", () => {
    const text = withLedgerAlerts("[oncall, pagr]");
    const result = parseStackFile(text, "prod.yaml");
    const line = text.split("\n").findIndex((l) => l.includes("pagr")) + 1;
    expect(result.ok ? [] : result.defects.map(formatDefect)).toEqual([
      `prod.yaml:${line}:20: usageLedger.alerts[1]: unknown alert channel "pagr" (did you mean "pager"?); declared: oncall, finance, pager`,
    ]);
  });

  it("an empty list is refused: leave the field out for the default", () => {
    const result = parseStackFile(withLedgerAlerts("[]"), "prod.yaml");
    expect(result.ok ? [] : result.defects.map((d) => `${d.path}: ${d.message}`)).toEqual(["usageLedger.alerts: expected at least one channel; leave the field out for the default"]);
  });
});
