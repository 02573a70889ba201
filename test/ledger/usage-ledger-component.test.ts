/**
 * The UsageLedger component under Pulumi's mock engine: exact inputs of every child resource.
 * Mocks are installed before the component module is imported.
 */
import * as pulumi from "@pulumi/pulumi";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
  opts?: unknown;
}
const registered: Registered[] = [];
const invokes: { token: string; args: Record<string, any> }[] = [];
const TOKEN_VALUE = "cf-mock-token-value-DO-NOT-LEAK";

pulumi.runtime.setMocks(
  {
    newResource(args) {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      const state: Record<string, unknown> = { ...args.inputs, arn: `arn:aws:mock:::${args.name}` };
      if (args.type === "aws:s3/bucket:Bucket") state.bucket = `${args.name}-abc123`;
      if (args.type === "aws:lambda/function:Function") state.name = `${args.name}-fn`;
      if (args.type === "aws:cloudwatch/logGroup:LogGroup") state.name = `/switchyard/dev/usage-export-xyz`;
      if (args.type === "cloudflare:index/accountToken:AccountToken") state.value = TOKEN_VALUE;
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      invokes.push({ token: args.token, args: args.inputs });
      if (args.token.includes("getAccountApiTokenPermissionGroupsList")) {
        return { results: [{ id: "pg-ai-gateway-read", name: "AI Gateway Read", category: "ai_and_machine_learning", isSelectable: true, scopes: ["com.cloudflare.api.account"] }] };
      }
      return {};
    },
  },
  "switchyard",
  "dev",
  false,
);

const unwrap = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));
const of = (type: string) => registered.filter((r) => r.type === type);
const one = (type: string) => {
  const found = of(type);
  expect(found, type).toHaveLength(1);
  return found[0];
};

let outputs: { bucketName: string; functionName: string };
let mod: typeof import("../../components/usage-ledger");

beforeAll(async () => {
  mod = await import("../../components/usage-ledger");
  const ledger = new mod.UsageLedger("ledger", {
    environment: "dev",
    accountId: "0123456789abcdef0123456789abcdef",
    gatewayId: "acme-dev",
    exportEveryMinutes: 15,
    retentionDays: 400,
    workloads: ["search", "checkout"],
    keys: { search: ["search-indexer"], checkout: ["checkout-web", "checkout-api"] },
    renamedFrom: { search: [], checkout: ["shop", "cart"] },
    maxStored: 100_000,
    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/stack-key",
    alarmTopicArns: ["arn:aws:sns:us-east-1:123456789012:alerts"],
    protect: true,
  });
  outputs = { bucketName: await unwrap(ledger.bucketName), functionName: await unwrap(ledger.functionName) };
  // Let resources whose inputs wait on other outputs finish registering.
  for (let count = -1; count !== registered.length; ) {
    count = registered.length;
    await new Promise((r) => setTimeout(r, 50));
  }
});

