/**
 * Budget notifications from the exporter (runtime/usage-export/budget-alerts.ts): which thresholds
 * are due, what the message says, and, through the real SNS client stubbed at the transport, that a
 * run tells each threshold once per month.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LogListResponse } from "cloudflare/resources/ai-gateway/logs";
import { alertMessage, dueAlerts } from "../../runtime/usage-export/budget-alerts";
import { checkpointKey } from "../../runtime/usage-export/checkpoint";
import { Harness } from "./support/harness";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:switchyard-dev-alerts-oncall-abc";
const FINANCE = "arn:aws:sns:us-east-1:123456789012:switchyard-dev-alerts-finance-def";

describe("which thresholds are due", () => {
  const budgets = { checkout: { monthlyUsd: 500, alertAtPercent: [50, 80, 100], topics: [TOPIC] }, search: { monthlyUsd: 100, alertAtPercent: [90], topics: [TOPIC, FINANCE] } };

  it("every threshold reached and not yet told, lowest first; the threshold compares like the alarms did (>=, cents)", () => {
    const spend = new Map([
      ["checkout", "400"],
      ["search", "89.99"],
      ["unattributed", "1000"],
    ]);
    expect(dueAlerts("2026-11", spend, budgets, {})).toEqual([
      { workload: "checkout", month: "2026-11", percent: 50, monthlyUsd: 500, spendUsd: "400", topics: [TOPIC] },
      { workload: "checkout", month: "2026-11", percent: 80, monthlyUsd: 500, spendUsd: "400", topics: [TOPIC] },
    ]);
    expect(dueAlerts("2026-11", spend, budgets, { checkout: 80 })).toEqual([]);
    expect(dueAlerts("2026-11", new Map([["search", "90"]]), budgets, { checkout: 80 })).toEqual([{ workload: "search", month: "2026-11", percent: 90, monthlyUsd: 100, spendUsd: "90", topics: [TOPIC, FINANCE] }]);
    // A workload with no spend yet is at zero.
    expect(dueAlerts("2026-11", new Map(), budgets, {})).toEqual([]);
  });

  it("the message carries the alarms' description, the month-to-date and the month; the subject stays under SNS's 100 characters", () => {
    const alert = { workload: "checkout", month: "2026-11", percent: 80, monthlyUsd: 500, spendUsd: "400.004", topics: [TOPIC] };
    expect(alertMessage("prod", alert)).toEqual({
      subject: "Switchyard prod: workload checkout has spent 80% of its 500 USD monthly budget",
      message: "Switchyard prod: workload checkout has spent 80% of its 500 USD monthly budget: 400.00 USD in 2026-11 so far, by the usage ledger. Sent once per threshold and month by the Switchyard usage exporter. See docs/ledger.md.",
    });
    const long = alertMessage("prod", { ...alert, workload: "a".repeat(63) }).subject;
    expect(long).toHaveLength(99);
    expect(long.endsWith("...")).toBe(true);
  });
});

describe("a run tells the workload's channels through SNS, once per threshold and month", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });
  const logs = () => JSON.parse(readFileSync(join(__dirname, "fixtures", "gateway-logs.json"), "utf8")) as LogListResponse[];

  it("checkout (0.018 USD so far) reaches 50% of 0.02 USD; the next run says nothing again; a lower budget tells the next threshold", async () => {
    h = new Harness(logs());
    await h.start();
    const budgets = { checkout: { monthlyUsd: 0.02, alertAtPercent: [50, 80], topics: [TOPIC, FINANCE] }, search: { monthlyUsd: 1, alertAtPercent: [50], topics: [TOPIC] } };
    await h.run("2026-11-26T11:40:00Z", { initialStart: new Date("2026-11-26T10:00:00Z"), budgets });
    const told = "Switchyard dev: workload checkout has spent 50% of its 0.02 USD monthly budget";
    expect(h.sns.messages.map((m) => [m.topicArn, m.subject])).toEqual([
      [TOPIC, told],
      [FINANCE, told],
    ]);
    expect(h.sns.messages[0].message).toBe(`${told}: 0.02 USD in 2026-11 so far, by the usage ledger. Sent once per threshold and month by the Switchyard usage exporter. See docs/ledger.md.`);
    expect(JSON.parse(h.s3.text(checkpointKey("dev"))!).budgetAlerts).toEqual({ "2026-11": { checkout: 50 } });

    await h.run("2026-11-26T11:44:00Z", { budgets });
    expect(h.sns.messages).toHaveLength(2);

    await h.run("2026-11-26T11:48:00Z", { budgets: { ...budgets, checkout: { ...budgets.checkout, monthlyUsd: 0.01 } } });
    expect(h.sns.messages.slice(2).map((m) => m.subject)).toEqual(["Switchyard dev: workload checkout has spent 80% of its 0.01 USD monthly budget", "Switchyard dev: workload checkout has spent 80% of its 0.01 USD monthly budget"]);
  });
});
