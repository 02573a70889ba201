import type { SwitchyardStackPolicy } from "../support/policy";
import { peek, UNKNOWN } from "../support/known";
import { TYPES } from "../support/types";
import { NOT_FROM_A_STACK_FILE } from "../support/stack-file-origin";

const AWS_MANAGED = /^(alias\/aws\/|arn:aws[a-z-]*:kms:[^:]*:\d{12}:alias\/aws\/)/;
/** Resources whose ARN or id is a customer-managed key: AWS-managed keys (alias/aws/*) are never created by a program. */
const STACK_KEYS: readonly string[] = [TYPES.KmsKey, TYPES.KmsAlias];

/** Secrets under the AWS-managed key can be read by anyone with secretsmanager:GetSecretValue; a CMK's policy adds a second gate and its own audit trail. */
export const secretsCustomerManagedKey: SwitchyardStackPolicy = {
  name: "switchyard-secrets-customer-managed-key",
  description: "Every Secrets Manager secret is encrypted with a customer-managed KMS key (kmsKeyId set, not an alias/aws/* key).",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Set kmsKeyId on the secret to the stack's customer-managed KMS key (the KMS key the components create, with rotation on).",
  unknownValues:
    "A kmsKeyId unknown in a preview (a key created in the same run) is judged by what it is computed from: it passes when that is a KMS key or alias of this stack (a program can only create customer-managed keys), and is reported otherwise.",
  validateStack: (args, report) => {
    for (const secret of args.resources.filter((r) => r.type === TYPES.Secret)) {
      const what = `Secret "${secret.name}"`;
      const key = peek(secret.props, "kmsKeyId");
      if (key === UNKNOWN) {
        const from = (secret.propertyDependencies.kmsKeyId ?? []).filter((d) => STACK_KEYS.includes(d.type));
        if (from.length === 0) {
          report(`${what} takes its kmsKeyId from a value computed at deploy time that no KMS key of this stack provides, so it cannot be shown to be customer-managed. Set kmsKeyId to the stack's customer-managed KMS key. ${NOT_FROM_A_STACK_FILE}`, secret.urn);
        }
      } else if (key === undefined || key === null || key === "") {
        report(`${what} has no kmsKeyId, so it is encrypted with the AWS-managed aws/secretsmanager key. Set kmsKeyId to the stack's customer-managed KMS key. ${NOT_FROM_A_STACK_FILE}`, secret.urn);
      } else if (AWS_MANAGED.test(String(key))) {
        report(`${what} uses the AWS-managed key ${String(key)}. Set kmsKeyId to the stack's customer-managed KMS key. ${NOT_FROM_A_STACK_FILE}`, secret.urn);
      }
    }
  },
};
