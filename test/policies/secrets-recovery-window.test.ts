import { describe, expect, it } from "vitest";
import { secretsRecoveryWindow } from "../../policies/rules/secrets-recovery-window";
import { TYPES } from "../../policies/support/types";
import { messages, resource } from "./harness";

const secret = (over: Record<string, unknown>) => resource(TYPES.Secret, "checkout-keys", { kmsKeyId: "arn:aws:kms:us-east-1:1:key/x", ...over });

describe("switchyard-secrets-recovery-window", () => {
  it("passes 7 days and an unset window (AWS's 30)", async () => {
    expect(await messages(secretsRecoveryWindow, [secret({ recoveryWindowInDays: 7 }), secret({})])).toEqual([]);
  });

  it("reports a 0-day window as immediate deletion", async () => {
    expect(await messages(secretsRecoveryWindow, [secret({ recoveryWindowInDays: 0 })])).toEqual([
      'Secret "checkout-keys" has a recovery window of 0 days (deleted immediately, no recovery); at least 7 days is required. Set recoveryWindowInDays to 7-30.',
    ]);
  });

  it("reports a window below the configured minimum", async () => {
    expect(await messages(secretsRecoveryWindow, [secret({ recoveryWindowInDays: 10 })], { settings: { minRecoveryWindowDays: 14 } })).toEqual([
      'Secret "checkout-keys" has a recovery window of 10 days; at least 14 days is required. Set recoveryWindowInDays to 14-30.',
    ]);
  });
});
