/**
 * The Lambda entry point (bundled by bundle.ts as index.handler). Configuration comes from the
 * environment the UsageLedger component sets and the workloads file it puts beside index.js in
 * the code archive (contract.ts); the Cloudflare token from Secrets Manager, fetched once per warm
 * container and never logged.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SNSClient } from "@aws-sdk/client-sns";
import { SnsSink } from "./budget-alerts";
import { ENV, WORKLOADS_FILE, type WorkloadBudget, type WorkloadsFile } from "./contract";
import { runExport, type ExportConfig, type ExportReport } from "./export-run";
import { CloudWatchSink } from "./metrics";
import { usdOf } from "./money";
import { S3ObjectStore } from "./object-store";

export type HandlerConfig = ExportConfig & { bucket: string; tokenSecretArn: string };

/** The function's configuration: its environment, and the workloads file in `codeDir` (where index.js is). */
export function loadConfig(env: Record<string, string | undefined>, codeDir: string = __dirname): HandlerConfig {
  const file = join(codeDir, WORKLOADS_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new Error(`${WORKLOADS_FILE} is missing beside the function's code (${codeDir})`);
  }
  return configFrom(env, text);
}

/** The configuration from the environment and the workloads file's text. */
export function configFrom(env: Record<string, string | undefined>, workloadsFileText: string): HandlerConfig {
  const read = (name: string) => {
    const value = env[name];
    if (value === undefined || value === "") throw new Error(`environment variable ${name} is not set`);
    return value;
  };
  const every = Number(read(ENV.exportEveryMinutes));
  if (!Number.isInteger(every) || every < 1) throw new Error(`${ENV.exportEveryMinutes} must be a positive integer`);
  const { workloads, keys, renamedFrom, fallbackPrices, budgets } = workloadsFile(workloadsFileText);
  const maxStored = env[ENV.maxStored] === undefined || env[ENV.maxStored] === "" ? undefined : Number(env[ENV.maxStored]);
  if (maxStored !== undefined && !(Number.isInteger(maxStored) && maxStored > 0)) throw new Error(`${ENV.maxStored} must be a positive integer`);
  return {
    environment: read(ENV.environment),
    accountId: read(ENV.accountId),
    gatewayId: read(ENV.gatewayId),
    bucket: read(ENV.bucket),
    tokenSecretArn: read(ENV.tokenSecretArn),
    exportEveryMinutes: every,
    workloads,
    ...(keys === undefined ? {} : { keys }),
    ...(renamedFrom === undefined ? {} : { renamedFrom }),
    ...(maxStored === undefined ? {} : { maxStored }),
    // Exact dollars: a JSON number's shortest decimal form (money.ts).
    ...(fallbackPrices === undefined ? {} : { fallbackPrices: Object.fromEntries(Object.entries(fallbackPrices).map(([model, usd]) => [model, usdOf(usd)!])) }),
    ...(budgets === undefined ? {} : { budgets }),
  };
}

const isNames = (names: unknown): names is string[] => Array.isArray(names) && names.every((n) => typeof n === "string");
const isBudgets = (value: unknown): value is Record<string, WorkloadBudget> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((b: Partial<WorkloadBudget>) => typeof b?.monthlyUsd === "number" && Array.isArray(b.alertAtPercent) && b.alertAtPercent.every((p) => typeof p === "number") && isNames(b.topics));

function workloadsFile(text: string): WorkloadsFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${WORKLOADS_FILE} is not JSON`);
  }
  const { workloads, keys, renamedFrom, fallbackPrices, budgets } = (value ?? {}) as Record<string, unknown>;
  if (!isNames(workloads)) throw new Error(`${WORKLOADS_FILE}: workloads must be an array of workload labels`);
  const isNamesByLabel = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every(isNames);
  // Optional: without key names, key labels are not checked.
  if (keys !== undefined && !isNamesByLabel(keys)) throw new Error(`${WORKLOADS_FILE}: keys must be an object of workload labels to arrays of key names`);
  if (renamedFrom !== undefined && !isNamesByLabel(renamedFrom)) throw new Error(`${WORKLOADS_FILE}: renamedFrom must be an object of workload labels to arrays of former labels`);
  const isPrices = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((usd) => typeof usd === "number" && Number.isFinite(usd) && usd >= 0);
  if (fallbackPrices !== undefined && !isPrices(fallbackPrices)) throw new Error(`${WORKLOADS_FILE}: fallbackPrices must be an object of provider/model to US dollars per request, at least 0`);
  if (budgets !== undefined && !isBudgets(budgets)) throw new Error(`${WORKLOADS_FILE}: budgets must be an object of workload labels to { monthlyUsd, alertAtPercent, topics }`);
  return {
    workloads,
    ...(fallbackPrices === undefined ? {} : { fallbackPrices: fallbackPrices as Record<string, number> }),
    ...(keys === undefined ? {} : { keys: keys as Record<string, string[]> }),
    ...(renamedFrom === undefined ? {} : { renamedFrom: renamedFrom as Record<string, string[]> }),
    ...(budgets === undefined ? {} : { budgets }),
  };
}

let cachedToken: string | undefined;

async function readToken(secretArn: string): Promise<string> {
  if (cachedToken) return cachedToken;
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
  const value = out.SecretString?.trim();
  if (!value) throw new Error("the Cloudflare token secret is empty");
  cachedToken = value;
  return value;
}

export async function handler(_event: unknown, context?: { getRemainingTimeInMillis?: () => number }): Promise<ExportReport> {
  const config = loadConfig(process.env);
  const report = await runExport(config, {
    store: new S3ObjectStore(new S3Client({}), config.bucket),
    metrics: new CloudWatchSink(new CloudWatchClient({})),
    alerts: new SnsSink(new SNSClient({})),
    token: await readToken(config.tokenSecretArn),
    remainingMs: context?.getRemainingTimeInMillis ? () => context.getRemainingTimeInMillis!() : undefined,
  });
  const { windows, monthToDate: _mtd, ...summary } = report;
  console.log(JSON.stringify({ ...summary, windows: windows.length, fresh: windows.reduce((n, w) => n + w.fresh, 0), unverified: windows.filter((w) => !w.verified).map((w) => `${w.start}..${w.end}: ${w.problem}`) }));
  return report;
}
