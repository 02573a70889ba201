import type { PolicyResource } from "@pulumi/policy";
import type { SwitchyardStackPolicy } from "../support/policy";
import { decisive, peek } from "../support/known";
import { TYPES } from "../support/types";
import { NOT_FROM_A_STACK_FILE } from "../support/stack-file-origin";

const PUBLIC_BLOCK = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/** The companion resources (encryption, public access block, ...) that configure `bucket`. */
function companions(bucket: PolicyResource, all: readonly PolicyResource[], type: string): PolicyResource[] {
  const bucketName = peek(bucket.props, "bucket");
  return all.filter((r) => {
    if (r.type !== type) return false;
    if ((r.propertyDependencies.bucket ?? []).includes(bucket) || r.dependencies.includes(bucket)) return true;
    if (r.parent === bucket) return true;
    const target = peek(r.props, "bucket");
    return typeof target === "string" && (target === bucketName || target === bucket.name);
  });
}

/** The usage ledger is the billing evidence: it must be private, encrypted, versioned and pruned on purpose. */
export const ledgerBucketHardened: SwitchyardStackPolicy = {
  name: "switchyard-ledger-bucket-hardened",
  description:
    "Every S3 bucket (the usage ledger) has default encryption, a public access block with all four settings on, versioning enabled and a lifecycle configuration with at least one enabled rule.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps:
    "Give the bucket aws.s3.BucketServerSideEncryptionConfiguration (aws:kms or AES256), BucketPublicAccessBlock (all four true), BucketVersioning (status Enabled) and BucketLifecycleConfiguration (an Enabled rule), each with bucket: <bucket>.id.",
  unknownValues:
    "Finds a bucket's settings by their dependency on it (its name may be unknown in a preview); the settings themselves are literals, and an unknown one makes the engine report that the policy can't run during preview.",
  validateStack: (args, report) => {
    for (const bucket of args.resources.filter((r) => r.type === TYPES.Bucket)) {
      const name = `Bucket "${bucket.name}"`;
      const enc = companions(bucket, args.resources, TYPES.BucketEncryption).filter((e) => {
        const rules = decisive(e.props, "rules");
        return Array.isArray(rules) && rules.some((r: { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } }) => !!r?.applyServerSideEncryptionByDefault?.sseAlgorithm);
      });
      if (enc.length === 0) report(`${name} has no default encryption. Add a BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms (or AES256). ${NOT_FROM_A_STACK_FILE}`, bucket.urn);
      const blocks = companions(bucket, args.resources, TYPES.BucketPublicAccessBlock);
      const off = blocks.length === 0 ? [...PUBLIC_BLOCK] : PUBLIC_BLOCK.filter((f) => !blocks.some((b) => decisive(b.props, f) === true));
      if (off.length > 0) report(`${name} does not block public access (${off.join(", ")} not true). Add a BucketPublicAccessBlock with all four settings true. ${NOT_FROM_A_STACK_FILE}`, bucket.urn);
      const versioned = companions(bucket, args.resources, TYPES.BucketVersioning).some((v) => (decisive(v.props, "versioningConfiguration") as { status?: string } | undefined)?.status === "Enabled");
      if (!versioned) report(`${name} is not versioned, so an overwritten or deleted ledger day cannot be recovered. Add a BucketVersioning with status Enabled. ${NOT_FROM_A_STACK_FILE}`, bucket.urn);
      const pruned = companions(bucket, args.resources, TYPES.BucketLifecycle).some((l) => {
        const rules = decisive(l.props, "rules");
        return Array.isArray(rules) && rules.some((r: { status?: string }) => r?.status === "Enabled");
      });
      if (!pruned) report(`${name} has no enabled lifecycle rule, so ledger objects and old versions are kept forever. Add a BucketLifecycleConfiguration with an Enabled rule (expiry after the retention period). ${NOT_FROM_A_STACK_FILE}`, bucket.urn);
    }
  },
};
