import { describe, expect, it } from "vitest";
import { secretsKeyRotation } from "../../policies/rules/secrets-key-rotation";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { messages, resource } from "./harness";

const key = (over: Record<string, unknown>) => resource(TYPES.KmsKey, "secrets-key", { description: "Switchyard prod secrets", deletionWindowInDays: 30, ...over });

describe("switchyard-secrets-key-rotation", () => {
  it("passes a key with rotation on", async () => {
    expect(await messages(secretsKeyRotation, [key({ enableKeyRotation: true })])).toEqual([]);
  });

  it("reports rotation off", async () => {
    expect(await messages(secretsKeyRotation, [key({ enableKeyRotation: false })])).toEqual(['KMS key "secrets-key" has automatic rotation off. Set enableKeyRotation: true. ' + NOT_FROM_A_STACK_FILE]);
  });

  it("reports rotation unset, since AWS defaults to off", async () => {
    expect(await messages(secretsKeyRotation, [key({})])).toEqual(['KMS key "secrets-key" has automatic rotation unset (AWS default: off). Set enableKeyRotation: true. ' + NOT_FROM_A_STACK_FILE]);
  });
});
