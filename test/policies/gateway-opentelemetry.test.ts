import { describe, expect, it } from "vitest";
import { gatewayOpenTelemetry } from "../../policies/rules/gateway-opentelemetry";
import { aiGatewayResource } from "./fixtures";
import { fields, messages } from "./harness";

describe("switchyard-gateway-opentelemetry", () => {
  it("passes a gateway with an exporter", async () => {
    expect(await messages(gatewayOpenTelemetry, [aiGatewayResource()])).toEqual([]);
  });

  it("reports a gateway that exports no traces, at gateway.openTelemetry", async () => {
    const none = aiGatewayResource({ openTelemetry: {} });
    expect(await messages(gatewayOpenTelemetry, [none])).toEqual([
      'AI Gateway "acme-prod" exports traces to no OpenTelemetry collector; this environment requires at least 1. Declare one under gateway.openTelemetry.',
    ]);
    expect(await fields(gatewayOpenTelemetry, [none])).toEqual(["gateway.openTelemetry"]);
  });

  it("counts against minExporters", async () => {
    expect(await messages(gatewayOpenTelemetry, [aiGatewayResource()], { settings: { minExporters: 2 } })).toEqual([
      'AI Gateway "acme-prod" exports traces to 1 OpenTelemetry collector; this environment requires at least 2. Declare one under gateway.openTelemetry.',
    ]);
    expect(await messages(gatewayOpenTelemetry, [aiGatewayResource({ openTelemetry: {} })], { settings: { minExporters: 0 } })).toEqual([]);
  });
});
