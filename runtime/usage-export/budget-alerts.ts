/**
 * Budget notifications, sent by the exporter itself. A workload's budget thresholds used to be one
 * CloudWatch alarm each on its month-to-date metric (3 alarms and USD 0.30 a month per workload,
 * and 3 resources: 5,000 workloads made 15,000 alarms). The exporter computes that month-to-date
 * from the ledger anyway; after publishing it, it tells the workload's alert channels (their SNS
 * topics, as the alarms did) when a threshold is reached, once per threshold and month: what it has
 * told is in the checkpoint, written after the messages (at least once: a run that dies between the
 * two repeats them).
 */
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { budgetAlertText, budgetThresholds, type WorkloadBudget } from "./contract";
import { compareUsd, roundUsd, usdOf } from "./money";

export interface BudgetAlert {
  workload: string;
  month: string;
  percent: number;
  monthlyUsd: number;
  /** Exact dollars spent in the month so far. */
  spendUsd: string;
  topics: string[];
}

export interface AlertSink {
  publish(topicArn: string, subject: string, message: string): Promise<void>;
}

/** Publishes to SNS (PublishCommand in @aws-sdk/client-sns). */
export class SnsSink implements AlertSink {
  constructor(private readonly sns: SNSClient) {}
  async publish(topicArn: string, subject: string, message: string): Promise<void> {
    await this.sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
  }
}

/**
 * The notifications due for a month: per workload, every threshold its spend has reached above the
 * highest already told (`told`), lowest first.
 */
export function dueAlerts(month: string, spend: ReadonlyMap<string, string>, budgets: Readonly<Record<string, WorkloadBudget>>, told: Readonly<Record<string, number>>): BudgetAlert[] {
  return Object.keys(budgets)
    .sort()
    .flatMap((workload) => {
      const budget = budgets[workload] as WorkloadBudget;
      const spendUsd = spend.get(workload) ?? "0";
      return budgetThresholds(budget)
        .filter(({ percent, usd }) => percent > (told[workload] ?? 0) && compareUsd(spendUsd, usdOf(usd) ?? "0") >= 0)
        .map(({ percent }) => ({ workload, month, percent, monthlyUsd: budget.monthlyUsd, spendUsd, topics: budget.topics }));
    });
}

/** SNS takes an ASCII subject "less than 100 characters long" (SNS API reference, Publish, `Subject`). */
const SUBJECT_CHARACTERS = 99;

/** The subject and message of a notification (no secret: labels and dollars only). */
export function alertMessage(environment: string, a: BudgetAlert): { subject: string; message: string } {
  const text = budgetAlertText(environment, a.workload, a.percent, a.monthlyUsd);
  const subject = text.length <= SUBJECT_CHARACTERS ? text : `${text.slice(0, SUBJECT_CHARACTERS - 3)}...`;
  return {
    subject,
    message: `${text}: ${roundUsd(a.spendUsd, 2)} USD in ${a.month} so far, by the usage ledger. Sent once per threshold and month by the Switchyard usage exporter. See docs/ledger.md.`,
  };
}

/** Sends each due notification to each of its workload's topics; returns the highest percent told per workload. */
export async function sendAlerts(environment: string, alerts: readonly BudgetAlert[], sink: AlertSink): Promise<Record<string, number>> {
  const highest: Record<string, number> = {};
  for (const a of alerts) {
    const { subject, message } = alertMessage(environment, a);
    for (const topic of a.topics) await sink.publish(topic, subject, message);
    highest[a.workload] = Math.max(highest[a.workload] ?? 0, a.percent);
  }
  return highest;
}
