import { describe, expect, it } from "vitest";
import { keysAllowedIps } from "../../policies/rules/keys-allowed-ips";
import { workload } from "./fixtures";
import { messages, run } from "./harness";

describe("switchyard-keys-allowed-ips", () => {
  it("passes keys restricted to CIDRs", async () => {
    expect(await messages(keysAllowedIps, [workload()])).toEqual([]);
  });

  it("reports a key usable from anywhere", async () => {
    const w = workload({ keys: [{ name: "checkout-prod", expiresOn: "2027-02-15" }] });
    expect(await messages(keysAllowedIps, [w])).toEqual([
      'Gateway key "checkout-prod" of workload "checkout-assistant" can be used from any address. Set workloads.checkout-assistant.keys[0].allowedIps to the CIDRs the workload calls from.',
    ]);
  });

  it("reports 0.0.0.0/0 and ::/0 as every address", async () => {
    const w = workload({ keys: [{ name: "k", expiresOn: "2027-02-15", allowedIps: ["10.0.0.0/8", "0.0.0.0/0", "::/0"] }] });
    expect(await messages(keysAllowedIps, [w])).toEqual([
      'Gateway key "k" of workload "checkout-assistant" allows 0.0.0.0/0, ::/0, which is every address. Replace it in workloads.checkout-assistant.keys[0].allowedIps with the CIDRs the workload calls from.',
    ]);
  });

  it("is mandatory by default (its production floor) and advisory when the dev config says so", async () => {
    const w = workload({ keys: [{ name: "k", expiresOn: "2027-02-15" }] });
    expect((await run(keysAllowedIps, [w])).violations[0]?.enforcementLevel).toBe("mandatory");
    expect((await run(keysAllowedIps, [w], { level: "advisory" })).violations[0]?.enforcementLevel).toBe("advisory");
  });
});
