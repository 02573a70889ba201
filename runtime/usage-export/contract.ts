/**
 * What the usage exporter (runtime/usage-export) and the Pulumi program (components/) share:
 * the environment variables and the workloads file the function reads, the metric names it
 * publishes, and the alarms that watch them. Dependency-free on purpose: the program imports this module without loading
 * the exporter or the AWS SDK.
 */

/** Environment variables the UsageLedger component sets on the function. */
export const ENV = {
  environment: "SWITCHYARD_ENVIRONMENT",
  accountId: "CLOUDFLARE_ACCOUNT_ID",
  gatewayId: "AI_GATEWAY_ID",
  bucket: "LEDGER_BUCKET",
  tokenSecretArn: "CLOUDFLARE_TOKEN_SECRET_ARN",
  exportEveryMinutes: "EXPORT_EVERY_MINUTES",
  /** gateway.logs.maxStored: how many logs the gateway keeps before it deletes its oldest. */
  maxStored: "GATEWAY_LOGS_MAX_STORED",
} as const;

/**
 * The per-workload configuration, a JSON file beside index.js in the function's code archive
 * rather than environment variables: Lambda allows 4 KB for all of a function's variables
 * together, and these grow with the workloads, while a directly uploaded archive may be 50 MB
 * zipped, 250 MB unzipped (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 * It deploys with the code it belongs to, in one function version: unlike an S3 object the
 * function would read, it needs no read grant and no cache, and no run sees labels older or newer
 * than its code.
 */
export const WORKLOADS_FILE = "workloads.json";

/** What WORKLOADS_FILE holds. */
export interface WorkloadsFile {
  /** The stack file's workload labels; spend under any other label is metered as `unattributed`. */
  workloads: string[];
  /** Each workload label -> its gateway key names; a request under another key label is reported (docs/ledger.md). */
  keys?: Record<string, string[]>;
  /** Each workload label -> the labels it had before (the stack's `renamedFrom`): their spend is the workload's. */
  renamedFrom?: Record<string, string[]>;
  /** `provider/model` -> US dollars per request, counted toward budgets for requests logged without a cost (the stack's usageLedger.fallbackPrices). */
  fallbackPrices?: Record<string, number>;
  /** Each workload label with a budget -> its thresholds and the SNS topics of its alert channels (runtime/usage-export/budget-alerts.ts). */
  budgets?: Record<string, WorkloadBudget>;
}

/** A workload's monthly budget as the exporter watches it: the stack file's budget and the topics of the workload's channels. */
export interface WorkloadBudget {
  monthlyUsd: number;
  alertAtPercent: number[];
  /** SNS topic ARNs, one per alert channel of the workload. */
  topics: string[];
}

/** Budget thresholds in USD: `percent` of `monthlyUsd`, rounded to cents (what the budget alarms compared before). */
export function budgetThresholds(budget: Pick<WorkloadBudget, "monthlyUsd" | "alertAtPercent">): Array<{ percent: number; usd: number }> {
  return budget.alertAtPercent.map((percent) => ({ percent, usd: Math.round(budget.monthlyUsd * percent) / 100 }));
}

/** What a budget notification says: the text the per-threshold alarms carried as their description. */
export const budgetAlertText = (environment: string, workload: string, percent: number, monthlyUsd: number) =>
  `Switchyard ${environment}: workload ${workload} has spent ${percent}% of its ${monthlyUsd} USD monthly budget`;

export const NAMESPACE = "Switchyard";

/** The bucket prefixes the exporter reads and writes (its IAM policy grants exactly these; layout in ledger-store.ts). */
export const LEDGER_PREFIXES = ["ledger/", "state/", "quarantine/"] as const;

/** Metric names under NAMESPACE. Dimensions and meanings: docs/ledger.md. */
export const METRIC = {
  spend: "SpendUsd",
  requests: "Requests",
  errors: "Errors",
  tokensIn: "TokensIn",
  tokensOut: "TokensOut",
  monthToDate: "MonthToDateSpendUsd",
  heartbeat: "ExporterHeartbeat",
  lag: "ExportLagMinutes",
  lateRows: "LateRows",
  lateRowsBeyondHorizon: "LateRowsBeyondHorizon",
  quarantined: "QuarantinedEntries",
  outsideWindow: "RowsOutsideWindow",
  unattributedSpend: "UnattributedSpendUsd",
  apiLimitStalls: "ApiLimitStalls",
  unverifiedWindows: "UnverifiedWindows",
  deletedUnread: "LogsDeletedUnreadMinutes",
} as const;

/** Models with metrics of their own in each window, by spend; the rest are summed under Model=`other` (metrics.ts). */
export const TOP_MODELS = 5;

/**
 * The custom metrics a month of runs publishes, each billed (metrics.ts publishes them): the
 * environment's six totals, two per model for TOP_MODELS models and `other` (a lower bound: a
 * month whose top models change has more), and the ten run and event metrics. None per workload:
 * a workload's usage and month-to-date are in the ledger and the run's report, and its budget
 * thresholds are told by the exporter (budget-alerts.ts). plan/aws-cost.ts prices them.
 */
export const PUBLISHED_METRICS = 6 + 2 * (TOP_MODELS + 1) + 10;

/** Workload label for spend without a stack-file workload (no metadata, malformed, or a label the stack does not have). */
export const UNATTRIBUTED = "unattributed";