describe("UsageLedger under the mock engine", () => {
  it("exposes the bucket and function names", () => {
    expect(outputs).toEqual({ bucketName: "ledger-bucket-abc123", functionName: "ledger-export-fn" });
    expect(one("switchyard:index:UsageLedger").name).toBe("ledger");
  });

  it("hardens the bucket: KMS with the stack key, all public access blocked, versioning, lifecycle per retention, TLS only", () => {
    expect(one("aws:s3/bucket:Bucket").inputs).toMatchObject({ forceDestroy: false, tags: { "switchyard:environment": "dev" } });
    expect(one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs).toEqual({
      bucket: "ledger-bucket-id",
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:key/stack-key" }, bucketKeyEnabled: true }],
    });
    expect(one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toEqual({ bucket: "ledger-bucket-id", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(one("aws:s3/bucketVersioning:BucketVersioning").inputs).toEqual({ bucket: "ledger-bucket-id", versioningConfiguration: { status: "Enabled" } });
    expect(one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules).toEqual([
      { id: "expire-after-retention", status: "Enabled", filter: {}, expiration: { days: 400 }, noncurrentVersionExpiration: { noncurrentDays: 30 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
    ]);
    const policy = JSON.parse(one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
    expect(policy.Statement).toEqual([
      { Sid: "DenyWithoutTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:mock:::ledger-bucket", "arn:aws:mock:::ledger-bucket/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ]);
  });

  it("gives the exporter a least-privilege role", () => {
    const trust = JSON.parse(one("aws:iam/role:Role").inputs.assumeRolePolicy);
    expect(trust.Statement).toEqual([{ Sid: "LambdaAssumes", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    const policy = JSON.parse(one("aws:iam/rolePolicy:RolePolicy").inputs.policy);
    const bucket = "arn:aws:mock:::ledger-bucket";
    expect(policy.Statement).toEqual([
      { Sid: "LedgerObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: [`${bucket}/ledger/*`, `${bucket}/state/*`, `${bucket}/quarantine/*`] },
      { Sid: "LedgerListing", Effect: "Allow", Action: "s3:ListBucket", Resource: bucket, Condition: { StringLike: { "s3:prefix": ["ledger/*", "state/*", "quarantine/*"] } } },
      { Sid: "SwitchyardMetrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "Switchyard" } } },
      { Sid: "CloudflareToken", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:mock:::ledger-cloudflare-token" },
      { Sid: "StackKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "arn:aws:kms:us-east-1:123456789012:key/stack-key" },
      { Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:mock:::ledger-logs:*" },
    ]);
    expect(JSON.stringify(policy)).not.toMatch(/"s3:\*"|"Action":"\*"|secretsmanager:\*|kms:\*/);
  });

  it("deploys the bundled exporter on Node 24 with its configuration and no reserved concurrency (refused where the account's is 100 or less)", async () => {
    const fn = one("aws:lambda/function:Function").inputs;
    expect(fn).toMatchObject({
      role: "arn:aws:mock:::ledger-role",
      runtime: "nodejs24.x",
      handler: "index.handler",
      timeout: 900,
      memorySize: 1024,
      loggingConfig: { logFormat: "JSON", logGroup: "/switchyard/dev/usage-export-xyz" },
      environment: {
        variables: {
          SWITCHYARD_ENVIRONMENT: "dev",
          CLOUDFLARE_ACCOUNT_ID: "0123456789abcdef0123456789abcdef",
          AI_GATEWAY_ID: "acme-dev",
          LEDGER_BUCKET: "ledger-bucket-abc123",
          CLOUDFLARE_TOKEN_SECRET_ARN: "arn:aws:mock:::ledger-cloudflare-token",
          EXPORT_EVERY_MINUTES: "15",
          GATEWAY_LOGS_MAX_STORED: "100000",
        },
      },
    });
    expect(fn).not.toHaveProperty("reservedConcurrentExecutions");
    // Exactly these variables: the workloads are in the archive, not the environment.
    expect(Object.keys(fn.environment.variables)).toHaveLength(7);
    const assets = await (fn.code as pulumi.asset.AssetArchive).assets;
    expect(Object.keys(assets)).toEqual(["index.js", "workloads.json"]);
    expect(await (assets["workloads.json"] as pulumi.asset.StringAsset).text).toBe('{"workloads":["checkout","search"],"keys":{"checkout":["checkout-api","checkout-web"],"search":["search-indexer"]},"renamedFrom":{"checkout":["cart","shop"]}}');
    const code = await (assets["index.js"] as pulumi.asset.StringAsset).text;
    const { bundleUsageExport } = await import("../../runtime/usage-export/bundle");
    expect(code).toBe(await bundleUsageExport());
  });

  it("runs it every exportEveryMinutes", () => {
    expect(one("aws:cloudwatch/eventRule:EventRule").inputs.scheduleExpression).toBe("rate(15 minutes)");
    expect(one("aws:cloudwatch/eventTarget:EventTarget").inputs).toMatchObject({ arn: "arn:aws:mock:::ledger-export" });
    expect(one("aws:lambda/permission:Permission").inputs).toMatchObject({ action: "lambda:InvokeFunction", function: "ledger-export-fn", principal: "events.amazonaws.com", sourceArn: "arn:aws:mock:::ledger-schedule" });
  });

  it("creates a read-only Cloudflare token resolved by permission-group name and stores it under the stack key", () => {
    expect(invokes.filter((i) => i.token.includes("getAccountApiTokenPermissionGroupsList")).map((i) => i.args)).toEqual([{ accountId: "0123456789abcdef0123456789abcdef", name: "AI%20Gateway%20Read" }]);
    expect(one("cloudflare:index/accountToken:AccountToken").inputs).toEqual({
      accountId: "0123456789abcdef0123456789abcdef",
      name: "switchyard-dev-usage-export-read",
      policies: [{ effect: "allow", permissionGroups: [{ id: "pg-ai-gateway-read" }], resources: '{"com.cloudflare.api.account.0123456789abcdef0123456789abcdef":"*"}' }],
    });
    expect(one("aws:secretsmanager/secret:Secret").inputs).toMatchObject({ kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/stack-key", recoveryWindowInDays: 30, namePrefix: "switchyard/dev/usage-export-cloudflare-token-" });
    expect(one("aws:secretsmanager/secretVersion:SecretVersion").inputs).toMatchObject({ secretId: "ledger-cloudflare-token-id" });
  });

  it("refuses a permission-group lookup without an exact match instead of granting the first group (issue 11 item 7)", () => {
    // In its own process: support/token-loose-match.ts (the lookup answers "AI Gateway Write" only).
    const out = execFileSync(process.execPath, ["--import", "tsx", join(__dirname, "support", "token-loose-match.ts")], { cwd: join(__dirname, "..", ".."), encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ tokens: [], errors: ['expected exactly one Cloudflare permission group named "AI Gateway Read", found 0'] });
  });

  it("keeps the token value out of every other resource's inputs and the outputs", () => {
    const elsewhere = registered.filter((r) => r.type !== "aws:secretsmanager/secretVersion:SecretVersion");
    expect(JSON.stringify(elsewhere.map((r) => r.inputs))).not.toContain(TOKEN_VALUE);
    expect(JSON.stringify(outputs)).not.toContain(TOKEN_VALUE);
  });

  it("creates the alarms a person sees, each to the topic with an OK message on recovery", () => {
    const topic = ["arn:aws:sns:us-east-1:123456789012:alerts"];
    const alarms = Object.fromEntries(of("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [a.name, a.inputs]));
    const common = { namespace: "Switchyard", dimensions: { Environment: "dev" }, period: 900, alarmActions: topic, okActions: topic };
    const onAny = { ...common, statistic: "Sum", evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 0, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" };
    expect(Object.keys(alarms).sort()).toEqual(["ledger-api-limit-stalls", "ledger-export-lag", "ledger-heartbeat", "ledger-late-rows", "ledger-logs-deleted-unread", "ledger-quarantined", "ledger-rows-outside-window", "ledger-unattributed-spend", "ledger-unverified-windows"]);
    expect(alarms["ledger-logs-deleted-unread"]).toMatchObject({ ...onAny, metricName: "LogsDeletedUnreadMinutes" });
    expect(alarms["ledger-unverified-windows"]).toMatchObject({ ...onAny, metricName: "UnverifiedWindows", statistic: "Maximum", evaluationPeriods: 2, datapointsToAlarm: 2 });
    expect(alarms["ledger-heartbeat"]).toMatchObject({ ...common, metricName: "ExporterHeartbeat", statistic: "Sum", evaluationPeriods: 2, datapointsToAlarm: 2, threshold: 1, comparisonOperator: "LessThanThreshold", treatMissingData: "breaching" });
    // Healthy lag for a 15-minute schedule: 10 min read delay + a 15-minute window + one period.
    expect(alarms["ledger-export-lag"]).toMatchObject({ ...common, metricName: "ExportLagMinutes", statistic: "Maximum", evaluationPeriods: 2, datapointsToAlarm: 2, threshold: 40, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" });
    expect(alarms["ledger-late-rows"]).toMatchObject({ ...onAny, metricName: "LateRowsBeyondHorizon" });
    expect(alarms["ledger-quarantined"]).toMatchObject({ ...onAny, metricName: "QuarantinedEntries" });
    expect(alarms["ledger-rows-outside-window"]).toMatchObject({ ...onAny, metricName: "RowsOutsideWindow" });
    expect(alarms["ledger-unattributed-spend"]).toMatchObject({ ...onAny, metricName: "UnattributedSpendUsd" });
    expect(alarms["ledger-api-limit-stalls"]).toMatchObject({ ...onAny, metricName: "ApiLimitStalls", evaluationPeriods: 3, datapointsToAlarm: 3 });
    expect(alarms["ledger-quarantined"].alarmDescription).toBe(
      "Switchyard usage export for dev quarantined gateway log entries it cannot count (unreadable created_at, negative or non-numeric cost or tokens): their spend is not in the ledger. Inspect quarantine/ in the ledger bucket. See docs/ledger.md.",
    );
  });

  it("validates its arguments, naming each bad one", () => {
    expect(mod.validateUsageLedgerArgs({ environment: "Prod", accountId: "xyz", exportEveryMinutes: 2, retentionDays: 0 })).toEqual([
      'environment "Prod" is not a lowercase slug: a letter, then up to 31 of a-z, 0-9, -',
      'accountId "xyz" is not 32 lowercase hex characters',
      "exportEveryMinutes must be a whole number from 5 to 1,440, got 2",
      "retentionDays must be a whole number from 62 to 3,650, got 0",
    ]);
    expect(mod.validateUsageLedgerArgs({ environment: "dev", accountId: "0123456789abcdef0123456789abcdef", exportEveryMinutes: 15, retentionDays: 61 })).toEqual(["retentionDays must be a whole number from 62 to 3,650, got 61"]);
    expect(mod.validateUsageLedgerArgs({ environment: "e".repeat(32), accountId: "0123456789abcdef0123456789abcdef", exportEveryMinutes: 1440, retentionDays: 3650 })).toEqual([]);
    expect(mod.scheduleExpression(60)).toBe("rate(60 minutes)");
  });
});
