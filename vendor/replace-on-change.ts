/**
 * Which inputs of each custom resource type the program creates force a replacement when they
 * change: the providers' own schemas, read at their source. A Terraform attribute marked ForceNew
 * (SDKv2) or with a RequiresReplace plan modifier (plugin framework) becomes the Pulumi input the
 * bridge maps it to (snake_case → camelCase, checked against node_modules/@pulumi/<pkg>/*.d.ts;
 * renamed ones say so). A nested attribute is a dotted path under its top-level input
 * (`objectLockConfiguration.objectLockEnabled`); Pulumi's object for a MaxItems-1 block is the path's
 * middle, a list in between matches every element.
 *
 * Autonamed `name` / `namePrefix` inputs are ForceNew like any other: Pulumi autonaming fills them
 * in, so renaming a component replaces the resource. Pulumi itself also replaces a resource when
 * its provider changes (e.g. `aws.region`) and for an explicit `replaceOnChanges` option; neither
 * is an input rule, so neither is here.
 *
 * Sources read (the npm packages do not say which upstream version they bridge; the pulumi-aws and
 * pulumi-cloudflare go.mod files point at a git submodule, so the versions below are what was read):
 * - terraform-provider-cloudflare v5.22.0 (tag; its workers_script schema is the first with
 *   `exports` / `package_dependencies`, inputs @pulumi/cloudflare 6.22.1 has), internal/services/<name>/schema.go.
 * - terraform-provider-random v3.9.0 (+4 dependency-only commits); resource_bytes.go unchanged in
 *   schema since v3.6.0 (#494), so any version @pulumi/random 4.21.2 bridges has the same rules.
 * - terraform-provider-aws: internal/service/<svc>/<file>.go as the code index stores it (one
 *   version per file, v6.x for most: the region rule, identity annotations and `@Testing(preIdentityVersion="v6.…")`
 *   show it; budgets/budget.go, iam/role_policy.go, kms/alias.go and s3/bucket_versioning.go are older
 *   stored versions, whose ForceNew attributes are the name/bucket/owner ones that do not move).
 *   @pulumi/aws 7.x bridges terraform-provider-aws 6.x (pulumi/pulumi-aws#5665).
 */

export interface ReplaceRule {
  /** The Pulumi input, or a dotted path into it. */
  input: string;
  /** Provider source file and the field that says so. */
  source: string;
}

const AWS = "terraform-provider-aws";
const CF = "terraform-provider-cloudflare v5.22.0";
const RANDOM = "terraform-provider-random v3.9.0";

/** terraform-provider-aws v6 adds a top-level `region` to every regional resource and replaces the resource when it changes (except between unset and the provider's own region). */
const region: ReplaceRule = {
  input: "region",
  source: `${AWS} internal/provider/sdkv2/region.go: region ForceNew (forceNewIfRegionChanges, unless it moves between unset and the provider's region)`,
};

function aws(file: string, fields: Array<[input: string, attribute: string]>, regional = true): ReplaceRule[] {
  const rules = fields.map(([input, attribute]) => ({ input, source: `${AWS} ${file}: ${attribute} ForceNew` }));
  return regional ? [...rules, region] : rules;
}

function cf(service: string, fields: Array<[input: string, attribute: string, modifier?: string]>): ReplaceRule[] {
  return fields.map(([input, attribute, modifier = "RequiresReplace"]) => ({ input, source: `${CF} internal/services/${service}/schema.go: ${attribute} ${modifier}` }));
}

