import { describe, expect, it } from "vitest";
import { alertsTopicEncrypted } from "../../policies/rules/alerts-topic-encrypted";
import { NOT_FROM_A_STACK_FILE } from "../../policies/support/stack-file-origin";
import { TYPES } from "../../policies/support/types";
import { messages, resource, UNKNOWN_STRING } from "./harness";

const statement = (service: string, actions: string[]) => ({ Sid: service, Effect: "Allow", Principal: { Service: service }, Action: actions, Resource: "*" });
const keyWith = (statements: unknown[]) =>
  resource(TYPES.KmsKey, "alerts-key", { enableKeyRotation: true, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });
const goodKey = keyWith([
  { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
  statement("cloudwatch.amazonaws.com", ["kms:GenerateDataKey*", "kms:Decrypt"]),
  statement("budgets.amazonaws.com", ["kms:GenerateDataKey*", "kms:Decrypt"]),
]);
const topicOn = (key: ReturnType<typeof keyWith> | undefined, kmsMasterKeyId: string | null = UNKNOWN_STRING) =>
  resource(TYPES.Topic, "alerts-oncall", kmsMasterKeyId === null ? {} : { kmsMasterKeyId }, key ? { dependsOn: [key] } : {});

describe("switchyard-alerts-topic-encrypted", () => {
  it("passes a topic under a key that lets CloudWatch and Budgets publish (key ARN unknown in preview)", async () => {
    expect(await messages(alertsTopicEncrypted, [goodKey, topicOn(goodKey)])).toEqual([]);
  });

  it("reports an unencrypted topic and one under alias/aws/sns", async () => {
    expect(await messages(alertsTopicEncrypted, [topicOn(undefined, null), topicOn(undefined, "alias/aws/sns")])).toEqual([
      'Topic "alerts-oncall" is not encrypted. Set kmsMasterKeyId to a customer-managed KMS key that lets CloudWatch and Budgets publish. ' + NOT_FROM_A_STACK_FILE,
      'Topic "alerts-oncall" uses the AWS-managed alias/aws/sns key, which CloudWatch alarms and AWS Budgets cannot publish through. Use a customer-managed KMS key whose policy allows them. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });

  it("reports a key policy missing Budgets (Decrypt only is not enough), and a key outside the stack", async () => {
    const partial = keyWith([statement("cloudwatch.amazonaws.com", ["kms:GenerateDataKey", "kms:Decrypt"]), statement("budgets.amazonaws.com", ["kms:Decrypt"])]);
    expect(await messages(alertsTopicEncrypted, [partial, topicOn(partial)])).toEqual([
      'Topic "alerts-oncall" is encrypted with KMS key "alerts-key", whose policy does not let budgets.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt, so their notifications are dropped. Add a statement allowing that service principal. ' + NOT_FROM_A_STACK_FILE,
    ]);
    expect(await messages(alertsTopicEncrypted, [topicOn(undefined, "arn:aws:kms:us-east-1:123456789012:key/elsewhere")])).toEqual([
      'Topic "alerts-oncall" is encrypted with a key not declared in this stack, so its policy cannot be checked for CloudWatch and Budgets. Use the stack\'s alerts KMS key. ' + NOT_FROM_A_STACK_FILE,
    ]);
  });
});
