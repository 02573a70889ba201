/**
 * One application or job that uses AI models. Per gateway key: a 256-bit random secret, its
 * SHA-256 and scope in the front door's key table (Workers KV), and the plaintexts in one
 * Secrets Manager secret only `readerRoleArn` may read. Direct and hybrid workloads get read
 * grants on their provider keys. A budget becomes CloudWatch alarms (and a Bedrock budget when
 * it reads an aws-bedrock key directly). The decision record rides on the inputs and as tags.
 */
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { GatewayKeySpec, ProviderKeySpec, WorkloadSpec } from "../stacks/schema";
import { METRIC, NAMESPACE } from "../runtime/usage-export/contract";
import { directKeyReadPolicy, readersOnlySecretPolicy, roleNameOf, type Caller } from "./aws-policy-documents";
import { keyDigest, keyTableEntry } from "./key-table";
import { workloadTags } from "./tags";

/** AWS Budgets allows five notifications per budget. */
export const MAX_BUDGET_NOTIFICATIONS = 5;

/** The metric the usage exporter publishes per workload. */
export const SPEND_METRIC = { namespace: NAMESPACE, metricName: METRIC.monthToDate } as const;

/** What policies see of a direct key: which provider and account it reaches. */
export interface DirectKeyAccount {
  name: string;
  provider: ProviderKeySpec["provider"];
  providerAccount?: ProviderKeySpec["providerAccount"];
}

export interface WorkloadArgs {
  /** The environment (stack-file `environment`). */
  environment: string;
  /** The workload's label in the stack file. */
  workload: string;
  /** The owning team's e-mail. */
  owner: string;
  /** gateway | direct | hybrid. */
  path: WorkloadSpec["path"];
  /** Routes its keys may call (labels; the key table stores them as dynamic/<route>). */
  routes: string[];
  /** Plain provider/model ids its keys may call. */
  models: string[];
  /** Its gateway keys: name, expiry date, optional CIDRs. */
  keys: GatewayKeySpec[];
  /** Provider key labels it reads directly (direct and hybrid). */
  directKeys: string[];
  /** The provider and account behind each direct key. */
  directKeyAccounts: DirectKeyAccount[];
  /** The only AWS role that may read this workload's secrets. */
  readerRoleArn: string;
  /** Monthly budget in USD, alarm thresholds in percent, whether the gateway enforces it. */
  budget?: WorkloadSpec["budget"];
  /** Requests per minute: carried in the key table for the front door; not enforced yet (see docs/front-door.md). */
  rateLimit?: WorkloadSpec["rateLimit"];
  /** Alert channel names its alarms go to. */
  alerts: string[];
  /** The access decision record. */
  decision?: WorkloadSpec["decision"];

  /** Cloudflare account id. */
  accountId: string;
  /** The front door's key table (Workers KV namespace). */
  keyTableNamespaceId: pulumi.Input<string>;
  /** The stack's KMS key for the key secret. */
  kmsKeyArn: pulumi.Input<string>;
  /** Per direct key label, the ARN of its Secrets Manager secret. */
  directKeySecretArns: Record<string, pulumi.Input<string>>;
  /** Per alert channel name, the SNS topic ARN. */
  alertTopicArns: Record<string, pulumi.Input<string>>;
  /** The deploying principal, exempted from the key secret's deny-read statement. */
  caller: pulumi.Input<Caller>;
  /** Protect the key secret from deletion (prod). */
  protect: boolean;
}

/** Budget alarm thresholds in USD: `alertAtPercent` of `monthlyUsd`, rounded to cents. */
export function alarmThresholds(budget: NonNullable<WorkloadSpec["budget"]>): Array<{ percent: number; usd: number }> {
  return budget.alertAtPercent.map((percent) => ({ percent, usd: Math.round(budget.monthlyUsd * percent) / 100 }));
}

/** A 12-digit provider account id is an AWS account: the Bedrock budget filters on it. */
export function bedrockLinkedAccounts(accounts: readonly DirectKeyAccount[]): string[] {
  return accounts.filter((a) => a.provider === "aws-bedrock" && a.providerAccount && /^\d{12}$/.test(a.providerAccount.id)).map((a) => a.providerAccount!.id);
}

export class Workload extends pulumi.ComponentResource {
  /** ARN of the secret holding this workload's gateway keys (absent for direct workloads). */
  readonly keySecretArn?: pulumi.Output<string>;
  /** Per key name, the KV key (digest) of its key-table entry. */
  readonly keyDigests: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("switchyard:index:Workload", name, args, opts);
    const tags = workloadTags(args.environment, args.workload, args.decision);
    const caller = pulumi.output(args.caller);
    const plaintexts: Record<string, pulumi.Output<string>> = {};

