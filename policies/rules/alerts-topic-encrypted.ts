import type { PolicyResource } from "@pulumi/policy";
import type { SwitchyardStackPolicy } from "../support/policy";
import { decisive, peek, UNKNOWN } from "../support/known";
import { TYPES } from "../support/types";
import { NOT_FROM_A_STACK_FILE } from "../support/stack-file-origin";

const SERVICES = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"];
const NEEDED = ["kms:GenerateDataKey*", "kms:Decrypt"];

interface Statement {
  Effect?: string;
  Principal?: { Service?: string | string[] } | string;
  Action?: string | string[];
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function grants(action: string, wanted: string): boolean {
  if (action === "*" || action === "kms:*") return true;
  if (action === wanted) return true;
  return wanted === "kms:GenerateDataKey*" && action === "kms:GenerateDataKey";
}

/** Services missing a grant in a key policy document. */
export function missingPublishGrants(policyJson: unknown): string[] {
  let statements: Statement[] = [];
  try {
    const doc = JSON.parse(String(policyJson)) as { Statement?: Statement | Statement[] };
    statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return [...SERVICES];
  }
  return SERVICES.filter((service) => {
    const allowed = statements
      .filter((s) => s.Effect === "Allow" && typeof s.Principal === "object" && asList(s.Principal.Service).includes(service))
      .flatMap((s) => asList(s.Action));
    return !NEEDED.every((n) => allowed.some((a) => grants(a, n)));
  });
}

function keyOf(topic: PolicyResource, all: readonly PolicyResource[]): PolicyResource | undefined {
  const linked = [...(topic.propertyDependencies.kmsMasterKeyId ?? []), ...topic.dependencies].find((r) => r.type === TYPES.KmsKey);
  if (linked) return linked;
  const siblings = all.filter((r) => r.type === TYPES.KmsKey && r.parent === topic.parent);
  return siblings.length === 1 ? siblings[0] : undefined;
}

/** Alarms and budgets can only notify through a topic whose key lets their services publish. */
export const alertsTopicEncrypted: SwitchyardStackPolicy = {
  name: "switchyard-alerts-topic-encrypted",
  description:
    "Every SNS topic is encrypted with a customer-managed KMS key declared in the stack whose key policy lets cloudwatch.amazonaws.com and budgets.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt (the AWS-managed alias/aws/sns key does not).",
  severity: "medium",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps:
    "Set kmsMasterKeyId on the topic to the alerts KMS key, and give that key a policy statement allowing the cloudwatch.amazonaws.com and budgets.amazonaws.com service principals kms:GenerateDataKey* and kms:Decrypt.",
  unknownValues:
    "An unknown kmsMasterKeyId (a key created in the same preview) is judged by the key it comes from (the topic's dependency on it) and that key's policy; an unknown key policy makes the engine report that the policy can't run during preview.",
  validateStack: (args, report) => {
    for (const topic of args.resources.filter((r) => r.type === TYPES.Topic)) {
      const name = `Topic "${topic.name}"`;
      const keyId = peek(topic.props, "kmsMasterKeyId");
      if (keyId === undefined || keyId === null || keyId === "") {
        report(`${name} is not encrypted. Set kmsMasterKeyId to a customer-managed KMS key that lets CloudWatch and Budgets publish. ${NOT_FROM_A_STACK_FILE}`, topic.urn);
        continue;
      }
      if (keyId !== UNKNOWN && /alias\/aws\/sns$/.test(String(keyId))) {
        report(`${name} uses the AWS-managed alias/aws/sns key, which CloudWatch alarms and AWS Budgets cannot publish through. Use a customer-managed KMS key whose policy allows them. ${NOT_FROM_A_STACK_FILE}`, topic.urn);
        continue;
      }
      const key = keyOf(topic, args.resources);
      if (!key) {
        report(`${name} is encrypted with a key not declared in this stack, so its policy cannot be checked for CloudWatch and Budgets. Use the stack's alerts KMS key. ${NOT_FROM_A_STACK_FILE}`, topic.urn);
        continue;
      }
      const missing = missingPublishGrants(decisive(key.props, "policy"));
      if (missing.length > 0) {
        report(`${name} is encrypted with KMS key "${key.name}", whose policy does not let ${missing.join(" and ")} use kms:GenerateDataKey* and kms:Decrypt, so their notifications are dropped. Add a statement allowing ${missing.length === 1 ? "that service principal" : "those service principals"}. ${NOT_FROM_A_STACK_FILE}`, topic.urn);
      }
    }
  },
};
