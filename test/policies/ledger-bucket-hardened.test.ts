import { describe, expect, it } from "vitest";
import { ledgerBucketHardened } from "../../policies/rules/ledger-bucket-hardened";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { messages, resource, UNKNOWN_STRING } from "./harness";

const ledger = resource("switchyard:index:UsageLedger", "usage-ledger", {});
const bucket = resource(TYPES.Bucket, "usage-ledger-bucket", { bucketPrefix: "switchyard-prod-ledger-" }, { parent: ledger });
const on = (type: string, name: string, inputs: Record<string, unknown>) => resource(type, name, { bucket: UNKNOWN_STRING, ...inputs }, { parent: ledger, dependsOn: [bucket] });
const encryption = on(TYPES.BucketEncryption, "ledger-sse", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN_STRING }, bucketKeyEnabled: true }] });
const block = (over: Record<string, unknown> = {}) =>
  on(TYPES.BucketPublicAccessBlock, "ledger-public-access", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...over });
const versioning = (status: string) => on(TYPES.BucketVersioning, "ledger-versioning", { versioningConfiguration: { status } });
const lifecycle = (status: string) => on(TYPES.BucketLifecycle, "ledger-lifecycle", { rules: [{ id: "retention", status, expiration: { days: 400 } }] });

describe("switchyard-ledger-bucket-hardened", () => {
  it("passes a bucket with encryption, public access block, versioning and lifecycle (bucket ids unknown in preview)", async () => {
    expect(await messages(ledgerBucketHardened, [ledger, bucket, encryption, block(), versioning("Enabled"), lifecycle("Enabled")])).toEqual([]);
  });

  it("reports a bare bucket on all four counts", async () => {
    expect(await messages(ledgerBucketHardened, [ledger, bucket])).toEqual([
      'Bucket "usage-ledger-bucket" has no default encryption. Add a BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms (or AES256). ' + NOT_FROM_A_STACK_FILE,
      'Bucket "usage-ledger-bucket" does not block public access (blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets not true). Add a BucketPublicAccessBlock with all four settings true. ' + NOT_FROM_A_STACK_FILE,
      'Bucket "usage-ledger-bucket" is not versioned, so an overwritten or deleted ledger day cannot be recovered. Add a BucketVersioning with status Enabled. ' + NOT_FROM_A_STACK_FILE,
      'Bucket "usage-ledger-bucket" has no enabled lifecycle rule, so ledger objects and old versions are kept forever. Add a BucketLifecycleConfiguration with an Enabled rule (expiry after the retention period). ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  it("reports a partial public access block, suspended versioning and a disabled lifecycle rule", async () => {
    expect(await messages(ledgerBucketHardened, [ledger, bucket, encryption, block({ restrictPublicBuckets: false }), versioning("Suspended"), lifecycle("Disabled")])).toEqual([
      'Bucket "usage-ledger-bucket" does not block public access (restrictPublicBuckets not true). Add a BucketPublicAccessBlock with all four settings true. ' + NOT_FROM_A_STACK_FILE,
      'Bucket "usage-ledger-bucket" is not versioned, so an overwritten or deleted ledger day cannot be recovered. Add a BucketVersioning with status Enabled. ' + NOT_FROM_A_STACK_FILE,
      'Bucket "usage-ledger-bucket" has no enabled lifecycle rule, so ledger objects and old versions are kept forever. Add a BucketLifecycleConfiguration with an Enabled rule (expiry after the retention period). ' + NOT_FROM_A_STACK_FILE,
    ]);
  });
});
