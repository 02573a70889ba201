/** Compliant component inputs and cloud resources, for tests to break one field at a time. */
import type { GatewayInputs, ProviderKeysInputs, RouteInputs, WorkloadInputs } from "../../policies/support/types";
import { TYPES } from "../../policies/support/types";
import { resource } from "./harness";

export function workloadInputs(over: Partial<WorkloadInputs> = {}): WorkloadInputs {
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
    readerRoleArn: "arn:aws:iam::210987654321:role/checkout-prod",
    budget: { monthlyUsd: 2500, alertAtPercent: [50, 80, 100], hardLimit: true },
    alerts: ["oncall"],
    decision: {
      billingSourceOfRecord: "gateway",
      usageSourceOfRecord: "gateway",
      invoiceReviewer: "finance@acme.example",
      quotaOwner: "team-checkout@acme.example",
      rollbackOwner: "platform-oncall@acme.example",
      providerNativeControls: [],
      reviewDate: "2027-03-01",
    },
    ...over,
  };
}

export const workload = (over: Partial<WorkloadInputs> = {}) => {
  const inputs = workloadInputs(over);
  return resource(TYPES.Workload, inputs.workload, inputs as unknown as Record<string, unknown>);
};

export function routeInputs(over: Partial<RouteInputs> = {}): RouteInputs {
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
    ...over,
  };
}

export const route = (over: Partial<RouteInputs> = {}) => {
  const inputs = routeInputs(over);
  return resource(TYPES.Route, inputs.route, inputs as unknown as Record<string, unknown>);
};

export function providerKeysInputs(over: Partial<ProviderKeysInputs["keys"]> = {}): ProviderKeysInputs {
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
    } as ProviderKeysInputs["keys"],
  };
}

export const providerKeys = (over: Partial<ProviderKeysInputs["keys"]> = {}) =>
  resource(TYPES.ProviderKeys, "provider-keys", providerKeysInputs(over) as unknown as Record<string, unknown>);

export const gatewayComponent = (over: Partial<GatewayInputs> = {}) =>
  resource(TYPES.Gateway, "gateway", { environment: "prod", gatewayId: "acme-prod", billing: "byok", protect: true, ...over });
