/**
 * The sizes and counts Cloudflare and AWS allow on what the program declares, each with where it
 * was read. The one place for these figures: the loader (stacks/), the policy pack
 * (switchyard-limits-vendor) and docs/limits.md read them from here. Imports nothing, so the
 * loader's modules may import it (docs/architecture.md).
 *
 * Where a source writes "KB" without saying 1,000 or 1,024 bytes, the figure is the smaller
 * reading (`reading` says so): a check on it never passes what the vendor refuses.
 */

export interface VendorLimit {
  figure: number;
  unit: "bytes" | "characters" | "non-whitespace characters" | "entries";
  /** What the figure applies to. */
  appliesTo: string;
  /** Where the figure was read: the file or page, and the field or line. */
  source: string;
  /** Whether the vendor raises it on request: "unstated" when the source does not say. */
  adjustable: "yes" | "no" | "unstated";
  /** How the figure was read, where the source leaves room. */
  reading?: string;
}

const KB_AS_1000 = "the source writes KB without saying 1,000 or 1,024 bytes; the smaller reading is used";

export const VENDOR_LIMITS = {
  lambdaEnvironmentBytes: {
    figure: 4_000,
    unit: "bytes",
    appliesTo: "a Lambda function's environment variables, all names and values together",
    source:
      "AWS Lambda Developer Guide, Lambda quotas (gettingstarted-limits), Function configuration: environment variables 4 KB in aggregate, one of the quotas that \"can't be changed\"; botocore lambda 2015-03-31 service-2.json `Environment.Variables` (EnvironmentVariables) sets no bound itself",
    adjustable: "no",
    reading: KB_AS_1000,
  },
  workersVariableBytes: {
    figure: 5_000,
    unit: "bytes",
    appliesTo: "one Worker environment variable (a plain_text, secret_text or json binding)",
    source: "cloudflare-docs src/content/docs/workers/platform/limits.mdx, Environment variables: \"Each environment variable has a size limitation of 5 KB\"",
    adjustable: "unstated",
    reading: KB_AS_1000,
  },
  workersVariablesFree: {
    figure: 64,
    unit: "entries",
    appliesTo: "environment variables (secret and text combined) of one Worker, Workers Free plan",
    source: "cloudflare-docs src/content/docs/workers/platform/limits.mdx, Environment variables: \"64 variables on the Workers Free plan\"",
    adjustable: "unstated",
  },
  workersVariablesPaid: {
    figure: 128,
    unit: "entries",
    appliesTo: "environment variables (secret and text combined) of one Worker, Workers Paid plan",
    source: "cloudflare-docs src/content/docs/workers/platform/limits.mdx, Environment variables: \"128 variables on the Workers Paid plan\"",
    adjustable: "unstated",
  },
  workersScriptCompressedBytesFree: {
    figure: 3_000_000,
    unit: "bytes",
    appliesTo: "a Worker's script after compression (gzip), Workers Free plan",
    source: "cloudflare-docs src/content/docs/workers/platform/limits.mdx, Worker size: 3 MB on Workers Free, 10 MB on Workers Paid, after compression (workers/observability/errors.mdx: \"up to 10 MB in size after compression on the Workers Paid plan, and up to 3 MB on the Workers Free plan\")",
    adjustable: "no",
    reading: "the source writes MB without saying 1,000,000 or 1,048,576 bytes; the smaller reading is used",
  },
  workersScriptCompressedBytesPaid: {
    figure: 10_000_000,
    unit: "bytes",
    appliesTo: "a Worker's script after compression (gzip), Workers Paid plan",
    source: "cloudflare-docs src/content/docs/workers/platform/limits.mdx, Worker size: 10 MB on Workers Paid, after compression",
    adjustable: "no",
    reading: "the source writes MB without saying 1,000,000 or 1,048,576 bytes; the smaller reading is used",
  },
  kvKeyBytes: {
    figure: 512,
    unit: "bytes",
    appliesTo: "a Workers KV key name",
    source: "cloudflare-docs src/content/docs/kv/platform/limits.mdx, Key size: 512 bytes (Free and Paid)",
    adjustable: "unstated",
  },
  kvMetadataBytes: {
    figure: 1_024,
    unit: "bytes",
    appliesTo: "a Workers KV key's metadata",
    source: "cloudflare-docs src/content/docs/kv/platform/limits.mdx, Key metadata: 1024 bytes (Free and Paid)",
    adjustable: "unstated",
  },
  kvValueBytes: {
    figure: 25 * 1_024 * 1_024,
    unit: "bytes",
    appliesTo: "a Workers KV value",
    source: "cloudflare-docs src/content/docs/kv/platform/limits.mdx, Value size: 25 MiB (Free and Paid)",
    adjustable: "unstated",
  },
  aiGatewaySpendRules: {
    figure: 20,
    unit: "entries",
    appliesTo: "spend-limit rules of one AI Gateway",
    source: "cloudflare-docs src/content/docs/ai-gateway/features/spend-limits.mdx, Limitations: \"A maximum of 20 spend limit rules can be configured per gateway\"",
    adjustable: "unstated",
  },
  kmsKeyPolicyBytes: {
    figure: 32_768,
    unit: "bytes",
    appliesTo: "a KMS key policy document",
    source:
      "AWS KMS Developer Guide, key-policy-overview, Key policy format: \"Up to 32 kilobytes (32,768 bytes)\"; botocore kms 2014-11-01 PutKeyPolicy `Policy` (PolicyType, max 131072 on the request) says a policy over the length constraint gets LimitExceededException",
    adjustable: "unstated",
  },
  secretPolicyCharacters: {
    figure: 20_480,
    unit: "characters",
    appliesTo: "a Secrets Manager secret's resource policy",
    source: "botocore secretsmanager 2017-10-17 service-2.json, PutResourcePolicy `ResourcePolicy` (NonEmptyResourcePolicyType) max 20480",
    adjustable: "no",
  },
  iamRoleInlinePolicyCharacters: {
    figure: 10_240,
    unit: "non-whitespace characters",
    appliesTo: "all inline policies of one IAM role together (white space not counted)",
    source:
      "IAM User Guide, reference_iam-quotas, IAM and STS character limits: role policy size (the aggregate of a role's inline policies) cannot exceed 10,240 characters, white space not counted; botocore iam 2010-05-08 GetAccountSummary reports it as `RolePolicySizeQuota`",
    adjustable: "unstated",
  },
  alarmActionsPerState: {
    figure: 5,
    unit: "entries",
    appliesTo: "actions of one CloudWatch alarm per state (AlarmActions, OKActions, InsufficientDataActions)",
    source: "botocore cloudwatch 2010-08-01 service-2.json, PutMetricAlarm `AlarmActions`/`OKActions`/`InsufficientDataActions` (ResourceList) max 5",
    adjustable: "no",
  },
  budgetNotifications: {
    figure: 5,
    unit: "entries",
    appliesTo: "notifications of one AWS budget",
    source: "botocore budgets 2016-10-20 service-2.json, CreateBudget `NotificationsWithSubscribers`: \"A budget can have up to five notifications\" (the list shape's max 10 is the request's bound)",
    adjustable: "no",
  },
  budgetSnsSubscribers: {
    figure: 1,
    unit: "entries",
    appliesTo: "SNS subscribers of one AWS budget notification",
    source: "botocore budgets 2016-10-20 service-2.json, NotificationWithSubscribers: \"A notification can have one SNS subscriber and up to 10 email subscribers\"",
    adjustable: "no",
  },
  budgetEmailSubscribers: {
    figure: 10,
    unit: "entries",
    appliesTo: "e-mail subscribers of one AWS budget notification",
    source: "botocore budgets 2016-10-20 service-2.json, NotificationWithSubscribers: \"up to 10 email subscribers, for a total of 11 subscribers\" (Subscribers max 11)",
    adjustable: "no",
  },
  budgetNameCharacters: {
    figure: 100,
    unit: "characters",
    appliesTo: "an AWS budget's name",
    source: "botocore budgets 2016-10-20 service-2.json, BudgetName max 100",
    adjustable: "no",
  },
} as const satisfies Record<string, VendorLimit>;

