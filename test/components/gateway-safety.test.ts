/**
 * The gateway's declared safety and observability controls under the mock engine: the exact
 * guardrails, DLP, zero-data-retention and OpenTelemetry inputs the AiGateway receives, header
 * values given by reference arriving as Pulumi secrets (and read back as secrets), and the
 * Gateway component's own inputs naming where a header lives, never its value.
 */
import { describe, expect, it } from "vitest";
import { awsSecretPlaceholder } from "../../engine/mocks";
import type { StackSpec } from "../../stacks/schema";
import { capture, editable, loadExample, named, T } from "../support/mock-engine";

const NOW = new Date("2026-11-27T00:00:00Z");
const HONEYCOMB_KEY = "fake-honeycomb-team-key-for-tests";
const ARN = "arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/otel-token-Ab12Cd";

async function gatewayOf(spec: StackSpec, config: Record<string, string> = {}) {
  const result = await capture(spec, { config, now: NOW });
  return { ai: named(result, T.aiGateway, `${spec.gateway.id}-ai-gateway`), component: named(result, T.gatewayComponent, spec.gateway.id) };
}

describe("the prod example's gateway", () => {
  it("sets guardrails, DLP, zero data retention and one exporter exactly as declared", async () => {
    const { ai } = await gatewayOf(loadExample("prod"), { honeycombApiKey: HONEYCOMB_KEY });
    expect({ guardrails: ai.inputs.guardrails, dlp: ai.inputs.dlp, zdr: ai.inputs.zdr, otels: ai.inputs.otels }).toEqual({
      guardrails: {
        prompt: { p1: "BLOCK", s1: "BLOCK", s4: "BLOCK", s9: "BLOCK", s10: "FLAG" },
        response: { s4: "BLOCK", s9: "BLOCK", s10: "FLAG" },
      },
      dlp: {
        enabled: true,
        policies: [
          { id: "customer-data", action: "BLOCK", checks: ["REQUEST", "RESPONSE"], enabled: true, profiles: ["2b5e8a1c-3f4d-4e6a-9b1c-0d2e3f4a5b6c", "7d1f0e2a-8c3b-4a5d-9e6f-1a2b3c4d5e6f"] },
        ],
      },
      zdr: false,
      otels: [{ url: "https://api.honeycomb.io/v1/traces", contentType: "protobuf", headers: { "x-honeycomb-team": HONEYCOMB_KEY } }],
    });
  });

  it("sends the header from Pulumi config as a secret, and keeps what Cloudflare reads back for otels secret", async () => {
    const { ai } = await gatewayOf(loadExample("prod"), { honeycombApiKey: HONEYCOMB_KEY });
    expect(ai.secretPaths).toEqual(["otels[0].headers.x-honeycomb-team"]);
    expect(ai.options.additionalSecretOutputs).toEqual(["otels"]);
    expect(ai.outputSecretPaths).toEqual(["otels"]);
  });

  it("the Gateway component's inputs name the config key, never the value", async () => {
    const { component } = await gatewayOf(loadExample("prod"), { honeycombApiKey: HONEYCOMB_KEY });
    expect(component.inputs.openTelemetry).toEqual({
      honeycomb: { url: "https://api.honeycomb.io/v1/traces", contentType: "protobuf", headers: { "x-honeycomb-team": { pulumiSecret: "honeycombApiKey" } } },
    });
    expect(JSON.stringify(component.inputs)).not.toContain(HONEYCOMB_KEY);
  });
});

describe("a gateway that declares none of them (the dev example)", () => {
  it("sends no guardrails, DLP off with no policy, zdr false and no exporter, so removing a control turns it off", async () => {
    const { ai } = await gatewayOf(loadExample("dev"));
    expect("guardrails" in ai.inputs).toBe(false);
    expect({ dlp: ai.inputs.dlp, zdr: ai.inputs.zdr, otels: ai.inputs.otels }).toEqual({ dlp: { enabled: false, policies: [] }, zdr: false, otels: [] });
    expect(ai.secretPaths).toEqual([]);
  });
});

describe("header sources and the other fields", () => {
  it("a header from Secrets Manager is read at deploy time as a secret; a plain header is sent as written; exporters and headers in name order", async () => {
    const spec = editable(loadExample("dev"));
    spec.gateway.openTelemetry = {
      langfuse: { url: "https://cloud.langfuse.com/api/public/otel/v1/traces", contentType: "json", headers: { authorization: { awsSecretArn: ARN } } },
      honeycomb: { url: "https://api.honeycomb.io/v1/traces", contentType: "json", headers: { "x-honeycomb-team": { pulumiSecret: "honeycombApiKey" }, "x-honeycomb-dataset": { value: "ai-gateway-dev" } } },
    };
    const { ai } = await gatewayOf(spec, { honeycombApiKey: HONEYCOMB_KEY });
    expect(ai.inputs.otels).toEqual([
      { url: "https://api.honeycomb.io/v1/traces", contentType: "json", headers: { "x-honeycomb-dataset": "ai-gateway-dev", "x-honeycomb-team": HONEYCOMB_KEY } },
      { url: "https://cloud.langfuse.com/api/public/otel/v1/traces", contentType: "json", headers: { authorization: awsSecretPlaceholder(ARN) } },
    ]);
    expect(ai.secretPaths.sort()).toEqual(["otels[0].headers.x-honeycomb-team", "otels[1].headers.authorization"]);
  });

  it("zero data retention under unified billing, DLP flagging requests only, guardrails on responses only", async () => {
    const spec = editable(loadExample("dev"));
    spec.gateway.billing = "unified";
    spec.gateway.zeroDataRetention = true;
    spec.gateway.dlp = { policies: { "flag-pii": { profiles: ["7d1f0e2a-8c3b-4a5d-9e6f-1a2b3c4d5e6f"], action: "flag", check: ["request"] } } };
    spec.gateway.guardrails = { prompts: {}, responses: { "sexual-content": "block" } };
    const { ai } = await gatewayOf(spec);
    expect({ zdr: ai.inputs.zdr, byokOnly: ai.inputs.byokOnly, dlp: ai.inputs.dlp, guardrails: ai.inputs.guardrails }).toEqual({
      zdr: true,
      byokOnly: false,
      dlp: { enabled: true, policies: [{ id: "flag-pii", action: "FLAG", checks: ["REQUEST"], enabled: true, profiles: ["7d1f0e2a-8c3b-4a5d-9e6f-1a2b3c4d5e6f"] }] },
      guardrails: { prompt: {}, response: { s12: "BLOCK" } },
    });
  });
});