export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly ReplaceRule[]>> = {
  // AWS Budgets is global: no region attribute.
  "aws:budgets/budget:Budget": aws("internal/service/budgets/budget.go", [["accountId", "account_id"], ["name", "name"], ["namePrefix", "name_prefix"]], false),
  "aws:cloudwatch/eventRule:EventRule": aws("internal/service/events/rule.go", [["eventBusName", "event_bus_name"], ["name", "name"], ["namePrefix", "name_prefix"]]),
  "aws:cloudwatch/eventTarget:EventTarget": aws("internal/service/events/target.go", [["eventBusName", "event_bus_name"], ["rule", "rule"], ["targetId", "target_id"]]),
  "aws:cloudwatch/logGroup:LogGroup": aws("internal/service/logs/group.go", [["logGroupClass", "log_group_class"], ["name", "name"], ["namePrefix", "name_prefix"]]),
  // Pulumi calls alarm_name `name`.
  "aws:cloudwatch/metricAlarm:MetricAlarm": aws("internal/service/cloudwatch/metric_alarm.go", [["name", "alarm_name"]]),
  // IAM is global: no region attribute.
  "aws:iam/role:Role": aws("internal/service/iam/role.go", [["name", "name"], ["namePrefix", "name_prefix"], ["path", "path"]], false),
  "aws:iam/rolePolicy:RolePolicy": aws("internal/service/iam/role_policy.go", [["name", "name"], ["namePrefix", "name_prefix"], ["role", "role"]], false),
  "aws:kms/alias:Alias": aws("internal/service/kms/alias.go", [["name", "name"], ["namePrefix", "name_prefix"]]),
  "aws:kms/key:Key": aws("internal/service/kms/key.go", [
    ["customKeyStoreId", "custom_key_store_id"],
    ["customerMasterKeySpec", "customer_master_key_spec"],
    ["keyUsage", "key_usage"],
    ["multiRegion", "multi_region"],
    ["xksKeyId", "xks_key_id"],
  ]),
  // Pulumi calls function_name `name`. Read: the schema up to vpc_config (the index's first 16,000 characters).
  "aws:lambda/function:Function": aws("internal/service/lambda/function.go", [["name", "function_name"], ["packageType", "package_type"], ["tenancyConfig", "tenancy_config"]]),
  // The resource has no Update: every argument is ForceNew. Pulumi calls function_name `function`.
  "aws:lambda/permission:Permission": aws("internal/service/lambda/permission.go", [
    ["action", "action"],
    ["eventSourceToken", "event_source_token"],
    ["function", "function_name"],
    ["functionUrlAuthType", "function_url_auth_type"],
    ["invokedViaFunctionUrl", "invoked_via_function_url"],
    ["principal", "principal"],
    ["principalOrgId", "principal_org_id"],
    ["qualifier", "qualifier"],
    ["sourceAccount", "source_account"],
    ["sourceArn", "source_arn"],
    ["statementId", "statement_id"],
    ["statementIdPrefix", "statement_id_prefix"],
  ]),
  "aws:s3/bucket:Bucket": aws("internal/service/s3/bucket.go", [
    ["bucket", "bucket"],
    ["bucketPrefix", "bucket_prefix"],
    ["objectLockEnabled", "object_lock_enabled"],
    // Deprecated block; only its object_lock_enabled replaces, a change to its rule does not.
    ["objectLockConfiguration.objectLockEnabled", "object_lock_configuration.object_lock_enabled"],
  ]),
  // A plugin-framework resource: RequiresReplace plan modifiers, not ForceNew. Its region rule was not read here.
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": [
    { input: "bucket", source: `${AWS} internal/service/s3/bucket_lifecycle_configuration.go: bucket RequiresReplace` },
    { input: "expectedBucketOwner", source: `${AWS} internal/service/s3/bucket_lifecycle_configuration.go: expected_bucket_owner RequiresReplace` },
  ],
  "aws:s3/bucketPolicy:BucketPolicy": aws("internal/service/s3/bucket_policy.go", [["bucket", "bucket"]]),
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": aws("internal/service/s3/bucket_public_access_block.go", [["bucket", "bucket"]]),
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": aws("internal/service/s3/bucket_server_side_encryption_configuration.go", [["bucket", "bucket"], ["expectedBucketOwner", "expected_bucket_owner"]]),
  "aws:s3/bucketVersioning:BucketVersioning": aws("internal/service/s3/bucket_versioning.go", [["bucket", "bucket"], ["expectedBucketOwner", "expected_bucket_owner"]]),
  "aws:secretsmanager/secret:Secret": aws("internal/service/secretsmanager/secret.go", [["name", "name"], ["namePrefix", "name_prefix"]]),
  "aws:secretsmanager/secretVersion:SecretVersion": aws("internal/service/secretsmanager/secret_version.go", [
    ["secretId", "secret_id"],
    ["secretBinary", "secret_binary"],
    ["secretString", "secret_string"],
    ["secretStringWoVersion", "secret_string_wo_version"],
  ]),
  "aws:sns/topic:Topic": aws("internal/service/sns/topic.go", [["fifoTopic", "fifo_topic"], ["name", "name"], ["namePrefix", "name_prefix"]]),
  "aws:sns/topicPolicy:TopicPolicy": aws("internal/service/sns/topic_policy.go", [["arn", "arn"]]),
  // Pulumi calls topic_arn `topic`.
  "aws:sns/topicSubscription:TopicSubscription": aws("internal/service/sns/topic_subscription.go", [["endpoint", "endpoint"], ["protocol", "protocol"], ["topic", "topic_arn"]]),

  "cloudflare:index/accountToken:AccountToken": cf("account_token", [["accountId", "account_id"]]),
  // The gateway's `id` attribute is Pulumi's `aiGatewayId`.
  "cloudflare:index/aiGateway:AiGateway": cf("ai_gateway", [["accountId", "account_id"], ["aiGatewayId", "id"]]),
  // `name` has no plan modifier: a rename updates in place.
  "cloudflare:index/aiGatewayDynamicRouting:AiGatewayDynamicRouting": cf("ai_gateway_dynamic_routing", [["accountId", "account_id"], ["gatewayId", "gateway_id"], ["elements", "elements", "listplanmodifier.RequiresReplace"]]),
  "cloudflare:index/workersCustomDomain:WorkersCustomDomain": cf("workers_custom_domain", [
    ["accountId", "account_id"],
    ["hostname", "hostname"],
    ["service", "service"],
    ["environment", "environment", "RequiresReplaceIfConfigured"],
    ["zoneId", "zone_id", "RequiresReplaceIfConfigured"],
    ["zoneName", "zone_name", "RequiresReplaceIfConfigured"],
  ]),
  "cloudflare:index/workersKv:WorkersKv": cf("workers_kv", [["accountId", "account_id"], ["keyName", "key_name"], ["namespaceId", "namespace_id"]]),
  // @pulumi/cloudflare 6.22.1 also has `jurisdiction` ("can only be set at namespace creation time"), which v5.22.0's schema lacks: not read, so not here.
  "cloudflare:index/workersKvNamespace:WorkersKvNamespace": cf("workers_kv_namespace", [["accountId", "account_id"]]),
  // Content, bindings and the rest update the script in place.
  "cloudflare:index/workersScript:WorkersScript": cf("workers_script", [["accountId", "account_id"], ["scriptName", "script_name"]]),

  "random:index/randomBytes:RandomBytes": [
    { input: "keepers", source: `${RANDOM} internal/provider/resource_bytes.go: keepers mapplanmodifier.RequiresReplace` },
    { input: "length", source: `${RANDOM} internal/provider/resource_bytes.go: length int64planmodifier.RequiresReplace` },
  ],
};
