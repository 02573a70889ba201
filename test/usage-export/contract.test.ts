/** The alarms the component deploys and the simulation evaluates come from one list (contract.ts). */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exporterAlarms, healthyLagMinutes, windowMinutesFor } from "../../runtime/usage-export/contract";
import { evaluateAlarms } from "./support/alarm-evaluator";

describe("exporter alarms", () => {
  it("watch heartbeat and lag over two periods (one for a daily schedule), and the rest on any datum", () => {
    const byId = (m: number) => Object.fromEntries(exporterAlarms(m).map((a) => [a.id, a]));
    expect(byId(15).heartbeat).toMatchObject({ period: 900, evaluationPeriods: 2, threshold: 1, comparisonOperator: "LessThanThreshold", treatMissingData: "breaching" });
    expect(byId(1440).heartbeat).toMatchObject({ period: 86_400, evaluationPeriods: 1, datapointsToAlarm: 1 });
    expect(byId(1440)["export-lag"]).toMatchObject({ period: 86_400, evaluationPeriods: 1, threshold: 10 + 60 + 1440 });
    expect([5, 15, 60].map(healthyLagMinutes)).toEqual([20, 40, 130]);
    expect([5, 15, 60].map(windowMinutesFor)).toEqual([5, 15, 60]);
    expect(Object.keys(byId(15)).sort()).toEqual(["api-limit-stalls", "export-lag", "heartbeat", "late-rows", "logs-deleted-unread", "quarantined", "rows-outside-window", "unattributed-spend", "unverified-windows"]);
    expect(byId(15)["unverified-windows"]).toMatchObject({ metricName: "UnverifiedWindows", statistic: "Maximum", evaluationPeriods: 2, datapointsToAlarm: 2, threshold: 0 });
    expect(byId(15)["logs-deleted-unread"]).toMatchObject({ metricName: "LogsDeletedUnreadMinutes", statistic: "Sum", evaluationPeriods: 1, threshold: 0 });
  });
});

describe("what the Pulumi program loads of the exporter", () => {
  it("is the contract and the bundler, not the exporter and its AWS SDK clients", () => {
    const root = join(__dirname, "..", "..");
    const script = "require('./components/usage-ledger'); const m = Object.keys(require.cache); console.log(JSON.stringify({ sdk: m.filter((k) => k.includes('@aws-sdk/client-')).length, exporter: m.filter((k) => k.includes('runtime/usage-export')).map((k) => k.slice(k.indexOf('runtime/'))).sort() }))";
    const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: root, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ sdk: 0, exporter: ["runtime/usage-export/bundle.ts", "runtime/usage-export/contract.ts"] });
  });
});

describe("the simulation's alarm evaluator", () => {
  const at = (iso: string) => Date.parse(iso);
  const datum = (name: string, timestamp: string, value: number) => ({ namespace: "Switchyard", name, dimensions: { Environment: "sim" }, timestamp, value });
  const alarms = exporterAlarms(15);

  it("raises the heartbeat alarm after two periods without a run, and a sum alarm on one datum", () => {
    const data = [
      datum("ExporterHeartbeat", "2026-11-26T10:01:00.000Z", 1),
      datum("ExporterHeartbeat", "2026-11-26T10:16:00.000Z", 1),
      datum("QuarantinedEntries", "2026-11-26T10:16:00.000Z", 2),
      datum("ExporterHeartbeat", "2026-11-26T11:01:00.000Z", 1),
    ];
    expect(evaluateAlarms(alarms, data, "sim", at("2026-11-26T10:00:00Z"), at("2026-11-26T11:10:00Z"))).toEqual([
      { alarm: "heartbeat", at: "2026-11-26T11:00:00.000Z" },
      { alarm: "quarantined", at: "2026-11-26T10:30:00.000Z" },
    ]);
  });

  it("stays quiet when runs come every period and nothing is wrong", () => {
    const data = ["10:01", "10:16", "10:31", "10:46"].flatMap((t) => [datum("ExporterHeartbeat", `2026-11-26T${t}:00.000Z`, 1), datum("ExportLagMinutes", `2026-11-26T${t}:00.000Z`, 25)]);
    expect(evaluateAlarms(alarms, data, "sim", at("2026-11-26T10:00:00Z"), at("2026-11-26T11:00:00Z"))).toEqual([]);
  });
});
