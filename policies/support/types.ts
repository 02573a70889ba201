/**
 * The resource types the policies read. Components' tokens and the shapes of their inputs and
 * outputs come from the components' own contract (components/contract.ts, imported type-only
 * but for the tokens): policies never import a component's implementation.
 */
import { BYOK_PROVIDER_CONFIG_TYPE, COMPONENT_TYPES } from "../../components/contract";

export const TYPES = {
  ...COMPONENT_TYPES,
  ByokProviderConfig: BYOK_PROVIDER_CONFIG_TYPE,
  AiGateway: "cloudflare:index/aiGateway:AiGateway",
  AccountToken: "cloudflare:index/accountToken:AccountToken",
  ApiToken: "cloudflare:index/apiToken:ApiToken",
  WorkersKv: "cloudflare:index/workersKv:WorkersKv",
  Secret: "aws:secretsmanager/secret:Secret",
  KmsKey: "aws:kms/key:Key",
  KmsAlias: "aws:kms/alias:Alias",
  Topic: "aws:sns/topic:Topic",
  RolePolicy: "aws:iam/rolePolicy:RolePolicy",
  LambdaFunction: "aws:lambda/function:Function",
  WorkersScript: "cloudflare:index/workersScript:WorkersScript",
  WorkersCustomDomain: "cloudflare:index/workersCustomDomain:WorkersCustomDomain",
  DynamicRouting: "cloudflare:index/aiGatewayDynamicRouting:AiGatewayDynamicRouting",
  RandomBytes: "random:index/randomBytes:RandomBytes",
  MetricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  Budget: "aws:budgets/budget:Budget",
  Bucket: "aws:s3/bucket:Bucket",
  BucketEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  BucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  BucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
  BucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
} as const;

/** Cloudflare token resource types: none may sit under a workload. */
export const CLOUDFLARE_TOKEN_TYPES: readonly string[] = [TYPES.AccountToken, TYPES.ApiToken];
