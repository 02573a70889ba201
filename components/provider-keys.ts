/**
 * Upstream provider credentials. Per key: the system of record in AWS Secrets Manager under the
 * stack's KMS key (created here for `pulumiSecret` sources; an `awsSecretArn` source already is
 * one), a Cloudflare Secrets Store secret scoped to `ai_gateway`, and the gateway's BYOK provider
 * config pointing at it. Values stay Pulumi secrets end to end; the component's inputs hold only
 * where a value lives (a config key name or a secret ARN).
 */
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { ProviderKeySpec } from "../stacks/schema";
import { readersOnlySecretPolicy } from "./aws-policy-documents";
import { ByokProviderConfig } from "./byok-provider-config";
import { COMPONENT_TYPES, type ProviderKeysArgs } from "./contract";
import { TAG, environmentTags, tagValue } from "./tags";

/** The default BYOK config per provider: the alphabetically first key label of that provider. */
export function defaultKeyPerProvider(keys: Readonly<Record<string, ProviderKeySpec>>): Set<string> {
  const first = new Map<string, string>();
  for (const label of Object.keys(keys).sort()) if (!first.has(keys[label].provider)) first.set(keys[label].provider, label);
  return new Set(first.values());
}

export class ProviderKeys extends pulumi.ComponentResource {
  /** Per key label, the ARN of its Secrets Manager secret (created or referenced). */
  readonly secretArns: Record<string, pulumi.Output<string>> = {};
  /** Per key label, the id of its Secrets Store secret. */
  readonly storeSecretIds: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: ProviderKeysArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.ProviderKeys, name, args, opts);
    const config = new pulumi.Config();
    const defaults = defaultKeyPerProvider(args.keys);

    for (const [label, key] of Object.entries(args.keys)) {
      const child = `${name}-${label}`;
      const tags = { ...environmentTags(args.environment), [TAG.providerKey]: tagValue(label) };
      let value: pulumi.Output<string>;

      if (key.source.pulumiSecret) {
        value = config.requireSecret(key.source.pulumiSecret);
        const secret = new aws.secretsmanager.Secret(
          `${child}-secret`,
          {
            namePrefix: `switchyard/${args.environment}/provider-key/${label}-`,
            description: `Switchyard ${args.environment}: provider key ${label} (${key.provider}); owner ${key.owner}`,
            kmsKeyId: args.kmsKeyArn,
            recoveryWindowInDays: args.protect ? 30 : 7,
            policy: pulumi.output(args.caller).apply((caller) => JSON.stringify(readersOnlySecretPolicy(args.directReaders[label] ?? [], caller))),
            tags,
          },
          { parent: this, protect: args.protect },
        );
        new aws.secretsmanager.SecretVersion(`${child}-secret-version`, { secretId: secret.id, secretString: value }, { parent: this, protect: args.protect });
        this.secretArns[label] = secret.arn;
      } else if (key.source.awsSecretArn) {
        const arn = key.source.awsSecretArn;
        value = pulumi.secret(aws.secretsmanager.getSecretVersionOutput({ secretId: arn }, { parent: this }).secretString);
        this.secretArns[label] = pulumi.output(arn);
      } else {
        throw new Error(`providerKeys.${label}.source: expected exactly one of pulumiSecret or awsSecretArn`);
      }

      // Name convention {gateway}_{provider}_{alias} for BYOK secrets: from third-party docs, unverified.
      const storeSecret = new cloudflare.SecretsStoreSecret(
        `${child}-store-secret`,
        {
          accountId: args.accountId,
          storeId: args.storeId,
          name: pulumi.interpolate`${args.gatewayId}_${key.provider}_${label}`,
          scopes: ["ai_gateway"],
          value,
          comment: `Switchyard ${args.environment}: ${label} (${key.provider})`,
        },
        { parent: this, protect: args.protect },
      );
      this.storeSecretIds[label] = storeSecret.id;

      new ByokProviderConfig(
        `${child}-byok`,
        { accountId: args.accountId, gatewayId: args.gatewayId, alias: label, providerSlug: key.provider, secretId: storeSecret.id, defaultConfig: defaults.has(label) },
        { parent: this },
      );
    }
    this.registerOutputs({ secretArns: this.secretArns });
  }
}
