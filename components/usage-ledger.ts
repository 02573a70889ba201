/**
 * UsageLedger: where an environment's AI spend is recorded and watched from the AWS side.
 *
 * A hardened S3 bucket for the ledger (KMS, public access blocked, versioned, expiring after the
 * retention), the usage-export Lambda (runtime/usage-export, bundled at deploy time, with the
 * workload labels and key names in a file of its code archive) with a least-privilege role and a
 * schedule, the read-only Cloudflare token it uses (kept in Secrets
 * Manager under the stack's key), and the alarms a person sees when the ledger is stale, behind,
 * late, short of entries it could not count, or carrying spend no workload owns.
 * Cost alarms per workload live in the Workload component, on the metric this exporter publishes
 * (Switchyard/MonthToDateSpendUsd {Environment, Workload}).
 */
import * as aws from "../vendor/pulumi-aws";
import * as cloudflare from "../vendor/pulumi-cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { bundleUsageExport, HANDLER, LAMBDA_RUNTIME } from "../runtime/usage-export/bundle";
import { ENV, exporterAlarms, LEDGER_PREFIXES, NAMESPACE, WORKLOADS_FILE, type WorkloadBudget, type WorkloadsFile } from "../runtime/usage-export/contract";
import { FORMATS, formatProblem, LIMITS, rangeProblem } from "../stacks/formats";
import type { PolicyDocument, PolicyStatement } from "./aws-policy-documents";
import { COMPONENT_TYPES, recoveryWindowDays } from "./contract";
import { AI_GATEWAY_READ_PERMISSION_GROUP, oneAccountResources } from "../vendor/cloudflare";
import { permissionGroupIdOutput } from "./permission-groups";
import { environmentTags } from "./tags";

export interface UsageLedgerArgs {
  /** Environment name (stack file `environment`). Names the metrics' Environment dimension and the ledger partition. */
  environment: string;
  /** Cloudflare account id (stack file `cloudflare.accountId`) that owns the AI Gateway. */
  accountId: string;
  /** The AI Gateway id whose logs are exported. */
  gatewayId: pulumi.Input<string>;
  /** Minutes between exports (stack file `usageLedger.exportEveryMinutes`, LIMITS.exportEveryMinutes). */
  exportEveryMinutes: number;
  /** Days ledger objects are kept (stack file `usageLedger.retentionDays`, LIMITS.retentionDays: this month and all of last month). */
  retentionDays: number;
  /** The stack file's workload labels: spend under any other label is metered and alarmed as `unattributed`. */
  workloads: string[];
  /**
   * The stack file's gateway key names per workload (labels, never keys): a request of a workload
   * under another key label is reported by the exporter's run. Without it key labels are not checked.
   */
  keys?: Record<string, string[]>;
  /** Each workload's former labels (stack file `renamedFrom`): the exporter meters their spend as the workload's. */
  renamedFrom?: Record<string, string[]>;
  /** usageLedger.fallbackPrices: `provider/model` -> US dollars per request the gateway logs without a cost. */
  fallbackPrices?: Record<string, number>;
  /** gateway.logs.maxStored: lets the exporter tell when the gateway deleted logs it has not read. */
  maxStored?: number;
  /** Customer-managed KMS key for the bucket, the token secret and (through IAM) the function's reads. */
  kmsKeyArn: pulumi.Input<string>;
  /**
   * Per workload with a budget, its monthly amount, thresholds and the SNS topics of its alert
   * channels: the exporter tells them as its month-to-date reaches each threshold
   * (runtime/usage-export/budget-alerts.ts), in place of an alarm per threshold and workload.
   */
  budgets?: Record<string, { monthlyUsd: number; alertAtPercent: number[]; topics: pulumi.Input<string>[] }>;
  /** The alerts key the topics are encrypted under: publishing to them needs it. Required with `budgets`. */
  alertsKmsKeyArn?: pulumi.Input<string>;
  /** SNS topics the exporter's alarms notify (alarm and recovery). */
  alarmTopicArns: pulumi.Input<string>[];
  /** Protect the bucket from deletion and keep its objects on stack destroy (true in prod). */
  protect: boolean;
}

