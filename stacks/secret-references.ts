/**
 * Every place a stack file names where a secret lives: provider keys' sources and OpenTelemetry
 * headers given by reference. What a deploy needs in Pulumi config (`pulumi config set --secret`)
 * and in Secrets Manager, in one list.
 */
import type { FieldPath } from "./checks";
import type { SecretReference, StackSpec } from "./schema";

export interface NamedSecretReference {
  /** Where the reference sits in the stack file. */
  path: FieldPath;
  ref: SecretReference;
}

export function secretReferences(spec: StackSpec): NamedSecretReference[] {
  const found: NamedSecretReference[] = Object.entries(spec.providerKeys).map(([name, key]) => ({ path: ["providerKeys", name, "source"], ref: key.source }));
  for (const [name, exporter] of Object.entries(spec.gateway.openTelemetry)) {
    for (const [header, value] of Object.entries(exporter.headers)) {
      if (value.pulumiSecret !== undefined || value.awsSecretArn !== undefined) {
        found.push({ path: ["gateway", "openTelemetry", name, "headers", header], ref: { pulumiSecret: value.pulumiSecret, awsSecretArn: value.awsSecretArn } });
      }
    }
  }
  return found;
}

/** The Pulumi config secrets the stack reads, each once. */
export function pulumiSecretNames(spec: StackSpec): string[] {
  return [...new Set(secretReferences(spec).flatMap(({ ref }) => (ref.pulumiSecret !== undefined ? [ref.pulumiSecret] : [])))];
}
