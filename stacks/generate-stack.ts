/**
 * A valid stack file with as many workloads as asked, for benchmarks and scale tests (neither the
 * CLI nor the program uses it). The workloads cycle through the gateway, hybrid and direct paths;
 * every gateway and hybrid budget is enforced at the gateway (ten amounts: workloads with one
 * amount share a spend-limit rule).
 */
import { stringify } from "yaml";
import type { StackFileInput } from "./schema";

const PATHS = ["gateway", "gateway", "hybrid", "direct"] as const;

export function generateStack(workloads: number, environment = "prod"): StackFileInput {
  const reviewDate = "2027-06-01";
  const entries = Array.from({ length: workloads }, (_, i) => {
    const path = PATHS[i % PATHS.length];
    const name = `app-${String(i).padStart(4, "0")}`;
    const gateway = path !== "direct";
    const hardLimit = gateway;
    return [
      name,
      {
        owner: `team-${name}@acme.example`,
        path,
        ...(gateway ? { routes: [i % 3 === 0 ? "chat" : i % 3 === 1 ? "summarize" : "embed"], keys: [{ name: `${name}-key`, expiresOn: "2027-01-31", allowedIps: [`10.${Math.floor(i / 250)}.${i % 250}.0/24`], families: ["chat"] }] } : {}),
        ...(path !== "gateway" ? { directKeys: [i % 2 ? "openai-main" : "bedrock-main"] } : {}),
        readerRoleArn: `arn:aws:iam::123456789012:role/${name}`,
        budget: { monthlyUsd: 100 + (i % 10) * 50, alertAtPercent: [50, 80, 100], hardLimit },
        alerts: ["oncall"],
        decision: {
          billingSourceOfRecord: gateway ? "gateway" : "provider",
          usageSourceOfRecord: gateway ? "gateway" : "provider",
          invoiceReviewer: "finance@acme.example",
          quotaOwner: `team-${name}@acme.example`,
          rollbackOwner: "platform-oncall@acme.example",
          providerNativeControls: gateway && path === "gateway" ? [] : ["audit-logs"],
          reviewDate,
        },
      },
    ] as const;
  });
  const key = (provider: string, secret: Record<string, string>, account?: string) => ({
    provider,
    source: secret,
    owner: "platform@acme.example",
    rotation: { everyDays: 90, lastRotated: "2026-11-01" },
    ...(account ? { providerAccount: { id: account, contract: "committed" } } : {}),
  });
  return {
    environment,
    owner: "platform@acme.example",
    description: `Generated stack with ${workloads} workloads`,
    cloudflare: { accountId: "00112233445566778899aabbccddeeff", zoneId: "ffeeddccbbaa99887766554433221100" },
    aws: { region: "us-east-1" },
    gateway: {
      id: `acme-${environment}-gen`,
      // The safety controls prod's policy config requires (policies/config/prod.json).
      guardrails: {
        prompts: { "prompt-injection": "block", "violent-crimes": "block", "child-sexual-exploitation": "block", "indiscriminate-weapons": "block" },
        responses: { "child-sexual-exploitation": "block", "indiscriminate-weapons": "block" },
      },
      dlp: { policies: { "customer-data": { profiles: ["2b5e8a1c-3f4d-4e6a-9b1c-0d2e3f4a5b6c"], action: "block" } } },
      openTelemetry: { collector: { url: `https://otel.${environment}.gen.acme.example/v1/traces`, headers: { authorization: { pulumiSecret: "otelAuthorization" } } } },
      frontDoor: { hostname: `ai.${environment}.gen.acme.example` },
    },
    providerKeys: {
      "openai-main": key("openai", { pulumiSecret: "openaiApiKey" }, "org-acme"),
      "anthropic-main": key("anthropic", { pulumiSecret: "anthropicApiKey" }, "acme-anthropic"),
      "gemini-main": key("google-ai-studio", { pulumiSecret: "geminiApiKey" }, "acme-gcp"),
      "bedrock-main": key("aws-bedrock", { awsSecretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:bedrock-AbCdEf" }, "123456789012"),
    },
    routes: {
      chat: {
        primary: { model: "openai/gpt-4.1", key: "openai-main" },
        canary: { model: "anthropic/claude-sonnet-4-5", key: "anthropic-main", percent: 10 },
        fallbacks: [{ model: "google-ai-studio/gemini-2.5-flash", key: "gemini-main" }],
        rollback: { model: "openai/gpt-4o", key: "openai-main" },
      },
      summarize: {
        primary: { model: "google-ai-studio/gemini-2.5-flash", key: "gemini-main" },
        fallbacks: [{ model: "openai/gpt-4.1-mini", key: "openai-main" }],
        rollback: { model: "google-ai-studio/gemini-2.0-flash", key: "gemini-main" },
      },
      embed: {
        primary: { model: "openai/text-embedding-3-large", key: "openai-main" },
        fallbacks: [{ model: "openai/text-embedding-3-small", key: "openai-main" }],
        rollback: { model: "openai/text-embedding-3-small", key: "openai-main" },
      },
    },
    workloads: Object.fromEntries(entries),
    alerts: { oncall: { email: "oncall@acme.example" }, finance: { email: "finance@acme.example" }, pager: { webhook: "https://events.example/hook" } },
    // What production requires of the ledger's source (stacks/ledger-source.ts): the peak the
    // gateway's default 1,000,000 logs hold, and a fallback price for every model the routes reach.
    usageLedger: {
      peakRequestsPerMinute: 10_000,
      fallbackPrices: Object.fromEntries(
        ["openai/gpt-4.1", "openai/gpt-4o", "openai/gpt-4.1-mini", "anthropic/claude-sonnet-4-5", "google-ai-studio/gemini-2.5-flash", "google-ai-studio/gemini-2.0-flash", "openai/text-embedding-3-large", "openai/text-embedding-3-small"].map((model) => [model, { perRequestUsd: 0.01 }]),
      ),
    },
  } as unknown as StackFileInput;
}

/** The same stack as YAML text, with the editor schema comment. */
export function generateStackYaml(workloads: number, environment = "prod"): string {
  return `# yaml-language-server: $schema=./stack.schema.json\n${stringify(generateStack(workloads, environment), { lineWidth: 0 })}`;
}
