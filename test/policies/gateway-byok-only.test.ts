import { describe, expect, it } from "vitest";
import { gatewayByokOnly } from "../../policies/rules/gateway-byok-only";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { gatewayComponent } from "./fixtures";
import { messages, resource } from "./harness";

const aiGateway = (parent: ReturnType<typeof gatewayComponent> | undefined, over: Record<string, unknown> = {}) =>
  resource(TYPES.AiGateway, "gateway", { aiGatewayId: "acme-prod", authentication: true, byokOnly: true, ...over }, parent ? { parent } : {});

describe("switchyard-gateway-byok-only", () => {
  it("passes byokOnly under byok billing, and no byokOnly under declared unified billing", async () => {
    const byok = gatewayComponent();
    expect(await messages(gatewayByokOnly, [byok, aiGateway(byok)])).toEqual([]);
    const unified = gatewayComponent({ billing: "unified" });
    expect(await messages(gatewayByokOnly, [unified, aiGateway(unified, { byokOnly: false })])).toEqual([]);
  });

  it("reports byokOnly off under byok billing", async () => {
    const byok = gatewayComponent();
    expect(await messages(gatewayByokOnly, [byok, aiGateway(byok, { byokOnly: false })])).toEqual([
      'AI Gateway "acme-prod" does not set byokOnly, so requests without a stored provider key fall back to Cloudflare Unified Billing, but billing is declared "byok". Set byokOnly: true, or declare gateway.billing: unified. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  it("reports byokOnly unset on a gateway with no Gateway component (billing defaults to byok)", async () => {
    expect(await messages(gatewayByokOnly, [aiGateway(undefined, { byokOnly: undefined })])).toEqual([
      'AI Gateway "acme-prod" does not set byokOnly, so requests without a stored provider key fall back to Cloudflare Unified Billing, but billing is declared "byok". Set byokOnly: true, or declare gateway.billing: unified. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });
});
