import { describe, expect, it } from "vitest";
import { secretsByReference } from "../../policies/rules/secrets-by-reference";
import { providerKeys } from "./fixtures";
import { messages } from "./harness";

const FAKE_OPENAI = ["sk", "proj", "AbCdEfGhIjKlMnOpQrStUvWxYz012345"].join("-");
const base = { provider: "openai" as const, owner: "platform@acme.example", rotation: { everyDays: 90, lastRotated: "2026-10-15" } };

describe("switchyard-secrets-by-reference", () => {
  it("passes keys given by config name and by Secrets Manager ARN", async () => {
    expect(await messages(secretsByReference, [providerKeys()])).toEqual([]);
  });

  it("reports a raw key in pulumiSecret without echoing it", async () => {
    const found = await messages(secretsByReference, [providerKeys({ leaked: { ...base, source: { pulumiSecret: FAKE_OPENAI } } })]);
    expect(found).toEqual([
      'Provider key "leaked": source.pulumiSecret holds what looks like a raw OpenAI API key. Never put a credential in the stack: store it with pulumi config set --secret and reference it by name, then revoke the exposed key at the provider.',
    ]);
    expect(found.join("\n")).not.toContain(FAKE_OPENAI);
    expect(found.join("\n")).not.toContain("AbCdEfGh");
  });

  it("reports a value field, both references, neither, and malformed references (keys in the engine's order: sorted)", async () => {
    expect(
      await messages(secretsByReference, [
        providerKeys({
          inline: { ...base, source: { value: "not-a-key" } },
          both: { ...base, source: { pulumiSecret: "openaiApiKey", awsSecretArn: "arn:aws:secretsmanager:us-east-1:210987654321:secret:x-AbCdEf" } },
          badname: { ...base, source: { pulumiSecret: "has spaces" } },
          badarn: { ...base, source: { awsSecretArn: "arn:aws:s3:::bucket" } },
        } as never),
      ]),
    ).toEqual([
      'Provider key "badarn": source.awsSecretArn must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>).',
      'Provider key "badname": source.pulumiSecret must be a Pulumi config key name such as openaiApiKey.',
      'Provider key "both": source: expected exactly one of pulumiSecret or awsSecretArn, found pulumiSecret and awsSecretArn. Name the one place the key lives.',
      'Provider key "inline": source has "value"; only pulumiSecret or awsSecretArn may name where the key lives.',
      'Provider key "inline": source: expected exactly one of pulumiSecret or awsSecretArn, found none. Name the one place the key lives.',
    ]);
  });
});
