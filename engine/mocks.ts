/**
 * What the offline engine answers in place of the cloud providers: plausible ids, ARNs and
 * data-source results, derived from resource names only, so every run of the same stack file
 * gives the same resources. Shared by the capture (engine/capture.ts) and the language-host test's
 * gRPC monitor, so both runs of the program see the same answers.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { AI_GATEWAY_RUN_PERMISSION_GROUP, AI_GATEWAY_RUN_PERMISSION_GROUP_ID } from "../vendor/cloudflare";
import { nameOfUrn } from "./urns";

/** The AWS account and deploying principal the mock engine pretends to be, unless told the stack's account. */
export const MOCK_ACCOUNT_ID = "123456789012";
export const mockCallerArn = (accountId: string = MOCK_ACCOUNT_ID) => `arn:aws:sts::${accountId}:assumed-role/switchyard-deployer/mock-session`;
export const MOCK_CALLER_ARN = mockCallerArn();
export const MOCK_SECRETS_STORE_ID = "0123456789abcdef0123456789abcdef";
/** What a referenced (awsSecretArn) provider key's value reads as under mocks. */
export const awsSecretPlaceholder = (arn: string) => `<placeholder:${arn}>`;
export const configPlaceholder = (name: string) => `<placeholder:${name}>`;

/** Permission groups the mock knows by name: the published ids (vendor/cloudflare.ts). */
const KNOWN_PERMISSION_GROUP_IDS: Record<string, string> = { [AI_GATEWAY_RUN_PERMISSION_GROUP]: AI_GATEWAY_RUN_PERMISSION_GROUP_ID };

export interface MockOptions {
  /**
   * Answer as a first `pulumi preview` does, before anything exists: a resource's outputs are its
   * inputs and nothing else, with no id, so everything a provider computes (ARNs, ids, random
   * bytes) reaches the program, and the policies, as an unknown value. Data sources still answer.
   */
  firstPreview?: boolean;
  /** The AWS account the deployer is in (default MOCK_ACCOUNT_ID): the capture passes the stack's reader account (stacks/reader-accounts.ts). */
  accountId?: string;
}

const hex = (text: string, length = 32) => createHash("sha256").update(text).digest("hex").slice(0, length);

/** The state a provider would return for a created resource. */
export function mockState(type: string, name: string, inputs: Record<string, unknown>, region: string, accountId: string = MOCK_ACCOUNT_ID): { id: string; state: Record<string, unknown> } {
  const [pkg, module] = type.split(":");
  const service = (module ?? "").split("/")[0];
  if (pkg === "aws") {
    const arnPrefix = `arn:aws:${service}:${region}:${accountId}`;
    if (type === "aws:kms/key:Key") {
      const keyId = `${hex(name, 8)}-${hex(name + 1, 4)}-${hex(name + 2, 4)}-${hex(name + 3, 4)}-${hex(name + 4, 12)}`;
      return { id: keyId, state: { ...inputs, keyId, arn: `${arnPrefix}:key/${keyId}` } };
    }
    if (type === "aws:secretsmanager/secret:Secret") {
      const secretName = `${String(inputs.namePrefix ?? name)}${hex(name, 6)}`;
      const arn = `${arnPrefix}:secret:${secretName}`;
      return { id: arn, state: { ...inputs, name: secretName, arn } };
    }
    if (type === "aws:sns/topic:Topic") {
      const topicName = `${String(inputs.namePrefix ?? name)}${hex(name, 6)}`;
      const arn = `${arnPrefix}:${topicName}`;
      return { id: arn, state: { ...inputs, name: topicName, arn } };
    }
    const id = `${name}-${hex(name, 8)}`;
    return { id, state: { ...inputs, arn: `${arnPrefix}:${id}` } };
  }
  if (type === "random:index/randomBytes:RandomBytes") {
    const bytes = createHash("sha256").update(`mock-random:${name}`).digest();
    return { id: "none", state: { ...inputs, hex: bytes.toString("hex"), base64: bytes.toString("base64") } };
  }
  if (type === "cloudflare:index/aiGateway:AiGateway") return { id: String(inputs.aiGatewayId), state: inputs };
  if (type === "cloudflare:index/accountToken:AccountToken") return { id: hex(`token:${name}`), state: { ...inputs, value: `<mock-token:${name}>` } };
  if (type.startsWith("pulumi-nodejs:dynamic")) {
    const id = hex(`config:${name}`);
    return { id, state: { ...inputs, configId: id, secretId: hex(`store-secret:${name}`) } };
  }
  return { id: hex(`${type}:${name}`), state: inputs };
}

/** A data source's answer. */
export function mockCall(token: string, inputs: Record<string, unknown>, accountId: string = MOCK_ACCOUNT_ID): Record<string, unknown> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId, arn: mockCallerArn(accountId), userId: "AROAMOCK:mock-session", id: accountId };
    case "cloudflare:index/getSecretsStores:getSecretsStores":
      return { ...inputs, results: [{ id: MOCK_SECRETS_STORE_ID, name: "default", accountId: inputs.accountId }] };
    case "cloudflare:index/getAccountApiTokenPermissionGroupsList:getAccountApiTokenPermissionGroupsList": {
      const name = decodeURIComponent(String(inputs.name ?? "mock group"));
      const id = KNOWN_PERMISSION_GROUP_IDS[name] ?? hex(`permission-group:${name}`);
      return { ...inputs, results: [{ id, name, scopes: ["com.cloudflare.api.account"] }] };
    }
    case "aws:secretsmanager/getSecretVersion:getSecretVersion":
      return { ...inputs, arn: inputs.secretId, secretString: awsSecretPlaceholder(String(inputs.secretId)), versionId: "mock-version" };
    default:
      return inputs;
  }
}

/**
 * The name a resource's state hangs on: its first alias's (the oldest name) when it has aliases,
 * else its own. The real engine keeps a renamed resource's state (its random bytes, a secret's
 * ARN suffix) when an alias matches; answering from the oldest name gives a renamed resource the
 * answer it had before the rename, whichever rename the base version was at. A name-derived input
 * the program keeps with ignoreChanges (a secret's namePrefix) is not known offline: the mocked
 * ARN's prefix follows the program's current input, where the real one stays.
 */
export function identityName(name: string, aliases: readonly string[] = []): string {
  return aliases.length ? nameOfUrn(aliases[0] as string) : name;
}

/** What engine/mock-register.ts hands the mocks: Pulumi's MockResourceArgs, plus the resource's alias URNs. */
export type AliasedMockArgs = pulumi.runtime.MockResourceArgs & { aliases?: string[] };

/** The mocks the capture installs for a stack in `region`. */
export const mocksFor = (region: string, options: MockOptions = {}): pulumi.runtime.Mocks => ({
  newResource: (args: AliasedMockArgs) => (options.firstPreview ? { id: undefined, state: args.inputs } : mockState(args.type, identityName(args.name, args.aliases), args.inputs, region, options.accountId)),
  call: (args) => mockCall(args.token, args.inputs, options.accountId),
});