/** Cloudflare's logs lag by minutes: a window is first read this long after it closes. */
export const CLOSED_AFTER_MINUTES = 10;

/**
 * Lateness horizon: every run re-checks the windows that closed within this many minutes (plus one
 * schedule period) and merges late logs by id. Logs later than that are found by the month audit
 * and raise the LateRowsBeyondHorizon alarm.
 */
export const LATENESS_HORIZON_MINUTES = 60;

/** Cloudflare's documented API limit per token (https://developers.cloudflare.com/fundamentals/api/reference/limits/). */
export const CLOUDFLARE_API_LIMIT = { calls: 1200, windowSeconds: 300, blockSeconds: 300 } as const;

/** An alarm on one exporter metric, {Environment} dimension, as CloudWatch evaluates it. */
export interface ExporterAlarm {
  /** Suffix of the alarm's resource name (`<component>-<id>`). */
  id: string;
  metricName: string;
  statistic: "Sum" | "Maximum";
  /** Seconds. */
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
  treatMissingData: "breaching" | "notBreaching";
  /** What happened and what to do; `{env}` is replaced with the environment. */
  description: string;
}

/** Largest window the exporter uses for a schedule: the largest divisor of 60 not above it. */
export function windowMinutesFor(exportEveryMinutes: number): number {
  if (!Number.isInteger(exportEveryMinutes) || exportEveryMinutes < 1) throw new Error(`exportEveryMinutes must be a positive integer, got ${exportEveryMinutes}`);
  return [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60].filter((size) => size <= exportEveryMinutes).pop() ?? 1;
}

/** Highest ExportLagMinutes a healthy exporter reports: the read delay, one window and one schedule period. */
export const healthyLagMinutes = (exportEveryMinutes: number): number => CLOSED_AFTER_MINUTES + windowMinutesFor(exportEveryMinutes) + exportEveryMinutes;

/**
 * The alarms a person sees, all on {Environment}. One period is one schedule period (CloudWatch
 * periods are whole minutes; alarms evaluate at most one day).
 */
export function exporterAlarms(exportEveryMinutes: number): ExporterAlarm[] {
  const period = exportEveryMinutes * 60;
  const twice = period * 2 <= 86_400 ? 2 : 1;
  const onAny = (id: string, metricName: string, description: string): ExporterAlarm => ({
    id,
    metricName,
    statistic: "Sum",
    period,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    description,
  });
  return [
    {
      id: "heartbeat",
      metricName: METRIC.heartbeat,
      statistic: "Sum",
      period,
      evaluationPeriods: twice,
      datapointsToAlarm: twice,
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
      treatMissingData: "breaching",
      description: `Switchyard usage export for {env} has not completed a run in ${(period * twice) / 60} minutes: spend metrics and the ledger are going stale. See docs/ledger.md.`,
    },
    {
      id: "export-lag",
      metricName: METRIC.lag,
      statistic: "Maximum",
      period,
      evaluationPeriods: twice,
      datapointsToAlarm: twice,
      threshold: healthyLagMinutes(exportEveryMinutes),
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      description: `Switchyard usage export for {env} is more than ${healthyLagMinutes(exportEveryMinutes)} minutes behind, or a window's read does not match the logs API's count: spend is missing from the ledger until it catches up. See docs/ledger.md.`,
    },
    onAny(
      "logs-deleted-unread",
      METRIC.deletedUnread,
      "The AI Gateway of {env} deleted logs (its oldest, at gateway.logs.maxStored) before the usage export read them: their spend is missing from the ledger and those hours are reported as not verified. Raise gateway.logs.maxStored (see peakRequestsPerMinute) or fix the exporter's outage. See docs/ledger.md.",
    ),
    {
      ...onAny(
        "unverified-windows",
        METRIC.unverifiedWindows,
        "Switchyard usage export for {env} has windows whose read does not match the logs API's count (the run log names each window and the cause: unstable order of logs of the same millisecond, short pages, the API's caps), or audited hours whose ledger counts more logs than the API serves. They are retried every run; later hours are still exported and audited. See docs/ledger.md.",
      ),
      statistic: "Maximum",
      evaluationPeriods: twice,
      datapointsToAlarm: twice,
    },
    onAny("late-rows", METRIC.lateRowsBeyondHorizon, "Switchyard usage export for {env} found gateway logs that arrived after the lateness horizon: they are now in the ledger, and month-to-date (and a closed month) changed after the fact. See docs/ledger.md."),
    onAny("quarantined", METRIC.quarantined, "Switchyard usage export for {env} quarantined gateway log entries it cannot count (unreadable created_at, negative or non-numeric cost or tokens): their spend is not in the ledger. Inspect quarantine/ in the ledger bucket. See docs/ledger.md."),
    onAny("rows-outside-window", METRIC.outsideWindow, "The Cloudflare logs API returned entries outside the requested time window for {env}: its created_at filter was not applied. The ledger stays exact but every run reads more pages. See docs/ledger.md."),
    onAny("unattributed-spend", METRIC.unattributedSpend, "Spend in {env} that no stack-file workload owns (no front-door metadata, or a workload label the stack does not have). See docs/ledger.md."),
    {
      ...onAny("api-limit-stalls", METRIC.apiLimitStalls, "Switchyard usage export for {env} has stopped early for three periods because of Cloudflare's API limit (1,200 calls per 5 minutes): it is not keeping up. See docs/ledger.md (Cost and scale)."),
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    },
  ];
}
