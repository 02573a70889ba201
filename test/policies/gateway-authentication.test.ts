import { describe, expect, it } from "vitest";
import { gatewayAuthentication } from "../../policies/rules/gateway-authentication";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { messages, resource } from "./harness";

const gateway = (over: Record<string, unknown> = {}) => resource(TYPES.AiGateway, "gateway", { accountId: "a", aiGatewayId: "acme-prod", authentication: true, byokOnly: true, ...over });

describe("switchyard-gateway-authentication", () => {
  it("passes a gateway with authentication on", async () => {
    expect(await messages(gatewayAuthentication, [gateway()])).toEqual([]);
  });

  it("reports authentication off", async () => {
    expect(await messages(gatewayAuthentication, [gateway({ authentication: false })])).toEqual([
      'AI Gateway "acme-prod" has authentication off; anyone who knows its URL can call it. Set authentication: true. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  it("reports authentication left unset", async () => {
    expect(await messages(gatewayAuthentication, [gateway({ authentication: undefined })])).toEqual([
      'AI Gateway "acme-prod" has authentication unset (off); anyone who knows its URL can call it. Set authentication: true. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });
});
