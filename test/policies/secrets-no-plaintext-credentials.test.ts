import { describe, expect, it } from "vitest";
import { secretsNoPlaintextCredentials } from "../../policies/rules/secrets-no-plaintext-credentials";
import { TYPES } from "../../policies/support/types";
import { messages, resource, UNKNOWN_STRING } from "./harness";

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
    expect(found).toEqual(['Input alias of ByokProviderConfig "byok" holds what looks like a raw Anthropic API key (value not shown). Pass it by reference from a Pulumi config secret or Secrets Manager, and revoke the exposed credential.']);
  });

  it("reports a credential nested in an input, by path and kind, never by value", async () => {
    const found = await messages(secretsNoPlaintextCredentials, [
      resource("cloudflare:index/workersScript:WorkersScript", "front-door", { bindings: [{ name: "ENVIRONMENT", type: "plain_text", text: "prod" }, { name: "UPSTREAM", type: "plain_text", text: `Bearer x ${FAKE_ANTHROPIC}` }] }),
    ]);
    expect(found).toEqual([
      'Input bindings[1].text of WorkersScript "front-door" holds what looks like a raw Anthropic API key (value not shown). Pass it by reference from a Pulumi config secret or Secrets Manager, and revoke the exposed credential.',
    ]);
    expect(found.join("\n")).not.toContain(FAKE_ANTHROPIC);
  });

  it("reports a secret-wrapped credential outside the secret stores, and an AWS access key in tags", async () => {
    const found = await messages(secretsNoPlaintextCredentials, [
      resource(TYPES.Workload, "w", { workload: "w", note: { [SECRET_SIG]: SECRET_VALUE, value: FAKE_ANTHROPIC } }),
      resource(TYPES.Topic, "alerts", { tags: { owner: FAKE_AWS } }),
    ]);
    expect(found).toEqual([
      'Input note of Workload "w" holds what looks like a raw Anthropic API key (value not shown). Pass it by reference from a Pulumi config secret or Secrets Manager, and revoke the exposed credential.',
      'Input tags.owner of Topic "alerts" holds what looks like a raw AWS access key id (value not shown). Pass it by reference from a Pulumi config secret or Secrets Manager, and revoke the exposed credential.',
    ]);
    expect(found.join("\n")).not.toMatch(/QWERTYUIOP|QwErTy/);
  });
});
