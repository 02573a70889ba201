/**
 * A secret's value from where the stack file says it lives: a Pulumi config secret, or an existing
 * AWS Secrets Manager secret read at deploy time. Always a Pulumi secret, so it stays encrypted in
 * state and masked in previews; the stack file and the components' inputs hold only the reference.
 */
import * as aws from "../vendor/pulumi-aws";
import * as pulumi from "@pulumi/pulumi";
import type { SecretReference } from "../stacks/schema";

export function secretValue(ref: SecretReference, config: pulumi.Config, parent: pulumi.Resource): pulumi.Output<string> {
  if (ref.pulumiSecret) return config.requireSecret(ref.pulumiSecret);
  if (ref.awsSecretArn) return pulumi.secret(aws.secretsmanager.getSecretVersionOutput({ secretId: ref.awsSecretArn }, { parent }).secretString);
  throw new Error("a secret reference names neither pulumiSecret nor awsSecretArn");
}
