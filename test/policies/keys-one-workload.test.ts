import { describe, expect, it } from "vitest";
import { keysOneWorkload } from "../../policies/rules/keys-one-workload";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { gatewayComponent, workload } from "./fixtures";
import { messages, resource } from "./harness";

const entry = (over: Record<string, unknown> = {}) =>
  resource(TYPES.WorkersKv, `kv-${String(over.keyName ?? "checkout-prod")}`, {
    keyName: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    value: JSON.stringify({ v: 1, environment: "prod", workload: "checkout-assistant", keyName: "checkout-prod", routes: ["dynamic/chat"], models: ["openai/gpt-4.1-mini"], expiresOn: "2027-02-15", allowedIps: ["203.0.113.0/24"], ...over }),
  });

describe("switchyard-keys-one-workload", () => {
  it("passes one workload owning its key, with its key table entry", async () => {
    expect(await messages(keysOneWorkload, [gatewayComponent(), workload(), entry()])).toEqual([]);
  });

  it("reports a key name declared by two workloads", async () => {
    const other = workload({ workload: "ops-copilot" });
    expect(await messages(keysOneWorkload, [gatewayComponent(), workload(), other])).toEqual([
      'Gateway key "checkout-prod" is declared by 2 workloads (checkout-assistant, ops-copilot); a key belongs to exactly one workload. Rename it in all but one of them.',
    ]);
  });

  it("reports a workload of another environment and key table entries that match no declared key", async () => {
    expect(
      await messages(keysOneWorkload, [
        gatewayComponent(),
        workload({ environment: "dev" }),
        entry({ keyName: "stolen" }),
        entry({ workload: "ghost" }),
        entry({ environment: "staging" }),
      ]),
    ).toEqual([
      'Workload "checkout-assistant" is declared for environment "dev" but this stack\'s gateway serves "prod". A key belongs to one environment: declare the workload in the dev stack file.',
      'Key table entry names key "stolen" of workload "checkout-assistant", but that workload declares no such key. Remove the entry or declare the key under workloads.checkout-assistant.keys. ' + NOT_FROM_A_STACK_FILE,
      'Key table entry for key "checkout-prod" names workload "ghost", which is not declared in this stack. Remove the entry or declare the workload. ' + NOT_FROM_A_STACK_FILE,
      'Key table entry for key "checkout-prod" of workload "checkout-assistant" is for environment "staging" but the workload is in "dev". A key works in exactly one environment. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  it("reports two key table entries for one key", async () => {
    const second = { ...entry(), urn: `${entry().urn}-2`, name: "kv-second" };
    expect(await messages(keysOneWorkload, [gatewayComponent(), workload(), entry(), second])).toEqual([
      'The key table holds 2 entries for key "checkout-prod" of workload "checkout-assistant"; each key has exactly one. Remove the extra entries. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });
});
