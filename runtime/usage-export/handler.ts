/**
 * The Lambda entry point (bundled by bundle.ts as index.handler). Configuration comes from the
 * environment the UsageLedger component sets; the Cloudflare token from Secrets Manager, fetched
 * once per warm container and never logged.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { runExport, type ExportConfig, type ExportReport } from "./export-run";

/** Environment variables the component sets on the function. */
export const ENV = {
  environment: "SWITCHYARD_ENVIRONMENT",
  accountId: "CLOUDFLARE_ACCOUNT_ID",
  gatewayId: "AI_GATEWAY_ID",
  bucket: "LEDGER_BUCKET",
  tokenSecretArn: "CLOUDFLARE_TOKEN_SECRET_ARN",
  exportEveryMinutes: "EXPORT_EVERY_MINUTES",
} as const;

export function configFromEnv(env: Record<string, string | undefined>): ExportConfig & { tokenSecretArn: string } {
  const read = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is not set`);
    return value;
  };
  const every = Number(read(ENV.exportEveryMinutes));
  if (!Number.isInteger(every) || every < 1) throw new Error(`${ENV.exportEveryMinutes} must be a positive integer`);
  return {
    environment: read(ENV.environment),
    accountId: read(ENV.accountId),
    gatewayId: read(ENV.gatewayId),
    bucket: read(ENV.bucket),
    tokenSecretArn: read(ENV.tokenSecretArn),
    exportEveryMinutes: every,
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
    s3: new S3Client({}),
    cloudwatch: new CloudWatchClient({}),
    token: await readToken(config.tokenSecretArn),
    remainingMs: context?.getRemainingTimeInMillis ? () => context.getRemainingTimeInMillis!() : undefined,
  });
  console.log(JSON.stringify({ exportedUntil: report.exportedUntil, windows: report.windows.length, requests: report.windows.reduce((n, w) => n + w.requests, 0), behind: report.behind }));
  return report;
}