    for (const key of args.keys) {
      const bytes = new random.RandomBytes(`${name}-key-${key.name}`, { length: 32 }, { parent: this });
      plaintexts[key.name] = bytes.hex;
      // A digest of 256 random bits reveals nothing: it is the KV key and may be shown.
      const digest = pulumi.unsecret(bytes.hex.apply(keyDigest));
      this.keyDigests[key.name] = digest;
      new cloudflare.WorkersKv(
        `${name}-key-${key.name}-entry`,
        {
          accountId: args.accountId,
          namespaceId: args.keyTableNamespaceId,
          keyName: digest,
          value: JSON.stringify(keyTableEntry(args.environment, args.workload, args, key)),
        },
        { parent: this },
      );
    }

    if (args.keys.length) {
      const secret = new aws.secretsmanager.Secret(
        `${name}-keys`,
        {
          namePrefix: `switchyard/${args.environment}/workload/${args.workload}/gateway-keys-`,
          description: `Switchyard ${args.environment}: gateway keys of workload ${args.workload}, JSON {keyName: key}`,
          kmsKeyId: args.kmsKeyArn,
          recoveryWindowInDays: args.protect ? 30 : 7,
          policy: caller.apply((c) => JSON.stringify(readersOnlySecretPolicy([args.readerRoleArn], c))),
          tags,
        },
        { parent: this, protect: args.protect },
      );
      new aws.secretsmanager.SecretVersion(
        `${name}-keys-version`,
        { secretId: secret.id, secretString: pulumi.secret(pulumi.all(plaintexts).apply((keys) => JSON.stringify(keys))) },
        { parent: this, protect: args.protect },
      );
      this.keySecretArn = secret.arn;
    }

    if (args.path !== "gateway" && args.directKeys.length) {
      const arns = args.directKeys.map((k) => {
        const arn = args.directKeySecretArns[k];
        if (arn === undefined) throw new Error(`workloads.${args.workload}.directKeys: no secret for provider key ${k}`);
        return arn;
      });
      new aws.iam.RolePolicy(
        `${name}-direct-keys-read`,
        { role: roleNameOf(args.readerRoleArn), name: `switchyard-${args.environment}-${args.workload}-direct-keys`, policy: pulumi.all(arns).apply((a) => JSON.stringify(directKeyReadPolicy(a))) },
        { parent: this },
      );
    }

    if (args.budget) {
      const actions = args.alerts.map((channel) => {
        const arn = args.alertTopicArns[channel];
        if (arn === undefined) throw new Error(`workloads.${args.workload}.alerts: no topic for alert channel ${channel}`);
        return arn;
      });
      for (const { percent, usd } of alarmThresholds(args.budget)) {
        new aws.cloudwatch.MetricAlarm(
          `${name}-budget-${percent}pct`,
          {
            alarmDescription: `Switchyard ${args.environment}: workload ${args.workload} has spent ${percent}% of its ${args.budget.monthlyUsd} USD monthly budget`,
            namespace: SPEND_METRIC.namespace,
            metricName: SPEND_METRIC.metricName,
            dimensions: { Environment: args.environment, Workload: args.workload },
            statistic: "Maximum",
            period: 3600,
            evaluationPeriods: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: usd,
            treatMissingData: "notBreaching",
            alarmActions: actions,
            tags,
          },
          { parent: this },
        );
      }

      const linked = bedrockLinkedAccounts(args.directKeyAccounts);
      if (args.path !== "gateway" && args.directKeyAccounts.some((a) => a.provider === "aws-bedrock")) {
        if (args.budget.alertAtPercent.length > MAX_BUDGET_NOTIFICATIONS) {
          throw new Error(`workloads.${args.workload}.budget.alertAtPercent: an AWS budget holds at most ${MAX_BUDGET_NOTIFICATIONS} notifications, found ${args.budget.alertAtPercent.length}`);
        }
        new aws.budgets.Budget(
          `${name}-bedrock-budget`,
          {
            name: `switchyard-${args.environment}-${args.workload}-bedrock`,
            budgetType: "COST",
            timeUnit: "MONTHLY",
            limitAmount: String(args.budget.monthlyUsd),
            limitUnit: "USD",
            costFilters: [{ name: "Service", values: ["Amazon Bedrock"] }, ...(linked.length ? [{ name: "LinkedAccount", values: linked }] : [])],
            notifications: args.budget.alertAtPercent.map((percent) => ({
              comparisonOperator: "GREATER_THAN",
              threshold: percent,
              thresholdType: "PERCENTAGE",
              notificationType: "ACTUAL",
              subscriberSnsTopicArns: actions,
            })),
            tags,
          },
          { parent: this },
        );
      }
    }
    this.registerOutputs({ keySecretArn: this.keySecretArn, keyDigests: this.keyDigests });
  }
}
