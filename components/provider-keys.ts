/**
 * Upstream provider credentials. Per key: the system of record in AWS Secrets Manager under the
 * stack's KMS key (created here for `pulumiSecret` sources; an `awsSecretArn` source already is
 * one). Per key the gateway serves (one per provider, stacks/gateway-keys.ts): the gateway's BYOK
 * provider config under alias `default`, which holds the key in the gateway's Secrets Store and
 * owns that secret (byok-provider-config.ts). Direct-only keys never reach Cloudflare. Values stay
 * Pulumi secrets end to end; the component's inputs hold only where a value lives (a config key
 * name or a secret ARN).
 */
import * as aws from "../vendor/pulumi-aws";
import * as pulumi from "@pulumi/pulumi";
import { exactlyOneProblem, KEY_SOURCE_FIELDS } from "../stacks/exactly-one";
import { DEFAULT_BYOK_ALIAS } from "../stacks/gateway-keys";
import { formerNames } from "./aliases";
import { providerKeySecretPolicy, readerGrantPolicy, roleNameOf } from "./aws-policy-documents";
import { ByokProviderConfig } from "./byok-provider-config";
import { COMPONENT_TYPES, type ProviderKeysArgs, recoveryWindowDays } from "./contract";
import { secretValue } from "./secret-reference";
import { TAG, environmentTags, tagValue } from "./tags";

/** The logical name of the gateway's BYOK config for a provider. */
export function byokConfigName(component: string, provider: string): string {
  return `${component}-byok-${provider}`;
}

/** The logical name of a reader role's grant: one per role (IAM role names are unique in an account). */
export function readerGrantName(component: string, roleName: string): string {
  return `${component}-reader-${roleName}`;
}

/** Per reader role ARN, the provider key labels it reads, both sorted. */
export function keysByReader(directReaders: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const [label, roles] of Object.entries(directReaders)) for (const role of roles) (out[role] ??= new Set()).add(label);
  return Object.fromEntries(Object.keys(out).sort().map((role) => [role, [...out[role]].sort()]));
}

export class ProviderKeys extends pulumi.ComponentResource {
  /** Per key label, the ARN of its Secrets Manager secret (created or referenced). */
  readonly secretArns: Record<string, pulumi.Output<string>> = {};
  /** Per gateway-served key label, the id of the Secrets Store secret its BYOK config keeps the key in. */
  readonly storeSecretIds: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: ProviderKeysArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.ProviderKeys, name, args, opts);
    const config = new pulumi.Config();
    const served = new Set(args.gatewayKeys);

    for (const [label, key] of Object.entries(args.keys)) {
      const child = `${name}-${label}`;
      // A renamed key keeps its secret and version (same ARN, same value history).
      const aliased = (suffix: string) => formerNames(key.renamedFrom, (old) => `${name}-${old}${suffix}`);
      const tags = { ...environmentTags(args.environment), [TAG.providerKey]: tagValue(label) };
      const problem = exactlyOneProblem(key.source, KEY_SOURCE_FIELDS);
      if (problem) throw new Error(`providerKeys.${label}.source: ${problem}`);
      if (key.source.pulumiSecret !== undefined) {
        const secret = new aws.secretsmanager.Secret(
          `${child}-secret`,
          {
            namePrefix: `switchyard/${args.environment}/provider-key/${label}-`,
            description: `Switchyard ${args.environment}: provider key ${label} (${key.provider}); owner ${key.owner}`,
            kmsKeyId: args.kmsKeyArn,
            recoveryWindowInDays: recoveryWindowDays(args.protect),
            // The same policy at any number of readers: they read by their own IAM grant (below).
            policy: pulumi.output(args.caller).apply((caller) => JSON.stringify(providerKeySecretPolicy(caller))),
            tags,
          },
          // The name is set once, at creation: a renamed key keeps its secret.
          { parent: this, protect: args.protect, ignoreChanges: ["namePrefix"], ...aliased("-secret") },
        );
        // Rotation is a new version: secretString is ForceNew (terraform-provider-aws
        // internal/service/secretsmanager/secret_version.go), so a new value replaces the version.
        // The version is not protected, as Pulumi refuses to replace a resource protected in the
        // program and in the state (pulumi/pulumi pkg/resource/deploy/step_generator.go: `new.Protect
        // && old.Protect`), and unprotecting it loses nothing: the replacement creates the new
        // version, which becomes AWSCURRENT (the old one AWSPREVIOUS), and the old version's delete
        // only removes its staging labels other than AWSCURRENT (resourceSecretVersionDelete), never
        // the value. The secret that holds every version stays protected.
        new aws.secretsmanager.SecretVersion(`${child}-secret-version`, { secretId: secret.id, secretString: config.requireSecret(key.source.pulumiSecret) }, { parent: this, ...aliased("-secret-version") });
        this.secretArns[label] = secret.arn;
      } else {
        this.secretArns[label] = pulumi.output(key.source.awsSecretArn!);
      }

      if (!served.has(label)) continue;
      // Named by provider, not key: the gateway holds one config per provider, so serving another
      // key of that provider is an in-place key update, not a second config beside the first.
      const byok = new ByokProviderConfig(
        byokConfigName(name, key.provider),
        { accountId: args.accountId, gatewayId: args.gatewayId, alias: DEFAULT_BYOK_ALIAS, providerSlug: key.provider, defaultConfig: true, secret: secretValue(key.source, config, this) },
        // The config holds the key: protected like the secrets it replaces.
        { parent: this, protect: args.protect },
      );
      this.storeSecretIds[label] = byok.secretId;
    }

    // One inline policy per reader role, whatever number of workloads share the role: it grows with
    // the provider keys the role reads, not with the workloads (IAM counts a role's inline policies
    // together: vendor/limits.ts iamRoleInlinePolicyCharacters).
    const owned = new Set(Object.keys(args.keys).filter((label) => args.keys[label].source.pulumiSecret !== undefined));
    for (const [roleArn, labels] of Object.entries(keysByReader(args.directReaders))) {
      const role = roleNameOf(roleArn);
      const arns = labels.map((label) => {
        const arn = this.secretArns[label];
        if (arn === undefined) throw new Error(`directReaders: no provider key ${label}`);
        return arn;
      });
      const stackKeyArns = labels.filter((label) => owned.has(label)).map((label) => this.secretArns[label]);
      new aws.iam.RolePolicy(
        readerGrantName(name, role),
        {
          role,
          name: `switchyard-${args.environment}-provider-keys`,
          policy: pulumi
            .all([pulumi.all(arns), pulumi.all(stackKeyArns), pulumi.output(args.kmsKeyArn)])
            .apply(([secretArns, stackKeySecretArns, stackKeyArn]) => JSON.stringify(readerGrantPolicy({ secretArns, stackKeySecretArns, stackKeyArn, region: args.region }))),
        },
        { parent: this },
      );
    }
    this.registerOutputs({ secretArns: this.secretArns });
  }
}
