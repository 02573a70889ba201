import { describe, expect, it } from "vitest";
import { gatewayDlp } from "../../policies/rules/gateway-dlp";
import { aiGatewayResource } from "./fixtures";
import { fields, messages } from "./harness";

const PROFILE = "2b5e8a1c-3f4d-4e6a-9b1c-0d2e3f4a5b6c";
const policy = (action: "flag" | "block", check: Array<"request" | "response">) => ({ profiles: [PROFILE], action, check });

describe("switchyard-gateway-dlp", () => {
  it("passes DLP that blocks requests and responses (the default settings)", async () => {
    expect(await messages(gatewayDlp, [aiGatewayResource()])).toEqual([]);
  });

  it("reports DLP off, at gateway.dlp", async () => {
    const off = aiGatewayResource({ dlp: undefined });
    expect(await messages(gatewayDlp, [off])).toEqual([
      'AI Gateway "acme-prod" has DLP off; this environment requires DLP to block requests and responses that match a DLP profile. Declare gateway.dlp.policies with action: block and check: [request, response].',
    ]);
    expect(await fields(gatewayDlp, [off])).toEqual(["gateway.dlp"]);
  });

  it("reports a direction only flagged, and one not scanned, where block is required", async () => {
    const weak = aiGatewayResource({ dlp: { policies: { "flag-all": policy("flag", ["request", "response"]), "block-requests": policy("block", ["request"]) } } });
    expect(await messages(gatewayDlp, [weak])).toEqual([
      'AI Gateway "acme-prod"\'s DLP only flags responses; this environment requires it to block there. Set action: block on a policy under gateway.dlp.policies that checks response.',
    ]);
    const requestsOnly = aiGatewayResource({ dlp: { policies: { "block-requests": policy("block", ["request"]) } } });
    expect(await messages(gatewayDlp, [requestsOnly])).toEqual([
      'AI Gateway "acme-prod"\'s DLP does not scan responses; this environment requires it to block there. Add response to the check of a policy under gateway.dlp.policies with action: block.',
    ]);
    expect(await fields(gatewayDlp, [requestsOnly])).toEqual(["gateway.dlp.policies"]);
  });

  it("a flagging environment accepts flag; policies that are disabled or name no profile on the resource do not count", async () => {
    const flagging = { settings: { action: "flag", check: ["request", "response"] } };
    expect(await messages(gatewayDlp, [aiGatewayResource({ dlp: { policies: { all: policy("flag", ["request", "response"]) } } })], flagging)).toEqual([]);
    const hollow = aiGatewayResource({}, (g) => {
      const dlp = g.dlp as { policies: Array<Record<string, unknown>> };
      dlp.policies = [{ ...dlp.policies[0], enabled: false }, { ...dlp.policies[0], id: "empty", profiles: [] }];
    });
    expect(await messages(gatewayDlp, [hollow], flagging)).toEqual([
      'AI Gateway "acme-prod" has DLP off; this environment requires DLP to flag requests and responses that match a DLP profile. Declare gateway.dlp.policies with action: flag and check: [request, response].',
    ]);
  });

  it("requires nothing when check is empty", async () => {
    expect(await messages(gatewayDlp, [aiGatewayResource({ dlp: undefined })], { settings: { check: [] } })).toEqual([]);
  });
});
