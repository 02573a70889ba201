/**
 * engine/lazy-outputs.ts: a property the capture makes when first read is the Output the SDK
 * makes up front: the same value, known-ness, secret-ness and resources, read before the engine
 * answers, after it, or never; and the same resources registered.
 */
import * as aws from "../../vendor/pulumi-aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { captureProgram } from "../../engine/capture";
import { mocksFor } from "../../engine/mocks";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

interface Seen {
  value: unknown;
  known: boolean;
  secret: boolean;
  resources: string[];
}

async function seen(output: pulumi.Output<unknown>): Promise<Seen> {
  const o = output as unknown as { promise(withUnknowns?: boolean): Promise<unknown>; isKnown: Promise<boolean>; isSecret: Promise<boolean>; allResources(): Promise<Set<pulumi.Resource>> };
  const resources = await Promise.all([...(await o.allResources())].map((r) => new Promise<string>((ok) => r.urn.apply(ok))));
  return { value: await o.promise(true), known: await o.isKnown, secret: await o.isSecret, resources: resources.sort() };
}

/** Reads properties before the engine answers, after it, never, and assigns one. */
function program(): Record<string, pulumi.Output<unknown>> {
  const key = new aws.kms.Key("key", { description: "k", enableKeyRotation: true });
  const before = key.arn;
  const secret = new aws.secretsmanager.Secret("secret", { kmsKeyId: before, namePrefix: "s-" }, { additionalSecretOutputs: ["name"] });
  const after = key.arn.apply(() => pulumi.all([key.keyId, secret.name, secret.arn, key.description]));
  const version = new aws.secretsmanager.SecretVersion("version", { secretId: secret.id, secretString: pulumi.secret("value") });
  const topic = new aws.sns.Topic("topic", {});
  (topic as unknown as Record<string, unknown>).displayName = "assigned";
  return { before, after, version: version.secretString, secretName: secret.name, assigned: pulumi.output((topic as unknown as Record<string, unknown>).displayName) };
}

/** The same program under plain setMocks: the SDK's own Outputs. */
async function underTheSdk(preview: boolean): Promise<Record<string, Seen>> {
  await pulumi.runtime.setMocks(mocksFor("eu-west-1", { firstPreview: preview }), "switchyard", "dev", preview);
  const outputs = program();
  const result = Object.fromEntries(await Promise.all(Object.entries(outputs).map(async ([k, v]) => [k, await seen(v)] as const)));
  await settings.waitForRPCs();
  return result;
}

describe("outputs made when first read, during a capture", () => {
  for (const preview of [false, true]) {
    it(`resolve as the SDK's own${preview ? ", unknowns included (first preview)" : ""}, and the same resources register`, async () => {
      let seenInCapture: Promise<Record<string, Seen>> | undefined;
      const captured = await captureProgram({
        project: "switchyard",
        stack: "dev",
        mocks: mocksFor("eu-west-1", { firstPreview: preview }),
        preview,
        program: () => {
          const outputs = program();
          seenInCapture = Promise.all(Object.entries(outputs).map(async ([k, v]) => [k, await seen(v)] as const)).then(Object.fromEntries);
          return {};
        },
      });
      const sdk = await underTheSdk(preview);
      expect(await seenInCapture).toEqual(sdk);
      // What is compared is what it should be: an ARN (unknown in a first preview), a secret, a plain assignment.
      expect(sdk.before).toMatchObject(preview ? { known: false } : { known: true, value: expect.stringMatching(/^arn:aws:kms:/) });
      expect(sdk.version).toMatchObject({ secret: true, value: "value" });
      expect(sdk.assigned).toMatchObject({ value: "assigned", resources: [] });
      expect(captured.resources.map((r) => r.type).sort()).toEqual(["aws:kms/key:Key", "aws:secretsmanager/secret:Secret", "aws:secretsmanager/secretVersion:SecretVersion", "aws:sns/topic:Topic"]);
    });
  }
});
