/**
 * One application or job that uses AI models. Per gateway key: a 256-bit random secret, its
 * SHA-256 and scope in the front door's key table (Workers KV), and the plaintexts in one
 * Secrets Manager secret only `readerRoleArn` may read (its direct keys it reads by the grant
 * ProviderKeys puts on that role). A budget is watched by the usage exporter, which tells the
 * workload's channels at each threshold (no resource here), and becomes an AWS budget on Bedrock
 * spend when it reads an aws-bedrock key directly (stacks/aws-budget.ts). The decision record
 * rides on the inputs and as tags.
 */
import * as aws from "../vendor/pulumi-aws";
import * as cloudflare from "../vendor/pulumi-cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { awsBudgetName, budgetSubscribers, hasAwsBudget } from "../stacks/aws-budget";
import { FORMATS } from "../stacks/formats";
import { formerNames } from "./aliases";
import { readersOnlySecretPolicy, workloadSecretNamePrefix } from "./aws-policy-documents";
import { COMPONENT_TYPES, type DirectKeyAccount, type SourcesOfRecord, type WorkloadArgs, type WorkloadScope, recoveryWindowDays } from "./contract";
import type { WrittenKey } from "../runtime/front-door/live-keys";
import { keyDigest, keyTableEntry } from "./key-table";
import { workloadTags } from "./tags";

/** What the workload's gateway keys may do, as it registers it for stack policies. */
export function workloadScope(args: WorkloadArgs): WorkloadScope {
  return { environment: args.environment, workload: args.workload, routes: [...args.routes, ...args.formerRouteLabels], models: args.models, keys: args.keys };
}

/** The decision record's sources of record, registered so that the ledger's stack policies see them. */
export function sourcesOfRecord(args: WorkloadArgs): SourcesOfRecord {
  const d = args.decision;
  return { ...(d?.billingSourceOfRecord ? { billingSourceOfRecord: d.billingSourceOfRecord } : {}), ...(d?.usageSourceOfRecord ? { usageSourceOfRecord: d.usageSourceOfRecord } : {}) };
}

/** A 12-digit provider account id is an AWS account: the Bedrock budget filters on it. */
export function bedrockLinkedAccounts(accounts: readonly DirectKeyAccount[]): string[] {
  return accounts.filter((a) => a.provider === "aws-bedrock" && a.providerAccount && FORMATS.awsAccountId.pattern.test(a.providerAccount.id)).map((a) => a.providerAccount!.id);
}

/** The Cost Explorer service name of Amazon Bedrock's own charges. */
export const BEDROCK_SERVICE = "Amazon Bedrock";
/**
 * Third-party models on Bedrock (Anthropic, Meta, Mistral, ...) are sold through AWS Marketplace
 * and billed under per-model service names such as "Claude 3.5 Sonnet (Amazon Bedrock Edition)",
 * not under "Amazon Bedrock" (AWS Bedrock pricing; the suffix as Cost Explorer shows it, unverified
 * here: docs/verification.md).
 */
export const BEDROCK_MARKETPLACE_SUFFIX = "(Amazon Bedrock Edition)";

/**
 * Bedrock spend for an AWS budget: the Amazon Bedrock service or a Marketplace Bedrock edition,
 * in the given accounts when there are any. An `or` needs a filter expression (the legacy
 * `costFilters` AND their keys); SERVICE with ENDS_WITH is in the Budgets API's
 * ExpressionDimensionValues MatchOptions.
 */
export function bedrockSpendFilter(linkedAccounts: readonly string[]): aws.types.input.budgets.BudgetFilterExpression {
  const services = {
    ors: [
      { dimensions: { key: "SERVICE", values: [BEDROCK_SERVICE] } },
      { dimensions: { key: "SERVICE", values: [BEDROCK_MARKETPLACE_SUFFIX], matchOptions: ["ENDS_WITH"] } },
    ],
  };
  return linkedAccounts.length ? { ands: [services, { dimensions: { key: "LINKED_ACCOUNT", values: [...linkedAccounts] } }] } : services;
}

export class Workload extends pulumi.ComponentResource {
  /** ARN of the secret holding this workload's gateway keys (absent for direct workloads). */
  readonly keySecretArn?: pulumi.Output<string>;
  /** Per key name, the KV key (digest) of its key-table entry. */
  readonly keyDigests: Record<string, pulumi.Output<string>> = {};
  /**
   * Per key name, its entry as written to KV (digest and text), read back from the KV resource so
   * that whatever uses it (the front door's live set) is deployed after the entry is written.
   */
  readonly writtenKeys: Record<string, pulumi.Output<WrittenKey>> = {};

  constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Workload, name, args, opts);
    const tags = workloadTags(args.environment, args.workload, args.decision);
    const caller = pulumi.output(args.caller);
    const plaintexts: Record<string, pulumi.Output<string>> = {};
    const scope = workloadScope(args);
    // Every child is named from the workload's label: a renamed workload keeps them all.
    const child = (suffix: string): pulumi.CustomResourceOptions => ({ parent: this, ...formerNames(args.renamedFrom, (label) => `${label}${suffix}`) });

    for (const key of args.keys) {
      const bytes = new random.RandomBytes(`${name}-key-${key.name}`, { length: 32 }, child(`-key-${key.name}`));
      plaintexts[key.name] = bytes.hex;
      // A digest of 256 random bits reveals nothing: it is the KV key and may be shown.
      const digest = pulumi.unsecret(bytes.hex.apply(keyDigest));
      this.keyDigests[key.name] = digest;
      const written = new cloudflare.WorkersKv(
        `${name}-key-${key.name}-entry`,
        {
          accountId: args.accountId,
          namespaceId: args.keyTableNamespaceId,
          keyName: digest,
          value: JSON.stringify(keyTableEntry(args.environment, args.workload, scope, key)),
        },
        child(`-key-${key.name}-entry`),
      );
      this.writtenKeys[key.name] = pulumi.all([written.keyName, written.value]).apply(([digest, entry]) => ({ digest, entry }));
    }

    if (args.keys.length) {
      const secret = new aws.secretsmanager.Secret(
        `${name}-keys`,
        {
          namePrefix: `${workloadSecretNamePrefix(args.environment)}${args.workload}/gateway-keys-`,
          description: `Switchyard ${args.environment}: gateway keys of workload ${args.workload}, JSON {keyName: key}`,
          kmsKeyId: args.kmsKeyArn,
          recoveryWindowInDays: recoveryWindowDays(args.protect),
          policy: caller.apply((c) => JSON.stringify(readersOnlySecretPolicy([args.readerRoleArn], c))),
          tags,
        },
        // The name is set once, at creation: a renamed workload keeps its secret (and its ARN).
        { ...child("-keys"), protect: args.protect, ignoreChanges: ["namePrefix"] },
      );
      // A key added or removed is a new version (secretString is ForceNew), so the version is not
      // protected (provider-keys.ts says why that loses nothing).
      new aws.secretsmanager.SecretVersion(
        `${name}-keys-version`,
        { secretId: secret.id, secretString: pulumi.secret(pulumi.all(plaintexts).apply((keys) => JSON.stringify(keys))) },
        child("-keys-version"),
      );
      this.keySecretArn = secret.arn;
    }

    // The budget's thresholds are told to the workload's channels by the usage exporter (one less
    // alarm per threshold and workload: runtime/usage-export/budget-alerts.ts); a Bedrock budget is
    // AWS's own view of that spend.
    if (args.budget) {
      for (const channel of args.alerts) {
        if (args.alertTopicArns[channel] === undefined) throw new Error(`workloads.${args.workload}.alerts: no topic for alert channel ${channel}`);
      }
      if (hasAwsBudget(args.path, args.directKeyAccounts.map((a) => a.provider))) {
        // E-mail channels as e-mail subscribers, webhook channels through their topic: a
        // notification takes one SNS subscriber (the loader refuses a second webhook channel).
        const { emails, topics } = budgetSubscribers(args.alerts, (channel) => args.alertChannels[channel]);
        const subscribers = {
          ...(emails.length ? { subscriberEmailAddresses: emails.map((e) => e.address) } : {}),
          ...(topics.length ? { subscriberSnsTopicArns: topics.map((t) => args.alertTopicArns[t.channel]) } : {}),
        };
        new aws.budgets.Budget(
          `${name}-bedrock-budget`,
          {
            name: awsBudgetName(args.environment, args.workload),
            budgetType: "COST",
            timeUnit: "MONTHLY",
            limitAmount: String(args.budget.monthlyUsd),
            limitUnit: "USD",
            filterExpression: bedrockSpendFilter(bedrockLinkedAccounts(args.directKeyAccounts)),
            // A notification needs a subscriber; a workload without channels fails switchyard-budgets-required.
            notifications: emails.length + topics.length === 0 ? [] : args.budget.alertAtPercent.map((percent) => ({
              comparisonOperator: "GREATER_THAN",
              threshold: percent,
              thresholdType: "PERCENTAGE",
              notificationType: "ACTUAL",
              ...subscribers,
            })),
            tags,
          },
          // The budget's name is set once: a renamed workload keeps its budget and its history.
          { ...child("-bedrock-budget"), ignoreChanges: ["name"] },
        );
      }
    }
    // Stack policies judge a workload by its outputs (the engine sends them no component inputs).
    this.registerOutputs({ ...scope, sourcesOfRecord: sourcesOfRecord(args), keySecretArn: this.keySecretArn, keyDigests: this.keyDigests });
  }
}
