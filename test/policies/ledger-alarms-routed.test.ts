import { describe, expect, it } from "vitest";
import { ledgerAlarmsRouted } from "../../policies/rules/ledger-alarms-routed";
import { TYPES } from "../../policies/support/types";
import { fields, messages, resource, UNKNOWN_STRING } from "./harness";

/** The Alerts component as the engine hands it to stack policies: its registered outputs (components/alerts.ts). */
const alerts = (topicArns: Record<string, string>) => resource(TYPES.Alerts, "alerts", {}, { outputs: { kmsKeyArn: UNKNOWN_STRING, topicArns, defaultTopicArn: UNKNOWN_STRING } });
const ledger = resource(TYPES.UsageLedger, "usage-ledger", {});
const NOBODY =
  "The usage ledger is on, but the stack file declares no alert channel, so the ledger's alarms (exports stopped or behind, logs deleted before they were read, windows not verified) notify a topic nobody subscribes to. Add a channel under alerts, e.g. alerts: { oncall: { email: ... } }.";

describe("switchyard-ledger-alarms-routed", () => {
  it("passes when the stack has a channel, even one whose topic ARN a preview does not know yet", async () => {
    expect(await messages(ledgerAlarmsRouted, [ledger, alerts({ oncall: UNKNOWN_STRING })])).toEqual([]);
    expect(await messages(ledgerAlarmsRouted, [ledger, alerts({ oncall: "arn:aws:sns:eu-west-1:123456789012:oncall" })])).toEqual([]);
  });

  it("passes without a ledger: no alarm of the ledger's to route", async () => {
    expect(await messages(ledgerAlarmsRouted, [alerts({})])).toEqual([]);
  });

  it("reports the ledger on with no channel at all, at the alerts section", async () => {
    expect(await messages(ledgerAlarmsRouted, [ledger, alerts({})])).toEqual([NOBODY]);
    expect(await fields(ledgerAlarmsRouted, [ledger, alerts({})])).toEqual(["alerts"]);
  });

  it("says nothing of a program with no Alerts component, whose alarms switchyard-alarms-actionable judges", async () => {
    expect(await messages(ledgerAlarmsRouted, [ledger])).toEqual([]);
  });
});
