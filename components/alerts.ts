/**
 * Alert channels. One customer-managed KMS key (rotation on) whose policy lets CloudWatch and
 * Budgets encrypt what they publish (the AWS-managed SNS key does not work for them); per
 * channel, one SNS topic under that key, a topic policy letting them publish, and one
 * subscription. A topic per channel lets each workload's alarms reach only its own channels.
 */
import * as aws from "../vendor/pulumi-aws";
import * as pulumi from "@pulumi/pulumi";
import { ALERT_CHANNEL_FIELDS, exactlyOneProblem } from "../stacks/exactly-one";
import type { AlertChannelSpec } from "../stacks/schema";
import { alertTopicPolicy, alertsKeyPolicy, type Caller } from "./aws-policy-documents";
import { COMPONENT_TYPES } from "./contract";
import { environmentTags } from "./tags";

export interface AlertsArgs {
  /** The environment (stack-file `environment`). */
  environment: string;
  /** The stack file's `alerts` entries: exactly one of email or webhook (https) each. */
  channels: Readonly<Record<string, AlertChannelSpec>>;
  /** The deploying account, for the key and topic policies. */
  caller: pulumi.Input<Caller>;
  /** Protect the KMS key from deletion (prod). */
  protect: boolean;
}

/** The SNS subscription for a channel: e-mail, or an https endpoint for webhooks. */
export function subscriptionOf(label: string, channel: AlertChannelSpec): { protocol: "email" | "https"; endpoint: string } {
  const problem = exactlyOneProblem(channel, ALERT_CHANNEL_FIELDS);
  if (problem) throw new Error(`alerts.${label}: ${problem}`);
  return channel.email !== undefined ? { protocol: "email", endpoint: channel.email } : { protocol: "https", endpoint: channel.webhook! };
}

export class Alerts extends pulumi.ComponentResource {
  readonly kmsKeyArn: pulumi.Output<string>;
  /** Per channel label, its SNS topic ARN. */
  readonly topicArns: Record<string, pulumi.Output<string>> = {};
  /**
   * Where stack-wide alarms (the usage ledger's heartbeat) go: the first channel's topic, or, in a
   * stack without channels, a topic with no subscription (switchyard-ledger-alarms-routed reports it).
   */
  readonly defaultTopicArn: pulumi.Output<string>;

  constructor(name: string, args: AlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Alerts, name, args, opts);
    const caller = pulumi.output(args.caller);
    const tags = environmentTags(args.environment);
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Switchyard ${args.environment}: alert topics (CloudWatch and Budgets publish)`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: caller.apply((c) => JSON.stringify(alertsKeyPolicy(c))),
        tags,
      },
      { parent: this, protect: args.protect },
    );
    new aws.kms.Alias(`${name}-key-alias`, { name: `alias/switchyard/${args.environment}/alerts`, targetKeyId: key.keyId }, { parent: this });
    this.kmsKeyArn = key.arn;

    const topicFor = (label: string) => {
      const topic = new aws.sns.Topic(
        `${name}-${label}-topic`,
        { namePrefix: `switchyard-${args.environment}-alerts-${label}-`, kmsMasterKeyId: key.arn, tags },
        { parent: this },
      );
      new aws.sns.TopicPolicy(
        `${name}-${label}-topic-policy`,
        { arn: topic.arn, policy: pulumi.all([topic.arn, caller]).apply(([arn, c]) => JSON.stringify(alertTopicPolicy(arn, c))) },
        { parent: this },
      );
      return topic;
    };
    for (const [label, channel] of Object.entries(args.channels)) {
      const { protocol, endpoint } = subscriptionOf(label, channel);
      const topic = topicFor(label);
      new aws.sns.TopicSubscription(`${name}-${label}-subscription`, { topic: topic.arn, protocol, endpoint }, { parent: this });
      this.topicArns[label] = topic.arn;
    }
    const first = Object.keys(this.topicArns)[0];
    // "unrouted" cannot clash with a channel: it exists only when there are no channels.
    this.defaultTopicArn = first !== undefined ? this.topicArns[first] : topicFor("unrouted").arn;
    this.registerOutputs({ kmsKeyArn: this.kmsKeyArn, topicArns: this.topicArns, defaultTopicArn: this.defaultTopicArn });
  }
}
