import { describe, expect, it } from "vitest";
import { protectionRequired } from "../../policies/rules/protection-required";
import { TYPES } from "../../policies/support/types";
import { messages, resource } from "./harness";

const all = (protect: boolean) => [
  resource(TYPES.AiGateway, "acme-prod-ai-gateway", { aiGatewayId: "acme-prod" }, { protect }),
  resource(TYPES.KmsKey, "secrets-key", { enableKeyRotation: true }, { protect }),
  resource(TYPES.Secret, "openai-main-secret", {}, { protect }),
  resource(TYPES.Topic, "alerts-oncall", {}, { protect }),
];

describe("switchyard-protection-required", () => {
  it("passes protected gateway, keys and secrets (other types are not its concern)", async () => {
    expect(await messages(protectionRequired, all(true))).toEqual([]);
  });

  it("reports each unprotected gateway, KMS key and secret", async () => {
    expect(await messages(protectionRequired, all(false))).toEqual([
      'AI Gateway "acme-prod-ai-gateway" is not protected, so deleting it by accident would take the gateway down. Set gateway.protect: true in the stack file.',
      'KMS key "secrets-key" is not protected, so deleting it by accident would take the gateway down. Set gateway.protect: true in the stack file.',
      'Secret "openai-main-secret" is not protected, so deleting it by accident would take the gateway down. Set gateway.protect: true in the stack file.',
    ]);
  });

  it("checks the configured types only, and nothing when disabled (dev)", async () => {
    expect(await messages(protectionRequired, all(false), { settings: { types: [TYPES.Topic] } })).toEqual([
      `${TYPES.Topic} "alerts-oncall" is not protected, so deleting it by accident would take the gateway down. Set gateway.protect: true in the stack file.`,
    ]);
    expect(await messages(protectionRequired, all(false), { level: "disabled" })).toEqual([]);
  });
});
