import { describe, expect, it } from "vitest";
import { secretsNoPlaintextCredentials } from "../../policies/rules/secrets-no-plaintext-credentials";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { captureStack } from "../../engine/capture";
import { fakeSecretsFor, NOW } from "./e2e-support";
import { messages, resource, UNKNOWN_STRING } from "./harness";
import { loadExample } from "../support/mock-engine";

// Assembled at run time so that no credential-shaped literal sits in the repository.
const FAKE_ANTHROPIC = ["sk", "ant", "api03", "QwErTyUiOpAsDfGhJkLzXcVbNm"].join("-");
const FAKE_AWS = ["AKIA", "QWERTYUIOPASDFGH"].join("");
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

describe("switchyard-secrets-no-plaintext-credentials", () => {
  it("passes ordinary inputs, unknown values, and the secret stores' own value inputs", async () => {
    const found = await messages(secretsNoPlaintextCredentials, [
      resource(TYPES.AiGateway, "gateway", { aiGatewayId: "acme-prod", authentication: true, storeId: UNKNOWN_STRING }),
      resource("aws:secretsmanager/secretVersion:SecretVersion", "anthropic-main-v", { secretId: UNKNOWN_STRING, secretString: { [SECRET_SIG]: SECRET_VALUE, value: FAKE_ANTHROPIC } }),
      resource("cloudflare:index/secretsStoreSecret:SecretsStoreSecret", "anthropic-main", { name: "anthropic-main", value: FAKE_ANTHROPIC, scopes: ["ai_gateway"] }),
      resource("pulumi-nodejs:dynamic/switchyard:ByokProviderConfig", "provider-keys-byok-anthropic", { alias: "default", providerSlug: "anthropic", secret: { [SECRET_SIG]: SECRET_VALUE, value: FAKE_ANTHROPIC } }),
    ]);
    expect(found).toEqual([]);
  });

  it("exempts only the BYOK config's key input, not its other inputs", async () => {
    const found = await messages(secretsNoPlaintextCredentials, [resource("pulumi-nodejs:dynamic/switchyard:ByokProviderConfig", "byok", { alias: FAKE_ANTHROPIC, secret: FAKE_ANTHROPIC })]);
    expect(found).toEqual(['Input alias of ByokProviderConfig "byok" holds what looks like a raw Anthropic API key (value not shown). Pass it by reference from a Pulumi config secret or Secrets Manager, and revoke the exposed credential. ' + NOT_FROM_A_STACK_FILE]);
  });

  it("reports a credential nested in an input, by path and kind, never by value", async () => {
    const found = await messages(secretsNoPlaintextCredentials, [
      resource("cloudflare:index/workersScript:WorkersScript", "front-door", { bindings: [{ name: "ENVIRONMENT", type: "plain_text", text: "prod" }, { name: "UPSTREAM", type: "plain_text", text: `Bearer x ${FAKE_ANTHROPIC}` }] }),
    ]);
    expect(found).toEqual([
      'Input bindings[1].text of WorkersScript "front-door" holds what looks like a raw Anthropic API key (value not shown). Pass it by reference from a Pulumi config secret or Secrets Manager, and revoke the exposed credential. ' + NOT_FROM_A_STACK_FILE,
    ]);
    expect(found.join("\n")).not.toContain(FAKE_ANTHROPIC);
  });

  it("reports a secret-wrapped credential outside the secret stores, and an AWS access key in tags", async () => {
    const found = await messages(secretsNoPlaintextCredentials, [
      resource(TYPES.Workload, "w", { workload: "w", note: { [SECRET_SIG]: SECRET_VALUE, value: FAKE_ANTHROPIC } }),
      resource(TYPES.Topic, "alerts", { tags: { owner: FAKE_AWS } }),
    ]);
    expect(found).toEqual([
      'Input note of Workload "w" holds what looks like a raw Anthropic API key (value not shown). Pass it by reference from a Pulumi config secret or Secrets Manager, and revoke the exposed credential. ' + NOT_FROM_A_STACK_FILE,
      'Input tags.owner of Topic "alerts" holds what looks like a raw AWS access key id (value not shown). Pass it by reference from a Pulumi config secret or Secrets Manager, and revoke the exposed credential. ' + NOT_FROM_A_STACK_FILE,
    ]);
    expect(found.join("\n")).not.toMatch(/QWERTYUIOP|QwErTy/);
  });

  // Issue 26: prod's collector key, given by reference as the stack file must (honeycombApiKey),
  // was reported as a raw credential in the AiGateway's otels, telling the engineer to do what they did.
  it("passes an OpenTelemetry header a stack file gives by reference, whatever its secret looks like", { timeout: 60_000 }, async () => {
    const prod = loadExample("prod");
    expect(prod.gateway.openTelemetry.honeycomb.headers["x-honeycomb-team"]).toEqual({ pulumiSecret: "honeycombApiKey" });
    const { resources } = await captureStack(prod, { now: NOW, config: { ...fakeSecretsFor(prod), honeycombApiKey: FAKE_ANTHROPIC } });
    const gateway = resources.filter((r) => r.type === TYPES.AiGateway);
    expect(JSON.stringify(gateway.map((g) => g.inputs.otels))).toContain(FAKE_ANTHROPIC);
    expect(await messages(secretsNoPlaintextCredentials, resources)).toEqual([]);
    // The same value written into a hand-made gateway's header is still reported.
    expect(await messages(secretsNoPlaintextCredentials, [resource(TYPES.AiGateway, "gateway", { otels: [{ url: "https://collector.example", headers: { "x-key": FAKE_ANTHROPIC } }] })])).toEqual([
      'Input otels[0].headers.x-key of AiGateway "gateway" holds what looks like a raw Anthropic API key (value not shown). Pass it by reference from a Pulumi config secret or Secrets Manager, and revoke the exposed credential. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });
});
