/**
 * What the Switchyard components hand the Pulumi engine, declared once for the components and the
 * policy pack: each component's type token, its args (the inputs it passes to `super()`, which
 * resource policies read through Analyze) and what it registers as outputs (which stack policies
 * read through AnalyzeStack: the engine sends those, never a component's inputs).
 *
 * Light on purpose: it imports types and vendor data (vendor/aws.ts) only, and no provider SDK, because the Pulumi CLI type-checks
 * the policy pack with ts-node when it starts it and the pack imports this module.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AlertChannelSpec, DlpSpec, GuardrailsSpec, OpenTelemetryExporterSpec, ProviderKeySpec, RouteSpec, StackSpec, WorkloadSpec } from "../stacks/schema";
import type { Caller } from "./aws-policy-documents";
import { SECRET_RECOVERY_WINDOW_DAYS } from "../vendor/aws";
import type { SpendLimitRule } from "./spend-limit-rules";

/** The components' Pulumi type tokens. */
export const COMPONENT_TYPES = {
  AiGatewayStack: "switchyard:index:AiGatewayStack",
  Gateway: "switchyard:index:Gateway",
  ProviderKeys: "switchyard:index:ProviderKeys",
  Route: "switchyard:index:Route",
  Workload: "switchyard:index:Workload",
  FrontDoor: "switchyard:index:FrontDoor",
  UsageLedger: "switchyard:index:UsageLedger",
  Alerts: "switchyard:index:Alerts",
} as const;

/**
 * The gateway's BYOK provider config, a dynamic resource: @pulumi/pulumi types it
 * `pulumi-nodejs:dynamic/<module>:<type>` (dynamic/index.js).
 */
export const BYOK_PROVIDER_CONFIG = { module: "switchyard", type: "ByokProviderConfig" } as const;
export const BYOK_PROVIDER_CONFIG_TYPE = `pulumi-nodejs:dynamic/${BYOK_PROVIDER_CONFIG.module}:${BYOK_PROVIDER_CONFIG.type}` as const;

export interface ByokProviderConfigInputs {
  accountId: string;
  gatewayId: string;
  /** The BYOK alias; `default`, the one Cloudflare uses when a request names none. */
  alias: string;
  /** The AI Gateway provider slug (openai, anthropic, google-ai-studio, ...). */
  providerSlug: string;
  /** Whether this is the provider's default config; always true here. */
  defaultConfig: boolean;
  /** The provider's API key. Pass it as a Pulumi secret. */
  secret: string;
}

/** Inputs whose change replaces the config: Cloudflare can only change its key in place (PUT …/provider_configs/{id}). */
export const BYOK_REPLACING_INPUTS = ["accountId", "gatewayId", "alias", "providerSlug", "defaultConfig"] as const satisfies ReadonlyArray<keyof ByokProviderConfigInputs>;

/**
 * The recovery window of every secret the components create, which the stack file sets through
 * gateway.protect: the longest AWS allows for a protected stack (a deleted production secret stays
 * recoverable for a month), the shortest otherwise (a dev stack can be rebuilt under the same names
 * a week later). switchyard-secrets-recovery-window names gateway.protect by it.
 */
export function recoveryWindowDays(protect: boolean): number {
  return protect ? SECRET_RECOVERY_WINDOW_DAYS.max : SECRET_RECOVERY_WINDOW_DAYS.min;
}

/**
 * The longest the front door's Cloudflare token may live: switchyard-tokens-front-door-run-only's
 * default, and what the FrontDoor's rotation stays within (two rotation periods).
 */
export const FRONT_DOOR_TOKEN_MAX_LIFETIME_DAYS = 90;

/** The AiGatewayStack's own inputs: the environment. Every component's inputs reach policies only with @pulumi/pulumi 3.202.0 or later. */
export interface AiGatewayStackInputs {
  /** The environment (stack-file `environment`). */
  environment: string;
}

export interface GatewayArgs {
  /** The environment (stack-file `environment`). */
  environment: string;
  /** Cloudflare account id, 32 hex characters. */
  accountId: string;
  /** The AI Gateway id, 1-64 of a-z, 0-9, -; changing it replaces the gateway. */
  gatewayId: string;
  /** byok: provider keys are ours and Unified Billing fallback is refused; unified: Cloudflare bills. */
  billing: "byok" | "unified";
  /** Response cache TTL in seconds; 0 turns caching off. */
  cacheTtlSeconds: number;
  /** Request logs: collect or not, how many to keep (10,000-10,000,000), what to do when full. */
  logs: StackSpec["gateway"]["logs"];
  /** Gateway-wide rate limit; absent means none. */
  rateLimit?: StackSpec["gateway"]["rateLimit"];
  /** Upstream retries (1-5 attempts, delay <= 5000 ms). */
  retries?: StackSpec["gateway"]["retries"];
  /** Spend-limit rules (see spend-limit-rules.ts); at most 20. */
  spendLimitRules: SpendLimitRule[];
  /** Guardrails: flag or block per hazard category (stacks/guardrails.ts) on prompts and responses; absent: none evaluated. */
  guardrails?: GuardrailsSpec;
  /** DLP policies over the account's DLP profiles; absent: DLP off. */
  dlp?: DlpSpec;
  /** Zero data retention for Unified Billing requests (only with billing unified). */
  zeroDataRetention: boolean;
  /** OpenTelemetry exporters by name: each URL, encoding and where each header's value lives (a plain value, or a reference: never a secret's value). */
  openTelemetry: Readonly<Record<string, OpenTelemetryExporterSpec>>;
  /** The account's Secrets Store, which holds BYOK keys. */
  storeId: pulumi.Input<string>;
  /** Protect the gateway from deletion (prod). */
  protect: boolean;
}

