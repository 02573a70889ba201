import { describe, expect, it } from "vitest";
import { secretsRecoveryWindow } from "../../policies/rules/secrets-recovery-window";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { capture, loadExample } from "../support/mock-engine";
import { fields, messages, resource } from "./harness";

const secret = (over: Record<string, unknown>) => resource(TYPES.Secret, "checkout-keys", { kmsKeyId: "arn:aws:kms:us-east-1:1:key/x", ...over });

describe("switchyard-secrets-recovery-window", () => {
  it("passes 7 days and an unset window (AWS's 30)", async () => {
    expect(await messages(secretsRecoveryWindow, [secret({ recoveryWindowInDays: 7 }), secret({})])).toEqual([]);
  });

  it("reports a 0-day window as immediate deletion", async () => {
    expect(await messages(secretsRecoveryWindow, [secret({ recoveryWindowInDays: 0 })])).toEqual([
      'Secret "checkout-keys" has a recovery window of 0 days (deleted immediately, no recovery); at least 7 days is required. Set recoveryWindowInDays to 7-30. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  it("reports a window below the configured minimum", async () => {
    expect(await messages(secretsRecoveryWindow, [secret({ recoveryWindowInDays: 10 })], { settings: { minRecoveryWindowDays: 14 } })).toEqual([
      'Secret "checkout-keys" has a recovery window of 10 days; at least 14 days is required. Set recoveryWindowInDays to 14-30. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  // Issue 26: a stack file's secrets get their window from gateway.protect, so that is the field named.
  it("names gateway.protect for a stack file's unprotected secrets when the environment asks for more than 7 days", { timeout: 60_000 }, async () => {
    const dev = loadExample("dev");
    expect(dev.gateway.protect).toBe(false);
    const { resources } = await capture(dev);
    const settings = { settings: { minRecoveryWindowDays: 14 } };
    const found = await messages(secretsRecoveryWindow, resources, settings);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(
      /^Secret "[a-z-]+" has a recovery window of 7 days; at least 14 days is required\. Switchyard gives its secrets 30 days when gateway\.protect is true and 7 days otherwise: set gateway\.protect: true in the stack file, or lower this policy's minRecoveryWindowDays for the environment\.$/,
    );
    expect(new Set(await fields(secretsRecoveryWindow, resources, settings))).toEqual(new Set(["gateway.protect"]));
    expect(await messages(secretsRecoveryWindow, (await capture({ ...dev, gateway: { ...dev.gateway, protect: true } })).resources, settings)).toEqual([]);
  });
});
