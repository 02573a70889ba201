/** Compliant component inputs and cloud resources, for tests to break one field at a time. */
import type { GatewayArgs, GatewayOutputs, ProviderKeysArgs, RouteArgs, WorkloadArgs } from "../../components/contract";
import { aiGatewayArgs } from "../../components/gateway";
import { sourcesOfRecord, workloadScope } from "../../components/workload";
import { TYPES } from "../../policies/support/types";
import { resource } from "./harness";

const ACCOUNT = "7c6b5a4938271605f4e3d2c1b0a99887";
const CALLER = { accountId: "210987654321", arn: "arn:aws:sts::210987654321:assumed-role/switchyard-deployer/ci" };

/** A Workload's inputs as the engine receives them (wiring resolved to plain values). */
export function workloadInputs(over: Partial<WorkloadArgs> = {}): WorkloadArgs {
  return {
    environment: "prod",
    workload: "checkout-assistant",
    owner: "team-checkout@acme.example",
    path: "gateway",
    routes: ["chat"],
    models: ["openai/gpt-4.1-mini"],
    keys: [{ name: "checkout-prod", expiresOn: "2027-02-15", allowedIps: ["203.0.113.0/24"] }],
    directKeys: [],
    directKeyAccounts: [],
    formerRouteLabels: [],
    readerRoleArn: "arn:aws:iam::210987654321:role/checkout-prod",
    budget: { monthlyUsd: 2500, alertAtPercent: [50, 80, 100], hardLimit: true },
    alerts: ["oncall"],
    alertChannels: { oncall: { email: "oncall@acme.example" } },
    decision: {
      billingSourceOfRecord: "gateway",
      usageSourceOfRecord: "gateway",
      invoiceReviewer: "finance@acme.example",
      quotaOwner: "team-checkout@acme.example",
      rollbackOwner: "platform-oncall@acme.example",
      providerNativeControls: [],
      reviewDate: "2027-03-01",
    },
    accountId: ACCOUNT,
    keyTableNamespaceId: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    kmsKeyArn: "arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    directKeySecretArns: {},
    alertTopicArns: { oncall: "arn:aws:sns:us-east-1:210987654321:switchyard-prod-alerts-oncall-abc123" },
    caller: CALLER,
    protect: true,
    ...over,
  };
}

/** A Workload with its inputs, and its outputs as the component registers them (its scope). */
export const workload = (over: Partial<WorkloadArgs> = {}) => {
  const inputs = workloadInputs(over);
  return resource(TYPES.Workload, inputs.workload, inputs as unknown as Record<string, unknown>, { outputs: { ...workloadScope(inputs), sourcesOfRecord: sourcesOfRecord(inputs), keyDigests: {} } });
};

export function routeInputs(over: Partial<RouteArgs> = {}): RouteArgs {
  return {
    environment: "prod",
    route: "chat",
    primary: { model: "openai/gpt-4.1", key: "openai-main" },
    canary: { model: "anthropic/claude-sonnet-4-5", key: "anthropic-main", percent: 10 },
    fallbacks: [{ model: "google-ai-studio/gemini-2.5-flash", key: "gemini-main" }],
    rollback: { model: "openai/gpt-4o", key: "openai-main" },
    active: "primary",
    timeoutMs: 30000,
    retries: 1,
    declaredKeys: ["openai-main", "anthropic-main", "gemini-main"],
    accountId: ACCOUNT,
    gatewayId: "acme-prod",
    ...over,
  };
}

export const route = (over: Partial<RouteArgs> = {}) => {
  const inputs = routeInputs(over);
  return resource(TYPES.Route, inputs.route, inputs as unknown as Record<string, unknown>);
};

export function providerKeysInputs(over: Partial<ProviderKeysArgs["keys"]> = {}): ProviderKeysArgs {
  return {
    environment: "prod",
    keys: {
      "openai-main": {
        provider: "openai",
        source: { pulumiSecret: "openaiApiKey" },
        owner: "platform@acme.example",
        rotation: { everyDays: 90, lastRotated: "2026-10-15" },
        providerAccount: { id: "org-acme-prod", contract: "committed" },
      },
      "bedrock-research": {
        provider: "aws-bedrock",
        source: { awsSecretArn: "arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/bedrock-research-Ab12Cd" },
        owner: "research@acme.example",
        rotation: { everyDays: 180, lastRotated: "2026-09-01" },
      },
      ...over,
    } as ProviderKeysArgs["keys"],
    accountId: ACCOUNT,
    gatewayId: "acme-prod",
    gatewayKeys: ["openai-main"],
    kmsKeyArn: "arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    directReaders: {},
    region: "us-east-1",
    caller: CALLER,
    protect: true,
  };
}

export const providerKeys = (over: Partial<ProviderKeysArgs["keys"]> = {}) =>
  resource(TYPES.ProviderKeys, "provider-keys", providerKeysInputs(over) as unknown as Record<string, unknown>);

/** A Gateway component: stack policies see only what it registers as outputs. */
export const gatewayComponent = (over: Partial<GatewayOutputs> = {}) => {
  const outputs: GatewayOutputs = { environment: "prod", gatewayId: "acme-prod", billing: "byok", ...over };
  return resource(TYPES.Gateway, "gateway", { ...outputs, protect: true }, { outputs: { ...outputs } });
};

/** A prod Gateway's inputs as the engine receives them, with the safety controls the prod example declares. */
export function gatewayInputs(over: Partial<GatewayArgs> = {}): GatewayArgs {
  return {
    environment: "prod",
    accountId: ACCOUNT,
    gatewayId: "acme-prod",
    billing: "byok",
    cacheTtlSeconds: 0,
    logs: { collect: true, maxStored: 5_000_000, whenFull: "delete-oldest" },
    spendLimitRules: [],
    guardrails: { prompts: { "prompt-injection": "block", "violent-crimes": "block", hate: "flag" }, responses: { "indiscriminate-weapons": "block" } },
    dlp: { policies: { "customer-data": { profiles: ["2b5e8a1c-3f4d-4e6a-9b1c-0d2e3f4a5b6c"], action: "block", check: ["request", "response"] } } },
    zeroDataRetention: false,
    openTelemetry: { honeycomb: { url: "https://api.honeycomb.io/v1/traces", contentType: "protobuf", headers: { "x-honeycomb-team": { pulumiSecret: "honeycombApiKey" } } } },
    storeId: "0123456789abcdef0123456789abcdef",
    protect: true,
    ...over,
  };
}

/** The Gateway component with those inputs, and its registered outputs. */
export const gatewayWithInputs = (over: Partial<GatewayArgs> = {}) => {
  const inputs = gatewayInputs(over);
  const outputs: GatewayOutputs = { environment: inputs.environment, gatewayId: inputs.gatewayId, billing: inputs.billing };
  return resource(TYPES.Gateway, inputs.gatewayId, inputs as unknown as Record<string, unknown>, { outputs: { ...outputs } });
};

/**
 * The AiGateway the Gateway component makes of those inputs (components/gateway.ts aiGatewayArgs),
 * header references standing in as placeholders, then `change` applied: one field broken at a time.
 */
export function aiGatewayResource(over: Partial<GatewayArgs> = {}, change: (inputs: Record<string, unknown>) => void = () => {}) {
  const inputs = aiGatewayArgs(gatewayInputs(over), (exporter, header, declared) => declared.value ?? `<placeholder:${exporter}.${header}>`) as unknown as Record<string, unknown>;
  change(inputs);
  return resource(TYPES.AiGateway, "acme-prod-ai-gateway", inputs);
}
