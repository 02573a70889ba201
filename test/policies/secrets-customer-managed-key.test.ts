import { describe, expect, it } from "vitest";
import { secretsCustomerManagedKey } from "../../policies/rules/secrets-customer-managed-key";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { messages, resource, UNKNOWN_STRING } from "./harness";

const key = resource(TYPES.KmsKey, "secrets-key", { enableKeyRotation: true });
const bucket = resource("aws:s3/bucket:Bucket", "somewhere", {});
const secret = (over: Record<string, unknown>, build: Parameters<typeof resource>[3] = {}) => resource(TYPES.Secret, "openai-main", { name: "prod/openai-main", recoveryWindowInDays: 7, ...over }, build);

describe("switchyard-secrets-customer-managed-key", () => {
  it("passes a secret under a key ARN", async () => {
    expect(await messages(secretsCustomerManagedKey, [secret({ kmsKeyId: "arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab" })])).toEqual([]);
  });

  it("judges a kmsKeyId unknown in a first preview by what it comes from: a KMS key of the stack passes, anything else is reported", async () => {
    expect(await messages(secretsCustomerManagedKey, [key, secret({ kmsKeyId: UNKNOWN_STRING }, { propertyDependencies: { kmsKeyId: [key] } })])).toEqual([]);
    expect(await messages(secretsCustomerManagedKey, [bucket, secret({ kmsKeyId: UNKNOWN_STRING }, { propertyDependencies: { kmsKeyId: [bucket] } })])).toEqual([
      'Secret "openai-main" takes its kmsKeyId from a value computed at deploy time that no KMS key of this stack provides, so it cannot be shown to be customer-managed. Set kmsKeyId to the stack\'s customer-managed KMS key. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  it("reports a secret with no kmsKeyId", async () => {
    expect(await messages(secretsCustomerManagedKey, [secret({})])).toEqual([
      'Secret "openai-main" has no kmsKeyId, so it is encrypted with the AWS-managed aws/secretsmanager key. Set kmsKeyId to the stack\'s customer-managed KMS key. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  it("reports an AWS-managed alias, by name or by ARN", async () => {
    expect(
      await messages(secretsCustomerManagedKey, [secret({ kmsKeyId: "alias/aws/secretsmanager" }), secret({ kmsKeyId: "arn:aws:kms:us-east-1:210987654321:alias/aws/secretsmanager" })]),
    ).toEqual([
      'Secret "openai-main" uses the AWS-managed key alias/aws/secretsmanager. Set kmsKeyId to the stack\'s customer-managed KMS key. ' + NOT_FROM_A_STACK_FILE,
      'Secret "openai-main" uses the AWS-managed key arn:aws:kms:us-east-1:210987654321:alias/aws/secretsmanager. Set kmsKeyId to the stack\'s customer-managed KMS key. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });
});
