import { describe, expect, it } from "vitest";
import { keysExpiry } from "../../policies/rules/keys-expiry";
import { workload } from "./fixtures";
import { messages } from "./harness";

describe("switchyard-keys-expiry", () => {
  it("passes a key expiring within the allowed lifetime", async () => {
    expect(await messages(keysExpiry, [workload()], { settings: { maxKeyLifetimeDays: 90 } })).toEqual([]);
  });

  it("reports a key expiring too far away, with the latest allowed date", async () => {
    const w = workload({ keys: [{ name: "checkout-prod", expiresOn: "2027-06-15", allowedIps: ["203.0.113.0/24"] }] });
    expect(await messages(keysExpiry, [w], { settings: { maxKeyLifetimeDays: 90 } })).toEqual([
      'Gateway key "checkout-prod" of workload "checkout-assistant" expires on 2027-06-15, 200 days from today (2026-11-27); at most 90 days is allowed. Set workloads.checkout-assistant.keys[0].expiresOn to 2027-02-25 or earlier.',
    ]);
  });

  it("reports an expired key and a key without expiry", async () => {
    const w = workload({ keys: [{ name: "old", expiresOn: "2026-11-27" }, { name: "forever" } as { name: string; expiresOn: string }] });
    expect(await messages(keysExpiry, [w], { settings: { maxKeyLifetimeDays: 90 } })).toEqual([
      'Gateway key "old" of workload "checkout-assistant" expired on 2026-11-27 (today is 2026-11-27). Issue a new key with an expiry no later than 2027-02-25 and remove this one.',
      'Gateway key "forever" of workload "checkout-assistant" has no expiry date. Set workloads.checkout-assistant.keys[1].expiresOn to a date no later than 2027-02-25.',
    ]);
  });

  it("uses the environment's lifetime: 150 days passes under 180, not under 90", async () => {
    const w = workload({ keys: [{ name: "k", expiresOn: "2027-04-26" }] });
    expect(await messages(keysExpiry, [w], { settings: { maxKeyLifetimeDays: 180 } })).toEqual([]);
    expect(await messages(keysExpiry, [w], { settings: { maxKeyLifetimeDays: 90 } })).toHaveLength(1);
  });

  it("takes today from SWITCHYARD_TODAY when the config does not pin it", async () => {
    const before = process.env.SWITCHYARD_TODAY;
    process.env.SWITCHYARD_TODAY = "2027-02-16";
    try {
      const { evaluatePolicies } = await import("../../engine/analyze");
      const result = await evaluatePolicies([keysExpiry], [workload()], { config: {} });
      expect(result.violations.map((v) => v.message)).toEqual([
        'Gateway key "checkout-prod" of workload "checkout-assistant" expired on 2027-02-15 (today is 2027-02-16). Issue a new key with an expiry no later than 2027-05-17 and remove this one.',
      ]);
    } finally {
      if (before === undefined) delete process.env.SWITCHYARD_TODAY;
      else process.env.SWITCHYARD_TODAY = before;
    }
  });
});
