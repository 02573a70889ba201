import { validateTypes } from "../support/of-type";
import type { SwitchyardResourcePolicy } from "../support/policy";
import { peek, UNKNOWN } from "../support/known";
import { TYPES } from "../support/types";

const AWS_MANAGED = /^(alias\/aws\/|arn:aws[a-z-]*:kms:[^:]*:\d{12}:alias\/aws\/)/;

/** Secrets under the AWS-managed key can be read by anyone with secretsmanager:GetSecretValue; a CMK's policy adds a second gate and its own audit trail. */
export const secretsCustomerManagedKey: SwitchyardResourcePolicy = {
  name: "switchyard-secrets-customer-managed-key",
  description: "Every Secrets Manager secret is encrypted with a customer-managed KMS key (kmsKeyId set, not an alias/aws/* key).",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Set kmsKeyId on the secret to the stack's customer-managed KMS key (the KMS key the components create, with rotation on).",
  validateResource: validateTypes<Record<string, unknown>>(TYPES.Secret, (_s, args, report) => {
    const key = peek(args.props, "kmsKeyId");
    if (key === UNKNOWN) return; // a key created in this program: known only after creation
    if (key === undefined || key === null || key === "") {
      report(`Secret "${args.name}" has no kmsKeyId, so it is encrypted with the AWS-managed aws/secretsmanager key. Set kmsKeyId to the stack's customer-managed KMS key.`);
    } else if (AWS_MANAGED.test(String(key))) {
      report(`Secret "${args.name}" uses the AWS-managed key ${String(key)}. Set kmsKeyId to the stack's customer-managed KMS key.`);
    }
  }),
};