/** What a Gateway registers as outputs: its id, and the declared facts stack policies judge it by. */
export type GatewayOutputs = Pick<GatewayArgs, "environment" | "billing"> & { gatewayId: string };

export interface ProviderKeysArgs {
  /** The environment (stack-file `environment`). */
  environment: string;
  /** The stack file's `providerKeys` entries, by label: references only, never values. */
  keys: Readonly<Record<string, ProviderKeySpec>>;
  /** Cloudflare account id. */
  accountId: string;
  /** The AI Gateway the BYOK configs belong to (it must be linked to the account's Secrets Store). */
  gatewayId: pulumi.Input<string>;
  /** Labels of the keys the gateway serves, one per provider (stacks/gateway-keys.ts); the others are direct-only. */
  gatewayKeys: readonly string[];
  /** The stack's customer-managed KMS key (rotation on) for the Secrets Manager secrets. */
  kmsKeyArn: pulumi.Input<string>;
  /** Per key label, the reader roles of direct and hybrid workloads that read it: each role gets one inline policy granting exactly its keys. */
  directReaders: Readonly<Record<string, readonly string[]>>;
  /** The stack's AWS region (stack-file `aws.region`): readers decrypt only through Secrets Manager there. */
  region: string;
  /** The deploying principal: the secrets' policies keep other accounts out. */
  caller: pulumi.Input<Caller>;
  /** Protect secrets from deletion (prod). */
  protect: boolean;
}

export interface RouteArgs extends RouteSpec {
  /** The environment (stack-file `environment`). */
  environment: string;
  /** The route's label; clients call model `dynamic/<route>`. */
  route: string;
  /** Provider key labels declared in the stack file, so policies can check targets' keys exist. */
  declaredKeys: string[];
  /** Cloudflare account id. */
  accountId: string;
  /** The AI Gateway the route belongs to. */
  gatewayId: pulumi.Input<string>;
}

/** What policies see of a direct key: which provider and account it reaches. */
export interface DirectKeyAccount {
  name: string;
  provider: ProviderKeySpec["provider"];
  providerAccount?: ProviderKeySpec["providerAccount"];
}

/** A workload: its stack-file entry (owner, path, routes, models, keys, budget, decision, ...) and what it is wired to. */
export interface WorkloadArgs extends WorkloadSpec {
  /** The environment (stack-file `environment`). */
  environment: string;
  /** The workload's label in the stack file. */
  workload: string;
  /** The provider and account behind each direct key. */
  directKeyAccounts: DirectKeyAccount[];
  /** Cloudflare account id. */
  accountId: string;
  /** The front door's key table (Workers KV namespace). */
  keyTableNamespaceId: pulumi.Input<string>;
  /** The stack's KMS key for the key secret. */
  kmsKeyArn: pulumi.Input<string>;
  /** Per direct key label, the ARN of its Secrets Manager secret. */
  directKeySecretArns: Record<string, pulumi.Input<string>>;
  /** Per alert channel name, the SNS topic ARN. */
  alertTopicArns: Record<string, pulumi.Input<string>>;
  /**
   * The former labels (`renamedFrom`) of the routes it calls. Its keys may still call them, as the
   * front door still serves them, so a client moves to a renamed route's new name when it likes and
   * no order of the deploy's writes (key table, Worker) refuses either name.
   */
  formerRouteLabels: string[];
  /** The workload's alert channels' stack-file entries (e-mail or webhook), by name: an AWS budget mails e-mail channels itself. */
  alertChannels: Readonly<Record<string, AlertChannelSpec>>;
  /** The deploying principal, exempted from the key secret's deny-read statement. */
  caller: pulumi.Input<Caller>;
  /** Protect the key secret from deletion (prod). */
  protect: boolean;
}

/** What a workload's gateway keys may do (routes: its routes and their former labels): registered as the Workload's outputs, read by stack policies. */
export type WorkloadScope = Pick<WorkloadArgs, "environment" | "workload" | "routes" | "models" | "keys">;

/** Whose records are the truth for a workload's spend and usage (its decision record): registered as outputs, read by the ledger's stack policies. */
export type SourcesOfRecord = Pick<NonNullable<WorkloadSpec["decision"]>, "billingSourceOfRecord" | "usageSourceOfRecord">;

/** What a Workload registers as outputs: its scope, its sources of record, its key secret and its key-table digests. */
export type WorkloadOutputs = WorkloadScope & { sourcesOfRecord: SourcesOfRecord; keySecretArn?: string; keyDigests: Record<string, string> };

/** The tags every resource carries back to its stack-file entry (policies name the field to change by them). */
export { TAG } from "./tags";
