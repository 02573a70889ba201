/**
 * The stack file's value formats and number ranges, each written once. schema.ts builds its
 * fields from them; a component guarding its args, a policy judging what the engine sends, the
 * Worker or the exporter checking a value imports the same pattern or range rather than writing
 * its own. Imports nothing, so the runtime bundles may import it too (docs/architecture.md).
 */

/** A value format: the pattern the loader checks, and what it says it expected. */
export interface Format {
  pattern: RegExp;
  /** Completes "expected ..." (the loader) and "... is not ..." (guards). */
  expected: string;
}

/** An inclusive range of whole numbers. */
export interface Range {
  min: number;
  max: number;
}

const AWS_ACCOUNT = String.raw`\d{12}`;

export const FORMATS = {
  /** The environment: also in resource names, the Worker's name and the ledger's partitions. */
  environment: { pattern: /^[a-z][a-z0-9-]{0,31}$/, expected: "a lowercase slug: a letter, then up to 31 of a-z, 0-9, -" },
  /** Names of entries (keys of providerKeys, routes, workloads, alerts; gateway key names). */
  label: { pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, expected: "a name of a-z, 0-9 and -, starting with a letter or digit, at most 63 characters" },
  /** Cloudflare account, zone and permission-group ids. */
  cloudflareId: { pattern: /^[0-9a-f]{32}$/, expected: "32 lowercase hex characters" },
  hostname: { pattern: /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, expected: "a lowercase DNS hostname such as ai.acme.example" },
  gatewayId: { pattern: /^[a-z0-9-]{1,64}$/, expected: "a Cloudflare AI Gateway id: 1 to 64 of a-z, 0-9, -" },
  pulumiConfigKey: { pattern: /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/, expected: "a Pulumi config key name such as openaiApiKey" },
  awsAccountId: { pattern: new RegExp(`^${AWS_ACCOUNT}$`), expected: "a 12-digit AWS account id" },
  secretArn: { pattern: new RegExp(`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:${AWS_ACCOUNT}:secret:[A-Za-z0-9/_+=.@-]+$`), expected: "a Secrets Manager secret ARN" },
  roleArn: { pattern: new RegExp(`^arn:aws[a-z-]*:iam::${AWS_ACCOUNT}:role\\/[A-Za-z0-9+=,.@_/-]+$`), expected: "an IAM role ARN" },
  awsRegion: { pattern: /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, expected: "an AWS region such as us-east-1" },
  // A plain pattern rather than a URL parser: WHATWG parsing rewrites input (strips tabs), and the
  // JSON Schema must accept exactly what the loader accepts.
  httpsUrl: { pattern: /^https:\/\/[A-Za-z0-9.-]+\.[A-Za-z]{2,63}(:\d{1,5})?(\/[^\s]*)?$/, expected: "an https:// URL" },
  /** Any 8-4-4-4-12 hex id, as Cloudflare's DLP API returns them: no UUID version is assumed. */
  dlpProfileId: { pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, expected: "a DLP profile id: a lower-case UUID such as 2b5e8a1c-3f4d-4e6a-9b1c-0d2e3f4a5b6c" },
  /** An HTTP header name, lower case (header names are case-insensitive, so one spelling per name). */
  headerName: { pattern: /^[a-z0-9][a-z0-9_.-]{0,127}$/, expected: "a lower-case HTTP header name such as x-honeycomb-team" },
} as const satisfies Record<string, Format>;

/** Ranges that something besides the schema also checks or offers as a setting. */
export const LIMITS = {
  /** usageLedger.exportEveryMinutes. */
  exportEveryMinutes: { min: 5, max: 1440 },
  /**
   * usageLedger.retentionDays. The ledger serves this month's month-to-date (summed from every
   * hour file of the month) and last month's chargeback and late-row audit: an hour file written
   * on the 1st must outlive the longest two consecutive months (July and August, December and January).
   */
  retentionDays: { min: 62, max: 3650 },
  /** routes.<r>.canary.percent. */
  canaryPercent: { min: 1, max: 99 },
  /** How many routes.<r>.fallbacks a route may list. */
  fallbacks: { min: 0, max: 8 },
} as const satisfies Record<string, Range>;

/** "a whole number from 5 to 1,440" */
export function wholeNumberText(range: Range): string {
  return `a whole number from ${range.min.toLocaleString("en-US")} to ${range.max.toLocaleString("en-US")}`;
}

export function isWholeNumberIn(range: Range, value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= range.min && (value as number) <= range.max;
}

/** A guard's message when `value` is not in `format` (`field "value" is not ...`), else undefined. */
export function formatProblem(field: string, value: unknown, format: Format): string | undefined {
  return typeof value === "string" && format.pattern.test(value) ? undefined : `${field} "${String(value)}" is not ${format.expected}`;
}

/** A guard's message when `value` is not a whole number in `range`, else undefined. */
export function rangeProblem(field: string, value: unknown, range: Range): string | undefined {
  return isWholeNumberIn(range, value) ? undefined : `${field} must be ${wholeNumberText(range)}, got ${String(value)}`;
}
