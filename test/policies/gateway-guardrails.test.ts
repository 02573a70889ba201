import { describe, expect, it } from "vitest";
import { gatewayGuardrails } from "../../policies/rules/gateway-guardrails";
import { aiGatewayResource } from "./fixtures";
import { fields, messages } from "./harness";

/** Required as prod's config requires them, in a smaller set. */
const PROD_LIKE = { settings: { prompts: { "prompt-injection": "block", "violent-crimes": "block" }, responses: { "indiscriminate-weapons": "block" } } };

describe("switchyard-gateway-guardrails", () => {
  it("passes a gateway that blocks what the environment requires (and flags more)", async () => {
    expect(await messages(gatewayGuardrails, [aiGatewayResource()], PROD_LIKE)).toEqual([]);
  });

  it("reports a gateway without guardrails once, naming what the environment requires", async () => {
    const none = aiGatewayResource({ guardrails: undefined });
    expect(await messages(gatewayGuardrails, [none], PROD_LIKE)).toEqual([
      'AI Gateway "acme-prod" has no guardrails; this environment requires them on prompts (prompt-injection: block, violent-crimes: block) and on responses (indiscriminate-weapons: block). Declare gateway.guardrails in the stack file.',
    ]);
    expect(await fields(gatewayGuardrails, [none], PROD_LIKE)).toEqual(["gateway.guardrails"]);
  });

  it("reports a category only flagged where block is required, and one not evaluated at all, at their fields", async () => {
    const weak = aiGatewayResource({ guardrails: { prompts: { "prompt-injection": "flag", "violent-crimes": "block" }, responses: { hate: "block" } } });
    expect(await messages(gatewayGuardrails, [weak], PROD_LIKE)).toEqual([
      'AI Gateway "acme-prod" only flags prompt-injection (P1) in prompts; this environment requires block. Set gateway.guardrails.prompts.prompt-injection: block.',
      'AI Gateway "acme-prod" does not evaluate indiscriminate-weapons (S9) in responses; this environment requires block. Set gateway.guardrails.responses.indiscriminate-weapons: block.',
    ]);
    expect(await fields(gatewayGuardrails, [weak], PROD_LIKE)).toEqual(["gateway.guardrails.prompts.prompt-injection", "gateway.guardrails.responses.indiscriminate-weapons"]);
  });

  it("reads the codes the AiGateway carries: a category blocked on the resource passes, whatever the component declared", async () => {
    const edited = aiGatewayResource({ guardrails: undefined }, (g) => void (g.guardrails = { prompt: { p1: "BLOCK", s1: "BLOCK" }, response: { s9: "BLOCK" } }));
    expect(await messages(gatewayGuardrails, [edited], PROD_LIKE)).toEqual([]);
  });

  it("with the default settings, prompt injection must at least be flagged; with nothing required, nothing is reported", async () => {
    expect(await messages(gatewayGuardrails, [aiGatewayResource({ guardrails: undefined })])).toEqual([
      'AI Gateway "acme-prod" has no guardrails; this environment requires them on prompts (prompt-injection: flag). Declare gateway.guardrails in the stack file.',
    ]);
    expect(await messages(gatewayGuardrails, [aiGatewayResource({ guardrails: undefined })], { settings: { prompts: {}, responses: {} } })).toEqual([]);
  });
});
