/**
 * The resource types the policies read and the inputs the Switchyard components hand to the
 * engine (the policy-facing contract of components/). Policies never import components: they
 * read these shapes from the engine's props.
 */
export const TYPES = {
  Workload: "switchyard:index:Workload",
  Route: "switchyard:index:Route",
  ProviderKeys: "switchyard:index:ProviderKeys",
  Gateway: "switchyard:index:Gateway",
  FrontDoor: "switchyard:index:FrontDoor",
  AiGateway: "cloudflare:index/aiGateway:AiGateway",
  AccountToken: "cloudflare:index/accountToken:AccountToken",
  ApiToken: "cloudflare:index/apiToken:ApiToken",
  WorkersKv: "cloudflare:index/workersKv:WorkersKv",
  Secret: "aws:secretsmanager/secret:Secret",
  KmsKey: "aws:kms/key:Key",
  Topic: "aws:sns/topic:Topic",
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

export interface GatewayKeyInput {
  name: string;
  expiresOn?: string;
  allowedIps?: string[];
}

export interface DecisionInput {
  billingSourceOfRecord?: string;
  usageSourceOfRecord?: string;
  invoiceReviewer?: string;
  quotaOwner?: string;
  rollbackOwner?: string;
  providerNativeControls?: string[];
  reviewDate?: string;
}

export interface WorkloadInputs {
  environment: string;
  workload: string;
  owner: string;
  path: "gateway" | "direct" | "hybrid";
  routes: string[];
  models: string[];
  keys: GatewayKeyInput[];
  directKeys: string[];
  directKeyAccounts: Array<{ name: string; provider: string; providerAccount?: { id: string; contract: string } }>;
  readerRoleArn: string;
  budget?: { monthlyUsd: number; alertAtPercent: number[]; hardLimit: boolean };
  rateLimit?: { requestsPerMinute: number };
  alerts: string[];
  decision?: DecisionInput;
}

export interface TargetInput {
  model: string;
  key: string;
}

export interface RouteInputs {
  environment: string;
  route: string;
  primary: TargetInput;
  canary?: TargetInput & { percent: number };
  fallbacks: TargetInput[];
  rollback?: TargetInput;
  active: "primary" | "rollback";
  timeoutMs: number;
  retries: number;
  /** Names of the provider keys declared in the stack (providerKeys). */
  declaredKeys: string[];
}

export interface ProviderKeyInput {
  provider: string;
  source: { pulumiSecret?: string; awsSecretArn?: string; [other: string]: unknown };
  owner: string;
  rotation: { everyDays: number; lastRotated: string };
  providerAccount?: { id: string; contract: string };
}

export interface ProviderKeysInputs {
  environment: string;
  keys: Record<string, ProviderKeyInput>;
}

export interface GatewayInputs {
  environment: string;
  gatewayId: string;
  billing: "byok" | "unified";
  protect: boolean;
}
