import { describe, expect, it } from "vitest";
import { ledgerRequired } from "../../policies/rules/ledger-required";
import { TYPES } from "../../policies/support/types";
import { workload, workloadInputs } from "./fixtures";
import { fields, messages, resource } from "./harness";

const decision = workloadInputs().decision!;
const named = (name: string, over: Partial<typeof decision> = {}) => workload({ workload: name, decision: { ...decision, ...over } });

describe("switchyard-ledger-required", () => {
  it("passes with the ledger on, or with no workload recorded by the gateway", async () => {
    expect(await messages(ledgerRequired, [named("checkout-assistant"), resource(TYPES.UsageLedger, "usage-ledger", {})])).toEqual([]);
    expect(await messages(ledgerRequired, [named("research-lab", { billingSourceOfRecord: "provider", usageSourceOfRecord: "provider" }), workload({ workload: "no-record", decision: undefined })])).toEqual([]);
  });

  it("reports the ledger off while a workload's usage source of record is the gateway, at usageLedger.enabled", async () => {
    const found = [named("checkout-assistant", { billingSourceOfRecord: "provider" })];
    expect(await messages(ledgerRequired, found)).toEqual([
      "Workload checkout-assistant names the gateway as its usage or billing source of record, but the usage ledger is off, so finance has no record of its usage. Set usageLedger.enabled: true.",
    ]);
    expect(await fields(ledgerRequired, found)).toEqual(["usageLedger.enabled"]);
  });

  it("names every such workload, the billing source of record counting too, and shortens a long list", async () => {
    const six = ["a", "b", "c", "d", "e", "f"].map((n) => named(`w-${n}`, { usageSourceOfRecord: "provider" }));
    expect(await messages(ledgerRequired, six.slice(0, 2))).toEqual([
      "Workloads w-a and w-b name the gateway as their usage or billing source of record, but the usage ledger is off, so finance has no record of their usage. Set usageLedger.enabled: true.",
    ]);
    expect(await messages(ledgerRequired, six)).toEqual([
      "Workloads w-a, w-b, w-c, w-d, w-e and 1 more name the gateway as their usage or billing source of record, but the usage ledger is off, so finance has no record of their usage. Set usageLedger.enabled: true.",
    ]);
  });
});
