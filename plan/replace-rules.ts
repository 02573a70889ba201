/**
 * Which input changes make the engine replace a resource rather than update it in place. From
 * ../shared/reference/cloudflare-aws-facts.md and docs/resources.md ("Which edits replace what")
 * where they say so (marked "facts"), else from the
 * providers' schemas as their docs describe them (ForceNew attributes; marked "provider docs",
 * unverified here: no provider plugin runs offline). An input not listed updates in place.
 */
import { BYOK_PROVIDER_CONFIG_TYPE, BYOK_REPLACING_INPUTS } from "../components/contract";

const RULES: Record<string, { inputs: string[] | "any"; source: "facts" | "provider docs" }> = {
  "cloudflare:index/aiGatewayDynamicRouting:AiGatewayDynamicRouting": { inputs: ["elements", "name", "gatewayId", "accountId"], source: "facts" },
  "aws:secretsmanager/secretVersion:SecretVersion": { inputs: ["secretString", "secretId"], source: "facts" },
  "aws:budgets/budget:Budget": { inputs: ["name", "namePrefix"], source: "facts" },
  // Only the key of a BYOK provider config changes in place (PUT); the dynamic provider's diff says which.
  [BYOK_PROVIDER_CONFIG_TYPE]: { inputs: [...BYOK_REPLACING_INPUTS], source: "facts" },
  "cloudflare:index/aiGateway:AiGateway": { inputs: ["aiGatewayId", "accountId"], source: "provider docs" },
  "cloudflare:index/workersKvNamespace:WorkersKvNamespace": { inputs: ["accountId"], source: "provider docs" },
  "cloudflare:index/workersKv:WorkersKv": { inputs: ["keyName", "namespaceId", "accountId"], source: "provider docs" },
  "cloudflare:index/workersScript:WorkersScript": { inputs: ["scriptName", "accountId"], source: "provider docs" },
  "cloudflare:index/workersCustomDomain:WorkersCustomDomain": { inputs: ["hostname", "zoneId", "accountId"], source: "provider docs" },
  "random:index/randomBytes:RandomBytes": { inputs: "any", source: "provider docs" },
  "aws:secretsmanager/secret:Secret": { inputs: ["name", "namePrefix"], source: "provider docs" },
  "aws:sns/topic:Topic": { inputs: ["name", "namePrefix", "fifoTopic"], source: "provider docs" },
  "aws:sns/topicSubscription:TopicSubscription": { inputs: ["endpoint", "protocol", "topic"], source: "provider docs" },
  "aws:s3/bucket:Bucket": { inputs: ["bucket", "bucketPrefix"], source: "provider docs" },
  "aws:iam/role:Role": { inputs: ["name", "namePrefix"], source: "provider docs" },
  "aws:iam/rolePolicy:RolePolicy": { inputs: ["name", "namePrefix", "role"], source: "provider docs" },
  "aws:lambda/function:Function": { inputs: ["name"], source: "provider docs" },
  "aws:cloudwatch/logGroup:LogGroup": { inputs: ["name", "namePrefix"], source: "provider docs" },
  "aws:kms/alias:Alias": { inputs: ["name", "namePrefix"], source: "provider docs" },
};

/** The changed inputs that force a replacement of a resource of this type. */
export function replacingInputs(type: string, changedInputs: readonly string[]): string[] {
  const rule = RULES[type];
  if (!rule) return [];
  if (rule.inputs === "any") return [...changedInputs];
  return changedInputs.filter((i) => (rule.inputs as string[]).includes(i));
}
