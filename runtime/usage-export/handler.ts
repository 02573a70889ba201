/**
 * The Lambda entry point (bundled by bundle.ts as index.handler). Configuration comes from the
 * environment the UsageLedger component sets (contract.ts); the Cloudflare token from Secrets
 * Manager, fetched once per warm container and never logged.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ENV } from "./contract";
import { runExport, type ExportConfig, type ExportReport } from "./export-run";
import { CloudWatchSink } from "./metrics";
import { S3ObjectStore } from "./object-store";

export type HandlerConfig = ExportConfig & { bucket: string; tokenSecretArn: string };

export function configFromEnv(env: Record<string, string | undefined>): HandlerConfig {
  const read = (name: string) => {
    const value = env[name];
    if (value === undefined || value === "") throw new Error(`environment variable ${name} is not set`);
    return value;
  };
  const every = Number(read(ENV.exportEveryMinutes));
  if (!Number.isInteger(every) || every < 1) throw new Error(`${ENV.exportEveryMinutes} must be a positive integer`);
  const json = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const workloads = json(read(ENV.workloads));
  if (!Array.isArray(workloads) || !workloads.every((w) => typeof w === "string")) throw new Error(`${ENV.workloads} must be a JSON array of workload labels`);
  // Optional: a function deployed before key labels were checked has no such variable.
  const keysText = env[ENV.workloadKeys];
  const keys = keysText === undefined || keysText === "" ? undefined : json(keysText);
  const isNames = (names: unknown) => Array.isArray(names) && names.every((n) => typeof n === "string");
  if (keysText && (typeof keys !== "object" || keys === null || Array.isArray(keys) || !Object.values(keys).every(isNames))) {
    throw new Error(`${ENV.workloadKeys} must be a JSON object of workload labels to arrays of key names`);
  }
  return {
    environment: read(ENV.environment),
    accountId: read(ENV.accountId),
    gatewayId: read(ENV.gatewayId),
    bucket: read(ENV.bucket),
    tokenSecretArn: read(ENV.tokenSecretArn),
    exportEveryMinutes: every,
    workloads,
    ...(keys === undefined ? {} : { keys: keys as Record<string, string[]> }),
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
  const config = configFromEnv(process.env);
  const report = await runExport(config, {
    store: new S3ObjectStore(new S3Client({}), config.bucket),
    metrics: new CloudWatchSink(new CloudWatchClient({})),
    token: await readToken(config.tokenSecretArn),
    remainingMs: context?.getRemainingTimeInMillis ? () => context.getRemainingTimeInMillis!() : undefined,
  });
  const { windows, monthToDate: _mtd, ...summary } = report;
  console.log(JSON.stringify({ ...summary, windows: windows.length, fresh: windows.reduce((n, w) => n + w.fresh, 0), unverified: windows.filter((w) => !w.verified).map((w) => `${w.start}..${w.end}: ${w.problem}`) }));
  return report;
}
