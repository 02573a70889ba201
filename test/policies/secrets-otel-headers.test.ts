import { describe, expect, it } from "vitest";
import { secretsOtelHeaders } from "../../policies/rules/secrets-otel-headers";
import { gatewayWithInputs } from "./fixtures";
import { fields, messages } from "./harness";

const TEAM_KEY = "hcaik_fake_team_key_written_in_the_stack_file";
const exporter = (headers: Record<string, Record<string, string>>) => ({ honeycomb: { url: "https://api.honeycomb.io/v1/traces", contentType: "protobuf" as const, headers } });

describe("switchyard-secrets-otel-headers", () => {
  it("passes headers given by pulumiSecret or awsSecretArn", async () => {
    const gw = gatewayWithInputs({ openTelemetry: exporter({ "x-honeycomb-team": { pulumiSecret: "honeycombApiKey" }, authorization: { awsSecretArn: "arn:aws:secretsmanager:us-east-1:210987654321:secret:otel-Ab12Cd" } }) });
    expect(await messages(secretsOtelHeaders, [gw])).toEqual([]);
  });

  it("reports a header written in plain text, at its field, without its value", async () => {
    const gw = gatewayWithInputs({ openTelemetry: exporter({ "x-honeycomb-team": { value: TEAM_KEY } }) });
    const found = await messages(secretsOtelHeaders, [gw]);
    expect(found).toEqual([
      'OpenTelemetry exporter "honeycomb" sends header "x-honeycomb-team" in plain text written in the stack file (value not shown). Give it by reference: gateway.openTelemetry.honeycomb.headers.x-honeycomb-team: { pulumiSecret: <config key> } or { awsSecretArn: <ARN> }; if it is not a secret, list it in this policy\'s plainTextHeaders.',
    ]);
    expect(found.join("\n")).not.toContain(TEAM_KEY);
    expect(await fields(secretsOtelHeaders, [gw])).toEqual(["gateway.openTelemetry.honeycomb.headers.x-honeycomb-team"]);
  });

  it("a header the environment lists as not secret may be plain text", async () => {
    const gw = gatewayWithInputs({ openTelemetry: exporter({ "x-honeycomb-team": { pulumiSecret: "honeycombApiKey" }, "x-honeycomb-dataset": { value: "ai-gateway-prod" } }) });
    expect(await messages(secretsOtelHeaders, [gw], { settings: { plainTextHeaders: ["x-honeycomb-dataset"] } })).toEqual([]);
    expect(await fields(secretsOtelHeaders, [gw])).toEqual(["gateway.openTelemetry.honeycomb.headers.x-honeycomb-dataset"]);
  });
});