/** Days a replaced version of a ledger object is kept (the hour objects are rewritten several times an hour). */
export const NONCURRENT_VERSION_DAYS = 30;
/** Lambda's maximum: a busy run paces thousands of API calls; it stops reading two minutes before, to publish. */
export const FUNCTION_TIMEOUT_SECONDS = 900;

/** Every problem with the arguments, as messages naming the argument; empty when valid. */
export function validateUsageLedgerArgs(args: Pick<UsageLedgerArgs, "environment" | "accountId" | "exportEveryMinutes" | "retentionDays">): string[] {
  return [
    formatProblem("environment", args.environment, FORMATS.environment),
    formatProblem("accountId", args.accountId, FORMATS.cloudflareId),
    rangeProblem("exportEveryMinutes", args.exportEveryMinutes, LIMITS.exportEveryMinutes),
    rangeProblem("retentionDays", args.retentionDays, LIMITS.retentionDays),
  ].filter((p) => p !== undefined);
}

export const scheduleExpression = (exportEveryMinutes: number) => `rate(${exportEveryMinutes} minute${exportEveryMinutes === 1 ? "" : "s"})`;

/** The bucket policy: nothing reaches the ledger without TLS. */
export function ledgerBucketPolicy(bucketArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

/**
 * The exporter's permissions and nothing more: read and write objects under its three prefixes
 * (conditional writes need no more than PutObject), list those prefixes, publish metrics only to
 * the Switchyard namespace, read its one secret, use the stack key (GenerateDataKey is needed to
 * write SSE-KMS objects), and write its own log group.
 */
export function exporterRolePolicy(p: { bucketArn: string; kmsKeyArn: string; tokenSecretArn: string; logGroupArn: string; alertTopicArns?: readonly string[]; alertsKmsKeyArn?: string }): PolicyDocument {
  const prefixes = LEDGER_PREFIXES;
  const topics = [...new Set(p.alertTopicArns ?? [])].sort();
  // Publishing to an encrypted topic needs GenerateDataKey and Decrypt on its key (SNS developer
  // guide, sns-key-management: "publishers ... need kms:GenerateDataKey* and kms:Decrypt").
  const budgetAlerts: PolicyStatement[] =
    topics.length && p.alertsKmsKeyArn
      ? [
          { Sid: "BudgetAlerts", Effect: "Allow", Action: "sns:Publish", Resource: topics },
          { Sid: "AlertsKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: p.alertsKmsKeyArn },
        ]
      : [];
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "LedgerObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: prefixes.map((prefix) => `${p.bucketArn}/${prefix}*`) },
      { Sid: "LedgerListing", Effect: "Allow", Action: "s3:ListBucket", Resource: p.bucketArn, Condition: { StringLike: { "s3:prefix": prefixes.map((prefix) => `${prefix}*`) } } },
      { Sid: "SwitchyardMetrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": NAMESPACE } } },
      { Sid: "CloudflareToken", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: p.tokenSecretArn },
      { Sid: "StackKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: p.kmsKeyArn },
      { Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${p.logGroupArn}:*` },
      ...budgetAlerts,
    ],
  };
}

/** The exporter's workloads file, sorted so that an unchanged stack gives an unchanged archive (no Lambda update). */
export function workloadsFileText({ workloads, keys, renamedFrom, fallbackPrices, budgets }: Pick<UsageLedgerArgs, "workloads" | "keys" | "renamedFrom" | "fallbackPrices"> & { budgets?: Record<string, WorkloadBudget> }): string {
  const sorted = (names: Record<string, string[]>) => Object.fromEntries(Object.keys(names).sort().map((w) => [w, [...names[w]].sort()]));
  const renamed = Object.fromEntries(Object.entries(renamedFrom ?? {}).filter(([, former]) => former.length > 0));
  const file: WorkloadsFile = {
    workloads: [...workloads].sort(),
    ...(keys ? { keys: sorted(keys) } : {}),
    ...(Object.keys(renamed).length ? { renamedFrom: sorted(renamed) } : {}),
    ...(fallbackPrices && Object.keys(fallbackPrices).length ? { fallbackPrices: Object.fromEntries(Object.keys(fallbackPrices).sort().map((m) => [m, fallbackPrices[m]])) } : {}),
    ...(budgets ? { budgets: Object.fromEntries(Object.keys(budgets).sort().map((w) => [w, { ...budgets[w], topics: [...budgets[w].topics].sort() }])) } : {}),
  };
  return JSON.stringify(file);
}

/** Trust policy: Lambda assumes the role (trust policies carry no Resource). */
export const lambdaAssumeRole = {
  Version: "2012-10-17",
  Statement: [{ Sid: "LambdaAssumes", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

export class UsageLedger extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly functionName: pulumi.Output<string>;

  constructor(name: string, args: UsageLedgerArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.UsageLedger, name, args, opts);
    const problems = validateUsageLedgerArgs(args);
    if (problems.length) throw new Error(`UsageLedger ${name}: ${problems.join("; ")}`);
    const parent = { parent: this };
    const tags = { ...environmentTags(args.environment), "switchyard:component": "usage-ledger" };

    const bucket = new aws.s3.Bucket(`${name}-bucket`, { forceDestroy: !args.protect, tags }, { ...parent, protect: args.protect });
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-bucket-encryption`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }] },
      parent,
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-bucket-public-access`,
      { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      parent,
    );
    new aws.s3.BucketVersioning(`${name}-bucket-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, parent);
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-bucket-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-after-retention",
            status: "Enabled",
            filter: {},
            expiration: { days: args.retentionDays },
            noncurrentVersionExpiration: { noncurrentDays: Math.min(NONCURRENT_VERSION_DAYS, args.retentionDays) },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      parent,
    );
    new aws.s3.BucketPolicy(`${name}-bucket-policy`, { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(ledgerBucketPolicy(arn))) }, { ...parent, dependsOn: [publicAccess] });

    // The read-only Cloudflare token: permission group resolved by name at deploy time, scoped to this account.
    const groupId = permissionGroupIdOutput(args.accountId, AI_GATEWAY_READ_PERMISSION_GROUP, parent);
    const token = new cloudflare.AccountToken(
      `${name}-cloudflare-token`,
      {
        accountId: args.accountId,
        name: `switchyard-${args.environment}-usage-export-read`,
        policies: [{ effect: "allow", permissionGroups: [{ id: groupId }], resources: oneAccountResources(args.accountId) }],
      },
      { ...parent, additionalSecretOutputs: ["value"] },
    );
    const tokenSecret = new aws.secretsmanager.Secret(
      `${name}-cloudflare-token`,
      { namePrefix: `switchyard/${args.environment}/usage-export-cloudflare-token-`, description: "Read-only Cloudflare token (AI Gateway Read) for the Switchyard usage exporter", kmsKeyId: args.kmsKeyArn, recoveryWindowInDays: recoveryWindowDays(args.protect), tags },
      { ...parent, protect: args.protect },
    );
    // Not protected: a new token is a new version (secretString is ForceNew), and the protected
    // secret keeps every version (components/provider-keys.ts says why that loses nothing).
    new aws.secretsmanager.SecretVersion(`${name}-cloudflare-token`, { secretId: tokenSecret.id, secretString: pulumi.secret(token.value) }, parent);

    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { namePrefix: `/switchyard/${args.environment}/usage-export-`, retentionInDays: 90, tags }, parent);
    const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: JSON.stringify(lambdaAssumeRole), description: "Switchyard usage exporter", tags }, parent);
    // The budgets with their topics' ARNs resolved: the workloads file and the role policy need them.
    const budgets = pulumi.output(
      Object.fromEntries(Object.entries(args.budgets ?? {}).map(([w, b]) => [w, pulumi.all(b.topics).apply((topics) => ({ monthlyUsd: b.monthlyUsd, alertAtPercent: [...b.alertAtPercent], topics }))])),
    ) as pulumi.Output<Record<string, WorkloadBudget>>;
    const alertTopicArns = budgets.apply((b) => Object.values(b).flatMap((x) => x.topics));
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: role.id,
        policy: pulumi
          .all([bucket.arn, pulumi.output(args.kmsKeyArn), tokenSecret.arn, logGroup.arn, alertTopicArns, pulumi.output(args.alertsKmsKeyArn)])
          .apply(([bucketArn, kmsKeyArn, tokenSecretArn, logGroupArn, topics, alertsKmsKeyArn]) =>
            JSON.stringify(exporterRolePolicy({ bucketArn, kmsKeyArn, tokenSecretArn, logGroupArn, alertTopicArns: topics, ...(alertsKmsKeyArn ? { alertsKmsKeyArn } : {}) })),
          ),
      },
      parent,
    );

    const fn = new aws.lambda.Function(
      `${name}-export`,
      {
        role: role.arn,
        runtime: LAMBDA_RUNTIME,
        handler: HANDLER,
        architectures: ["arm64"],
        // An hour file of a busy gateway holds a few hundred thousand log ids (bench/usage-export.bench.ts).
        memorySize: 1024,
        timeout: FUNCTION_TIMEOUT_SECONDS,
        // No reserved concurrency: Lambda keeps 100 of an account's concurrency unreserved, so an
        // account whose limit is 100 or less refuses any reservation ("You can reserve up to the
        // Unreserved account concurrency value ... minus 100", docs.aws.amazon.com/lambda/latest/dg/
        // configuration-concurrency.html). Runs keep apart by time instead: each stops reading
        // within one schedule period (runtime/usage-export/export-run.ts runDeadline), and two that
        // meet anyway cannot both write: hour files and the checkpoint are written conditionally.
        // The workloads travel in the archive, not the environment (4 KB for all variables): contract.ts.
        code: pulumi
          .all([bundleUsageExport(), budgets])
          .apply(([code, b]) => new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(code), [WORKLOADS_FILE]: new pulumi.asset.StringAsset(workloadsFileText({ workloads: args.workloads, keys: args.keys, renamedFrom: args.renamedFrom, fallbackPrices: args.fallbackPrices, ...(args.budgets ? { budgets: b } : {}) })) })),
        environment: {
          variables: {
            [ENV.environment]: args.environment,
            [ENV.accountId]: args.accountId,
            [ENV.gatewayId]: args.gatewayId,
            [ENV.bucket]: bucket.bucket,
            [ENV.tokenSecretArn]: tokenSecret.arn,
            [ENV.exportEveryMinutes]: String(args.exportEveryMinutes),
            ...(args.maxStored === undefined ? {} : { [ENV.maxStored]: String(args.maxStored) }),
          },
        },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        tags,
      },
      { ...parent, dependsOn: [rolePolicy, encryption] },
    );

    const rule = new aws.cloudwatch.EventRule(`${name}-schedule`, { description: `Switchyard usage export, ${args.environment}`, scheduleExpression: scheduleExpression(args.exportEveryMinutes), tags }, parent);
    const invoke = new aws.lambda.Permission(`${name}-schedule-invoke`, { action: "lambda:InvokeFunction", function: fn.name, principal: "events.amazonaws.com", sourceArn: rule.arn }, parent);
    new aws.cloudwatch.EventTarget(`${name}-schedule-target`, { rule: rule.name, arn: fn.arn }, { ...parent, dependsOn: [invoke] });

    for (const alarm of exporterAlarms(args.exportEveryMinutes)) {
      new aws.cloudwatch.MetricAlarm(
        `${name}-${alarm.id}`,
        {
          alarmDescription: alarm.description.replace("{env}", args.environment),
          namespace: NAMESPACE,
          metricName: alarm.metricName,
          dimensions: { Environment: args.environment },
          statistic: alarm.statistic,
          period: alarm.period,
          evaluationPeriods: alarm.evaluationPeriods,
          datapointsToAlarm: alarm.datapointsToAlarm,
          threshold: alarm.threshold,
          comparisonOperator: alarm.comparisonOperator,
          treatMissingData: alarm.treatMissingData,
          alarmActions: args.alarmTopicArns,
          okActions: args.alarmTopicArns,
          tags,
        },
        parent,
      );
    }

    this.bucketName = bucket.bucket;
    this.functionName = fn.name;
    this.registerOutputs({ bucketName: this.bucketName, functionName: this.functionName });
  }
}
