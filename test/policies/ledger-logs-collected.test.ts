import { describe, expect, it } from "vitest";
import { ledgerLogsCollected } from "../../policies/rules/ledger-logs-collected";
import { TYPES } from "../../policies/support/types";
import { aiGatewayResource, workload, workloadInputs } from "./fixtures";
import { fields, messages, resource } from "./harness";

const ledger = () => resource(TYPES.UsageLedger, "usage-ledger", {});
const decision = workloadInputs().decision!;
const providerRecorded = (name: string) => workload({ workload: name, decision: { ...decision, billingSourceOfRecord: "provider", usageSourceOfRecord: "provider" } });
const logsOff = () => aiGatewayResource({ logs: { collect: false, maxStored: 5_000_000, whenFull: "delete-oldest" } });

describe("switchyard-ledger-logs-collected", () => {
  it("passes logs collected with delete-oldest, and anything when nothing depends on the logs", async () => {
    expect(await messages(ledgerLogsCollected, [aiGatewayResource(), ledger(), workload()])).toEqual([]);
    expect(await messages(ledgerLogsCollected, [logsOff(), providerRecorded("research-lab")])).toEqual([]);
  });

  it("reports logs off where the ledger and decision records depend on them, naming the field", async () => {
    const found = [logsOff(), ledger(), workload(), workload({ workload: "support-summarizer", decision: { ...decision, billingSourceOfRecord: "provider" } }), providerRecorded("research-lab")];
    expect(await messages(ledgerLogsCollected, found)).toEqual([
      'AI Gateway "acme-prod" does not collect request logs, but the usage ledger and the decision records of checkout-assistant and support-summarizer (the gateway is their usage or billing source of record) are built from them: every request would go unrecorded. Set gateway.logs.collect: true.',
    ]);
    expect(await fields(ledgerLogsCollected, found)).toEqual(["gateway.logs.collect"]);
  });

  it("reports stop-inserting where only the ledger depends on the logs", async () => {
    const full = aiGatewayResource({ logs: { collect: true, maxStored: 10_000, whenFull: "stop-inserting" } });
    expect(await messages(ledgerLogsCollected, [full, ledger(), providerRecorded("research-lab")])).toEqual([
      'AI Gateway "acme-prod" stops inserting logs once it holds gateway.logs.maxStored, but the usage ledger is built from them: every request after that would go unrecorded. Set gateway.logs.whenFull: delete-oldest.',
    ]);
    expect(await fields(ledgerLogsCollected, [full, ledger()])).toEqual(["gateway.logs.whenFull"]);
  });

  it("a decision record alone is enough to require the logs", async () => {
    expect(await messages(ledgerLogsCollected, [logsOff(), workload()])).toEqual([
      'AI Gateway "acme-prod" does not collect request logs, but the decision records of checkout-assistant (the gateway is their usage or billing source of record) are built from them: every request would go unrecorded. Set gateway.logs.collect: true.',
    ]);
  });
});