export type VendorLimitName = keyof typeof VENDOR_LIMITS;

/** "4,000 bytes" */
export function limitText(limit: VendorLimit): string {
  return `${limit.figure.toLocaleString("en-US")} ${limit.unit}`;
}

/** A rate a vendor allows: `figure` requests per `windowMinutes`. */
export interface VendorRateLimit {
  figure: number;
  unit: "requests";
  windowMinutes: number;
  appliesTo: string;
  source: string;
  adjustable: "yes" | "no" | "unstated";
}

/**
 * Rates, which bound how fast a stack deploys rather than what it declares: the plan estimates
 * the calls of a deploy against them (plan/cloudflare-api-calls.ts); neither the loader nor the
 * pack checks them.
 */
export const VENDOR_RATE_LIMITS = {
  cloudflareApiRequests: {
    figure: 1_200,
    unit: "requests",
    windowMinutes: 5,
    appliesTo: "Cloudflare API calls of one user, dashboard, API key and API tokens together; past it every call is refused (HTTP 429) for five minutes",
    source:
      "cloudflare-docs src/content/docs/fundamentals/api/reference/limits.mdx (partial fundamentals/api-rate-limits.mdx): \"Client API per user 1200/5 minutes\"; \"If you exceed this limit, all API calls for the next five minutes will be blocked\"; Enterprise customers can ask Cloudflare Support to raise it",
    adjustable: "yes",
  },
} as const satisfies Record<string, VendorRateLimit>;
